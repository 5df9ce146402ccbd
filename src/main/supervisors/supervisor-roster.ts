/**
 * Who the supervisors are: the first-run set-up, adding, disabling and PIN
 * changes, each with its audit entry in the same transaction. The caller
 * (dispatch or the CLI) has already decided that `actor` may do it.
 */
import type { SupervisorStatus } from '../../shared/supervisors-contract';
import { supervisorErrors } from '../../shared/error-catalogue/supervisors';
import {
  checkEnteredPin,
  checkPin,
  checkSupervisorName,
  ENTERED_PIN_MIN_LENGTH,
  normaliseSupervisorName,
  PIN_MIN_LENGTH,
} from '../../shared/validation/pin-rules';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { Actor } from './actor';
import { hashPin, type ScryptCost } from './pin-hash';
import type { PinAttempts } from './pin-attempts';
import { setupNeededError } from './refusals';
import type { SupervisorPinState, SupervisorStore } from './supervisor-store';
import { supervisorActor, type UnlockSession } from './unlock-session';

export interface SupervisorRoster {
  setup(name: string, pin: string, actor: Actor, options?: { unlock: boolean }): Promise<SupervisorStatus>;
  add(name: string, pin: string, actor: Actor): Promise<SupervisorStatus>;
  disable(name: string, actor: Actor): SupervisorStatus;
  changePin(name: string, oldPin: string, newPin: string, actor: Actor): Promise<SupervisorStatus>;
}

export function checkedName(raw: string): string {
  const problem = checkSupervisorName(raw);
  if (problem) throw supervisorErrors.SUPERVISOR_NAME_INVALID({ problem });
  return normaliseSupervisorName(raw);
}

/** A PIN being chosen: 6–8 digits. */
export function checkedPin(pin: string, field: string): void {
  const problem = checkPin(pin);
  if (problem) throw supervisorErrors.SUPERVISOR_PIN_INVALID({ problem, field, min: PIN_MIN_LENGTH });
}

/** A PIN typed to prove who one is: 4–8 digits, so PINs chosen before the 6-digit rule still work. */
export function checkedEnteredPin(pin: string, field: string): void {
  const problem = checkEnteredPin(pin);
  if (problem) throw supervisorErrors.SUPERVISOR_PIN_INVALID({ problem, field, min: ENTERED_PIN_MIN_LENGTH });
}

export function requireSupervisorRow(store: SupervisorStore, name: string): SupervisorPinState {
  const row = store.byName(name);
  if (!row) throw supervisorErrors.SUPERVISOR_NOT_FOUND({ name });
  return row;
}

// Four short methods sharing one set of collaborators; each is under 30 lines.
export function createSupervisorRoster(options: {
  db: SqliteDatabase;
  store: SupervisorStore;
  audit: AuditLog;
  attempts: PinAttempts;
  session: UnlockSession;
  cost: ScryptCost;
  now: () => number;
  status: () => SupervisorStatus;
  emit: () => void;
  logger?: Logger;
}): SupervisorRoster {
  const { db, store, audit, attempts, session, cost, status, emit, logger } = options;
  const iso = () => new Date(options.now()).toISOString();
  const requireRow = (name: string) => requireSupervisorRow(store, name);

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
      checkedEnteredPin(oldPin, 'oldPin');
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
  };
}
