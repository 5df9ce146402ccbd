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
