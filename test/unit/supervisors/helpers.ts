import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, type AuditLog } from '@main/audit';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { createFileLogger } from '@main/logging';
import { createSupervisorService, type SupervisorService, type SupervisorServiceOptions, type SupervisorTimers } from '@main/supervisors';
import { resolveActor } from '@main/bridge';
import { AppError } from '@shared/errors';
import type { SupervisorStatus } from '@shared/supervisors-contract';

export const T0 = Date.UTC(2025, 4, 6, 7, 0, 0);

/** A clock the test moves by hand. */
export function manualClock(start = T0) {
  let at = start;
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    },
  };
}

/** Timers the test fires by hand: the latest scheduled callback and its delay. */
export function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: SupervisorTimers = {
    set(callback, ms) {
      const handle = next++;
      pending.set(handle, { callback, ms });
      return handle;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pending: () => [...pending.values()],
    fireAll() {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, entry] of due) entry.callback();
    },
  };
}

export interface SupervisorFixture {
  dir: string;
  db: SqliteDatabase;
  audit: AuditLog;
  service: SupervisorService;
  /** The service as the app's bridge calls it: each actor comes from the channel's role, through dispatch's one resolver. */
  station: ReturnType<typeof asStation>;
  clock: ReturnType<typeof manualClock>;
  timers: ReturnType<typeof manualTimers>;
  changes: SupervisorStatus[];
  minutes: { value: number };
  dispose(): void;
}

/** A supervisor service on a fresh ledger in a temp dir, with a manual clock and timers and a real file logger. */
export function supervisorFixture(overrides: Partial<SupervisorServiceOptions> = {}): SupervisorFixture {
  const dir = mkdtempSync(join(tmpdir(), 'mc-supervisors-'));
  const db = openLedger(dir);
  const audit = createAuditLog(db);
  const clock = manualClock();
  const timers = manualTimers();
  const changes: SupervisorStatus[] = [];
  const minutes = { value: 10 };
  const service = createSupervisorService({
    db,
    audit,
    now: clock.now,
    unlockMinutes: () => minutes.value,
    onChange: (status) => changes.push(status),
    logger: createFileLogger(dir, 'debug'),
    timers: timers.timers,
    ...overrides,
  });
  return {
    dir,
    db,
    audit,
    service,
    station: asStation(service),
    clock,
    timers,
    changes,
    minutes,
    dispose() {
      service.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Supervisor management as the app does it: the actor from the contract's role for the channel, the first supervisor unlocked. */
export function asStation(service: SupervisorService) {
  const actor = (channel: 'supervisor.setup' | 'supervisor.add' | 'supervisor.disable' | 'supervisor.changePin') =>
    resolveActor({ gate: service.gate, settings: () => ({ locale: null }) }, channel, {});
  return {
    setup: (name: string, pin: string) => service.setup(name, pin, actor('supervisor.setup'), { unlock: true }),
    add: (name: string, pin: string) => service.add(name, pin, actor('supervisor.add')),
    disable: (name: string) => service.disable(name, actor('supervisor.disable')),
    changePin: (name: string, oldPin: string, newPin: string) => service.changePin(name, oldPin, newPin, actor('supervisor.changePin')),
  };
}

/** The AppError a call throws (sync or async), for matching its code, details and translations. */
export async function caught(work: () => unknown): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
}
