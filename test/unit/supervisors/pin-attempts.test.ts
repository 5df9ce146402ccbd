import { describe, expect, it } from 'vitest';
import { decideAttempt, LOCKOUT_SECONDS, lockoutSecondsLeft, MAX_FAILED_UNLOCKS } from '@main/supervisors';

const NOW = Date.UTC(2026, 11, 4, 8, 0, 0);
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('the PIN lockout decision', () => {
  it.each([
    ['a right PIN on a clean row', 0, null, true, { ok: true }, undefined],
    ['a right PIN clears earlier failures', 3, null, true, { ok: true }, { failed_unlocks: 0, locked_until: null }],
    ['a right PIN after a lockout ended clears it', 0, at(-1), true, { ok: true }, { failed_unlocks: 0, locked_until: null }],
    ['the first wrong PIN', 0, null, false, { ok: false, attemptsLeft: MAX_FAILED_UNLOCKS - 1 }, { failed_unlocks: 1, locked_until: null }],
    [
      'the last wrong PIN before the lockout',
      MAX_FAILED_UNLOCKS - 2,
      null,
      false,
      { ok: false, attemptsLeft: 1 },
      { failed_unlocks: MAX_FAILED_UNLOCKS - 1, locked_until: null },
    ],
    [
      'the wrong PIN that locks out',
      MAX_FAILED_UNLOCKS - 1,
      null,
      false,
      { ok: false, lockedOutSeconds: LOCKOUT_SECONDS },
      { failed_unlocks: 0, locked_until: at(LOCKOUT_SECONDS * 1000) },
    ],
    ['any PIN while locked out, right or wrong, changes nothing', 0, at(30_500), true, { ok: false, lockedOutSeconds: 31 }, undefined],
    ['a wrong PIN while locked out changes nothing', 0, at(30_500), false, { ok: false, lockedOutSeconds: 31 }, undefined],
  ] as const)('%s', (_label, failed, lockedUntil, matched, outcome, update) => {
    expect(decideAttempt({ failed_unlocks: failed, locked_until: lockedUntil }, matched, NOW)).toEqual({
      outcome,
      ...(update ? { update } : {}),
    });
  });

  it.each([
    [null, 0],
    [at(-1), 0],
    [at(0), 0],
    [at(1), 1],
    [at(59_001), 60],
  ])('lockout left with locked_until %s: %i s', (lockedUntil, seconds) => {
    expect(lockoutSecondsLeft({ locked_until: lockedUntil }, NOW)).toBe(seconds);
  });
});
