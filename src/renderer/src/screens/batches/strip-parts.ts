import type { ActivationSummary } from '@shared/activation-contract';
import type { PrintRunSummary, SegmentSummary } from '@shared/batches-contract';

/**
 * What a stretch of an application's index space holds: exported for print
 * (a print run covers it), imported (not yet exported), failed (its segment
 * failed to import) or free (not imported: pending, or not listed by WeChat);
 * and on top of those, the activations: pending (recorded or being sent),
 * active (live) or activationFailed (failed or in conflict: not live).
 */
export type StripKind = 'active' | 'pending' | 'activationFailed' | 'exported' | 'imported' | 'failed' | 'free';

/** The activation fields the strip needs; the part carries the caller's own object for hover details. */
export type StripActivation = Pick<ActivationSummary, 'id' | 'code_start' | 'code_end' | 'state'>;

/** An inclusive index range `start…end` (like `code_start`/`code_end` everywhere else) of one kind. */
export interface StripPart<A extends StripActivation = StripActivation> {
  start: number;
  end: number;
  kind: StripKind;
  /** The activation shown on this part (only for the activation kinds). */
  activation?: A;
}

/**
 * When ranges overlap the higher rank shows: a print run lies on top of its
 * imported segment, an activation on top of its print run; a pending one on
 * top of an earlier failed one, an active one on top of everything.
 */
const RANK: Record<StripKind, number> = { free: 0, failed: 1, imported: 2, exported: 3, activationFailed: 4, pending: 5, active: 6 };

/** The strip kind of an activation state; cancelled activations are not shown. */
export function activationKind(state: ActivationSummary['state']): StripKind | undefined {
  switch (state) {
    case 'pending':
    case 'sending':
      return 'pending';
    case 'active':
      return 'active';
    case 'failed':
    case 'conflict':
      return 'activationFailed';
    case 'cancelled':
      return undefined;
  }
}

type Range = Pick<SegmentSummary, 'code_start' | 'code_end'>;

interface Layer<A> {
  start: number;
  end: number;
  kind: StripKind;
  /** Breaks ties within one kind: the newer activation shows. */
  order: number;
  activation?: A;
}

/**
 * The strip diagram's geometry: `[0, code_count)` cut into consecutive parts
 * that cover it exactly, adjacent parts of the same kind (and the same
 * activation) merged. Ranges are clipped to the index space; reversed or empty
 * ones are ignored. A sweep over the boundaries: O(n log n) in the number of
 * ranges, so thousands of carton-run activations stay cheap.
 */
export function stripParts<A extends StripActivation = StripActivation>(
  codeCount: number,
  segments: readonly Pick<SegmentSummary, 'code_start' | 'code_end' | 'state'>[],
  printRuns: readonly Pick<PrintRunSummary, 'code_start' | 'code_end'>[],
  activations: readonly A[] = [],
): StripPart<A>[] {
  if (!Number.isSafeInteger(codeCount) || codeCount <= 0) return [];
  const last = codeCount - 1;
  const layers: Layer<A>[] = [];
  const add = (range: Range, kind: StripKind, order = 0, activation?: A) => {
    const start = Math.max(0, range.code_start);
    const end = Math.min(last, range.code_end);
    if (start <= end) layers.push(activation ? { start, end, kind, order, activation } : { start, end, kind, order });
  };
  for (const segment of segments) {
    if (segment.state === 'imported') add(segment, 'imported');
    else if (segment.state === 'failed') add(segment, 'failed');
  }
  for (const run of printRuns) add(run, 'exported');
  for (const activation of activations) {
    const kind = activationKind(activation.state);
    if (kind) add(activation, kind, activation.id, activation);
  }

  const above = (a: Layer<A>, b: Layer<A>) => RANK[a.kind] > RANK[b.kind] || (RANK[a.kind] === RANK[b.kind] && a.order > b.order);
  const heap = new TopHeap<Layer<A>>(above);
  const byStart = [...layers].sort((a, b) => a.start - b.start);
  const cuts = [...new Set([0, codeCount, ...layers.flatMap((layer) => [layer.start, layer.end + 1])])].sort((a, b) => a - b);

  const parts: StripPart<A>[] = [];
  let next = 0;
  for (let i = 0; i < cuts.length - 1; i++) {
    const at = cuts[i]!;
    while (next < byStart.length && byStart[next]!.start === at) heap.push(byStart[next++]!);
    // Lazy removal: only the top matters, so drop ended layers as they surface.
    while (heap.top() && heap.top()!.end < at) heap.pop();
    const top = heap.top();
    const kind = top?.kind ?? 'free';
    const activation = top?.activation;
    const end = cuts[i + 1]! - 1;
    const previous = parts[parts.length - 1];
    if (previous && previous.kind === kind && previous.activation === activation) previous.end = end;
    else parts.push(activation ? { start: at, end, kind, activation } : { start: at, end, kind });
  }
  return parts;
}

/** A binary heap whose top is the item no other item is `above`. */
class TopHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly above: (a: T, b: T) => boolean) {}

  top(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (items.length === 0 || last === undefined) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && this.above(items[left]!, items[best]!)) best = left;
      if (right < items.length && this.above(items[right]!, items[best]!)) best = right;
      if (best === i) break;
      [items[i], items[best]] = [items[best]!, items[i]!];
      i = best;
    }
  }
}
