/**
 * Wrong-PIN counting and the lockout. The decision is a pure function of the
 * supervisor's row and the time; `createPinAttempts` books it in one transaction
 * so overlapping checks still count one by one.
 */
import { supervisorErrors } from '../../shared/error-catalogue/supervisors';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { Actor } from './actor';
import { InvalidPinHash, verifyPin, verifyPinSync } from './pin-hash';
import type { SupervisorPinState, SupervisorStore } from './supervisor-store';

/** Wrong PINs in a row, per supervisor, before unlocking that supervisor pauses (and again before each further pause). */
export const MAX_FAILED_UNLOCKS = 5;
/**
 * How long the 1st, 2nd, 3rd and every later pause lasts. The count of wrong PINs
 * (`failed_unlocks`) runs on across pauses until a correct PIN, so it is kept
 * across restarts with no column of its own: pause n follows wrong PIN 5·n.
 */
export const LOCKOUT_MINUTES = [1, 5, 15, 60] as const;
/** The first pause, in seconds. */
export const LOCKOUT_SECONDS = LOCKOUT_MINUTES[0] * 60;

/** How a PIN was being checked, as recorded with a failed attempt. */
export type PinCheckVia = 'unlock' | 'pin_change' | 'cli';

export type AttemptOutcome =
  | { ok: true }
  /** `nextLockoutSeconds`: how long the pause will be once the tries left are used up. */
  | { ok: false; attemptsLeft: number; nextLockoutSeconds: number }
  | { ok: false; lockedOutSeconds: number };

/** Seconds of lockout left at `nowMs` (0 when none). */
export function lockoutSecondsLeft(row: Pick<SupervisorPinState, 'locked_until'>, nowMs: number): number {
  if (!row.locked_until) return 0;
  const left = Date.parse(row.locked_until) - nowMs;
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/** The length of the `lockout`-th pause (1-based) in seconds: 1, 5, 15, then 60 minutes for every later one. */
export function lockoutSeconds(lockout: number): number {
  const step = Math.min(Math.max(lockout, 1), LOCKOUT_MINUTES.length) - 1;
  return LOCKOUT_MINUTES[step]! * 60;
}

/** What one PIN check does to the row: the outcome, and the new counters (undefined: leave the row alone). */
export function decideAttempt(
  row: Pick<SupervisorPinState, 'failed_unlocks' | 'locked_until'>,
  pinMatched: boolean,
  nowMs: number,
): { outcome: AttemptOutcome; update?: { failed_unlocks: number; locked_until: string | null } } {
  const pausedFor = lockoutSecondsLeft(row, nowMs);
  if (pausedFor > 0) return { outcome: { ok: false, lockedOutSeconds: pausedFor } };
  if (pinMatched) {
    const clean = row.failed_unlocks === 0 && row.locked_until === null;
    return { outcome: { ok: true }, ...(clean ? {} : { update: { failed_unlocks: 0, locked_until: null } }) };
  }
  const failures = row.failed_unlocks + 1;
  const lockoutsSoFar = Math.floor(failures / MAX_FAILED_UNLOCKS);
  if (failures % MAX_FAILED_UNLOCKS === 0) {
    const seconds = lockoutSeconds(lockoutsSoFar);
    return {
      outcome: { ok: false, lockedOutSeconds: seconds },
      update: { failed_unlocks: failures, locked_until: new Date(nowMs + seconds * 1000).toISOString() },
    };
  }
  return {
    outcome: {
      ok: false,
      attemptsLeft: MAX_FAILED_UNLOCKS - (failures % MAX_FAILED_UNLOCKS),
      nextLockoutSeconds: lockoutSeconds(lockoutsSoFar + 1),
    },
    update: { failed_unlocks: failures, locked_until: null },
  };
}

export interface PinAttempts {
  /** Refuses before any PIN is checked: disabled, or still paused after too many wrong PINs. */
  refuseIfUnavailable(row: SupervisorPinState): void;
  /** Whether `pin` matches the row's stored hash (a hash we cannot read is refused by name). */
  matches(row: SupervisorPinState, pin: string): Promise<boolean>;
  matchesSync(row: SupervisorPinState, pin: string): boolean;
  /** Books the check; throws the translated refusal when it failed. */
  settle(name: string, pinMatched: boolean, actor: Actor, via: PinCheckVia): void;
}

export function createPinAttempts(options: {
  db: SqliteDatabase;
  store: SupervisorStore;
  audit: AuditLog;
  now: () => number;
  logger?: Logger;
}): PinAttempts {
  const { db, store, audit, now, logger } = options;

  // A throw inside the transaction would roll the count back, so the refusal is thrown after it.
  const book = db.transaction((name: string, pinMatched: boolean, actor: Actor, via: PinCheckVia): AttemptOutcome => {
    const row = store.byName(name);
    if (!row) throw supervisorErrors.SUPERVISOR_NOT_FOUND({ name });
    const { outcome, update } = decideAttempt(row, pinMatched, now());
    if (update) store.setAttempts(row.id, update.failed_unlocks, update.locked_until, new Date(now()).toISOString());
    if (!outcome.ok && update !== undefined) {
      const lockedOut = 'lockedOutSeconds' in outcome ? outcome.lockedOutSeconds : undefined;
      audit.append({
        actor,
        action: 'supervisor.unlock_failed',
        subject: `supervisor:${row.name}`,
        details: { failed_attempts: row.failed_unlocks + 1, via, ...(lockedOut !== undefined ? { locked_out_seconds: lockedOut } : {}) },
      });
    }
    return outcome;
  });

  /** A stored hash we cannot read is refused by the supervisor's name; anything else is thrown on. */
  function unreadable(row: SupervisorPinState, error: unknown): unknown {
    return error instanceof InvalidPinHash ? supervisorErrors.SUPERVISOR_HASH_INVALID({ name: row.name }) : error;
  }

  return {
    refuseIfUnavailable(row) {
      if (row.disabled_at) throw supervisorErrors.SUPERVISOR_DISABLED({ name: row.name });
      const left = lockoutSecondsLeft(row, now());
      if (left > 0) throw supervisorErrors.SUPERVISOR_LOCKED_OUT({ name: row.name, secondsLeft: left });
    },
    async matches(row, pin) {
      try {
        return await verifyPin(row.pin_hash, pin);
      } catch (error) {
        throw unreadable(row, error);
      }
    },
    matchesSync(row, pin) {
      try {
        return verifyPinSync(row.pin_hash, pin);
      } catch (error) {
        throw unreadable(row, error);
      }
    },
    settle(name, pinMatched, actor, via) {
      const outcome = book.immediate(name, pinMatched, actor, via);
      if (outcome.ok) return;
      logger?.warn('supervisor PIN refused', { name, via });
      if ('lockedOutSeconds' in outcome) throw supervisorErrors.SUPERVISOR_LOCKED_OUT({ name, secondsLeft: outcome.lockedOutSeconds });
      throw supervisorErrors.SUPERVISOR_WRONG_PIN({ name, attemptsLeft: outcome.attemptsLeft, lockoutSeconds: outcome.nextLockoutSeconds });
    },
  };
}
