/** Reconcile's comparison rules and the cancel rule, by table. */
import { describe, expect, it } from 'vitest';
import type { ActivationState } from '@shared/activation-contract';
import { cancelRefusal } from '@main/activation';
import { nextRunDueInMs, isUnknownFateSend, type ScheduleTiming } from '@main/reconcile';
import {
  answerOfFailure,
  findingKindFor,
  isAskedAbout,
  probeIndices,
  remoteView,
  splitBudget,
  subtractRanges,
  type ProbeAnswer,
  type RemoteView,
} from '@main/reconcile/reconcile-rules';
import { apiError, networkError, timeoutError } from '@main/wechat/errors';
import { PRODUCT } from '../activation/helpers';

const LOCAL = { application_id: 7, code_start: 100, code_end: 199, ...PRODUCT };
const held = (overrides: Partial<typeof LOCAL> = {}): ProbeAnswer => ({
  kind: 'activated',
  info: { code: 'ABCDEFGHI', ...LOCAL, ...overrides },
});
const absent: ProbeAnswer = { kind: 'not_activated' };
const failed: ProbeAnswer = { kind: 'error', code: 'WECHAT_40097' };
const at = (...answers: ProbeAnswer[]) => answers.map((answer, i) => ({ code_index: 100 + i, answer }));

describe('what WeChat holds over a ledger activation', () => {
  const cases: [string, ReturnType<typeof at>, RemoteView['kind']][] = [
    ['every index held with our details and range', at(held(), held(), held()), 'held'],
    ['no index activated', at(absent, absent, absent), 'absent'],
    ['another product over our range', at(held({ product_code: '6901234567885' }), held(), held()), 'differs'],
    ['a wider range with our details', at(held({ code_end: 299 }), held(), held()), 'differs'],
    ['part held, part not', at(held(), absent, absent), 'differs'],
    ['one unanswerable index', at(held(), failed, held()), 'inconclusive'],
    ['a difference outweighs an unanswerable index', at(failed, held({ wxa_path: 'pages/other' })), 'differs'],
    ['nothing asked', [], 'inconclusive'],
  ];
  it.each(cases)('%s', (_name, answers, expected) => {
    expect(remoteView(LOCAL, answers).kind).toBe(expected);
  });

  it('names WeChat’s range and details when they differ; a field WeChat leaves out says nothing', () => {
    expect(remoteView(LOCAL, at(held({ code_start: 50, product_title: 'X' })))).toEqual({
      kind: 'differs',
      remote: expect.objectContaining({ application_id: 7, code_start: 50, code_end: 199, product_title: 'X' }),
    });
    const { product_title: _left, ...withoutTitle } = LOCAL;
    expect(remoteView(LOCAL, [{ code_index: 100, answer: { kind: 'activated', info: { code: 'ABCDEFGHI', ...withoutTitle } } }]).kind).toBe(
      'held',
    );
  });
});

describe('which finding a state and WeChat’s view make', () => {
  const table: [ActivationState, RemoteView['kind'], string | undefined][] = [
    ['active', 'held', undefined],
    ['active', 'absent', 'missing_remotely'],
    ['active', 'differs', 'differs_remotely'],
    ['pending', 'held', 'active_remotely'],
    ['pending', 'absent', undefined],
    ['pending', 'differs', 'differs_remotely'],
    ['conflict', 'held', 'active_remotely'],
    ['conflict', 'absent', 'conflict_unexplained'],
    ['conflict', 'differs', 'differs_remotely'],
    ['failed', 'held', 'active_remotely'],
    ['failed', 'absent', undefined],
    ['failed', 'differs', undefined],
    ['cancelled', 'held', 'active_remotely'],
    ['cancelled', 'absent', undefined],
    ['cancelled', 'differs', undefined],
    ['active', 'inconclusive', undefined],
    ['pending', 'inconclusive', undefined],
  ];
  it.each(table)('%s + WeChat %s → %s', (state, view, expected) => {
    expect(findingKindFor(state, view)).toBe(expected);
  });
});

