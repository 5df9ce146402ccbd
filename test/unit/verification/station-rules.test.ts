/** The engine's other decisions as tables: starting a session, the station's settings, the offline back-off. */
import { describe, expect, it } from 'vitest';
import type { CoveringActivation, ProductFacts } from '@main/verification/rows';
import { offlineDelayMs } from '@main/verification/offline-backoff';
import { sessionStartProblem } from '@main/verification/session-rules';
import { stationSettingsOf } from '@main/verification/station-settings';

describe('sessionStartProblem', () => {
  type Run = Pick<CoveringActivation, 'state' | 'product_code'>;
  const product: ProductFacts = { product_code: '6901234567892', product_title: 'Orange', archived_at: null };
  const run: Run = { state: 'active', product_code: '6901234567892' };
  it.each<[string, number | undefined, ProductFacts | undefined, Run | undefined, string | undefined]>([
    ['a known product, no run named', undefined, product, undefined, undefined],
    ['a known product and its active run', 7, product, run, undefined],
    ['a pending run', 7, product, { ...run, state: 'pending' }, undefined],
    ['a run being sent', 7, product, { ...run, state: 'sending' }, undefined],
    ['no such product', undefined, undefined, undefined, 'PRODUCT_NOT_FOUND'],
    ['no such product comes first', 7, undefined, undefined, 'PRODUCT_NOT_FOUND'],
    ['an archived product', 7, { ...product, archived_at: '2025-01-01' }, { ...run, state: 'failed' }, 'VERIFY_PRODUCT_ARCHIVED'],
    ['no such run', 7, product, undefined, 'VERIFY_ACTIVATION_UNKNOWN'],
    ['a failed run', 7, product, { ...run, state: 'failed' }, 'VERIFY_ACTIVATION_UNUSABLE'],
    [
      'a cancelled run of another product: unusable first',
      7,
      product,
      { state: 'cancelled', product_code: '6901234567908' },
      'VERIFY_ACTIVATION_UNUSABLE',
    ],
    ['a run of another product', 7, product, { ...run, product_code: '6901234567908' }, 'VERIFY_ACTIVATION_OTHER_PRODUCT'],
  ])('%s', (_, activationId, productRow, activation, code) => {
    const request = { product_code: '6901234567892', ...(activationId === undefined ? {} : { activation_id: activationId }) };
    expect(sessionStartProblem(request, productRow, activation)?.code).toBe(code);
  });
});

describe('stationSettingsOf', () => {
  it.each<[string, Record<string, unknown>, string | undefined, { station: string; ackMode: string; ackCode: string | null }]>([
    ['the host by default, button mode', {}, undefined, { station: 'host-pc', ackMode: 'button', ackCode: null }],
    ['the stationName setting', { stationName: ' line-2 ' }, undefined, { station: 'line-2', ackMode: 'button', ackCode: null }],
    ['a name given by the composer wins', { stationName: 'line-2' }, 'bench', { station: 'bench', ackMode: 'button', ackCode: null }],
    [
      'ack_code mode: the default code, normalised',
      { ackMode: 'ack_code' },
      undefined,
      { station: 'host-pc', ackMode: 'ack_code', ackCode: 'ACK-OK' },
    ],
    [
      'ack_code mode: the configured code, normalised as a scan',
      { ackMode: 'ack_code', ackCode: ']Q1ack-line-1\r' },
      undefined,
      { station: 'host-pc', ackMode: 'ack_code', ackCode: 'ACK-LINE-1' },
    ],
    [
      'button mode ignores the code',
      { ackMode: 'button', ackCode: 'ACK-LINE-1' },
      undefined,
      { station: 'host-pc', ackMode: 'button', ackCode: null },
    ],
  ])('%s', (_, all, stationName, expected) => {
    expect(stationSettingsOf(all, stationName, 'host-pc')).toEqual(expected);
  });

  it('cuts a long name to 64 characters', () => {
    expect(stationSettingsOf({ stationName: 'x'.repeat(80) }, undefined, 'host').station).toHaveLength(64);
  });
});

describe('offlineDelayMs', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [5, 60_000],
    [50, 60_000],
  ])('after %i failures in a row: %i ms', (failures, delay) => {
    expect(offlineDelayMs(failures, { baseDelayMs: 5_000, maxDelayMs: 60_000 })).toBe(delay);
  });
});
