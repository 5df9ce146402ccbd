/** What a failure does to an application: postponed (retried later) or failed, as failureVerdict decides. */
import type { AppError } from '../../../shared/errors';
import { toErrorPayload } from '../../../shared/error-catalogue/app';
import { backoffDelayMs } from '../../wechat';
import type { ApplicationRow, AppliedApplicationRow, SegmentRow } from '../rows';
import { isoAt, subjectOf, type StepResult, type WorkerContext } from './context';
import { failureVerdict } from './decisions';

/** A failure of WeChat or the network: fails the application ('settled') or postpones it ('waiting'). */
export function postpone(ctx: WorkerContext, row: ApplicationRow, error: unknown): StepResult {
  const { db, store, audit, logger } = ctx;
  const payload = toErrorPayload(error);
  const verdict = failureVerdict(error, row.attempts, ctx.offlinePolicy, ctx.random);
  if (verdict.kind === 'fail') {
    db.transaction(() => {
      store.markFailed(row.isv_application_id, payload, isoAt(ctx.now()));
      audit.append({
        actor: 'system',
        action: 'application.failed',
        subject: subjectOf(row),
        details: { state: row.state, error_code: payload.code },
      });
    }).immediate();
    logger.warn('application failed', { isv: row.isv_application_id, code: payload.code });
    ctx.changed(row.isv_application_id);
    return 'settled';
  }
  store.markRetry(row.isv_application_id, payload, isoAt(ctx.now() + verdict.delayMs), isoAt(ctx.now()));
  logger.info('application postponed', { isv: row.isv_application_id, code: payload.code, delayMs: verdict.delayMs });
  ctx.changed(row.isv_application_id);
  return 'waiting';
}

/** A failure of the import itself (the thread died, the disk is full): retried after a backoff pause, never failed. */
export function postponeAfterStepFailure(ctx: WorkerContext, row: ApplicationRow, error: AppError): StepResult {
  const delay = backoffDelayMs(row.attempts + 1, ctx.offlinePolicy, ctx.random);
  ctx.store.markRetry(row.isv_application_id, error.toPayload(), isoAt(ctx.now() + delay), isoAt(ctx.now()));
  ctx.changed(row.isv_application_id);
  return 'waiting';
}

/** The service refuses this segment: fail it, keep going with the others. */
export function failRefusedSegment(ctx: WorkerContext, row: AppliedApplicationRow, segment: SegmentRow, error: unknown): void {
  const payload = toErrorPayload(error);
  ctx.db
    .transaction(() => {
      ctx.store.markSegmentFailed(row.application_id, segment.code_start, payload, null);
      ctx.audit.append({
        actor: 'system',
        action: 'segment.failed',
        subject: subjectOf(row),
        details: { code_start: segment.code_start, code_end: segment.code_end, error_code: payload.code },
      });
    })
    .immediate();
  ctx.changed(row.isv_application_id);
}
