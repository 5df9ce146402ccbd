import { describe, expect, it } from 'vitest';
import { coverageGap, mayChangeState, type SegmentCoverage } from '@main/activation/activation-rules';
import type { ActivationRow } from '@main/activation/activation-store';
import { activationRow } from './rows';
import {
  CONFLICT_ERRCODES,
  checkOfAnswer,
  checkOfFailure,
  confirmationIndices,
  nextOutboxWork,
  outboxDueInMs,
  sendFailureOutcome,
} from '@main/activation/outbox-rules';
import { DEFAULT_RETRY_POLICY, WechatError, type WechatErrorKind } from '@main/wechat';

const segment = (code_start: number, code_end: number, more: Partial<SegmentCoverage> = {}): SegmentCoverage => ({
  code_start,
  code_end,
  state: 'imported',
  indexed_at: 'then',
  ...more,
});

describe('coverageGap: a range lies in imported, scan-ready segments', () => {
  const two = [segment(0, 9_999), segment(10_000, 19_999)];
  it.each<[string, SegmentCoverage[], number, number, ReturnType<typeof coverageGap>]>([
    ['inside one segment', two, 10, 20, undefined],
    ['across two adjacent segments', two, 9_000, 11_000, undefined],
    ['the whole application', two, 0, 19_999, undefined],
    ['past the last segment', two, 19_990, 20_010, { kind: 'not_imported', first_missing: 20_000 }],
    ['no segments at all', [], 0, 5, { kind: 'not_imported', first_missing: 0 }],
    ['a hole between segments', [segment(0, 99), segment(200, 299)], 50, 250, { kind: 'not_imported', first_missing: 100 }],
    [
      'a segment not imported yet',
      [segment(0, 99), segment(100, 199, { state: 'pending' })],
      50,
      150,
      { kind: 'not_imported', first_missing: 100 },
    ],
    [
      'imported but not indexed',
      [segment(0, 99), segment(100, 199, { indexed_at: null })],
      50,
      150,
      { kind: 'not_indexed', first_missing: 100 },
    ],
    ['an unindexed segment the range does not reach', [segment(0, 99), segment(100, 199, { indexed_at: null })], 0, 99, undefined],
  ])('%s', (_name, segments, start, end, expected) => {
    expect(coverageGap(segments, start, end)).toEqual(expected);
  });
});

describe('mayChangeState: which activations a supervisor may retry or cancel', () => {
  it.each<[ActivationRow['state'], boolean, boolean]>([
    ['pending', false, true],
    ['sending', false, false],
    ['active', false, false],
    ['failed', true, true],
    ['conflict', true, true],
    ['cancelled', false, false],
  ])('%s: retry %s, cancel %s', (state, retry, cancel) => {
    expect(mayChangeState(state, 'retry')).toBe(retry);
    expect(mayChangeState(state, 'cancel')).toBe(cancel);
  });
});

const row = activationRow;
const NOW = Date.parse('2026-01-01T00:00:00.000Z');
const later = new Date(NOW + 5_000).toISOString();
const earlier = new Date(NOW - 5_000).toISOString();
const ME = 'station:100:aaaa';

describe('nextOutboxWork: strictly in recording order', () => {
  const head = row({ id: 3 });
  const unconfirmed = row({ id: 2, state: 'active' });
  it.each<[string, ActivationRow | undefined, ActivationRow | undefined, string]>([
    ['nothing to do', undefined, undefined, 'idle'],
    ['a queued head is sent', head, undefined, 'send'],
    ['a head whose wait is over is sent', row({ next_attempt_at: earlier }), undefined, 'send'],
    ['a head still waiting holds the queue', row({ next_attempt_at: later }), undefined, 'waiting'],
    ['with nothing queued, an unconfirmed activation is confirmed', undefined, unconfirmed, 'confirm'],
    ['the queue goes before confirmations', head, unconfirmed, 'send'],
  ])('%s', (_name, queued, toConfirm, kind) => {
    expect(nextOutboxWork(queued, toConfirm, { nowMs: NOW, me: ME, ownerGone: false }).kind).toBe(kind);
  });

  it.each<[string, ActivationRow | undefined, boolean, number | undefined]>([
    ['idle', undefined, false, undefined],
    ['only confirmations left: after the base delay', undefined, true, 5_000],
    ['a head due now', row(), false, 0],
    ['a head due later', row({ next_attempt_at: later }), false, 5_000],
    ['a head overdue', row({ next_attempt_at: earlier }), false, 0],
  ])('due: %s', (_name, queued, hasUnconfirmed, expected) => {
    expect(outboxDueInMs(queued, hasUnconfirmed, { nowMs: NOW, me: ME, ownerGone: false }, 5_000)).toBe(expected);
  });
});

