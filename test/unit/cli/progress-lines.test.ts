import { describe, expect, it } from 'vitest';
import { createProgressLines } from '@main/cli/batch-text';
import type { ImportProgress } from '@shared/batches-contract';

const event = (change: Partial<ImportProgress>): ImportProgress => ({
  isv_application_id: 'MS-1',
  application_id: 7,
  phase: 'importing',
  codes_imported: 0,
  code_count: 20_000_000,
  segments_imported: 0,
  segments_total: 400,
  codes_per_second: 250_000,
  seconds_left: 80,
  indexed_percent: 0,
  ...change,
});

describe('download progress on the terminal', () => {
  it('writes one line per whole percent of each phase, whatever the number of events', () => {
    const line = createProgressLines('en');
    const lines = [10_000, 20_000, 190_000, 200_000, 210_000, 400_000]
      .map((codes) => line(event({ codes_imported: codes })))
      .concat(
        [0, 0.4, 0.9, 1, 1.5].map((percent) => line(event({ phase: 'indexing', codes_imported: 20_000_000, indexed_percent: percent }))),
      );
    expect(lines.filter((text) => text !== undefined)).toEqual([
      'imported 10,000/20,000,000 (0%), 250,000 codes/s, about 80s left',
      'imported 200,000/20,000,000 (1%), 250,000 codes/s, about 80s left',
      'imported 400,000/20,000,000 (2%), 250,000 codes/s, about 80s left',
      'preparing the codes for scanning: 0%, about 80s left',
      'preparing the codes for scanning: 1%, about 80s left',
    ]);
  });

  it('says it in Chinese, without a time left before there is an estimate', () => {
    expect(createProgressLines('zh-CN')(event({ phase: 'indexing', indexed_percent: 3, seconds_left: null }))).toBe('建立扫码索引 3%');
  });
});
