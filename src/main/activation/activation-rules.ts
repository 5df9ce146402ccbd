/**
 * The ledger's rules for an activation's range and state, as pure functions
 * over plain facts. The service gathers the facts (segments, the overlapping
 * activation, the row's state) and turns a broken rule into its error.
 */
import type { ActivationState } from '../../shared/activation-contract';
import type { SegmentRow } from '../batches';

/** What the coverage rule needs to know about a segment. */
export type SegmentCoverage = Pick<SegmentRow, 'code_start' | 'code_end' | 'state' | 'indexed_at'>;

/** Where a range first leaves the codes a station can verify. */
export interface CoverageGap {
  /** `not_imported`: no imported segment holds the index; `not_indexed`: one does, but its scan look-ups are not built yet. */
  kind: 'not_imported' | 'not_indexed';
  first_missing: number;
}

/**
 * The first index of [start, end] that is not in an imported segment whose
 * codes can be scanned, or undefined when the whole range is. `segments` are
 * one application's, in code_start order.
 */
export function coverageGap(segments: Iterable<SegmentCoverage>, start: number, end: number): CoverageGap | undefined {
  let next = start;
  for (const segment of segments) {
    if (segment.code_end < next) continue;
    if (segment.code_start > next || segment.state !== 'imported') break;
    // Codes not yet in the scan look-ups would fail at the verification station.
    if (segment.indexed_at === null) return { kind: 'not_indexed', first_missing: next };
    next = segment.code_end + 1;
    if (next > end) return undefined;
  }
  return { kind: 'not_imported', first_missing: next };
}

export type StateAction = 'retry' | 'cancel';

/** The states a supervisor's retry or cancel may start from: a sent or sending activation stays as it is. */
export const FROM_STATES: Record<StateAction, readonly ActivationState[]> = {
  retry: ['failed', 'conflict'],
  cancel: ['pending', 'failed', 'conflict'],
};

export function mayChangeState(state: ActivationState, action: StateAction): boolean {
  return FROM_STATES[action].includes(state);
}

/** What the last reconcile learned from WeChat about an activation (reconcile_checks), and the send count it was asked at. */
export interface RemoteCheckFact {
  remote: 'absent' | 'held' | 'differs';
  attempts: number;
}

export type CancelRefusal =
  | { kind: 'wrong_state' }
  /** Sent at least once, and no reconcile since its last send says WeChat does not have it. */
  | { kind: 'needs_reconcile'; remote: 'held' | 'differs' | 'unknown' };

/**
 * Why an activation may not be cancelled, if it may not. One that was sent may be
 * held by WeChat whatever the ledger says (a send that timed out can still land),
 * so it is cancelled only after reconcile asked WeChat since its last send and
 * WeChat had none of it.
 */
export function cancelRefusal(
  row: { state: ActivationState; attempts: number; sent_at: string | null },
  check: RemoteCheckFact | undefined,
): CancelRefusal | undefined {
  if (!mayChangeState(row.state, 'cancel')) return { kind: 'wrong_state' };
  if (row.attempts === 0 && row.sent_at === null) return undefined;
  const remote = check && check.attempts === row.attempts ? check.remote : 'unknown';
  return remote === 'absent' ? undefined : { kind: 'needs_reconcile', remote };
}