const TEXTS = { 'zh-CN': { message: 'm', hint: 'h' }, en: { message: 'm', hint: 'h' } };
const wechat = (kind: WechatErrorKind, more: { errcode?: number; httpStatus?: number; retryAfterMs?: number } = {}) =>
  new WechatError({ kind, code: `WECHAT_${more.errcode ?? kind}`, endpoint: 'codeactive', texts: TEXTS, ...more });

describe('sendFailureOutcome: what a failed codeactive means', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 8_000 };
  it.each<[string, unknown, number, ReturnType<typeof sendFailureOutcome>]>([
    ['the service holds other details: conflict', wechat('api', { errcode: CONFLICT_ERRCODES[0]! }), 1, { kind: 'conflict' }],
    ['bad arguments: failed', wechat('api', { errcode: 40097 }), 1, { kind: 'failed' }],
    ['barcode under review (errcode 1): wait 24 h', wechat('api', { errcode: 1 }), 1, { kind: 'wait', delayMs: 86_400_000 }],
    ['…every time it answers so', wechat('api', { errcode: 1 }), 5, { kind: 'wait', delayMs: 86_400_000 }],
    ['no permission: failed', wechat('api', { errcode: 48001 }), 1, { kind: 'failed' }],
    ['a bug: failed', new Error('bug'), 1, { kind: 'failed' }],
    ['offline: wait with backoff', wechat('network'), 1, { kind: 'wait', delayMs: 500 }],
    ['offline again: wait longer', wechat('timeout'), 3, { kind: 'wait', delayMs: 2_000 }],
    ['…but never longer than the cap', wechat('timeout'), 10, { kind: 'wait', delayMs: 4_000 }],
    [
      'the daily quota: wait until it resets',
      wechat('api', { errcode: 45009, retryAfterMs: 3_600_000 }),
      1,
      { kind: 'wait', delayMs: 3_600_000 },
    ],
    ['a rejected token: wait for a person to fix it', wechat('token_rejected'), 1, { kind: 'failed' }],
  ])('%s', (_name, error, attempt, expected) => {
    expect(sendFailureOutcome(error, attempt, policy, () => 0.5)).toEqual(expected);
  });
});

describe('confirming an activation', () => {
  it.each<[number, number, number, number[]]>([
    [100, 199, 0.5, [100, 199, 150]],
    [100, 199, 0, [100, 199]],
    [100, 100, 0.7, [100]],
  ])('[%i, %i] with random %f asks about %j', (code_start, code_end, random, expected) => {
    expect(confirmationIndices({ code_start, code_end }, () => random)).toEqual(expected);
  });

  it('an answer that matches is ok; the first field that differs is named', () => {
    const local = row();
    const remote = { ...local, code: 'a1b2c3d4e', code_index: 150 };
    expect(checkOfAnswer(150, remote, local)).toEqual({ code_index: 150, ok: true, reason: null });
    expect(checkOfAnswer(150, { ...remote, product_title: 'other' }, local)).toEqual({
      code_index: 150,
      ok: false,
      reason: 'product_title: other',
    });
  });

  it('a permanent failure is a failed check; offline means "confirm later"', () => {
    expect(checkOfFailure(150, wechat('api', { errcode: 40097 }))).toEqual({ code_index: 150, ok: false, reason: 'WECHAT_40097' });
    expect(checkOfFailure(150, wechat('network'))).toBeUndefined();
  });
});
