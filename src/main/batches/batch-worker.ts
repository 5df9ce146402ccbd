import type { ImportProgress } from '../../shared/batches-contract';
import { AppError } from '../../shared/errors';
import { toErrorPayload } from '../../shared/error-catalogue/app';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { APPLICATION_FINISHED, backoffDelayMs, classifyFailure, DEFAULT_RETRY_POLICY, nextRetryDelayMs, type RetryPolicy } from '../wechat';
import { LEDGER_THREAD_CLOSED, LEDGER_THREAD_STOPPED, type LedgerThread } from '../threads';
import { importStepFailedError, importThreadStoppedError } from './batch-errors';
import type { ApplicationRow, BatchStore, SegmentRow } from './batch-store';
import type { ImportThreadEvent, ImportThreadRequest, ImportThreadResult } from './import-thread-tasks';
import { LOOKUP_BUILD_PAUSED, LOOKUPS } from './lookup-build';

export type ImportThread = LedgerThread<ImportThreadRequest, ImportThreadResult, ImportThreadEvent>;

export interface BatchWorkerOptions {
  db: SqliteDatabase;
  store: BatchStore;
  audit: AuditLog;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  /** Where segment imports and look-up builds run (off the main thread unless the ledger is in memory). */
  importThread: ImportThread;
  failedPackagesDir: string | null;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Polling applycodequery while WeChat generates the codes. */
  pollDelayMs?: { initial: number; max: number };
  /** Waiting for the network (or a busy service) after the client's own retries gave up. */
  offlineRetry?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  onChanged?: (isv: string) => void;
  onProgress?: (progress: ImportProgress) => void;
}

/** Segments one step downloads and imports (downloads overlapping imports) before it yields to other applications. */
const PIPELINE_SEGMENTS = 8;

/** How much of a look-up build must be done before its time left is worth showing. */
const MIN_SHARE_FOR_ESTIMATE = 0.05;

/** What one step did, so callers (the CLI's `download`, tests) can tell when to stop. */
export type StepResult = 'progressed' | 'waiting' | 'settled';

/**
 * Moves applications through applying → waiting → downloading → imported. Every
 * state lives in the ledger, so a restart resumes where the last run stopped;
 * network failures only postpone (the request waits in the ledger), refusals fail.
 */
