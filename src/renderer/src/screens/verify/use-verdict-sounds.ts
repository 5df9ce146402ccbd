import { useEffect, useRef, useState } from 'react';
import type { ScanResult } from '@shared/verification-contract';
import type { Refusal } from '@renderer/store/verify-store';
import { playSound, type SoundKind } from './sounds';

/**
 * PASS and FAIL sounds: a new scan sounds its verdict, a PASS that WeChat
 * turns into a FAIL sounds FAIL, a refused scan sounds FAIL. What was on
 * screen when the screen opened stays silent. Returns whether the browser
 * blocked playing (no user gesture yet).
 */
export function useVerdictSounds(latest: ScanResult | undefined, refusal: Refusal | undefined, volume: number): boolean {
  const [blocked, setBlocked] = useState(false);
  const heard = useRef<{ id: number | undefined; verdict: string | undefined; refusal: number | undefined } | undefined>(undefined);

  useEffect(() => {
    const now = { id: latest?.id, verdict: latest?.verdict, refusal: refusal?.serial };
    const before = heard.current;
    heard.current = now;
    if (!before) return;
    let kind: SoundKind | undefined;
    if (now.refusal !== undefined && now.refusal !== before.refusal) kind = 'fail';
    else if (latest && (now.id !== before.id || now.verdict !== before.verdict)) {
      // An acknowledgement or a confirmation of the same verdict is not news.
      const isNew = before.id === undefined || latest.id > before.id;
      const turnedFail = now.id === before.id && before.verdict === 'PASS' && latest.verdict !== 'PASS';
      if (isNew) kind = latest.verdict === 'PASS' ? 'pass' : 'fail';
      else if (turnedFail) kind = 'fail';
    }
    if (!kind) return;
    void playSound(kind, volume).then((outcome) => setBlocked(outcome === 'blocked'));
  }, [latest, refusal, volume]);

  return blocked;
}
