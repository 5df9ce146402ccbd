/**
 * Supervisors (table `supervisors`, migration 005) and this station's unlock
 * session. PINs are only ever hashed or compared here; they are never stored,
 * logged or put in the audit log. Who may call what is decided by dispatch
 * (DESIGN §6a); the methods that change data take the acting user explicitly.
 */
import type { SupervisorStatus } from '../../shared/supervisors-contract';
import { isShortPin, normaliseSupervisorName } from '../../shared/validation/pin-rules';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { Actor } from './actor';
import type { SupervisorGate } from './gate';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './pin-hash';
import { createPinAttempts } from './pin-attempts';
import { checkedEnteredPin, createSupervisorRoster, requireSupervisorRow } from './supervisor-roster';
import { createSupervisorStore } from './supervisor-store';
import { createSessionGate, createUnlockSession, defaultTimers, type SupervisorTimers } from './unlock-session';

export { LOCKOUT_MINUTES, LOCKOUT_SECONDS, MAX_FAILED_UNLOCKS, type PinCheckVia } from './pin-attempts';
export type { LockReason, SupervisorTimers } from './unlock-session';

export interface SupervisorService {
  status(): SupervisorStatus;
  /** Whether any supervisor exists (disabled ones included): false on a fresh install. */
  hasSupervisors(): boolean;
  /** First run only: creates the first supervisor; `unlock` (the app) also unlocks them, the CLI has no session. */
  setup(name: string, pin: string, actor: Actor, options?: { unlock: boolean }): Promise<SupervisorStatus>;
  add(name: string, pin: string, actor: Actor): Promise<SupervisorStatus>;
  /** The last active supervisor cannot be disabled. */
  disable(name: string, actor: Actor): SupervisorStatus;
  /** Needs the old PIN too (a wrong one counts towards the lockout). */
  changePin(name: string, oldPin: string, newPin: string, actor: Actor): Promise<SupervisorStatus>;
  /**
   * Unlocks this station as `name` for the configured minutes (replacing any other unlock).
   * A PIN shorter than new PINs must be still unlocks, with `pinChangeRequired` set.
   */
  unlock(name: string, pin: string): Promise<SupervisorStatus>;
  lock(): SupervisorStatus;
  /**
   * Checks a PIN without opening an unlock (the CLI, once per run), synchronously;
   * failures count towards the lockout like unlocks. Returns the stored name, and
   * whether the PIN is too short for anything but changing it.
   */
  verifySync(name: string, pin: string, actor: Actor): { name: string; pinChangeRequired: boolean };
  /** The unlock session as a gate: what dispatch asks in the app. */
  readonly gate: SupervisorGate;
  close(): void;
}

export interface SupervisorServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  /** Milliseconds since the epoch; tests pass a clock they move. */
  now?: () => number;
  /** Minutes an unlock lasts, read at each unlock (the `supervisorUnlockMinutes` setting). */
  unlockMinutes: () => number;
  /** Called after anything that changes the status: setup, add, disable, unlock, lock, expiry. */
  onChange?: (status: SupervisorStatus) => void;
  logger?: Logger;
  timers?: SupervisorTimers;
  /** Tests may lower the hashing cost; the stored string records whichever was used. */
  scryptCost?: ScryptCost;
}

export function createSupervisorService(options: SupervisorServiceOptions): SupervisorService {
  const { db, audit, logger } = options;
  const now = options.now ?? Date.now;
  const cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  const store = createSupervisorStore(db);
  const attempts = createPinAttempts({ db, store, audit, now, logger });
  const session = createUnlockSession({
    audit,
    now,
    logger,
    unlockMinutes: options.unlockMinutes,
    timers: options.timers ?? defaultTimers,
    onChange: () => options.onChange?.(status()),
  });
  const gate = createSessionGate(session, { isDisabled: (name) => store.byName(name)?.disabled_at != null, hasSupervisors: store.any });
  const emit = () => options.onChange?.(status());

  const requireRow = (name: string) => requireSupervisorRow(store, name);
  const roster = createSupervisorRoster({ db, store, audit, attempts, session, cost, now, status, emit, logger });
  const changePin: SupervisorService['changePin'] = async (name, oldPin, newPin, actor) => {
    await roster.changePin(name, oldPin, newPin, actor);
    session.pinChanged(normaliseSupervisorName(name));
    return status();
  };

  function status(): SupervisorStatus {
    const current = session.active();
    const rows = store.all();
    return {
      setupNeeded: rows.length === 0,
      unlocked: current
        ? { name: current.name, until: new Date(current.until).toISOString(), pinChangeRequired: current.pinChangeRequired }
        : null,
      supervisors: rows.map((row) => ({ name: row.name, disabled: row.disabled_at !== null })),
    };
  }

  return {
    status,
    hasSupervisors: store.any,
    gate,

    ...roster,
    changePin,

    async unlock(rawName, pin) {
      const name = normaliseSupervisorName(rawName);
      checkedEnteredPin(pin, 'pin');
      const row = requireRow(name);
      attempts.refuseIfUnavailable(row);
      attempts.settle(name, await attempts.matches(row, pin), gate.currentActor(), 'unlock');
      session.start(name, { pinChangeRequired: isShortPin(pin) });
      return status();
    },

    lock() {
      if (session.active()) session.end('manual');
      return status();
    },

    verifySync(rawName, pin, actor) {
      const name = normaliseSupervisorName(rawName);
      checkedEnteredPin(pin, 'pin');
      const row = requireRow(name);
      attempts.refuseIfUnavailable(row);
      attempts.settle(name, attempts.matchesSync(row, pin), actor, 'cli');
      return { name: row.name, pinChangeRequired: isShortPin(pin) };
    },

    close: () => session.close(),
  };
}