export function createBatchWorker(options: BatchWorkerOptions) {
  const { db, store, audit, logger } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const poll = options.pollDelayMs ?? { initial: 500, max: 15_000 };
  const offlinePolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5_000, maxDelayMs: 60_000, ...options.offlineRetry };
  const speed = new Map<string, { startedAt: number; codes: number }>();

  const iso = (ms: number) => new Date(ms).toISOString();
  const changed = (isv: string) => options.onChanged?.(isv);

  function postpone(row: ApplicationRow, error: unknown): StepResult {
    const payload = toErrorPayload(error);
    const delay = nextRetryDelayMs(error, row.attempts + 1, offlinePolicy, random);
    if (delay === undefined || classifyFailure(error) === 'permanent') {
      db.transaction(() => {
        store.markFailed(row.isv_application_id, payload, iso(now()));
        audit.append({
          actor: 'system',
          action: 'application.failed',
          subject: subjectOf(row),
          details: { state: row.state, error_code: payload.code },
        });
      }).immediate();
      logger.warn('application failed', { isv: row.isv_application_id, code: payload.code });
      changed(row.isv_application_id);
      return 'settled';
    }
    store.markRetry(row.isv_application_id, payload, iso(now() + delay), iso(now()));
    logger.info('application postponed', { isv: row.isv_application_id, code: payload.code, delayMs: delay });
    changed(row.isv_application_id);
    return 'waiting';
  }

  async function apply(row: ApplicationRow, connection: ActiveConnection): Promise<StepResult> {
    try {
      // Always the stored isv_application_id: a retry after a lost answer gets the same application back.
      const { application_id } = await connection.client.applyCode({
        code_count: row.code_count,
        isv_application_id: row.isv_application_id,
      });
      db.transaction(() => {
        store.markApplied(row.isv_application_id, application_id, iso(now()));
        audit.append({
          actor: 'system',
          action: 'application.applied',
          subject: `application:${application_id}`,
          details: { isv_application_id: row.isv_application_id, code_count: row.code_count },
        });
      }).immediate();
      changed(row.isv_application_id);
      return 'progressed';
    } catch (error) {
      return postpone(row, error);
    }
  }

  async function query(row: ApplicationRow & { application_id: number }, connection: ActiveConnection): Promise<StepResult> {
    let status;
    try {
      status = await connection.client.queryApplication({ application_id: row.application_id });
    } catch (error) {
      return postpone(row, error);
    }
    if (status.status !== APPLICATION_FINISHED) {
      const delay = Math.min(poll.max, Math.round(poll.initial * 1.5 ** Math.min(row.attempts, 20)));
      store.markRemoteStatus(row.isv_application_id, status.status, iso(now() + delay), iso(now()));
      changed(row.isv_application_id);
      return 'waiting';
    }
    const segments = status.code_generate_list;
    const covered = segments.reduce((sum, segment) => sum + segment.code_end - segment.code_start + 1, 0);
    if (segments.length === 0 || covered !== row.code_count) {
      return postpone(row, segmentListError(row, covered));
    }
    db.transaction(() => {
      for (const segment of segments) store.insertSegment(row.application_id, segment.code_start, segment.code_end);
      store.markFinished(row.isv_application_id, status.status, iso(now()));
      audit.append({ actor: 'system', action: 'application.finished', subject: subjectOf(row), details: { segments: segments.length } });
    }).immediate();
    changed(row.isv_application_id);
    return 'progressed';
  }

  async function download(row: ApplicationRow & { application_id: number }, connection: ActiveConnection): Promise<StepResult> {
    const segments = store.segments(row.application_id);
    // A look-up build in progress covers a fixed set of segments: finish it before importing more.
    if (store.lookupBuildInProgress(row.application_id)) return buildLookups(row, segments);
    if (!segments.some((segment) => segment.state === 'pending')) {
      if (segments.some((segment) => segment.state === 'imported' && segment.indexed_at === null)) return buildLookups(row, segments);
      if (segments.every((segment) => segment.state === 'imported')) {
        db.transaction(() => {
          store.markState(row.isv_application_id, 'imported', iso(now()));
          audit.append({
            actor: 'system',
            action: 'application.imported',
            subject: subjectOf(row),
            details: { codes: row.code_count, segments: segments.length },
          });
        }).immediate();
        speed.delete(row.isv_application_id);
        changed(row.isv_application_id);
      }
      return 'settled';
    }
    return importPending(row, connection, segments);
  }

  /**
   * Downloads and imports up to PIPELINE_SEGMENTS pending segments. Downloads overlap imports: while the
   * thread imports one segment, the next one is downloaded and queued behind it (at most two on the
   * thread, so memory stays flat).
   */
  async function importPending(
    row: ApplicationRow & { application_id: number },
    connection: ActiveConnection,
    segments: SegmentRow[],
  ): Promise<StepResult> {
    const pending = segments.filter((segment) => segment.state === 'pending').slice(0, PIPELINE_SEGMENTS);
    const session = speed.get(row.isv_application_id) ?? { startedAt: now(), codes: 0 };
    speed.set(row.isv_application_id, session);
    const counts = {
      codesImported: segments.filter((segment) => segment.state === 'imported').reduce((sum, s) => sum + s.code_end - s.code_start + 1, 0),
      segmentsImported: segments.filter((segment) => segment.state === 'imported').length,
    };
    let stopped = false;
    let retryCleared = row.last_error_json === null && row.attempts === 0;
    /** Once a segment went through after a postponement; only then, since any write waits for the thread's transaction. */
    function clearRetry(): void {
      if (retryCleared) return;
      retryCleared = true;
      store.clearRetry(row.isv_application_id, iso(now()));
    }

    /** Imports one downloaded segment on the thread; resolves once its outcome is recorded. */
    async function importOne(segment: SegmentRow, buffer: Uint8Array<ArrayBuffer>): Promise<void> {
      const result = await options.importThread.run(
        {
          kind: 'import-segment',
          segment,
          buffer,
          service_key: connection.serviceKey,
          failed_packages_dir: options.failedPackagesDir,
        },
        (event) => {
          if (event.kind !== 'segment-progress') return;
          options.onProgress?.(
            progressOf(row, session, {
              codesImported: counts.codesImported + event.codes_in_segment,
              sessionCodes: session.codes + event.codes_in_segment,
              segmentsImported: counts.segmentsImported,
              segmentsTotal: segments.length,
            }),
          );
        },
        // Moved, not copied: the main thread never holds the package longer than the download.
        [buffer.buffer],
      );
      if (result.kind !== 'import-segment') throw new Error(`import thread answered ${result.kind} to import-segment`);
      const outcome = result.outcome;
      if (outcome.ok) {
        session.codes += outcome.count;
        counts.codesImported += outcome.count;
        counts.segmentsImported += 1;
        clearRetry();
      } else if (outcome.error.code === 'PACKAGE_WRONG_KEY') {
        // Every other segment would fail the same way: stop until the key is fixed.
        stopped = true;
        db.transaction(() => store.markFailed(row.isv_application_id, outcome.error, iso(now()))).immediate();
      }
      changed(row.isv_application_id);
    }

    const importing: Promise<void>[] = [];
    try {
      for (const segment of pending) {
        if (stopped) break;
        let buffer: Uint8Array<ArrayBuffer>;
        try {
          ({ buffer } = await connection.client.downloadSegmentBytes({
            application_id: row.application_id,
            code_start: segment.code_start,
            code_end: segment.code_end,
          }));
        } catch (error) {
          await Promise.all(importing.splice(0));
          if (classifyFailure(error) !== 'permanent') return stopped ? 'progressed' : postpone(row, error);
          failRefusedSegment(row, segment, error);
          return 'progressed';
        }
        if (stopped) break;
        const imported = importOne(segment, buffer);
        // Awaited below; handled now so a failure while the next download runs is not an unhandled rejection.
        imported.catch(() => undefined);
        importing.push(imported);
        if (importing.length >= 2) await importing.shift();
      }
    } finally {
      await Promise.all(importing);
    }
    return 'progressed';
  }

  /** The service refuses this segment: fail it, keep going with the others. */
  function failRefusedSegment(row: ApplicationRow & { application_id: number }, segment: SegmentRow, error: unknown): void {
    const payload = toErrorPayload(error);
    db.transaction(() => {
      store.markSegmentFailed(row.application_id, segment.code_start, payload, null);
      audit.append({
        actor: 'system',
        action: 'segment.failed',
        subject: subjectOf(row),
        details: { code_start: segment.code_start, code_end: segment.code_end, error_code: payload.code },
      });
    }).immediate();
    changed(row.isv_application_id);
  }

  /** Makes the imported segments' codes scannable: one sorted merge per look-up for the whole application. */
  async function buildLookups(row: ApplicationRow & { application_id: number }, segments: SegmentRow[]): Promise<StepResult> {
    const session = speed.get(row.isv_application_id) ?? { startedAt: now(), codes: 0 };
    const imported = segments.filter((segment) => segment.state === 'imported');
    const codesImported = imported.reduce((sum, segment) => sum + segment.code_end - segment.code_start + 1, 0);
    const buildStarted = now();
    const result = await options.importThread.run({ kind: 'build-lookups', application_id: row.application_id }, (event) => {
      if (event.kind !== 'lookup-progress') return;
      const { lookup, merged, total } = event.progress;
      const lookupsBefore = LOOKUPS.findIndex((spec) => spec.lookup === lookup);
      const done = Math.min(1, (lookupsBefore + (total > 0 ? merged / total : 1)) / LOOKUPS.length);
      options.onProgress?.({
        ...progressOf(row, session, {
          codesImported,
          sessionCodes: session.codes,
          segmentsImported: imported.length,
          segmentsTotal: segments.length,
        }),
        phase: 'indexing',
        indexed_percent: Math.round(done * 100),
        // Each look-up is a sort, then a merge that reports progress: time so far over the share done is a fair guess
        // once a little of it is done (it counts the sort already behind and the one ahead alike).
        seconds_left: done >= MIN_SHARE_FOR_ESTIMATE ? Math.ceil((((now() - buildStarted) / 1000) * (1 - done)) / done) : null,
      });
    });
    if (result.kind !== 'build-lookups') throw new Error(`import thread answered ${result.kind} to build-lookups`);
    if (result.outcome.kind === 'built' && (row.last_error_json !== null || row.attempts > 0)) {
      store.clearRetry(row.isv_application_id, iso(now()));
    }
    if (result.outcome.kind === 'conflict') {
      logger.warn('segments failed: codes already in the ledger', {
        isv: row.isv_application_id,
        segments: result.outcome.failed_segments,
      });
    }
    changed(row.isv_application_id);
    return 'progressed';
  }

  function progressOf(
    row: ApplicationRow & { application_id: number },
    session: { startedAt: number },
    counts: { codesImported: number; sessionCodes: number; segmentsImported: number; segmentsTotal: number },
  ): ImportProgress {
    const seconds = Math.max((now() - session.startedAt) / 1000, 0.001);
    const codesPerSecond = Math.round(counts.sessionCodes / seconds);
    return {
      isv_application_id: row.isv_application_id,
      application_id: row.application_id,
      phase: 'importing',
      codes_imported: counts.codesImported,
      code_count: row.code_count,
      segments_imported: counts.segmentsImported,
      segments_total: counts.segmentsTotal,
      codes_per_second: codesPerSecond,
      seconds_left: codesPerSecond > 0 ? Math.ceil((row.code_count - counts.codesImported) / codesPerSecond) : null,
      indexed_percent: 0,
    };
  }

  /** One step for one application, if it is due. */
  async function step(isv: string): Promise<StepResult> {
    const row = store.applicationByIsv(isv);
    if (!row || row.state === 'imported' || row.state === 'failed') return 'settled';
    if (row.next_attempt_at && Date.parse(row.next_attempt_at) > now()) return 'waiting';
    let connection: ActiveConnection;
    try {
      connection = await options.connection();
    } catch (error) {
      return postpone(row, error);
    }
    if (row.state === 'applying' || row.application_id === null) return apply(row, connection);
    const applied = row as ApplicationRow & { application_id: number };
    if (row.state === 'waiting') return query(applied, connection);
    try {
      return await download(applied, connection);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      // The app is closing: what was under way stopped at a commit and resumes at the next start.
      if (error.message === LEDGER_THREAD_CLOSED || error.name === LOOKUP_BUILD_PAUSED) {
        logger.info('import paused: the app is closing', { isv });
        return 'waiting';
      }
      // A crashed thread, or a failure of the ledger itself (a full disk for the look-up sort…), rolled back what
      // it was doing: try again after a pause rather than at once, with the reason on screen and in the log.
      const threadStopped = error.message.startsWith(LEDGER_THREAD_STOPPED);
      logger.error(threadStopped ? 'import thread stopped' : 'import step failed', { isv, reason: error.message });
      const payload = (threadStopped ? importThreadStoppedError(error.message) : importStepFailedError(error.message)).toPayload();
      const delay = backoffDelayMs(row.attempts + 1, offlinePolicy, random);
      store.markRetry(row.isv_application_id, payload, iso(now() + delay), iso(now()));
      changed(row.isv_application_id);
      return 'waiting';
    }
  }

  /** Drives one application until it is imported or failed (or `signal` aborts). */
  async function settle(isv: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const result = await step(isv);
      if (result === 'settled') return;
      if (result === 'waiting') {
        const due = store.applicationByIsv(isv)?.next_attempt_at;
        await sleep(Math.max(0, due ? Date.parse(due) - now() : poll.initial), signal ?? new AbortController().signal);
      }
    }
  }

  return { step, settle };
}

export type BatchWorker = ReturnType<typeof createBatchWorker>;

function subjectOf(row: ApplicationRow): string {
  return row.application_id === null ? `isv:${row.isv_application_id}` : `application:${row.application_id}`;
}

function segmentListError(row: ApplicationRow, covered: number): AppError {
  return new AppError(
    'APPLICATION_SEGMENTS_MISMATCH',
    {
      'zh-CN': {
        message: `申请 ${row.application_id} 已完成，但码段共 ${covered} 个码，与申请的 ${row.code_count} 个不符。`,
        hint: '稍后在“码批次”中点击“重试”；如持续出现，请联系微信支持。',
      },
      en: {
        message: `Application ${row.application_id} is finished but its segments cover ${covered} codes, not the ${row.code_count} applied for.`,
        hint: 'Press Retry on the Batches screen later; if this persists, contact WeChat support.',
      },
    },
    { covered, code_count: row.code_count },
  );
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
