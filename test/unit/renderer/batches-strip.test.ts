import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stripParts, type StripPart } from '@renderer/screens/batches/strip-parts';
import { checkExport, firstNotImported } from '@renderer/screens/batches/export-check';

type State = 'pending' | 'imported' | 'failed';
const segment = (code_start: number, code_end: number, state: State) => ({ code_start, code_end, state });
const run = (code_start: number, code_end: number) => ({ code_start, code_end });

describe('stripParts', () => {
  it('is one free part when nothing is imported yet', () => {
    expect(stripParts(20_000, [], [])).toEqual([{ start: 0, end: 19_999, kind: 'free' }]);
    expect(stripParts(100_000, [segment(0, 49_999, 'pending'), segment(50_000, 99_999, 'pending')], [])).toEqual([
      { start: 0, end: 99_999, kind: 'free' },
    ]);
  });

  it('merges adjacent imported segments and lays print runs on top', () => {
    const segments = [segment(0, 49_999, 'imported'), segment(50_000, 99_999, 'imported'), segment(100_000, 149_999, 'pending')];
    expect(stripParts(150_000, segments, [run(0, 9_999), run(10_000, 19_999), run(60_000, 60_000)])).toEqual([
      { start: 0, end: 19_999, kind: 'exported' },
      { start: 20_000, end: 59_999, kind: 'imported' },
      { start: 60_000, end: 60_000, kind: 'exported' },
      { start: 60_001, end: 99_999, kind: 'imported' },
      { start: 100_000, end: 149_999, kind: 'free' },
    ]);
  });

  it('shows failed segments apart from pending ones, and overlapping print runs once', () => {
    const segments = [segment(0, 49_999, 'imported'), segment(50_000, 99_999, 'failed'), segment(100_000, 149_999, 'pending')];
    expect(stripParts(150_000, segments, [run(100, 5_000), run(4_000, 8_000), run(8_001, 9_000)])).toEqual([
      { start: 0, end: 99, kind: 'imported' },
      { start: 100, end: 9_000, kind: 'exported' },
      { start: 9_001, end: 49_999, kind: 'imported' },
      { start: 50_000, end: 99_999, kind: 'failed' },
      { start: 100_000, end: 149_999, kind: 'free' },
    ]);
  });

  it('clips ranges to the index space and ignores reversed ones', () => {
    expect(
      stripParts(10_000, [segment(-5, 4_999, 'imported'), segment(5_000, 12_000, 'imported')], [run(9_000, 99_999), run(300, 200)]),
    ).toEqual([
      { start: 0, end: 8_999, kind: 'imported' },
      { start: 9_000, end: 9_999, kind: 'exported' },
    ]);
    expect(stripParts(0, [segment(0, 9, 'imported')], [])).toEqual([]);
  });

  it('always covers [0, code_count) exactly, in order, with no two neighbours of one kind', () => {
    const range = fc.tuple(fc.integer({ min: -10, max: 1_100 }), fc.integer({ min: -10, max: 1_100 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(fc.tuple(range, fc.constantFrom<State>('pending', 'imported', 'failed')), { maxLength: 12 }),
        fc.array(range, { maxLength: 12 }),
        (codeCount, segments, runs) => {
          const parts = stripParts(
            codeCount,
            segments.map(([[a, b], state]) => segment(a, b, state)),
            runs.map(([a, b]) => run(a, b)),
          );
          expect(parts[0]!.start).toBe(0);
          expect(parts[parts.length - 1]!.end).toBe(codeCount - 1);
          parts.forEach((part: StripPart, i) => {
            expect(part.end).toBeGreaterThanOrEqual(part.start);
            if (i > 0) {
              expect(part.start).toBe(parts[i - 1]!.end + 1);
              expect(part.kind).not.toBe(parts[i - 1]!.kind);
            }
          });
          // Every index of a print run inside the space shows as exported.
          for (const [a, b] of runs) {
            for (let index = Math.max(0, a); index <= Math.min(b, codeCount - 1); index++) {
              expect(parts.find((part) => part.start <= index && index <= part.end)!.kind).toBe('exported');
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('export range checks', () => {
  const segments = [segment(0, 49_999, 'imported'), segment(50_000, 99_999, 'pending'), segment(100_000, 149_999, 'failed')];
  const columns = ['index', 'code', 'code_url'];

  it('finds the first index no imported segment holds', () => {
    expect(firstNotImported(segments, 0, 49_999)).toBeUndefined();
    expect(firstNotImported(segments, 40_000, 60_000)).toBe(50_000);
    expect(firstNotImported([segment(10, 19, 'imported'), segment(0, 9, 'imported')], 0, 19)).toBeUndefined();
    expect(firstNotImported([segment(10, 19, 'imported')], 0, 19)).toBe(0);
  });

  it('says which problem the range has, and which segment is in the way', () => {
    expect(checkExport({ start: '0', end: '9999', columns }, 150_000, segments)).toEqual({});
    expect(checkExport({ start: '', end: '1.5', columns: [] }, 150_000, segments)).toEqual({
      start: 'required',
      end: 'notInteger',
      columns: 'noColumns',
    });
    expect(checkExport({ start: '10', end: '9', columns }, 150_000, segments).range).toEqual({ kind: 'reversed' });
    expect(checkExport({ start: '0', end: '150000', columns }, 150_000, segments).range).toEqual({ kind: 'outside', last: 149_999 });
    expect(checkExport({ start: '49000', end: '50500', columns }, 150_000, segments).range).toEqual({
      kind: 'notImported',
      index: 50_000,
      segment: segments[1],
    });
    expect(checkExport({ start: '120000', end: '120000', columns }, 150_000, segments).range).toEqual({
      kind: 'notImported',
      index: 120_000,
      segment: segments[2],
    });
    expect(checkExport({ start: '0', end: '5', columns }, 150_000, []).range).toEqual({
      kind: 'notImported',
      index: 0,
      segment: undefined,
    });
  });
});
