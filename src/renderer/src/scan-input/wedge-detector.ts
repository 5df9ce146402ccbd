/**
 * Tells keyboard-wedge scanner bursts from human typing, fed one key event at a
 * time with its timestamp. Pure: no DOM, no timers (the caller calls `tick`), so
 * it is unit- and property-tested on synthetic timelines.
 *
 * A scanner types a whole code in a burst (a few ms between keys) and usually
 * ends it with Enter or Tab; a person leaves 80 ms or more between keys. So:
 *
 * - keys at most `maxInterKeyMs` apart form one run; a longer gap ends the run
 *   and the key starts a new one;
 * - a run that has already shown it is a scanner (three or more keys, every gap
 *   fast) survives a stall of up to `idleTimeoutMs` when terminators are set:
 *   a busy renderer or a USB hiccup delays keys, but a scanner never starts a
 *   new code without ending the last one;
 * - a terminator within `idleTimeoutMs` of the run's last key ends it; a run
 *   with no key for `idleTimeoutMs` ends too (scanners set up without a suffix);
 * - an ended run of at least `minLength` characters, free of
 *   auto-repeat, is a scan; anything else was typing.
 * - a burst that stalled before it showed itself (after its first key or
 *   two) is put back together at its terminator (see `recover`); the head
 *   was reported as typing meanwhile.
 *
 * Full-width forms (a Chinese IME in full-width mode) are folded to ASCII and,
 * like ideographs or IME "Process" keys, reported so the operator can be warned.
 */
import { VERIFY_SETTING_DEFAULTS, type Settings } from '@shared/contract';
import { containsCjk, isImeProcessKey, toHalfWidth } from './ime';

export interface WedgeOptions {
  /** Longest gap between two keys of one burst. */
  maxInterKeyMs: number;
  /** How long a run waits for its terminator (or more keys) before it is judged. */
  idleTimeoutMs: number;
  /** Shortest scan, terminator excluded (a marketing `code` has 9 characters). */
  minLength: number;
  /** `KeyboardEvent.key` values that end a scan; empty for scanners without a suffix. */
  terminators: readonly string[];
}

/** The station's wedge settings, each absent one at its default (DESIGN section 5). */
export function wedgeOptionsFrom(settings: Settings | undefined): WedgeOptions {
  return {
    maxInterKeyMs: settings?.wedgeMaxInterKeyMs ?? VERIFY_SETTING_DEFAULTS.wedgeMaxInterKeyMs,
    idleTimeoutMs: settings?.wedgeIdleTimeoutMs ?? VERIFY_SETTING_DEFAULTS.wedgeIdleTimeoutMs,
    minLength: settings?.wedgeMinLength ?? VERIFY_SETTING_DEFAULTS.wedgeMinLength,
    terminators: settings?.wedgeTerminators ?? VERIFY_SETTING_DEFAULTS.wedgeTerminators,
  };
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = wedgeOptionsFrom(undefined);

export interface WedgeKey {
  /** `KeyboardEvent.key`. */
  key: string;
  /** `KeyboardEvent.timeStamp` (ms, the same clock as `performance.now()`). */
  time: number;
  /** `KeyboardEvent.repeat`: a held key, never a scanner. */
  repeat?: boolean;
  /** Ctrl, Alt or Meta held: a shortcut, not text. */
  modified?: boolean;
}

export type WedgeOutput =
  | { kind: 'scan'; text: string; startedAt: number; endedAt: number; terminated: boolean }
  | { kind: 'typed'; text: string }
  /** Input an IME produced or is handling: it can eat or split scans. */
  | { kind: 'ime'; text: string };

export interface KeyOutcome {
  outputs: WedgeOutput[];
  /** The key is a terminator that ended a scan: the caller should prevent its default (it would press a focused button or move focus). */
  consume: boolean;
}

export interface WedgeDetector {
  key(event: WedgeKey): KeyOutcome;
  /** Judges a run that has been idle for `idleTimeoutMs` at `now`. */
  tick(now: number): WedgeOutput[];
  /** When `tick` has something to judge (ms, same clock), or undefined. */
  deadline(): number | undefined;
  /** Judges whatever is buffered now (e.g. focus moved into a form). */
  flush(): WedgeOutput[];
  configure(options: WedgeOptions): void;
}

/** Keys that only modify others: scanners send Shift around upper-case letters. */
const MODIFIER_KEYS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'FnLock',
  'Hyper',
  'Super',
  'OS',
]);

/** A run this long (every gap fast) is a scanner's: later stalls up to the idle timeout do not split it. */
const SCANNER_EVIDENCE_KEYS = 3;

/** A run closed by a gap before it showed scanner evidence: maybe the head of a burst that stalled early. */
interface Fragment {
  text: string;
  keys: number;
  startedAt: number;
  endedAt: number;
}

/** Stalls one burst may survive before it showed itself. */
const MAX_FRAGMENTS = 3;

