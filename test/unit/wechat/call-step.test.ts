import { describe, expect, it } from 'vitest';
import { WechatError, type WechatErrorKind } from '@main/wechat/errors';
import { DEFAULT_RETRY_POLICY, FRESH_CALL_BUDGET, nextCallStep, type CallBudget, type CallStep } from '@main/wechat/retry';

const TEXTS = { 'zh-CN': { message: 'm', hint: 'h' }, en: { message: 'm', hint: 'h' } };
const failure = (kind: WechatErrorKind, more: { errcode?: number; httpStatus?: number; retryAfterMs?: number } = {}) =>
  new WechatError({ kind, code: 'WECHAT_TEST', endpoint: 'codeactive', texts: TEXTS, ...more });
const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, minuteQuotaRetries: 1 };
const budget = (more: Partial<CallBudget> = {}): CallBudget => ({ ...FRESH_CALL_BUDGET, ...more });

describe('nextCallStep: what a call does after a failed attempt', () => {
  it.each<[string, unknown, string | undefined, CallBudget, CallStep, Partial<CallBudget>]>([
    [
      'a rejected token is refreshed once',
      failure('api', { errcode: 40001 }),
      'tok',
      budget(),
      { kind: 'refresh-token', token: 'tok' },
      { rejectedToken: 'tok' },
    ],
    [
      '…but not twice in one call',
      failure('api', { errcode: 42001 }),
      'tok2',
      budget({ rejectedToken: 'tok' }),
      { kind: 'give-up' },
      { rejectedToken: 'tok' },
    ],
    ['no token sent, nothing to refresh', failure('api', { errcode: 40014 }), undefined, budget(), { kind: 'give-up' }, {}],
    ['a timeout waits with backoff', failure('timeout'), 'tok', budget(), { kind: 'retry', delayMs: 50 }, { transientFailures: 1 }],
    [
      'the second network failure waits longer',
      failure('network'),
      'tok',
      budget({ transientFailures: 1 }),
      { kind: 'retry', delayMs: 100 },
      { transientFailures: 2 },
    ],
    [
      'transient failures stop at maxAttempts',
      failure('network'),
      'tok',
      budget({ transientFailures: 2 }),
      { kind: 'give-up' },
      { transientFailures: 3 },
    ],
    [
      'HTTP 503 is transient',
      failure('http', { httpStatus: 503 }),
      'tok',
      budget(),
      { kind: 'retry', delayMs: 50 },
      { transientFailures: 1 },
    ],
    ['HTTP 404 is permanent', failure('http', { httpStatus: 404 }), 'tok', budget(), { kind: 'give-up' }, {}],
    [
      'errcode -1 (busy) is transient',
      failure('api', { errcode: -1 }),
      'tok',
      budget(),
      { kind: 'retry', delayMs: 50 },
      { transientFailures: 1 },
    ],
    ['40097 is permanent', failure('api', { errcode: 40097 }), 'tok', budget(), { kind: 'give-up' }, {}],
    [
      'the minute quota is waited for within the policy',
      failure('api', { errcode: 45011, retryAfterMs: 60_000 }),
      'tok',
      budget(),
      { kind: 'retry', delayMs: 60_000 },
      { quotaWaits: 1 },
    ],
    [
      '…and no more',
      failure('api', { errcode: 45011, retryAfterMs: 60_000 }),
      'tok',
      budget({ quotaWaits: 1 }),
      { kind: 'give-up' },
      { quotaWaits: 1 },
    ],
    [
      'the daily quota is never waited for',
      failure('api', { errcode: 45009, retryAfterMs: 5_000 }),
      'tok',
      budget(),
      { kind: 'give-up' },
      {},
    ],
    ['a validation error is final', failure('validation'), undefined, budget(), { kind: 'give-up' }, {}],
    ['a bug (not a WechatError) is final', new Error('bug'), 'tok', budget(), { kind: 'give-up' }, {}],
  ])('%s', (_name, error, token, before, step, budgetAfter) => {
    const decision = nextCallStep(error, token, before, policy, () => 0.5);
    expect(decision.step).toEqual(step);
    expect(decision.budget).toEqual({ ...before, ...budgetAfter });
  });

  it('says how long WeChat wants us to wait on any quota error, and whether this call waits', () => {
    expect(nextCallStep(failure('api', { errcode: 45009, retryAfterMs: 5_000 }), 't', budget(), policy, Math.random).quota).toEqual({
      retryAfterMs: 5_000,
      willRetry: false,
    });
    expect(nextCallStep(failure('api', { errcode: 45011 }), 't', budget(), policy, Math.random).quota).toEqual({
      retryAfterMs: policy.minuteQuotaDelayMs,
      willRetry: true,
    });
    expect(nextCallStep(failure('timeout'), 't', budget(), policy, Math.random).quota).toBeUndefined();
  });
});
