import type { PrintRunSummary, SegmentSummary } from '@shared/batches-contract';

export type IndexProblem = 'required' | 'notInteger';
export type RangeProblem =
  | { kind: 'reversed' }
  | { kind: 'outside'; last: number }
  /** `segment` is the segment holding `index`, when WeChat has listed one. */
  | { kind: 'notImported'; index: number; segment: Pick<SegmentSummary, 'code_start' | 'code_end' | 'state'> | undefined };

export interface ExportProblems {
  start?: IndexProblem;
  end?: IndexProblem;
  range?: RangeProblem;
  columns?: 'noColumns';
}

type Segment = Pick<SegmentSummary, 'code_start' | 'code_end' | 'state'>;

export function indexProblem(text: string): IndexProblem | undefined {
  if (text.trim() === '') return 'required';
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 0 ? undefined : 'notInteger';
}

/** The first index of `start…end` (inclusive) that no imported segment holds, if any. */
export function firstNotImported(segments: readonly Segment[], start: number, end: number): number | undefined {
  const imported = segments.filter((segment) => segment.state === 'imported').sort((a, b) => a.code_start - b.code_start);
  let position = start;
  for (const segment of imported) {
    if (segment.code_end < position) continue;
    if (segment.code_start > position) return position;
    position = segment.code_end + 1;
    if (position > end) return undefined;
  }
  return position <= end ? position : undefined;
}

/** What main would refuse, said before sending: indexes, order, bounds, imported segments, columns. */
export function checkExport(
  draft: { start: string; end: string; columns: readonly string[] },
  codeCount: number,
  segments: readonly Segment[],
): ExportProblems {
  const problems: ExportProblems = {};
  const start = indexProblem(draft.start);
  const end = indexProblem(draft.end);
  if (start) problems.start = start;
  if (end) problems.end = end;
  if (draft.columns.length === 0) problems.columns = 'noColumns';
  if (start || end) return problems;
  const from = Number(draft.start);
  const to = Number(draft.end);
  if (from > to) problems.range = { kind: 'reversed' };
  else if (to > codeCount - 1) problems.range = { kind: 'outside', last: codeCount - 1 };
  else {
    const index = firstNotImported(segments, from, to);
    if (index !== undefined) {
      const segment = segments.find((item) => item.code_start <= index && index <= item.code_end);
      problems.range = { kind: 'notImported', index, segment };
    }
  }
  return problems;
}

/** The first print run that overlaps `start…end`: exporting it again would print the same codes twice. */
export function overlappingRun<T extends Pick<PrintRunSummary, 'code_start' | 'code_end'>>(
  runs: readonly T[],
  start: number,
  end: number,
): T | undefined {
  return runs.find((run) => run.code_start <= end && start <= run.code_end);
}
