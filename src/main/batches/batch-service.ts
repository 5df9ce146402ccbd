import type { ApplicationDetail, ApplicationSummary, ApplyRequest, ImportProgress } from '../../shared/batches-contract';
import { batchErrors, type ApplicationReference } from '../../shared/error-catalogue/batches';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import type { ColumnRole } from '../packages';
import type { Actor } from '../supervisors/actor';
import type { PackageLayoutInfo } from '../../shared/package-contract';
import { createBatchLoop } from './batch-loop';
import { createBatchStore, type BatchStore } from './batch-store';
import { newIsvApplicationId } from './isv-id';
import { createPackageInspector, type PackageInspector } from './package-inspector';
import { createPackageLayoutSetting, packageLayoutOfActiveAccount } from './package-layout-setting';
import type { ApplicationRow } from './rows';
import { summarizeApplication, summarizeSegment } from './summaries';
import { createBatchWorker, type BatchWorkerOptions, type StepResult } from './worker/batch-worker';
import { subjectOf } from './worker/context';
import { resumeState } from './worker/decisions';

/** Applying for, waiting on and importing code batches; the background loop keeps them moving. */
export interface BatchService {
  /** Records the application (and its isv_application_id) first, then lets the worker send it. */
  apply(request: ApplyRequest & { isv_application_id?: string }, actor: Actor): ApplicationSummary;
  /** Every application, newest first. */
  list(): ApplicationSummary[];
  /** One application (by WeChat's number or the isv_application_id) with its segments and print runs. */
  detail(reference: string | number): ApplicationDetail;
  /** Failed segments go back to pending and a failed application resumes where it stopped. */
  retry(reference: string | number, actor: Actor): ApplicationSummary;
  /** One step for one application, if due (tests and diagnostics). */
  step(reference: string | number): Promise<StepResult>;
  /** Drives one application to the end (CLI `download`); throws if it ends failed. */
  settle(reference: string | number, signal?: AbortSignal): Promise<ApplicationSummary>;
  /** The package layout IT set by hand for the active account (columns null: detected). */
  packageLayout(): Promise<PackageLayoutInfo>;
  /** Sets (null: clears) the active account's package layout; used by the next import. */
  setPackageLayout(columns: readonly ColumnRole[] | null, actor: Actor): Promise<PackageLayoutInfo>;
  /** Decrypts and describes a segment's package (kept or downloaded again) with the importer's verdict; imports nothing. */
  /** Inspects one segment's package (a kept download, or downloaded again); audited, since it decrypts a package. */
  inspectSegment(
    applicationId: number,
    codeStart: number,
    actor: Actor,
    columns?: Parameters<PackageInspector['inspectSegment']>[2],
  ): ReturnType<PackageInspector['inspectSegment']>;
  /** The same for a kept package file. */
  inspectFile: PackageInspector['inspectFile'];
  /** Starts moving every unsettled application in the background (the app and the harness). */
  start(): void;
  stop(): Promise<void>;
  /** Something is due now: step without waiting for the loop's sleep to end. */
  kick(): void;
  store: BatchStore;
}

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

export function createBatchService(options: BatchServiceOptions): BatchService {
  const { db, audit } = options;
  const store = createBatchStore(db);
  const now = options.now ?? Date.now;
  const packageLayouts = createPackageLayoutSetting(db, audit, now);
  const worker = createBatchWorker({
    ...options,
    store,
    packageLayouts,
    onChanged: (isv) => {
      const row = store.applicationByIsv(isv);
      if (row) options.onChanged?.(summarizeApplication(store, row));
    },
  });
  const loop = createBatchLoop(store, worker, now, options.logger);
  const inspector = createPackageInspector({ store, connection: options.connection, packageLayouts });

  function find(reference: string | number): ApplicationRow {
    const row = typeof reference === 'number' ? store.applicationById(reference) : store.applicationByIsv(reference);
    if (!row) throw batchErrors.APPLICATION_NOT_FOUND(referenceOf(reference));
    return row;
  }

  /** The application's summary as it is now, sent to listeners; the loop looks at it at once. */
  function announce(reference: string | number): ApplicationSummary {
    const summary = summarizeApplication(store, find(reference));
    options.onChanged?.(summary);
    loop.kick();
    return summary;
  }

  return {
    apply(request, actor) {
      const isv = request.isv_application_id ?? newIsvApplicationId(new Date(now()));
      if (store.applicationByIsv(isv)) throw batchErrors.APPLICATION_EXISTS({ isv_application_id: isv });
      const at = new Date(now()).toISOString();
      const label = request.label && request.label !== '' ? request.label : null;
      db.transaction(() => {
        store.insertApplication({ isv_application_id: isv, code_count: request.code_count, label, created_by: actor, now: at });
        audit.append({ actor, action: 'application.requested', subject: `isv:${isv}`, details: { code_count: request.code_count, label } });
      }).immediate();
      return announce(isv);
    },
    list: () => store.applications().map((row) => summarizeApplication(store, row)),
    detail(reference) {
      const row = find(reference);
      return {
        application: summarizeApplication(store, row),
        segments: row.application_id === null ? [] : store.segments(row.application_id).map(summarizeSegment),
        print_runs: row.application_id === null ? [] : (options.printRuns?.(row.application_id) ?? []),
      };
    },
    retry(reference, actor) {
      const row = find(reference);
      db.transaction(() => {
        const segmentsReset = row.application_id === null ? 0 : store.retryFailedSegments(row.application_id);
        if (row.state === 'failed' || segmentsReset > 0)
          store.markState(row.isv_application_id, resumeState(row), new Date(now()).toISOString());
        audit.append({ actor, action: 'application.retried', subject: subjectOf(row), details: { segments_reset: segmentsReset } });
      }).immediate();
      return announce(reference);
    },
    step: (reference) => worker.step(find(reference).isv_application_id),
    async settle(reference, signal) {
      const row = find(reference);
      await worker.settle(row.isv_application_id, signal);
      const summary = summarizeApplication(store, find(row.isv_application_id));
      if (summary.state === 'failed') {
        throw batchErrors.APPLICATION_FAILED({ reference, reason: summary.last_error?.message ?? summary.state });
      }
      return summary;
    },
    ...packageLayoutOfActiveAccount(packageLayouts, options.connection),
    ...auditedInspection(inspector, audit),
    start: () => loop.start(),
    stop: () => loop.stop(),
    kick: () => loop.kick(),
    store,
  };
}

/** Inspecting a segment decrypts its package again: a supervisor's action, so it is audited; a kept file is read as is. */
function auditedInspection(inspector: PackageInspector, audit: AuditLog): Pick<BatchService, 'inspectSegment' | 'inspectFile'> {
  return {
    async inspectSegment(applicationId, codeStart, actor, columns) {
      const inspection = await inspector.inspectSegment(applicationId, codeStart, columns);
      audit.append({ actor, action: 'package.inspected', subject: `application:${applicationId}`, details: { code_start: codeStart } });
      return inspection;
    },
    inspectFile: (path, columns) => inspector.inspectFile(path, columns),
  };
}

/** A number is WeChat's application_id; a string our isv_application_id. */
function referenceOf(reference: string | number): ApplicationReference {
  return typeof reference === 'number' ? { application_id: reference } : { isv_application_id: reference };
}
