import type {
  AcknowledgeRequest,
  RecentScansRequest,
  ScanResult,
  ScanSession,
  ScanSource,
  StartSessionRequest,
} from '../../shared/verification-contract';
import { verificationErrors } from '../../shared/error-catalogue/verification';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { EventBus } from '../events';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { Actor } from '../supervisors/actor';
import { createAcknowledgements } from './acknowledgements';
import { createCheckpointScheduler, DEFAULT_CHECKPOINT_EVERY_SCANS, type CheckpointStats } from './checkpoints';
import { createConfirmationLoop, type StepResult } from './confirmation-loop';
import { createEngineContext } from './engine-context';
import { createOfflineBackoff, DEFAULT_OFFLINE_RETRY, type OfflineRetry } from './offline-backoff';
import { createRemoteLookup } from './remote-lookup';
import { createScanConfirmer } from './scan-confirmer';
import { createScanRecorder, type ScanOptions } from './scan-recording';
import { scanResultOf } from './scan-views';
import { createSessions } from './sessions';

/**
 * The station's verification engine: normalise a scan, give the local verdict from the ledger at
 * once (and record it), then confirm it with codeactivequery in the background. The verdicts
 * themselves are decided in verdict-rules.ts; this is the machinery around them. Methods that change
 * data take the actor to record (handlers.ts and the CLI ask the gate for it).
 */
export interface VerificationEngine {
  /**
   * One scan from any source: the local verdict, recorded, at once. Throws VERIFY_ACK_REQUIRED (nothing
   * recorded) while a FAIL of the session awaits acknowledgement, unless `input` is the ACK code, which
   * acknowledges it as `actor` (and returns it); VERIFY_NOTHING_TO_ACKNOWLEDGE for the ACK code otherwise.
   */
  scan(input: string, source: ScanSource, actor: Actor, options?: ScanOptions): ScanResult;
  /** Opens the station's session for a line and product (optionally one activation); one open per station. */
  startSession(request: StartSessionRequest, actor: Actor): ScanSession;
  /** Ends a session and stores its summary (counts per final verdict as they stand now). */
  endSession(sessionId: number, actor: Actor): ScanSession;
  /** The station's open session with its live counts, or null. */
  currentSession(): ScanSession | null;
  /** Acknowledges one FAIL (idempotent); by ACK code, the code must be the station's. */
  acknowledge(request: AcknowledgeRequest, actor: Actor): ScanResult;
  /** Newest first: the given session, else the open one, else the station's. */
  recentScans(request: RecentScansRequest): ScanResult[];
  scanById(id: number): ScanResult | undefined;
  /** The scan once its confirmation in flight (if any) has finished: confirmed, mismatch, offline or skipped. */
  settled(scanId: number): Promise<ScanResult>;
  /** One pass of the background confirmation (the loop's step; tests and the CLI drive it directly). */
  confirmUnconfirmed(): Promise<StepResult>;
  /** The station name scans and sessions are recorded under. */
  station(): string;
  /** codeactivequery calls made, answers from the per-range cache, asks that shared another's call. */
  remoteStats(): { calls: number; cacheHits: number; shared: number };
  /** The WAL checkpoints run between scans: how many, and their cost (bench). */
  checkpointStats(): CheckpointStats;
  /** Starts the background confirmation loop (scans left pending or offline). */
  start(): void;
  /** Stops the loop and waits for calls in flight (their scans stay pending for the next start). */
  stop(): Promise<void>;
}

export interface VerificationTuning {
  now?: () => number;
  /** false: nothing is sent to codeactivequery; scans stay `pending` for a later confirmation (bench). */
  remote?: boolean;
  /** codeactivequery calls in flight at once (default 4). */
  concurrency?: number;
  /** Per request (default 5 s); a call with the client's retries gives up after three times that. */
  callTimeoutMs?: number;
  /** How long a remote answer for an activated range is reused (default 10 min). */
  cacheTtlMs?: number;
  /** Back-off of the confirmation loop after going offline (default 5 s doubling to 60 s). */
  offlineRetry?: OfflineRetry;
  /** The station's name; default: the `stationName` setting if there is one, else the OS hostname. */
  stationName?: string;
  /** After this many recorded scans, a PASSIVE WAL checkpoint is run between scans (default 64; 0: leave it to SQLite). */
  checkpointEveryScans?: number;
}

export interface VerificationEngineOptions extends VerificationTuning {
  db: SqliteDatabase;
  audit: AuditLog;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  /**
   * `ackMode` ('button' | 'ack_code') and `ackCode` (default VERIFY_SETTING_DEFAULTS), and `stationName`
   * when the settings schema has one (else the OS hostname); without settings: button-only acknowledgement.
   */
  settings?: { getAll(): object };
  /** Where scans and sessions are pushed; also tells the engine when settings change or the service is back online. */
  events?: EventBus;
}

export function createVerificationEngine(options: VerificationEngineOptions): VerificationEngine {
  const ctx = createEngineContext(options);
  const remoteEnabled = options.remote ?? true;
  const backoff = createOfflineBackoff({
    now: ctx.now,
    retry: options.offlineRetry ?? DEFAULT_OFFLINE_RETRY,
    logger: ctx.logger,
    onChange: () => loop.kick(),
  });
  const remote = createRemoteLookup({
    connection: options.connection,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    ...(options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs }),
    now: ctx.now,
    holdCalls: backoff.active,
    signal: ctx.signal,
  });
  const confirmer = createScanConfirmer(ctx, { remote, backoff });
  const loop = createConfirmationLoop(ctx, { confirmer, backoff, enabled: remoteEnabled });
  const checkpoints = createCheckpointScheduler({
    db: ctx.db,
    logger: ctx.logger,
    everyScans: options.checkpointEveryScans ?? DEFAULT_CHECKPOINT_EVERY_SCANS,
    stopping: ctx.stopping,
  });
  const sessions = createSessions(ctx);
  const acknowledgements = createAcknowledgements(ctx);
  const recorder = createScanRecorder(ctx, { acknowledgements, confirmer, backoff, checkpoints, remoteEnabled });

  const unsubscribe = options.events?.subscribeAll((event, payload) => {
    if (event === 'settings.changed') ctx.settings.forget();
    if (event === 'connectivity.changed' && (payload as { state?: string }).state === 'online') backoff.cameOnline();
  });

  return {
    scan: recorder.scan,
    startSession: sessions.start,
    endSession: sessions.end,
    currentSession: sessions.current,
    acknowledge: acknowledgements.acknowledge,
    recentScans: sessions.recentScans,
    scanById(id) {
      const row = ctx.store.scanById(id);
      return row ? scanResultOf(row) : undefined;
    },
    async settled(scanId) {
      await confirmer.inFlight(scanId);
      const row = ctx.store.scanById(scanId);
      if (!row) throw verificationErrors.VERIFY_SCAN_NOT_FOUND({ scan_id: scanId });
      return scanResultOf(row);
    },
    confirmUnconfirmed: loop.confirmUnconfirmed,
    station: () => ctx.settings.read().station,
    remoteStats: () => remote.stats(),
    checkpointStats: checkpoints.stats,
    start: loop.start,
    async stop() {
      // Abort calls first: the loop's step may be waiting on them.
      ctx.stop();
      unsubscribe?.();
      await loop.stop();
      await confirmer.drain();
    },
  };
}