describe('which activations are asked about', () => {
  const table: [ActivationState, number, string | null, boolean][] = [
    ['pending', 0, null, true],
    ['active', 1, 'at', true],
    ['conflict', 1, 'at', true],
    ['sending', 1, 'at', false],
    ['failed', 0, null, false],
    ['failed', 1, 'at', true],
    ['cancelled', 0, null, false],
    ['cancelled', 0, 'at', true],
  ];
  it.each(table)('%s, %i attempts, sent_at %s → %s', (state, attempts, sent_at, expected) => {
    expect(isAskedAbout({ state, attempts, sent_at })).toBe(expected);
  });
});

describe('free ranges and probes', () => {
  it.each([
    ['nothing held', [[0, 9_999]], [], [[0, 9_999]]],
    ['one run at the start', [[0, 9_999]], [[0, 99]], [[100, 9_999]]],
    [
      'gaps between runs, across two segments',
      [
        [0, 9_999],
        [10_000, 19_999],
      ],
      [
        [100, 199],
        [9_990, 10_009],
      ],
      [
        [0, 99],
        [200, 9_989],
        [10_010, 19_999],
      ],
    ],
    [
      'overlapping held ranges',
      [[0, 99]],
      [
        [0, 50],
        [40, 99],
      ],
      [],
    ],
    ['a held range outside', [[0, 99]], [[200, 300]], [[0, 99]]],
  ])('%s', (_name, ranges, taken, expected) => {
    const range = ([code_start, code_end]: number[]) => ({ code_start: code_start!, code_end: code_end! });
    expect(subtractRanges(ranges.map(range), taken.map(range))).toEqual(expected.map(range));
  });

  it('asks the first, the last and one inside (fewer for short ranges)', () => {
    expect(probeIndices({ code_start: 100, code_end: 199 }, () => 0.5)).toEqual([100, 199, 150]);
    expect(probeIndices({ code_start: 5, code_end: 5 }, () => 0.99)).toEqual([5]);
    expect(probeIndices({ code_start: 5, code_end: 6 }, () => 0)).toEqual([5, 6]);
  });

  it.each([
    [300, 900, 300, { activations: 225, freeRanges: 75 }],
    [300, 30, 300, { activations: 30, freeRanges: 270 }],
    [300, 900, 6, { activations: 294, freeRanges: 6 }],
    [300, 0, 0, { activations: 0, freeRanges: 0 }],
    [3, 9, 9, { activations: 3, freeRanges: 0 }],
  ])('cap %i with %i activation and %i free-range queries → %o', (cap, activations, freeRanges, expected) => {
    expect(splitBudget(cap, activations, freeRanges)).toEqual(expected);
  });
});

describe('a failed codeactivequery', () => {
  const api = (errcode: number) => apiError({ endpoint: 'codeactivequery', errcode, errmsg: 'x', nowMs: 0, minuteQuotaDelayMs: 60_000 });
  it.each([
    ['not activated (simulator 9402102)', api(9_402_102), { answer: { kind: 'not_activated' } }],
    ['no such code', api(9_402_101), { answer: { kind: 'not_activated' } }],
    ['daily quota', api(45_009), { stop: 'quota' }],
    ['minute quota', api(45_011), { stop: 'quota' }],
    ['busy', api(-1), { stop: 'offline' }],
    ['timed out', timeoutError('codeactivequery', 100), { stop: 'offline' }],
    ['network down', networkError('codeactivequery', 'ECONNREFUSED'), { stop: 'offline' }],
    ['token expired', api(42_001), { stop: 'error' }],
    ['invalid arguments', api(40_097), { answer: { kind: 'error', code: 'WECHAT_40097' } }],
  ])('%s', (_name, error, expected) => {
    expect(answerOfFailure(error)).toEqual(expected);
  });
});

