/**
 * The Verify screen's PASS and FAIL sounds (resources/public/sounds, made by
 * scripts/make-sounds.mjs). Relative URLs, so they load from the harness's web
 * root and from the packaged app's file:// page alike. A browser may refuse to
 * play before the page had a user gesture: that is reported, never thrown.
 */
export type SoundKind = 'pass' | 'fail';
export type PlayOutcome = 'played' | 'muted' | 'blocked';

const elements = new Map<SoundKind, HTMLAudioElement>();

function element(kind: SoundKind): HTMLAudioElement {
  let audio = elements.get(kind);
  if (!audio) {
    audio = new Audio(new URL(`sounds/${kind}.wav`, document.baseURI).href);
    audio.preload = 'auto';
    elements.set(kind, audio);
  }
  return audio;
}

/** Plays one sound at `volume` (0–100), restarting it when it is still playing (20 scans a second). */
export async function playSound(kind: SoundKind, volume: number): Promise<PlayOutcome> {
  if (volume <= 0) return 'muted';
  try {
    const audio = element(kind);
    audio.volume = Math.min(1, volume / 100);
    audio.currentTime = 0;
    await audio.play();
    return 'played';
  } catch {
    return 'blocked';
  }
}
