import { describe, expect, it } from 'vitest';
import { demoProductMove, trainingApplications } from '@main/modes/split-rules';
import { bindConnectionToMode } from '@main/modes';
import type { ActiveConnection } from '@main/connection';

describe('which rows of a shared ledger are Training’s', () => {
  const simulator = new Set(['MS-TRAIN-1', 'MS-TRAIN-2']);
  it.each([
    ['known to the simulator by its isv id', { isv_application_id: 'MS-TRAIN-1', application_id: 30_123 }, true],
    ['known to the simulator, not yet answered', { isv_application_id: 'MS-TRAIN-2', application_id: null }, true],
    ['never seen by the simulator, queued for WeChat', { isv_application_id: 'MS-LIVE-1', application_id: null }, false],
    ['WeChat’s, whatever its number', { isv_application_id: 'line3-2026-11', application_id: 30_123 }, false],
  ])('%s', (_name, application, training) => {
    expect(trainingApplications([application], simulator)).toEqual(training ? [application] : []);
  });

  it.each([
    [false, 'move'],
    [true, 'copy'],
  ] as const)('a demo product Live uses=%s is %s-d', (usedByLive, move) => {
    expect(demoProductMove({ product_code: '6901234567892', usedByLive })).toBe(move);
  });
});

describe('a mode part’s connection', () => {
  const connectionIn = (mode: 'training' | 'live') => ({ active: async () => ({ mode }) as ActiveConnection });
  it.each([
    ['its mode, in force', 'training', 'training', true, true],
    ['the other mode', 'training', 'live', true, false],
    ['its mode, but replaced by a newer part', 'training', 'training', false, false],
  ] as const)('%s', async (_name, partMode, stationMode, current, answers) => {
    const bound = bindConnectionToMode(connectionIn(stationMode), partMode, () => current);
    if (answers) await expect(bound.active()).resolves.toMatchObject({ mode: partMode });
    else await expect(bound.active()).rejects.toMatchObject({ code: 'MODE_SWITCHED' });
  });
});
