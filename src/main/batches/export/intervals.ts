import type { SegmentRow } from '../rows';
import type { CodeInterval } from './types';

/** Sorted, merged inclusive intervals; runs that overlap or touch (`end + 1 === next start`) become one. */
export function mergeIntervals(sorted: readonly { code_start: number; code_end: number }[]): CodeInterval[] {
  const merged: CodeInterval[] = [];
  for (const { code_start, code_end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && code_start <= last[1] + 1) {
      if (code_end > last[1]) last[1] = code_end;
    } else {
      merged.push([code_start, code_end]);
    }
  }
  return merged;
}

/** The first index of `start…end` not inside an imported segment, or undefined when the whole range is covered. */
export function firstUncovered(
  segments: readonly Pick<SegmentRow, 'code_start' | 'code_end' | 'state'>[],
  start: number,
  end: number,
): number | undefined {
  let cursor = start;
  const imported = segments.filter((segment) => segment.state === 'imported').sort((a, b) => a.code_start - b.code_start);
  for (const segment of imported) {
    if (segment.code_end < cursor) continue;
    if (segment.code_start > cursor) return cursor;
    cursor = segment.code_end + 1;
    if (cursor > end) return undefined;
  }
  return cursor;
}
