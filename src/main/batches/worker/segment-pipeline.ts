/**
 * Downloads and imports up to PIPELINE_SEGMENTS pending segments of an application.
 * Downloads overlap imports: while the thread imports one segment, the next one is
 * downloaded and queued behind it (at most two on the thread, so memory stays flat).
 */
import type { ActiveConnection } from '../../connection';
import type { ColumnRole } from '../../packages';
import { classifyFailure } from '../../wechat';
import { codesIn, type AppliedApplicationRow, type SegmentRow } from '../rows';
import { isoAt, sessionOf, type ImportSession, type StepResult, type WorkerContext } from './context';
import { failRefusedSegment, postpone } from './postpone';
import { importProgress } from './progress';

/** Segments one step downloads and imports (downloads overlapping imports) before it yields to other applications. */
const PIPELINE_SEGMENTS = 8;

/** One step's imports of one application: what the progress events and the outcome handling share. */
interface PipelineRun {
  row: AppliedApplicationRow;
  connection: ActiveConnection;
  segmentsTotal: number;
  session: ImportSession;
  codesImported: number;
  segmentsImported: number;
  /** The service key is wrong: every other segment would fail the same way. */
  stopped: boolean;
  /** The application's postponement is cleared (or there was none). */
  retryCleared: boolean;
  /** The column mapping set by hand for this account; null: detected per segment. */
  columns: ColumnRole[] | null;
}

export async function importPending(
  ctx: WorkerContext,
  row: AppliedApplicationRow,
  connection: ActiveConnection,
  segments: readonly SegmentRow[],
): Promise<StepResult> {
  const pending = segments.filter((segment) => segment.state === 'pending').slice(0, PIPELINE_SEGMENTS);
  const imported = segments.filter((segment) => segment.state === 'imported');
  const run: PipelineRun = {
    row,
    connection,
    segmentsTotal: segments.length,
    session: sessionOf(ctx, row.isv_application_id),
    codesImported: codesIn(imported),
    segmentsImported: imported.length,
    stopped: false,
    retryCleared: row.last_error_json === null && row.attempts === 0,
    columns: ctx.packageLayouts.read(connection.account),
  };

  const importing: Promise<void>[] = [];
  try {
    for (const segment of pending) {
      if (run.stopped) break;
      let buffer: Uint8Array<ArrayBuffer>;
      try {
        ({ buffer } = await connection.client.downloadSegmentBytes({
          application_id: row.application_id,
          code_start: segment.code_start,
          code_end: segment.code_end,
        }));
      } catch (error) {
        await Promise.all(importing.splice(0));
        if (classifyFailure(error) !== 'permanent') return run.stopped ? 'progressed' : postpone(ctx, row, error);
        failRefusedSegment(ctx, row, segment, error);
        return 'progressed';
      }
      if (run.stopped) break;
      const importedOne = importOne(ctx, run, segment, buffer);
      // Awaited below; handled now so a failure while the next download runs is not an unhandled rejection.
      importedOne.catch(() => undefined);
      importing.push(importedOne);
      if (importing.length >= 2) await importing.shift();
    }
  } finally {
    await Promise.all(importing);
  }
  return 'progressed';
}

/** Imports one downloaded segment on the thread; resolves once its outcome is recorded. */
async function importOne(ctx: WorkerContext, run: PipelineRun, segment: SegmentRow, buffer: Uint8Array<ArrayBuffer>): Promise<void> {
  const { row } = run;
  const result = await ctx.importThread.run(
    {
      kind: 'import-segment',
      segment,
      buffer,
      service_key: run.connection.serviceKey,
      columns: run.columns,
      failed_packages_dir: ctx.failedPackagesDir,
    },
    (event) => {
      if (event.kind !== 'segment-progress') return;
      ctx.onProgress?.(
        importProgress(row, run.session.startedAt, ctx.now(), {
          codesImported: run.codesImported + event.codes_in_segment,
          sessionCodes: run.session.codes + event.codes_in_segment,
          segmentsImported: run.segmentsImported,
          segmentsTotal: run.segmentsTotal,
        }),
      );
    },
    // Moved, not copied: the main thread never holds the package longer than the download.
    [buffer.buffer],
  );
  if (result.kind !== 'import-segment') throw new Error(`import thread answered ${result.kind} to import-segment`);
  const outcome = result.outcome;
  if (outcome.ok) {
    run.session.codes += outcome.count;
    run.codesImported += outcome.count;
    run.segmentsImported += 1;
    clearRetryOnce(ctx, run);
  } else if (outcome.error.code === 'PACKAGE_WRONG_KEY') {
    // Every other segment would fail the same way: stop until the key is fixed.
    run.stopped = true;
    ctx.db.transaction(() => ctx.store.markFailed(row.isv_application_id, outcome.error, isoAt(ctx.now()))).immediate();
  }
  ctx.changed(row.isv_application_id);
}

/** Once a segment went through after a postponement; only then, since any write waits for the thread's transaction. */
function clearRetryOnce(ctx: WorkerContext, run: PipelineRun): void {
  if (run.retryCleared) return;
  run.retryCleared = true;
  ctx.store.clearRetry(run.row.isv_application_id, isoAt(ctx.now()));
}
