import type { ActivationDisplayState, ActivationSummary } from '../../shared/activation-contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { ActivationRow } from './activation-store';
import { productDetailsOf } from './product-details';

/** The errcode 1 answer's code: the barcode is under review (outbox-rules.ts waits 24 h). */
export const UNDER_REVIEW_CODE = 'WECHAT_1';

/** The state a person sees: pending after errcode 1 is `review` (the reason is in last_error). */
export function displayState(row: Pick<ActivationRow, 'state'>, lastError: AppErrorPayload | null): ActivationDisplayState {
  return row.state === 'pending' && lastError?.code === UNDER_REVIEW_CODE ? 'review' : row.state;
}

/** A row as the contract shows it: the count worked out, the JSON columns parsed, the bookkeeping columns left out. */
export function summarizeActivation(row: ActivationRow): ActivationSummary {
  const lastError = row.last_error_json ? (JSON.parse(row.last_error_json) as AppErrorPayload) : null;
  return {
    id: row.id,
    application_id: row.application_id,
    code_start: row.code_start,
    code_end: row.code_end,
    count: row.code_end - row.code_start + 1,
    ...productDetailsOf(row),
    print_run_id: row.print_run_id,
    state: displayState(row, lastError),
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: lastError,
    confirmation: row.confirmation_json ? (JSON.parse(row.confirmation_json) as ActivationSummary['confirmation']) : null,
    confirmed_at: row.confirmed_at,
    created_by: row.created_by,
    created_at: row.created_at,
    sent_at: row.sent_at,
  };
}
