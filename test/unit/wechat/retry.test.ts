import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  WechatError,
  backoffDelayMs,
  classifyFailure,
  isRetryable,
  nextRetryDelayMs,
  type WechatClientEvent,
} from '@main/wechat';
import type { Reply } from './support/scripted-server';
import { ACTIVATION, harness, rejectionOf } from './support/fixtures';

const OK_APPLY: Reply = { json: { errcode: 0, errmsg: 'ok', application_id: 581865877 } };
const APPLY = { code_count: 100_000, isv_application_id: 'isv-0001' };

/** Fails with `failure` for the first `times` requests, then answers `success`. */
function failThenSucceed(times: number, failure: Reply, success: Reply = OK_APPLY) {
  return (_request: unknown, index: number): Reply => (index < times ? failure : success);
}

function retryEvents(events: WechatClientEvent[]) {
  return events.filter((event) => event.type === 'retry-scheduled');
}

describe('retries with exponential backoff and full jitter', () => {
  it.each<[string, Reply, string]>([
    ['HTTP 503', { status: 503, text: 'unavailable' }, 'http'],
    ['HTTP 500', { status: 500, json: { error: 'x' } }, 'http'],
    ['errcode -1 (busy)', { json: { errcode: -1, errmsg: 'system error' } }, 'busy'],
    ['a dropped connection', { drop: true }, 'network'],
  ])('retries %s and succeeds, waiting 250, 500, 1000 ms (random 0.5)', async (_name, failure, reason) => {
    const { client, server, sleeps, events } = await harness(failThenSucceed(3, failure));
    await expect(client.applyCode(APPLY)).resolves.toEqual({ application_id: 581865877 });
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(retryEvents(events).map((event) => event.type === 'retry-scheduled' && event.reason)).toEqual([reason, reason, reason]);
    expect(events.at(-1)).toMatchObject({ type: 'success', attempts: 4 });
  });

  it('retries a timeout and reports WECHAT_TIMEOUT once the attempts are used up', async () => {
    const { client, server, sleeps } = await harness(() => ({ hang: true }), { timeoutMs: 50 });
    const error = (await rejectionOf(client.queryApplication({ application_id: 1 }))) as WechatError;
    expect(error.code).toBe('WECHAT_TIMEOUT');
    expect(error.kind).toBe('timeout');
    expect(error.attempts).toBe(4);
    expect(error.details?.timeoutMs).toBe(50);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('a timeout followed by an answer succeeds', async () => {
    const { client, server } = await harness(failThenSucceed(1, { hang: true }), { timeoutMs: 50 });
    await expect(client.applyCode(APPLY)).resolves.toEqual({ application_id: 581865877 });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts with the last error and its attempt count', async () => {
    const { client, server, events } = await harness(() => ({ json: { errcode: -1, errmsg: 'system error' } }));
    const error = (await rejectionOf(client.applyCode(APPLY))) as WechatError;
    expect(error.code).toBe('WECHAT_-1');
    expect(error.attempts).toBe(4);
    expect(error.details?.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'failure', attempts: 4 });
  });

  it('follows a configured policy: doubling, capped at maxDelayMs', async () => {
    const { client, sleeps } = await harness(() => ({ status: 502, text: '' }), {
      retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 3000 },
      random: () => 0.999,
    });
    await rejectionOf(client.applyCode(APPLY));
    expect(sleeps).toEqual([999, 1998, 2997, 2997, 2997]);
  });

  it('full jitter can wait zero', async () => {
    const { client, sleeps } = await harness(failThenSucceed(2, { status: 503, text: '' }), { random: () => 0 });
    await client.applyCode(APPLY);
    expect(sleeps).toEqual([0, 0]);
  });

  it('a retried applycode resends the same isv_application_id (the idempotency key)', async () => {
    const { client, server } = await harness(failThenSucceed(2, { drop: true }));
    await client.applyCode(APPLY);
    expect(server.requests.map((request) => request.body)).toEqual([APPLY, APPLY, APPLY]);
  });

  it.each<[string, number, string]>([
    ['40097 (invalid arguments)', 40097, 'invalid args'],
    ['48001 (API not authorised)', 48001, 'api unauthorized'],
    ['40003 (bad openid)', 40003, 'invalid openid'],
    ['an unknown errcode', 9402002, 'application not finished'],
  ])('never retries %s', async (_name, errcode, errmsg) => {
    const { client, server, sleeps } = await harness(() => ({ json: { errcode, errmsg } }));
    const error = (await rejectionOf(client.activateCodes(ACTIVATION))) as WechatError;
    expect(error.code).toBe(`WECHAT_${errcode}`);
    expect(error.errcode).toBe(errcode);
    expect(error.errmsg).toBe(errmsg);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('local validation: fails before any network call', () => {
  const cases: Array<[string, (client: Awaited<ReturnType<typeof harness>>['client']) => Promise<unknown>, string]> = [
    ['code_count not a multiple of 10,000', (c) => c.applyCode({ code_count: 15_000, isv_application_id: 'a' }), 'code_count'],
    ['code_count below 10,000', (c) => c.applyCode({ code_count: 0, isv_application_id: 'a' }), 'code_count'],
    ['code_count above 20,000,000', (c) => c.applyCode({ code_count: 20_010_000, isv_application_id: 'a' }), 'code_count'],
    ['code_count not whole', (c) => c.applyCode({ code_count: 10_000.5, isv_application_id: 'a' }), 'code_count'],
    ['empty isv_application_id', (c) => c.applyCode({ code_count: 10_000, isv_application_id: '  ' }), 'isv_application_id'],
    ['both lookups for applycodequery', (c) => c.queryApplication({ application_id: 1, isv_application_id: 'a' } as never), 'request'],
    ['no lookup for applycodequery', (c) => c.queryApplication({} as never), 'request'],
    ['code_start > code_end on download', (c) => c.downloadSegment({ application_id: 1, code_start: 10, code_end: 9 }), 'code_start'],
    ['negative code_start', (c) => c.downloadSegment({ application_id: 1, code_start: -1, code_end: 9 }), 'code_start'],
    ['code_start > code_end on activation', (c) => c.activateCodes({ ...ACTIVATION, code_start: 201, code_end: 200 }), 'code_start'],
    ['wxa_type 3', (c) => c.activateCodes({ ...ACTIVATION, wxa_type: 3 as never }), 'wxa_type'],
    ['empty product_brand', (c) => c.activateCodes({ ...ACTIVATION, product_brand: '' }), 'product_brand'],
    ['missing wxa_path', (c) => c.activateCodes({ ...ACTIVATION, wxa_path: undefined as never }), 'wxa_path'],
    ['code and code_url together', (c) => c.queryActivation({ code: 'a', code_url: 'b' } as never), 'request'],
    ['application_id without code_index', (c) => c.queryActivation({ application_id: 1 } as never), 'request'],
    ['a numeric code', (c) => c.queryActivation({ code: 12345 as never }), 'code'],
    ['empty openid', (c) => c.ticketToCode({ openid: '', code_ticket: 't' }), 'openid'],
  ];

  it.each(cases)('%s', async (_name, run, field) => {
    const { client, server, events } = await harness(() => OK_APPLY);
    const error = (await rejectionOf(run(client))) as WechatError;
    expect(error).toBeInstanceOf(WechatError);
    expect(error.code).toBe('WECHAT_VALIDATION');
    expect(error.details?.field).toBe(field);
    expect(error.localized.en.message).toContain(field === 'request' ? 'give exactly one' : field);
    expect(error.localized['zh-CN'].message.length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(0);
    expect(events).toHaveLength(0);
    expect(classifyFailure(error)).toBe('permanent');
  });

  it('accepts the boundaries 10,000 and 20,000,000', async () => {
    const { client, server } = await harness(() => OK_APPLY);
    await client.applyCode({ code_count: 10_000, isv_application_id: 'a' });
    await client.applyCode({ code_count: 20_000_000, isv_application_id: 'b' });
    expect(server.requests).toHaveLength(2);
  });
});

describe('quota (45009 daily, 45011 per minute)', () => {
  // 2024-05-01 15:00:00 UTC = 23:00 in Beijing: the daily quota resets in one hour.
  const NOW = Date.UTC(2024, 4, 1, 15, 0, 0);

  it('45011 is not retried by default: it surfaces at once with retryAfterMs and a quota event', async () => {
    const { client, server, sleeps, events } = await harness(() => ({ json: { errcode: 45011, errmsg: 'api minute-quota reach limit' } }), {
      now: () => NOW,
    });
    const error = (await rejectionOf(client.applyCode(APPLY))) as WechatError;
    expect(error.code).toBe('WECHAT_45011');
    expect(error.retryAfterMs).toBe(60_000);
    expect(error.details?.retryAfterMs).toBe(60_000);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(events).toContainEqual({
      type: 'quota-exhausted',
      endpoint: 'applycode',
      errcode: 45011,
      retryAfterMs: 60_000,
      willRetry: false,
    });
    expect(classifyFailure(error)).toBe('quota');
    expect(isRetryable(error)).toBe(true);
    expect(nextRetryDelayMs(error, 1)).toBe(60_000);
  });

  it('45011 waits minuteQuotaDelayMs inside the call when minuteQuotaRetries allows', async () => {
    const { client, server, sleeps, events } = await harness(
      failThenSucceed(1, { json: { errcode: 45011, errmsg: 'api minute-quota reach limit' } }),
      { retry: { minuteQuotaRetries: 1, minuteQuotaDelayMs: 90_000 } },
    );
    await expect(client.applyCode(APPLY)).resolves.toEqual({ application_id: 581865877 });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([90_000]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'quota-exhausted', willRetry: true, retryAfterMs: 90_000 }));
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'retry-scheduled', reason: 'quota', delayMs: 90_000, code: 'WECHAT_45011' }),
    );
  });

  it('45011 surfaces once the allowed quota waits are used up', async () => {
    const { client, server, sleeps } = await harness(() => ({ json: { errcode: 45011, errmsg: 'x' } }), {
      retry: { minuteQuotaRetries: 2 },
    });
    const error = (await rejectionOf(client.applyCode(APPLY))) as WechatError;
    expect(error.code).toBe('WECHAT_45011');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([60_000, 60_000]);
  });

  it('45009 is never waited for inside a call and says when the quota resets (midnight Beijing)', async () => {
    const { client, server, sleeps, events } = await harness(
      () => ({ json: { errcode: 45009, errmsg: 'reach max api daily quota limit' } }),
      {
        now: () => NOW,
        retry: { minuteQuotaRetries: 5 },
      },
    );
    const error = (await rejectionOf(client.downloadSegment({ application_id: 1, code_start: 0, code_end: 49_999 }))) as WechatError;
    expect(error.code).toBe('WECHAT_45009');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(events).toContainEqual({
      type: 'quota-exhausted',
      endpoint: 'applycodedownload',
      errcode: 45009,
      retryAfterMs: 3_600_000,
      willRetry: false,
    });
    expect(error.localized.en.hint).toMatch(/back off/i);
  });
});

