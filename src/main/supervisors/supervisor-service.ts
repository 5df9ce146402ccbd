import { DEFAULT_UNLOCK_MINUTES, MAX_UNLOCK_MINUTES, MIN_UNLOCK_MINUTES, type SupervisorStatus } from '../../shared/supervisors-contract';
import { checkPin, checkSupervisorName, normaliseSupervisorName } from '../../shared/validation/pin-rules';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import {
  alreadySetUpError,
  invalidNameError,
  invalidPinError,
  lastActiveSupervisorError,
  lockedOutError,
  setupNeededError,
  storedHashInvalidError,
  supervisorDisabledError,
  supervisorExistsError,
  supervisorNotFoundError,
  supervisorRequiredError,
  wrongPinError,
} from './errors';
import type { SupervisorGate } from './gate';
import { DEFAULT_SCRYPT_COST, hashPin, InvalidPinHash, verifyPin, verifyPinSync, type ScryptCost } from './pin-hash';

/** Wrong PINs in a row, per supervisor, before unlocking that supervisor pauses. */
export const MAX_FAILED_UNLOCKS = 5;
export const LOCKOUT_SECONDS = 60;

/** How the service schedules the end of an unlock; tests pass their own to fire it by hand. */
export interface SupervisorTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
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

/** Why an unlock ended, as recorded in the audit log. */
export type LockReason = 'manual' | 'expired' | 'disabled';

/** How a PIN was being checked, as recorded with a failed attempt. */
export type PinCheckVia = 'unlock' | 'pin_change' | 'cli';

export interface SupervisorService {
  status(): SupervisorStatus;
  /** Whether any supervisor exists (disabled ones included): false on a fresh install. */
  hasSupervisors(): boolean;
  /** First run only: creates the first supervisor; through the app's own gate it also unlocks them. */
  setup(name: string, pin: string, by?: SupervisorGate): Promise<SupervisorStatus>;
  /** Needs a supervisor (`by`, the unlock session unless given). */
  add(name: string, pin: string, by?: SupervisorGate): Promise<SupervisorStatus>;
  /** Needs a supervisor; the last active supervisor cannot be disabled. */
  disable(name: string, by?: SupervisorGate): SupervisorStatus;
  /** Needs a supervisor and the old PIN (a wrong one counts towards the lockout). */
  changePin(name: string, oldPin: string, newPin: string, by?: SupervisorGate): Promise<SupervisorStatus>;
  /** Unlocks this station as `name` for the configured minutes (replacing any other unlock). */
  unlock(name: string, pin: string): Promise<SupervisorStatus>;
  lock(): SupervisorStatus;
  /**
   * Checks a PIN without opening an unlock (the CLI, once per run), synchronously;
   * failures count towards the lockout like unlocks. Returns the stored name.
   */
  verifySync(name: string, pin: string, actor: string): string;
  /** The unlock session as a gate: what the app's handlers ask. */
  readonly gate: SupervisorGate;
  close(): void;
}

interface SupervisorRow {
  id: number;
  name: string;
  pin_hash: string;
  failed_unlocks: number;
  locked_until: string | null;
  disabled_at: string | null;
}

type AttemptOutcome = { ok: true } | { ok: false; attemptsLeft: number } | { ok: false; lockedOutSeconds: number };

const defaultTimers: SupervisorTimers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    // An unlock must never keep a CLI run or a test process alive.
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Supervisors (table `supervisors`, migration 005) and this station's unlock
 * session. PINs are only ever hashed or compared here; they are never stored,
 * logged or put in the audit log.
 */
