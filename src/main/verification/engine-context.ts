import type { EventName, EventPayload } from '../../shared/contract';
import type { AuditLog } from '../audit';
import type { EventBus } from '../events';
import type { SqliteDatabase } from '../ledger';
import { localTime, systemTimeZone, type LocalTime } from '../log/local-time';
import type { Logger } from '../logging';
import { createStationSettings, type StationSettingsSource } from './station-settings';
import { createVerificationStore, type VerificationStore } from './verification-store';

/** What every part of the engine shares: the ledger and its SQL, the clock, settings, events, and whether it is stopping. */
export interface EngineContext {
  db: SqliteDatabase;
  store: VerificationStore;
  audit: AuditLog;
  logger: Logger;
  now: () => number;
  /** `now()` as an ISO timestamp, as rows store it. */
  iso: () => string;
  /** The station's wall-clock time, for times a person reads in a reason (never the stored ISO instant). */
  localTime: LocalTime;
  settings: StationSettingsSource;
  /** Pushes an event; a failing listener is logged, never thrown into the scan path. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** True once `stop()` began: nothing new is started. */
  stopping(): boolean;
  /** Aborted by `stop()`: calls in flight give up. */
  signal: AbortSignal;
  stop(): void;
}

export interface EngineContextOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  logger: Logger;
  events?: EventBus | undefined;
  settings?: { getAll(): object } | undefined;
  stationName?: string | undefined;
  now?: (() => number) | undefined;
}

export function createEngineContext(options: EngineContextOptions): EngineContext {
  const { events, logger } = options;
  const now = options.now ?? Date.now;
  const stop = new AbortController();
  let stopping = false;
  return {
    db: options.db,
    store: createVerificationStore(options.db),
    audit: options.audit,
    logger,
    now,
    iso: () => new Date(now()).toISOString(),
    localTime: localTime(systemTimeZone()),
    settings: createStationSettings(options.settings, options.stationName),
    emit(event, payload) {
      try {
        events?.emit(event, payload);
      } catch (error) {
        logger.error('verification event listener failed', { event, error: String(error) });
      }
    },
    stopping: () => stopping,
    signal: stop.signal,
    stop() {
      stopping = true;
      stop.abort();
    },
  };
}
