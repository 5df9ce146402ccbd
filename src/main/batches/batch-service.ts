import type { ApplicationDetail, ApplicationSummary, ApplyRequest, ImportProgress } from '../../shared/batches-contract';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { applicationExistsError, applicationFailedError, applicationNotFoundError } from './batch-errors';
import { createBatchStore, type ApplicationRow } from './batch-store';
import { createBatchWorker, type BatchWorkerOptions } from './batch-worker';
import { newIsvApplicationId } from './isv-id';
import { createWorkLoop } from '../background/work-loop';
import { summarizeApplication, summarizeSegment } from './summaries';

export interface BatchServiceOptions extends Pick<BatchWorkerOptions, 'now' | 'random' | 'sleep' | 'pollDelayMs' | 'offlineRetry'> {
  db: SqliteDatabase;
  audit: AuditLog;
  logger: Logger;
  connection: () => Promise<ActiveConnection>;
  importThread: BatchWorkerOptions['importThread'];
  failedPackagesDir: string | null;
  /** Print runs of an application, from the export service. */
  printRuns?: (applicationId: number) => ApplicationDetail['print_runs'];
  onChanged?: (summary: ApplicationSummary) => void;
  onProgress?: (progress: ImportProgress) => void;
}

/** Applying for, waiting on and importing code batches; the background loop keeps them moving. */
export function createBatchService(options: BatchServiceOptions) {
  const { db, audit } = options;
  const store = createBatchStore(db);
  const now = options.now ?? Date.now;

  const worker = createBatchWorker({
    ...options,
    store,
    onChanged: (isv) => {
      const row = store.applicationByIsv(isv);
      if (row) options.onChanged?.(summarizeApplication(store, row));
    },
  });

  function find(reference: string | number): ApplicationRow {
    const row = typeof reference === 'number' ? store.applicationById(reference) : store.applicationByIsv(reference);
    if (!row) throw applicationNotFoundError(reference);
    return row;
  }

  const kick = (): void => loop.kick();

  // Round-robin over unsettled applications: each step moves one of them.
  let cursor = 0;
  const loop = createWorkLoop({
    async step() {
      const due = store.unsettledApplications().filter((row) => !row.next_attempt_at || Date.parse(row.next_attempt_at) <= now());
      if (due.length === 0) return 'idle';
      const row = due[cursor++ % due.length]!;
      const result = await worker.step(row.isv_application_id);
      return result === 'progressed' || due.length > 1 ? 'progressed' : 'waiting';
    },
    nextDueInMs() {
      const times = store.unsettledApplications().map((row) => (row.next_attempt_at ? Date.parse(row.next_attempt_at) - now() : 0));
      return times.length === 0 ? undefined : Math.max(0, Math.min(...times));
    },
    onError: (error) => options.logger.error('batch step failed', { error: String(error) }),
  });

  return {
    /** Records the application (and its isv_application_id) first, then lets the worker send it. */
    apply(request: ApplyRequest & { isv_application_id?: string }, actor: string): ApplicationSummary {
      const isv = request.isv_application_id ?? newIsvApplicationId(new Date(now()));
      if (store.applicationByIsv(isv)) throw applicationExistsError(isv);
      const at = new Date(now()).toISOString();
      const label = request.label && request.label !== '' ? request.label : null;
      db.transaction(() => {
        store.insertApplication({ isv_application_id: isv, code_count: request.code_count, label, created_by: actor, now: at });
        audit.append({ actor, action: 'application.requested', subject: `isv:${isv}`, details: { code_count: request.code_count, label } });
      }).immediate();
      const summary = summarizeApplication(store, find(isv));
      options.onChanged?.(summary);
      kick();
      return summary;
    },
    list(): ApplicationSummary[] {
      return store.applications().map((row) => summarizeApplication(store, row));
    },
    detail(reference: string | number): ApplicationDetail {
      const row = find(reference);
      return {
        application: summarizeApplication(store, row),
        segments: row.application_id === null ? [] : store.segments(row.application_id).map(summarizeSegment),
        print_runs: row.application_id === null ? [] : (options.printRuns?.(row.application_id) ?? []),
      };
    },
    /** Failed segments go back to pending and a failed application resumes where it stopped. */
    retry(reference: string | number, actor: string): ApplicationSummary {
      const row = find(reference);
      db.transaction(() => {
        const segmentsReset = row.application_id === null ? 0 : store.retryFailedSegments(row.application_id);
        const resumeState = row.application_id === null ? 'applying' : row.finished_at ? 'downloading' : 'waiting';
        if (row.state === 'failed' || segmentsReset > 0)
          store.markState(row.isv_application_id, resumeState, new Date(now()).toISOString());
        audit.append({
          actor,
          action: 'application.retried',
          subject: row.application_id === null ? `isv:${row.isv_application_id}` : `application:${row.application_id}`,
          details: { segments_reset: segmentsReset },
        });
      }).immediate();
      const summary = summarizeApplication(store, find(reference));
      options.onChanged?.(summary);
      kick();
      return summary;
    },
    /** One step for one application, if due (tests and diagnostics). */
    step: (reference: string | number) => worker.step(find(reference).isv_application_id),
    /** Drives one application to the end (CLI `download`); throws if it ends failed. */
    async settle(reference: string | number, signal?: AbortSignal): Promise<ApplicationSummary> {
      const row = find(reference);
      await worker.settle(row.isv_application_id, signal);
      const summary = summarizeApplication(store, find(row.isv_application_id));
      if (summary.state === 'failed') throw applicationFailedError(reference, summary.last_error?.message ?? summary.state);
      return summary;
    },
    /** Starts moving every unsettled application in the background (the app and the harness). */
    start: () => loop.start(),
    stop: () => loop.stop(),
    kick,
    store,
  };
}

export type BatchService = ReturnType<typeof createBatchService>;
