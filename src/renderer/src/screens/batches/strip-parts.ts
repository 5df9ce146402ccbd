import type { PrintRunSummary, SegmentSummary } from '../../../../shared/batches-contract';

/**
 * What a stretch of an application's index space holds: exported for print
 * (a print run covers it), imported (not yet exported), failed (its segment
 * failed to import) or free (not imported: pending, or not listed by WeChat).
 */
export type StripKind = 'exported' | 'imported' | 'failed' | 'free';

/** An inclusive index range `start…end` (like `code_start`/`code_end` everywhere else) of one kind. */
export interface StripPart {
  start: number;
  end: number;
  kind: StripKind;
}

/** When ranges overlap the higher rank shows: a print run lies on top of its imported segment. */
const RANK: Record<StripKind, number> = { free: 0, failed: 1, imported: 2, exported: 3 };
const KIND_OF_RANK: StripKind[] = ['free', 'failed', 'imported', 'exported'];

type Range = Pick<SegmentSummary, 'code_start' | 'code_end'>;

/**
 * The strip diagram's geometry: `[0, code_count)` cut into consecutive parts
 * that cover it exactly, adjacent parts of the same kind merged. Ranges are
 * clipped to the index space; reversed or empty ones are ignored.
 */
export function stripParts(
  codeCount: number,
  segments: readonly Pick<SegmentSummary, 'code_start' | 'code_end' | 'state'>[],
  printRuns: readonly Pick<PrintRunSummary, 'code_start' | 'code_end'>[],
): StripPart[] {
  if (!Number.isSafeInteger(codeCount) || codeCount <= 0) return [];
  const last = codeCount - 1;
  const layers: { start: number; end: number; rank: number }[] = [];
  const add = (range: Range, kind: StripKind) => {
    const start = Math.max(0, range.code_start);
    const end = Math.min(last, range.code_end);
    if (start <= end) layers.push({ start, end, rank: RANK[kind] });
  };
  for (const segment of segments) {
    if (segment.state === 'imported') add(segment, 'imported');
    else if (segment.state === 'failed') add(segment, 'failed');
  }
  for (const run of printRuns) add(run, 'exported');

  // Elementary intervals between every boundary; each layer raises the rank of those it covers.
  const cuts = [...new Set([0, codeCount, ...layers.flatMap((layer) => [layer.start, layer.end + 1])])].sort((a, b) => a - b);
  const ranks = new Array<number>(cuts.length - 1).fill(RANK.free);
  for (const layer of layers) {
    const to = indexOf(cuts, layer.end + 1);
    for (let i = indexOf(cuts, layer.start); i < to; i++) ranks[i] = Math.max(ranks[i]!, layer.rank);
  }

  const parts: StripPart[] = [];
  for (let i = 0; i < ranks.length; i++) {
    const kind = KIND_OF_RANK[ranks[i]!]!;
    const end = cuts[i + 1]! - 1;
    const previous = parts[parts.length - 1];
    if (previous && previous.kind === kind) previous.end = end;
    else parts.push({ start: cuts[i]!, end, kind });
  }
  return parts;
}

/** Position of `value` in the sorted `cuts` (it is always there). */
function indexOf(cuts: readonly number[], value: number): number {
  let low = 0;
  let high = cuts.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cuts[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
