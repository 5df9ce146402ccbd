import type { ImportProgress } from '../../../shared/batches-contract';
import { batchErrors } from '../../../shared/error-catalogue/batches';
import type { AuditLog } from '../../audit';
import type { ActiveConnection } from '../../connection';
import type { SqliteDatabase } from '../../ledger';
import type { Logger } from '../../logging';
import type { RetryPolicy } from '../../wechat';
import type { BatchStore } from '../batch-store';
import type { ImportThread } from '../import-thread';
import type { PackageLayoutSetting } from '../package-layout-setting';
import type { AppliedApplicationRow, ApplicationRow } from '../rows';
import { applyStep, markImported, queryStep } from './application-steps';
import type { StepResult, WorkerContext } from './context';
import { classifyStepFailure, downloadStep, nextStep, offlineRetryPolicy } from './decisions';
import { buildLookups } from './lookup-step';
import { postpone, postponeAfterStepFailure } from './postpone';
import { importPending } from './segment-pipeline';

export type { StepResult } from './context';

/**
 * Moves applications through applying → waiting → downloading → imported. Every
 * state lives in the ledger, so a restart resumes where the last run stopped;
 * network failures only postpone (the request waits in the ledger), refusals fail.
 * What to do at each point is decided in decisions.ts; the steps beside this file do it.
 */
export interface BatchWorker {
  /** One step for one application, if it is due. */
  step(isv: string): Promise<StepResult>;
  /** Drives one application until it is imported or failed (or `signal` aborts). */
  settle(isv: string, signal?: AbortSignal): Promise<void>;
}

export interface BatchWorkerOptions {
  db: SqliteDatabase;
  store: BatchStore;
  audit: AuditLog;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  /** Where segment imports and look-up builds run (off the main thread unless the ledger is in memory). */
  importThread: ImportThread;
  failedPackagesDir: string | null;
  /** The column mapping IT set per account, if any. */
  packageLayouts: PackageLayoutSetting;
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

function workerContext(options: BatchWorkerOptions): WorkerContext {
  return {
    db: options.db,
    store: options.store,
    audit: options.audit,
    logger: options.logger,
    importThread: options.importThread,
    failedPackagesDir: options.failedPackagesDir,
    packageLayouts: options.packageLayouts,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    poll: options.pollDelayMs ?? { initial: 500, max: 15_000 },
    offlinePolicy: offlineRetryPolicy(options.offlineRetry),
    sessions: new Map(),
    changed: (isv) => options.onChanged?.(isv),
    onProgress: options.onProgress,
  };
}

export function createBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const ctx = workerContext(options);
  const sleep = options.sleep ?? abortableSleep;

  async function step(isv: string): Promise<StepResult> {
    const row = ctx.store.applicationByIsv(isv);
    const next = nextStep(row, ctx.now());
    if (next === 'settled' || !row) return 'settled';
    if (next === 'wait') return 'waiting';
    let connection: ActiveConnection;
    try {
      connection = await options.connection();
    } catch (error) {
      return postpone(ctx, row, error);
    }
    if (next === 'apply') return applyStep(ctx, row, connection);
    const applied = row as AppliedApplicationRow;
    if (next === 'query') return queryStep(ctx, applied, connection);
    try {
      return await download(ctx, applied, connection);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      return afterStepFailure(ctx, row, error);
    }
  }

  async function settle(isv: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const result = await step(isv);
      if (result === 'settled') return;
      if (result === 'waiting') {
        const due = ctx.store.applicationByIsv(isv)?.next_attempt_at;
        await sleep(Math.max(0, due ? Date.parse(due) - ctx.now() : ctx.poll.initial), signal ?? new AbortController().signal);
      }
    }
  }

  return { step, settle };
}

function download(ctx: WorkerContext, row: AppliedApplicationRow, connection: ActiveConnection): Promise<StepResult> | StepResult {
  const segments = ctx.store.segments(row.application_id);
  switch (downloadStep(segments, ctx.store.lookupBuildInProgress(row.application_id))) {
    case 'build-lookups':
      return buildLookups(ctx, row, segments);
    case 'import-pending':
      return importPending(ctx, row, connection, segments);
    case 'mark-imported':
      markImported(ctx, row, segments);
      return 'settled';
    case 'settled':
      return 'settled';
  }
}

/** A crashed thread, or a failure of the ledger itself, rolled back what it was doing: try again after a pause, with the reason shown. */
function afterStepFailure(ctx: WorkerContext, row: ApplicationRow, error: Error): StepResult {
  const isv = row.isv_application_id;
  const failure = classifyStepFailure(error);
  if (failure === 'paused') {
    ctx.logger.info('import paused: the app is closing', { isv });
    return 'waiting';
  }
  const threadStopped = failure === 'thread-stopped';
  ctx.logger.error(threadStopped ? 'import thread stopped' : 'import step failed', { isv, reason: error.message });
  const reason = { reason: error.message };
  return postponeAfterStepFailure(
    ctx,
    row,
    threadStopped ? batchErrors.IMPORT_THREAD_STOPPED(reason) : batchErrors.IMPORT_STEP_FAILED(reason),
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
