/** Which segments a look-up conflict takes back out (src/main/batches/lookups/lookup-conflicts.ts), as a table. */
import { describe, expect, it } from 'vitest';
import { segmentsToFail, type ConflictRow } from '@main/batches/lookups/lookup-conflicts';

const APP = 7;
const first = { code_start: 0, code_end: 9 };
const second = { code_start: 10, code_end: 19 };
const segments = [first, second];
const row = (key: string, code_index: number, other_application: number, other_index: number): ConflictRow => ({
  key,
  code_index,
  other_application,
  other_index,
});

describe('segmentsToFail', () => {
  it.each([
    ['no conflicts', [], []],
    [
      'a code already in another application fails its own segment only',
      [row('A', 3, 9, 40)],
      [{ segment: first, key: 'A', other: 'application:9#40' }],
    ],
    [
      'a code twice in this build fails both segments',
      [row('B', 12, APP, 4)],
      [
        { segment: second, key: 'B', other: `application:${APP}#4` },
        { segment: first, key: 'B', other: `application:${APP}#4` },
      ],
    ],
    [
      'each segment once, named by its first conflicting code',
      [row('C', 1, 9, 1), row('D', 2, 9, 2)],
      [{ segment: first, key: 'C', other: 'application:9#1' }],
    ],
    ['a code outside the build (earlier segment) fails nothing of it', [row('E', 25, 9, 1)], []],
  ] as const)('%s', (_case, found, expected) => {
    expect(segmentsToFail(APP, segments, found)).toEqual(expected);
  });
});
