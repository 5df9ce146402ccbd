import { codesIn, type AppliedApplicationRow, type SegmentRow } from '../rows';
import { isoAt, type StepResult, type WorkerContext } from './context';
import { importProgress, indexingProgress } from './progress';

/** Makes the imported segments' codes scannable: one sorted merge per look-up for the whole application, on the import thread. */
export async function buildLookups(ctx: WorkerContext, row: AppliedApplicationRow, segments: readonly SegmentRow[]): Promise<StepResult> {
  const session = ctx.sessions.get(row.isv_application_id) ?? { startedAt: ctx.now(), codes: 0 };
  const imported = segments.filter((segment) => segment.state === 'imported');
  const codesImported = codesIn(imported);
  const buildStarted = ctx.now();
  const result = await ctx.importThread.run({ kind: 'build-lookups', application_id: row.application_id }, (event) => {
    if (event.kind !== 'lookup-progress') return;
    const { lookup, merged, total } = event.progress;
    ctx.onProgress?.(
      indexingProgress(
        importProgress(row, session.startedAt, ctx.now(), {
          codesImported,
          sessionCodes: session.codes,
          segmentsImported: imported.length,
          segmentsTotal: segments.length,
        }),
        { lookup, merged, total, buildStarted },
        ctx.now(),
      ),
    );
  });
  if (result.kind !== 'build-lookups') throw new Error(`import thread answered ${result.kind} to build-lookups`);
  if (result.outcome.kind === 'built' && (row.last_error_json !== null || row.attempts > 0)) {
    ctx.store.clearRetry(row.isv_application_id, isoAt(ctx.now()));
  }
  if (result.outcome.kind === 'conflict') {
    ctx.logger.warn('segments failed: codes already in the ledger', {
      isv: row.isv_application_id,
      segments: result.outcome.failed_segments,
    });
  }
  ctx.changed(row.isv_application_id);
  return 'progressed';
}
