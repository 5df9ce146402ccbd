import type { ActivationSummary } from '../../shared/activation-contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { ActivationRow } from './activation-store';
import { productDetailsOf } from './product-details';

/** A row as the contract shows it: the count worked out, the JSON columns parsed, the bookkeeping columns left out. */
export function summarizeActivation(row: ActivationRow): ActivationSummary {
  return {
    id: row.id,
    application_id: row.application_id,
    code_start: row.code_start,
    code_end: row.code_end,
    count: row.code_end - row.code_start + 1,
    ...productDetailsOf(row),
    print_run_id: row.print_run_id,
    state: row.state,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error_json ? (JSON.parse(row.last_error_json) as AppErrorPayload) : null,
    confirmation: row.confirmation_json ? (JSON.parse(row.confirmation_json) as ActivationSummary['confirmation']) : null,
    confirmed_at: row.confirmed_at,
    created_by: row.created_by,
    created_at: row.created_at,
    sent_at: row.sent_at,
  };
}