export function createSupervisorService(options: SupervisorServiceOptions): SupervisorService {
  const { db, audit, logger } = options;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? defaultTimers;
  const cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;

  const selectAll = db.prepare('SELECT id, name, pin_hash, failed_unlocks, locked_until, disabled_at FROM supervisors ORDER BY id');
  const selectByName = db.prepare('SELECT id, name, pin_hash, failed_unlocks, locked_until, disabled_at FROM supervisors WHERE name = ?');
  const selectAny = db.prepare('SELECT EXISTS (SELECT 1 FROM supervisors) AS found');
  const countActive = db.prepare('SELECT COUNT(*) AS n FROM supervisors WHERE disabled_at IS NULL');
  const insert = db.prepare(
    `INSERT INTO supervisors (name, pin_hash, created_by, created_at, updated_at) VALUES (@name, @pin_hash, @actor, @at, @at)`,
  );
  const updateAttempts = db.prepare('UPDATE supervisors SET failed_unlocks = ?, locked_until = ?, updated_at = ? WHERE id = ?');
  const updateHash = db.prepare('UPDATE supervisors SET pin_hash = ?, updated_at = ? WHERE id = ?');
  const updateDisabled = db.prepare('UPDATE supervisors SET disabled_at = ?, updated_at = ? WHERE id = ?');

  let session: { name: string; until: number } | undefined;
  let timer: unknown;

  const iso = (ms: number) => new Date(ms).toISOString();
  const subjectOf = (name: string) => `supervisor:${name}`;

  function findRow(name: string): SupervisorRow | undefined {
    return selectByName.get(name) as SupervisorRow | undefined;
  }

  function requireRow(name: string): SupervisorRow {
    const row = findRow(name);
    if (!row) throw supervisorNotFoundError(name);
    return row;
  }

  function hasSupervisors(): boolean {
    return (selectAny.get() as { found: number }).found === 1;
  }

  function checkedName(raw: string): string {
    const problem = checkSupervisorName(raw);
    if (problem) throw invalidNameError(problem);
    return normaliseSupervisorName(raw);
  }

  function checkedPin(pin: string, field: string): void {
    const problem = checkPin(pin);
    if (problem) throw invalidPinError(problem, field);
  }

  function lockoutSecondsLeft(row: SupervisorRow): number {
    if (!row.locked_until) return 0;
    const left = Date.parse(row.locked_until) - now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** Refuses before any PIN is checked: disabled, or still paused after too many wrong PINs. */
  function refuseIfUnavailable(row: SupervisorRow): void {
    if (row.disabled_at) throw supervisorDisabledError(row.name);
    const left = lockoutSecondsLeft(row);
    if (left > 0) throw lockedOutError(row.name, left);
  }

  /**
   * Books one PIN check against the supervisor's fresh row, so checks that
   * overlap still count one by one; throws the translated refusal after the
   * transaction (a throw inside would roll the count back).
   */
  const bookAttempt = db.transaction((name: string, ok: boolean, actor: string, via: PinCheckVia): AttemptOutcome => {
    const row = requireRow(name);
    const at = iso(now());
    const pausedFor = lockoutSecondsLeft(row);
    if (pausedFor > 0) return { ok: false, lockedOutSeconds: pausedFor };
    if (ok) {
      if (row.failed_unlocks !== 0 || row.locked_until !== null) updateAttempts.run(0, null, at, row.id);
      return { ok: true };
    }
    const failures = row.failed_unlocks + 1;
    const lockout = failures >= MAX_FAILED_UNLOCKS;
    updateAttempts.run(lockout ? 0 : failures, lockout ? iso(now() + LOCKOUT_SECONDS * 1000) : null, at, row.id);
    audit.append({
      actor,
      action: 'supervisor.unlock_failed',
      subject: subjectOf(row.name),
      details: { failed_attempts: failures, via, ...(lockout ? { locked_out_seconds: LOCKOUT_SECONDS } : {}) },
    });
    return lockout ? { ok: false, lockedOutSeconds: LOCKOUT_SECONDS } : { ok: false, attemptsLeft: MAX_FAILED_UNLOCKS - failures };
  });

  function settleAttempt(name: string, ok: boolean, actor: string, via: PinCheckVia): void {
    const outcome = bookAttempt.immediate(name, ok, actor, via);
    if (outcome.ok) return;
    logger?.warn('supervisor PIN refused', { name, via });
    if ('lockedOutSeconds' in outcome) throw lockedOutError(name, outcome.lockedOutSeconds);
    throw wrongPinError(name, outcome.attemptsLeft, LOCKOUT_SECONDS);
  }

  async function pinMatches(row: SupervisorRow, pin: string): Promise<boolean> {
    try {
      return await verifyPin(row.pin_hash, pin);
    } catch (error) {
      if (error instanceof InvalidPinHash) throw storedHashInvalidError(row.name);
      throw error;
    }
  }

  function emit(): void {
    options.onChange?.(status());
  }

  function clampMinutes(value: number): number {
    if (!Number.isInteger(value) || value < MIN_UNLOCK_MINUTES || value > MAX_UNLOCK_MINUTES) return DEFAULT_UNLOCK_MINUTES;
    return value;
  }

  function schedule(): void {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    if (!session) return;
    timer = timers.set(
      () => {
        timer = undefined;
        if (session && now() >= session.until) endSession('expired');
        else schedule();
      },
      Math.max(0, session.until - now()),
    );
  }

  function startSession(name: string): void {
    const minutes = clampMinutes(options.unlockMinutes());
    const previous = session;
    session = { name, until: now() + minutes * 60_000 };
    schedule();
    audit.append({
      actor: subjectOf(name),
      action: 'supervisor.unlocked',
      subject: subjectOf(name),
      details: {
        minutes,
        until: iso(session.until),
        ...(previous && previous.name !== name ? { replaced: subjectOf(previous.name) } : {}),
      },
    });
    logger?.info('supervisor unlocked', { name, minutes });
    emit();
  }

  function endSession(reason: LockReason): void {
    const ended = session;
    if (!ended) return;
    session = undefined;
    schedule();
    audit.append({ actor: subjectOf(ended.name), action: 'supervisor.locked', subject: subjectOf(ended.name), details: { reason } });
    logger?.info('supervisor locked', { name: ended.name, reason });
    emit();
  }

  /** The unlock in force, ending it first if its time is up (the timer may not have fired yet). */
  function activeSession(): { name: string; until: number } | undefined {
    if (session && now() >= session.until) endSession('expired');
    return session;
  }

  function status(): SupervisorStatus {
    const current = activeSession();
    const rows = selectAll.all() as SupervisorRow[];
    return {
      setupNeeded: rows.length === 0,
      unlocked: current ? { name: current.name, until: iso(current.until) } : null,
      supervisors: rows.map((row) => ({ name: row.name, disabled: row.disabled_at !== null })),
    };
  }

  const gate: SupervisorGate = {
    requireSupervisor(action) {
      const current = activeSession();
      if (current) {
        // Disabled meanwhile (e.g. from the CLI): the unlock no longer counts.
        if (findRow(current.name)?.disabled_at == null) return subjectOf(current.name);
        endSession('disabled');
      }
      if (!hasSupervisors()) throw setupNeededError(action);
      throw supervisorRequiredError(action, 'app');
    },
    currentActor() {
      const current = activeSession();
      return current ? subjectOf(current.name) : 'operator';
    },
  };

  return {
    status,
    hasSupervisors,
    gate,

    async setup(rawName, pin, by = gate) {
      const name = checkedName(rawName);
      checkedPin(pin, 'pin');
      if (hasSupervisors()) throw alreadySetUpError();
      const actor = by.currentActor();
      const pinHash = await hashPin(pin, cost);
      db.transaction(() => {
        if (hasSupervisors()) throw alreadySetUpError();
        insert.run({ name, pin_hash: pinHash, actor, at: iso(now()) });
        audit.append({ actor, action: 'supervisor.created', subject: subjectOf(name), details: { first_run: true } });
      }).immediate();
      logger?.info('first supervisor set up', { name });
      // Whoever just chose the PIN is at the station: the app unlocks them; the CLI has no session.
      if (by === gate) startSession(name);
      else emit();
      return status();
    },

    async add(rawName, pin, by = gate) {
      const name = checkedName(rawName);
      checkedPin(pin, 'pin');
      if (!hasSupervisors()) throw setupNeededError('supervisor.add');
      const actor = by.requireSupervisor('supervisor.add');
      const existing = findRow(name);
      if (existing) throw supervisorExistsError(name, existing.disabled_at !== null);
      const pinHash = await hashPin(pin, cost);
      db.transaction(() => {
        const raced = findRow(name);
        if (raced) throw supervisorExistsError(name, raced.disabled_at !== null);
        insert.run({ name, pin_hash: pinHash, actor, at: iso(now()) });
        audit.append({ actor, action: 'supervisor.added', subject: subjectOf(name), details: {} });
      }).immediate();
      logger?.info('supervisor added', { name, actor });
      emit();
      return status();
    },

    disable(rawName, by = gate) {
      const name = normaliseSupervisorName(rawName);
      const actor = by.requireSupervisor('supervisor.disable');
      const row = requireRow(name);
      if (row.disabled_at) return status();
      db.transaction(() => {
        if ((countActive.get() as { n: number }).n <= 1) throw lastActiveSupervisorError(name);
        const at = iso(now());
        updateDisabled.run(at, at, row.id);
        audit.append({ actor, action: 'supervisor.disabled', subject: subjectOf(name), details: {} });
      }).immediate();
      logger?.info('supervisor disabled', { name, actor });
      if (session?.name === name) endSession('disabled');
      else emit();
      return status();
    },

    async changePin(rawName, oldPin, newPin, by = gate) {
      const name = normaliseSupervisorName(rawName);
      checkedPin(oldPin, 'oldPin');
      checkedPin(newPin, 'newPin');
      const actor = by.requireSupervisor('supervisor.changePin');
      const row = requireRow(name);
      refuseIfUnavailable(row);
      settleAttempt(name, await pinMatches(row, oldPin), actor, 'pin_change');
      const pinHash = await hashPin(newPin, cost);
      db.transaction(() => {
        updateHash.run(pinHash, iso(now()), row.id);
        audit.append({ actor, action: 'supervisor.pin_changed', subject: subjectOf(name), details: {} });
      }).immediate();
      logger?.info('supervisor PIN changed', { name, actor });
      return status();
    },

    async unlock(rawName, pin) {
      const name = normaliseSupervisorName(rawName);
      checkedPin(pin, 'pin');
      const row = requireRow(name);
      refuseIfUnavailable(row);
      settleAttempt(name, await pinMatches(row, pin), gate.currentActor(), 'unlock');
      startSession(name);
      return status();
    },

    lock() {
      if (activeSession()) endSession('manual');
      return status();
    },

    verifySync(rawName, pin, actor) {
      const name = normaliseSupervisorName(rawName);
      checkedPin(pin, 'pin');
      const row = requireRow(name);
      refuseIfUnavailable(row);
      let ok: boolean;
      try {
        ok = verifyPinSync(row.pin_hash, pin);
      } catch (error) {
        if (error instanceof InvalidPinHash) throw storedHashInvalidError(row.name);
        throw error;
      }
      settleAttempt(name, ok, actor, 'cli');
      return row.name;
    },

    close() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
    },
  };
}