describe('the cancel rule', () => {
  const table: [
    string,
    { state: ActivationState; attempts: number; sent_at: string | null },
    Parameters<typeof cancelRefusal>[1],
    string | undefined,
  ][] = [
    ['never sent', { state: 'pending', attempts: 0, sent_at: null }, undefined, undefined],
    ['sent, never reconciled', { state: 'pending', attempts: 1, sent_at: 'at' }, undefined, 'needs_reconcile:unknown'],
    ['sent, reconcile found none of it', { state: 'pending', attempts: 1, sent_at: 'at' }, { remote: 'absent', attempts: 1 }, undefined],
    [
      'sent again after that reconcile',
      { state: 'pending', attempts: 2, sent_at: 'at' },
      { remote: 'absent', attempts: 1 },
      'needs_reconcile:unknown',
    ],
    [
      'reconcile found WeChat holds it',
      { state: 'failed', attempts: 1, sent_at: 'at' },
      { remote: 'held', attempts: 1 },
      'needs_reconcile:held',
    ],
    [
      'reconcile found another activation',
      { state: 'conflict', attempts: 1, sent_at: 'at' },
      { remote: 'differs', attempts: 1 },
      'needs_reconcile:differs',
    ],
    ['sent_at without attempts (older rows)', { state: 'failed', attempts: 0, sent_at: 'at' }, undefined, 'needs_reconcile:unknown'],
    ['active is never cancelled', { state: 'active', attempts: 1, sent_at: 'at' }, { remote: 'absent', attempts: 1 }, 'wrong_state'],
    ['sending is never cancelled', { state: 'sending', attempts: 1, sent_at: 'at' }, undefined, 'wrong_state'],
  ];
  it.each(table)('%s', (_name, row, check, expected) => {
    const refusal = cancelRefusal(row, check);
    expect(refusal && (refusal.kind === 'needs_reconcile' ? `${refusal.kind}:${refusal.remote}` : refusal.kind)).toBe(expected);
  });
});

describe('when reconcile runs by itself', () => {
  const timing: ScheduleTiming = { intervalMs: 86_400_000, retryMs: 3_600_000, firstRunMs: 600_000 };
  const day = Date.UTC(2026, 11, 4, 4, 0, 0); // 12:00 in Beijing
  it.each([
    ['never ran: ten minutes after start-up', undefined, day, day - 60_000, 540_000],
    ['completed an hour ago', { finishedAtMs: day - 3_600_000, outcome: 'complete' as const }, day, day, 82_800_000],
    ['capped counts as a run', { finishedAtMs: day - 3_600_000, outcome: 'capped' as const }, day, day, 82_800_000],
    ['offline: an hour after', { finishedAtMs: day - 600_000, outcome: 'offline' as const }, day, day, 3_000_000],
    ['quota: after midnight in Beijing', { finishedAtMs: day, outcome: 'quota' as const }, day, day, 12 * 3_600_000],
    ['overdue', { finishedAtMs: day - 2 * 86_400_000, outcome: 'complete' as const }, day, day, 0],
    ['clock moved back', { finishedAtMs: day + 3_600_000, outcome: 'complete' as const }, day, day, 0],
  ])('%s', (_name, last, now, started, expected) => {
    expect(nextRunDueInMs(last, now, started, timing)).toBe(expected);
  });

  it.each([
    ['timed out', { state: 'pending' as const, attempts: 1, last_error: { code: 'WECHAT_TIMEOUT' } }, true],
    ['connection dropped', { state: 'pending' as const, attempts: 2, last_error: { code: 'WECHAT_NETWORK' } }, true],
    ['busy (WeChat answered)', { state: 'pending' as const, attempts: 1, last_error: { code: 'WECHAT_-1' } }, false],
    ['active', { state: 'active' as const, attempts: 1, last_error: null }, false],
  ])('an outbox event that %s → %s', (_name, activation, expected) => {
    expect(isUnknownFateSend(activation as Parameters<typeof isUnknownFateSend>[0])).toBe(expected);
  });
});
