/** The steps of an application before and after its segments: applying, waiting for WeChat, marking it imported. */
import { batchErrors } from '../../../shared/error-catalogue/batches';
import type { ActiveConnection } from '../../connection';
import { APPLICATION_FINISHED } from '../../wechat';
import type { ApplicationRow, AppliedApplicationRow, SegmentRow } from '../rows';
import { isoAt, subjectOf, type StepResult, type WorkerContext } from './context';
import { pollDelayMs, segmentListMismatch } from './decisions';
import { postpone } from './postpone';

/** Sends `applycode`, always with the stored isv_application_id: a retry after a lost answer gets the same application back. */
export async function applyStep(ctx: WorkerContext, row: ApplicationRow, connection: ActiveConnection): Promise<StepResult> {
  try {
    const { application_id } = await connection.client.applyCode({
      code_count: row.code_count,
      isv_application_id: row.isv_application_id,
    });
    ctx.db
      .transaction(() => {
        ctx.store.markApplied(row.isv_application_id, application_id, isoAt(ctx.now()));
        ctx.audit.append({
          actor: 'system',
          action: 'application.applied',
          subject: `application:${application_id}`,
          details: { isv_application_id: row.isv_application_id, code_count: row.code_count },
        });
      })
      .immediate();
    ctx.changed(row.isv_application_id);
    return 'progressed';
  } catch (error) {
    return postpone(ctx, row, error);
  }
}

/** Asks whether WeChat has generated the codes; once it has, records the segments to download. */
export async function queryStep(ctx: WorkerContext, row: AppliedApplicationRow, connection: ActiveConnection): Promise<StepResult> {
  let status;
  try {
    status = await connection.client.queryApplication({ application_id: row.application_id });
  } catch (error) {
    return postpone(ctx, row, error);
  }
  if (status.status !== APPLICATION_FINISHED) {
    const delay = pollDelayMs(row.attempts, ctx.poll);
    ctx.store.markRemoteStatus(row.isv_application_id, status.status, isoAt(ctx.now() + delay), isoAt(ctx.now()));
    ctx.changed(row.isv_application_id);
    return 'waiting';
  }
  const segments = status.code_generate_list;
  const covered = segmentListMismatch(segments, row.code_count);
  if (covered !== undefined) {
    const mismatch = batchErrors.APPLICATION_SEGMENTS_MISMATCH({ application_id: row.application_id, covered, code_count: row.code_count });
    return postpone(ctx, row, mismatch);
  }
  ctx.db
    .transaction(() => {
      for (const segment of segments) ctx.store.insertSegment(row.application_id, segment.code_start, segment.code_end);
      ctx.store.markFinished(row.isv_application_id, status.status, isoAt(ctx.now()));
      ctx.audit.append({
        actor: 'system',
        action: 'application.finished',
        subject: subjectOf(row),
        details: { segments: segments.length },
      });
    })
    .immediate();
  ctx.changed(row.isv_application_id);
  return 'progressed';
}

/** Every segment is imported and indexed: the application is done. */
export function markImported(ctx: WorkerContext, row: AppliedApplicationRow, segments: readonly SegmentRow[]): void {
  ctx.db
    .transaction(() => {
      ctx.store.markState(row.isv_application_id, 'imported', isoAt(ctx.now()));
      ctx.audit.append({
        actor: 'system',
        action: 'application.imported',
        subject: subjectOf(row),
        details: { codes: row.code_count, segments: segments.length },
      });
    })
    .immediate();
  ctx.sessions.delete(row.isv_application_id);
  ctx.changed(row.isv_application_id);
}