describe('classification helpers for the outbox', () => {
  const api = (errcode: number) =>
    new WechatError({ kind: 'api', code: `WECHAT_${errcode}`, endpoint: 'codeactive', texts: TEXTS, errcode });
  const TEXTS = { 'zh-CN': { message: 'm', hint: 'h' }, en: { message: 'm', hint: 'h' } };
  const transport = (kind: 'timeout' | 'network' | 'bad_response' | 'validation' | 'aborted' | 'token_rejected') =>
    new WechatError({ kind, code: 'X', endpoint: 'codeactive', texts: TEXTS });
  const http = (httpStatus: number) => new WechatError({ kind: 'http', code: 'X', endpoint: 'codeactive', texts: TEXTS, httpStatus });

  it.each<[string, WechatError | Error, string, boolean]>([
    ['timeout', transport('timeout'), 'transient', true],
    ['network', transport('network'), 'transient', true],
    ['HTTP 503', http(503), 'transient', true],
    ['HTTP 429', http(429), 'transient', true],
    ['HTTP 404', http(404), 'permanent', false],
    ['-1', api(-1), 'transient', true],
    ['45009', api(45009), 'quota', true],
    ['45011', api(45011), 'quota', true],
    ['40001', api(40001), 'token', false],
    ['42001', api(42001), 'token', false],
    ['40014', api(40014), 'token', false],
    ['pasted token rejected', transport('token_rejected'), 'token', false],
    ['40097', api(40097), 'permanent', false],
    ['48001', api(48001), 'permanent', false],
    ['bad response', transport('bad_response'), 'permanent', false],
    ['validation', transport('validation'), 'permanent', false],
    ['aborted', transport('aborted'), 'permanent', false],
    ['a plain Error', new Error('bug'), 'permanent', false],
  ])('%s is %s', (_name, error, failureClass, retryable) => {
    expect(classifyFailure(error)).toBe(failureClass);
    expect(isRetryable(error)).toBe(retryable);
    expect(nextRetryDelayMs(error, 1) !== undefined).toBe(retryable);
  });

  it('backoffDelayMs doubles from baseDelayMs up to maxDelayMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelayMs(retry, DEFAULT_RETRY_POLICY, () => 1));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
