import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ActivationState } from '@shared/activation-contract';
import { activationKind, stripParts, type StripKind } from '@renderer/screens/batches/strip-parts';

type SegmentState = 'pending' | 'imported' | 'failed';
const segment = (code_start: number, code_end: number, state: SegmentState = 'imported') => ({ code_start, code_end, state });
const run = (code_start: number, code_end: number) => ({ code_start, code_end });
const activation = (id: number, code_start: number, code_end: number, state: ActivationState) => ({ id, code_start, code_end, state });

/** The parts without the activation objects: `[start, end, kind, activation id?]`. */
const shape = (parts: ReturnType<typeof stripParts>) =>
  parts.map((part) => (part.activation ? [part.start, part.end, part.kind, part.activation.id] : [part.start, part.end, part.kind]));

describe('range map geometry (stripParts with activations)', () => {
  it('lays active over exported over imported, and keeps the activation on its part', () => {
    const live = activation(1, 0, 999, 'active');
    const parts = stripParts(20_000, [segment(0, 19_999)], [run(0, 9_999)], [live]);
    expect(shape(parts)).toEqual([
      [0, 999, 'active', 1],
      [1_000, 9_999, 'exported'],
      [10_000, 19_999, 'imported'],
    ]);
    expect(parts[0]!.activation).toBe(live);
    expect('activation' in parts[1]!).toBe(false);
  });

  it('names every state: pending and sending are pending, failed and conflict are failed, cancelled is not drawn', () => {
    expect((['pending', 'sending', 'active', 'failed', 'conflict', 'cancelled'] as const).map(activationKind)).toEqual([
      'pending',
      'pending',
      'active',
      'activationFailed',
      'activationFailed',
      undefined,
    ]);
    const parts = stripParts(
      10_000,
      [segment(0, 9_999)],
      [],
      [
        activation(1, 0, 99, 'pending'),
        activation(2, 100, 199, 'sending'),
        activation(3, 200, 299, 'failed'),
        activation(4, 300, 399, 'conflict'),
        activation(5, 400, 499, 'cancelled'),
      ],
    );
    expect(shape(parts)).toEqual([
      [0, 99, 'pending', 1],
      [100, 199, 'pending', 2],
      [200, 299, 'activationFailed', 3],
      [300, 399, 'activationFailed', 4],
      [400, 9_999, 'imported'],
    ]);
  });

  it('keeps neighbouring activations of one kind apart (each has its own hover), and merges the rest', () => {
    const parts = stripParts(
      3_000,
      [segment(0, 1_499), segment(1_500, 2_999)],
      [run(0, 999), run(1_000, 1_999)],
      [activation(7, 0, 499, 'active'), activation(8, 500, 999, 'active')],
    );
    expect(shape(parts)).toEqual([
      [0, 499, 'active', 7],
      [500, 999, 'active', 8],
      [1_000, 1_999, 'exported'],
      [2_000, 2_999, 'imported'],
    ]);
  });

  it('shows a retry over a failed attempt, a live range over a failed one, and the newer of two failed ones', () => {
    const parts = stripParts(
      1_000,
      [segment(0, 999)],
      [],
      [
        activation(1, 0, 499, 'failed'),
        activation(2, 100, 199, 'pending'),
        activation(3, 300, 399, 'active'),
        activation(4, 450, 599, 'conflict'),
      ],
    );
    expect(shape(parts)).toEqual([
      [0, 99, 'activationFailed', 1],
      [100, 199, 'pending', 2],
      [200, 299, 'activationFailed', 1],
      [300, 399, 'active', 3],
      [400, 449, 'activationFailed', 1],
      [450, 599, 'activationFailed', 4],
      [600, 999, 'imported'],
    ]);
  });

  it('clips activations to the index space and draws over not-imported space too', () => {
    expect(shape(stripParts(1_000, [segment(0, 499)], [], [activation(1, 400, 5_000, 'active')]))).toEqual([
      [0, 399, 'imported'],
      [400, 999, 'active', 1],
    ]);
  });

  it('stays fast for thousands of carton runs on twenty million codes', () => {
    const segments = Array.from({ length: 400 }, (_, i) => segment(i * 50_000, i * 50_000 + 49_999));
    const runs = Array.from({ length: 2_000 }, (_, i) => run(i * 10_000, i * 10_000 + 9_999));
    const activations = Array.from({ length: 5_000 }, (_, i) =>
      activation(i + 1, i * 4_000, i * 4_000 + 3_999, i % 7 === 0 ? 'failed' : 'active'),
    );
    const started = performance.now();
    const parts = stripParts(20_000_000, segments, runs, activations);
    expect(performance.now() - started).toBeLessThan(500);
    // Every index is in an activation: one part each, none merged.
    expect(parts).toHaveLength(5_000);
    expect(shape(parts.slice(-1))).toEqual([[19_996_000, 19_999_999, 'active', 5_000]]);
    expect(shape(parts.slice(0, 1))).toEqual([[0, 3_999, 'activationFailed', 1]]);
  });

  it('matches a per-index oracle: the highest layer shows, ties go to the newer activation', () => {
    const RANK: Record<StripKind, number> = { free: 0, failed: 1, imported: 2, exported: 3, activationFailed: 4, pending: 5, active: 6 };
    const range = fc.tuple(fc.integer({ min: -5, max: 160 }), fc.integer({ min: -5, max: 160 }));
    const states = fc.constantFrom<ActivationState>('pending', 'sending', 'active', 'failed', 'conflict', 'cancelled');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.array(fc.tuple(range, fc.constantFrom<SegmentState>('pending', 'imported', 'failed')), { maxLength: 6 }),
        fc.array(range, { maxLength: 6 }),
        fc.array(fc.tuple(range, states), { maxLength: 10 }),
        (codeCount, segmentRanges, runRanges, activationRanges) => {
          const segments = segmentRanges.map(([[a, b], state]) => segment(a, b, state));
          const runs = runRanges.map(([a, b]) => run(a, b));
          const activations = activationRanges.map(([[a, b], state], i) => activation(i + 1, a, b, state));
          const parts = stripParts(codeCount, segments, runs, activations);

          expect(parts[0]!.start).toBe(0);
          expect(parts[parts.length - 1]!.end).toBe(codeCount - 1);
          parts.forEach((part, i) => {
            expect(part.end).toBeGreaterThanOrEqual(part.start);
            if (i === 0) return;
            expect(part.start).toBe(parts[i - 1]!.end + 1);
            const same = part.kind === parts[i - 1]!.kind && part.activation?.id === parts[i - 1]!.activation?.id;
            expect(same, 'neighbours differ').toBe(false);
          });

          for (let index = 0; index < codeCount; index++) {
            let kind: StripKind = 'free';
            let id: number | undefined;
            const consider = (candidate: StripKind, candidateId?: number) => {
              if (RANK[candidate] > RANK[kind] || (RANK[candidate] === RANK[kind] && (candidateId ?? 0) > (id ?? 0))) {
                kind = candidate;
                id = candidateId;
              }
            };
            for (const item of segments) {
              if (item.code_start <= index && index <= item.code_end && item.state !== 'pending') consider(item.state);
            }
            for (const item of runs) if (item.code_start <= index && index <= item.code_end) consider('exported');
            for (const item of activations) {
              const itemKind = activationKind(item.state);
              if (itemKind && item.code_start <= index && index <= item.code_end) consider(itemKind, item.id);
            }
            const part = parts.find((candidate) => candidate.start <= index && index <= candidate.end)!;
            expect([part.kind, part.activation?.id]).toEqual([kind, id]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
