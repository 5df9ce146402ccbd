/**
 * Supervisors (table `supervisors`, migration 005) and this station's unlock
 * session. PINs are only ever hashed or compared here; they are never stored,
 * logged or put in the audit log. Who may call what is decided by dispatch
 * (DESIGN §6a); the methods that change data take the acting user explicitly.
 */
import type { SupervisorStatus } from '../../shared/supervisors-contract';
import { supervisorErrors } from '../../shared/error-catalogue/supervisors';
import { checkPin, checkSupervisorName, normaliseSupervisorName } from '../../shared/validation/pin-rules';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { Actor } from './actor';
import type { SupervisorGate } from './gate';
import { DEFAULT_SCRYPT_COST, hashPin, type ScryptCost } from './pin-hash';
import { createPinAttempts } from './pin-attempts';
import { setupNeededError } from './refusals';
import { createSupervisorStore, type SupervisorPinState } from './supervisor-store';
import { createSessionGate, createUnlockSession, defaultTimers, supervisorActor, type SupervisorTimers } from './unlock-session';

export { LOCKOUT_SECONDS, MAX_FAILED_UNLOCKS, type PinCheckVia } from './pin-attempts';
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
  /** Unlocks this station as `name` for the configured minutes (replacing any other unlock). */
  unlock(name: string, pin: string): Promise<SupervisorStatus>;
  lock(): SupervisorStatus;
  /**
   * Checks a PIN without opening an unlock (the CLI, once per run), synchronously;
   * failures count towards the lockout like unlocks. Returns the stored name.
   */
  verifySync(name: string, pin: string, actor: Actor): string;
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

function checkedName(raw: string): string {
  const problem = checkSupervisorName(raw);
  if (problem) throw supervisorErrors.SUPERVISOR_NAME_INVALID({ problem });
  return normaliseSupervisorName(raw);
}

function checkedPin(pin: string, field: string): void {
  const problem = checkPin(pin);
  if (problem) throw supervisorErrors.SUPERVISOR_PIN_INVALID({ problem, field });
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
  const iso = () => new Date(now()).toISOString();
  const emit = () => options.onChange?.(status());

  function requireRow(name: string): SupervisorPinState {
    const row = store.byName(name);
    if (!row) throw supervisorErrors.SUPERVISOR_NOT_FOUND({ name });
    return row;
  }

  function status(): SupervisorStatus {
    const current = session.active();
    const rows = store.all();
    return {
      setupNeeded: rows.length === 0,
      unlocked: current ? { name: current.name, until: new Date(current.until).toISOString() } : null,
      supervisors: rows.map((row) => ({ name: row.name, disabled: row.disabled_at !== null })),
    };
  }

  /** Inserts a supervisor and its audit entry in one transaction, refusing a name taken meanwhile. */
  function insertSupervisor(name: string, pinHash: string, actor: Actor, action: string, details: Record<string, boolean>): void {
    db.transaction(() => {
      const raced = store.byName(name);
      if (raced) throw supervisorErrors.SUPERVISOR_EXISTS({ name, disabled: raced.disabled_at !== null });
      store.insert({ name, pin_hash: pinHash, actor, at: iso() });
      audit.append({ actor, action, subject: supervisorActor(name), details });
    }).immediate();
  }

  return {
    status,
    hasSupervisors: store.any,
    gate,

    async setup(rawName, pin, actor, setupOptions = { unlock: false }) {
      const name = checkedName(rawName);
      checkedPin(pin, 'pin');
      if (store.any()) throw supervisorErrors.SUPERVISOR_ALREADY_SET_UP();
      const pinHash = await hashPin(pin, cost);
      db.transaction(() => {
        if (store.any()) throw supervisorErrors.SUPERVISOR_ALREADY_SET_UP();
        store.insert({ name, pin_hash: pinHash, actor, at: iso() });
        audit.append({ actor, action: 'supervisor.created', subject: supervisorActor(name), details: { first_run: true } });
      }).immediate();
      logger?.info('first supervisor set up', { name });
      // Whoever just chose the PIN is at the station: the app unlocks them; the CLI has no session.
      if (setupOptions.unlock) session.start(name);
      else emit();
      return status();
    },

    async add(rawName, pin, actor) {
      const name = checkedName(rawName);
      checkedPin(pin, 'pin');
      if (!store.any()) throw setupNeededError('supervisor.add');
      const existing = store.byName(name);
      if (existing) throw supervisorErrors.SUPERVISOR_EXISTS({ name, disabled: existing.disabled_at !== null });
      insertSupervisor(name, await hashPin(pin, cost), actor, 'supervisor.added', {});
      logger?.info('supervisor added', { name, actor });
      emit();
      return status();
    },

    disable(rawName, actor) {
      const name = normaliseSupervisorName(rawName);
      const row = requireRow(name);
      if (row.disabled_at) return status();
      db.transaction(() => {
        if (store.countActive() <= 1) throw supervisorErrors.SUPERVISOR_LAST_ACTIVE({ name });
        store.setDisabled(row.id, iso());
        audit.append({ actor, action: 'supervisor.disabled', subject: supervisorActor(name), details: {} });
      }).immediate();
      logger?.info('supervisor disabled', { name, actor });
      if (session.active()?.name === name) session.end('disabled');
      else emit();
      return status();
    },

    async changePin(rawName, oldPin, newPin, actor) {
      const name = normaliseSupervisorName(rawName);
      checkedPin(oldPin, 'oldPin');
      checkedPin(newPin, 'newPin');
      const row = requireRow(name);
      attempts.refuseIfUnavailable(row);
      attempts.settle(name, await attempts.matches(row, oldPin), actor, 'pin_change');
      const pinHash = await hashPin(newPin, cost);
      db.transaction(() => {
        store.setHash(row.id, pinHash, iso());
        audit.append({ actor, action: 'supervisor.pin_changed', subject: supervisorActor(name), details: {} });
      }).immediate();
      logger?.info('supervisor PIN changed', { name, actor });
      return status();
    },

    async unlock(rawName, pin) {
      const name = normaliseSupervisorName(rawName);
      checkedPin(pin, 'pin');
      const row = requireRow(name);
      attempts.refuseIfUnavailable(row);
      attempts.settle(name, await attempts.matches(row, pin), gate.currentActor(), 'unlock');
      session.start(name);
      return status();
    },

    lock() {
      if (session.active()) session.end('manual');
      return status();
    },

    verifySync(rawName, pin, actor) {
      const name = normaliseSupervisorName(rawName);
      checkedPin(pin, 'pin');
      const row = requireRow(name);
      attempts.refuseIfUnavailable(row);
      attempts.settle(name, attempts.matchesSync(row, pin), actor, 'cli');
      return row.name;
    },

    close: () => session.close(),
  };
}
