import { describe, expect, it } from 'vitest';
import { decideAttempt, LOCKOUT_SECONDS, lockoutSeconds, lockoutSecondsLeft, MAX_FAILED_UNLOCKS } from '@main/supervisors';

const NOW = Date.UTC(2026, 11, 4, 8, 0, 0);
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60;
const M = MAX_FAILED_UNLOCKS;

describe('the PIN lockout decision', () => {
  it.each([
    ['a right PIN on a clean row', 0, null, true, { ok: true }, undefined],
    ['a right PIN clears earlier failures', 3, null, true, { ok: true }, { failed_unlocks: 0, locked_until: null }],
    ['a right PIN after a lockout ended clears it', 0, at(-1), true, { ok: true }, { failed_unlocks: 0, locked_until: null }],
    [
      'a right PIN after three lockouts starts the growth again',
      3 * M + 2,
      at(-1),
      true,
      { ok: true },
      { failed_unlocks: 0, locked_until: null },
    ],
    [
      'the first wrong PIN',
      0,
      null,
      false,
      { ok: false, attemptsLeft: M - 1, nextLockoutSeconds: 1 * MIN },
      { failed_unlocks: 1, locked_until: null },
    ],
    [
      'the last wrong PIN before the lockout',
      M - 2,
      null,
      false,
      { ok: false, attemptsLeft: 1, nextLockoutSeconds: 1 * MIN },
      { failed_unlocks: M - 1, locked_until: null },
    ],
    [
      'the wrong PIN that locks out for 1 minute',
      M - 1,
      null,
      false,
      { ok: false, lockedOutSeconds: 1 * MIN },
      { failed_unlocks: M, locked_until: at(1 * MIN * 1000) },
    ],
    [
      'the first wrong PIN after the first lockout ended: the count runs on, the next pause is 5 minutes',
      M,
      at(-1),
      false,
      { ok: false, attemptsLeft: M - 1, nextLockoutSeconds: 5 * MIN },
      { failed_unlocks: M + 1, locked_until: null },
    ],
    [
      'the second lockout: 5 minutes',
      2 * M - 1,
      at(-1),
      false,
      { ok: false, lockedOutSeconds: 5 * MIN },
      { failed_unlocks: 2 * M, locked_until: at(5 * MIN * 1000) },
    ],
    [
      'the third lockout: 15 minutes',
      3 * M - 1,
      null,
      false,
      { ok: false, lockedOutSeconds: 15 * MIN },
      { failed_unlocks: 3 * M, locked_until: at(15 * MIN * 1000) },
    ],
    [
      'the fourth lockout: 60 minutes',
      4 * M - 1,
      null,
      false,
      { ok: false, lockedOutSeconds: 60 * MIN },
      { failed_unlocks: 4 * M, locked_until: at(60 * MIN * 1000) },
    ],
    [
      'every later lockout: 60 minutes',
      9 * M - 1,
      null,
      false,
      { ok: false, lockedOutSeconds: 60 * MIN },
      { failed_unlocks: 9 * M, locked_until: at(60 * MIN * 1000) },
    ],
    [
      'between later lockouts the next pause stays 60 minutes',
      6 * M,
      null,
      false,
      { ok: false, attemptsLeft: M - 1, nextLockoutSeconds: 60 * MIN },
      { failed_unlocks: 6 * M + 1, locked_until: null },
    ],
    ['any PIN while locked out, right or wrong, changes nothing', 0, at(30_500), true, { ok: false, lockedOutSeconds: 31 }, undefined],
    ['a wrong PIN while locked out changes nothing', 2 * M, at(30_500), false, { ok: false, lockedOutSeconds: 31 }, undefined],
  ] as const)('%s', (_label, failed, lockedUntil, matched, outcome, update) => {
    expect(decideAttempt({ failed_unlocks: failed, locked_until: lockedUntil }, matched, NOW)).toEqual({
      outcome,
      ...(update ? { update } : {}),
    });
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 5],
    [3, 15],
    [4, 60],
    [50, 60],
  ])('lockout number %i lasts %i minutes', (lockout, minutes) => {
    expect(lockoutSeconds(lockout)).toBe(minutes * 60);
  });

  it('the first lockout is the documented minute', () => {
    expect(LOCKOUT_SECONDS).toBe(60);
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