/** How a run ended. */
type Close = 'terminator' | 'gap' | 'other';

export function createWedgeDetector(initial: WedgeOptions = DEFAULT_WEDGE_OPTIONS): WedgeDetector {
  let options = initial;
  let text = '';
  let keys = 0;
  let startedAt = 0;
  let lastAt = 0;
  /** No key of the run was auto-repeated. */
  let clean = true;
  /** When the last scan's terminator came: a second terminator right after it (CR LF) is the scanner's too. */
  let scanEndedAt = Number.NEGATIVE_INFINITY;
  /** Gap-closed runs of one or two keys, each within the idle timeout of the next (oldest first). */
  let fragments: Fragment[] = [];

  const length = (value: string) => [...value].length;

  /**
   * A burst that stalled after its first key or two: the terminated run
   * (scanner-fast, three keys or more) takes back the whole chain of fragments
   * before it, when it is too short to be a scan alone or when a fragment has
   * two fast keys (a person does not type that fast). So a key typed by hand
   * before a whole burst never joins it; one typed right before a burst that
   * also stalled does (the scan then shows as not a marketing code: seen, not
   * lost).
   */
  function recover(run: Fragment): Fragment | undefined {
    const first = fragments[0];
    if (!first || run.keys < SCANNER_EVIDENCE_KEYS || run.startedAt - fragments.at(-1)!.endedAt > options.idleTimeoutMs) return undefined;
    const joined = fragments.map((fragment) => fragment.text).join('') + run.text;
    const tooShortAlone = length(run.text) < options.minLength;
    if (!tooShortAlone && !fragments.some((fragment) => fragment.keys >= 2)) return undefined;
    if (length(joined) < options.minLength) return undefined;
    return { text: joined, keys: 0, startedAt: first.startedAt, endedAt: run.endedAt };
  }

  function close(how: Close): WedgeOutput[] {
    if (keys === 0) return [];
    const run: Fragment = { text, keys, startedAt, endedAt: lastAt };
    const wasClean = clean;
    text = '';
    keys = 0;
    clean = true;
    const recovered = how === 'terminator' && wasClean ? recover(run) : undefined;
    const scan = recovered ?? (wasClean && length(run.text) >= options.minLength ? run : undefined);
    if (scan) {
      fragments = [];
      return [{ kind: 'scan', text: scan.text, startedAt: scan.startedAt, endedAt: scan.endedAt, terminated: how === 'terminator' }];
    }
    const last = fragments.at(-1);
    if (how !== 'gap' || !wasClean || run.keys >= SCANNER_EVIDENCE_KEYS) fragments = [];
    else if (last && run.startedAt - last.endedAt <= options.idleTimeoutMs && fragments.length < MAX_FRAGMENTS) fragments.push(run);
    else fragments = [run];
    return [{ kind: 'typed', text: run.text }];
  }

  function isScannerRun(): boolean {
    return clean && keys >= SCANNER_EVIDENCE_KEYS && options.terminators.length > 0;
  }

  return {
    key(event) {
      if (event.modified || MODIFIER_KEYS.has(event.key)) return { outputs: [], consume: false };

      if (isImeProcessKey(event.key)) {
        // The IME holds the key; what it produces arrives elsewhere (composition), if at all.
        return { outputs: [...close('other'), { kind: 'ime', text: '' }], consume: false };
      }

      if (options.terminators.includes(event.key)) {
        if (keys > 0 && event.time - lastAt <= options.idleTimeoutMs) {
          const outputs = close('terminator');
          const scanned = outputs.some((output) => output.kind === 'scan');
          if (scanned) scanEndedAt = event.time;
          return { outputs, consume: scanned };
        }
        const outputs = close('other');
        return { outputs, consume: outputs.length === 0 && event.time - scanEndedAt <= options.maxInterKeyMs };
      }

      if ([...event.key].length !== 1) {
        // Backspace, arrows, F-keys…: a person at the keyboard.
        return { outputs: close('other'), consume: false };
      }

      const outputs: WedgeOutput[] = [];
      const gap = event.time - lastAt;
      if (keys > 0) {
        const tolerated = isScannerRun() && gap <= options.idleTimeoutMs;
        if (gap > options.maxInterKeyMs && !tolerated) outputs.push(...close('gap'));
      }
      let char = event.key;
      if (containsCjk(char)) {
        outputs.push({ kind: 'ime', text: char });
        char = toHalfWidth(char);
      }
      if (keys === 0) startedAt = event.time;
      if (event.repeat) clean = false;
      text += char;
      keys += 1;
      lastAt = event.time;
      return { outputs, consume: false };
    },

    tick(now) {
      if (keys > 0 && now - lastAt > options.idleTimeoutMs) return close('other');
      return [];
    },

    deadline() {
      return keys > 0 ? lastAt + options.idleTimeoutMs + 1 : undefined;
    },

    flush: () => close('other'),

    configure(next) {
      options = next;
    },
  };
}
