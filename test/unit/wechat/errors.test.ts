import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import {
  WechatError,
  createMarketcodeClient,
  createStaticTokenProvider,
  msUntilDailyQuotaReset,
  type FetchLike,
  type MarketcodeClient,
  type TokenProvider,
  type WechatClientEvent,
} from '@main/wechat';
import { ACTIVATION, TOKEN, harness, rejectionOf } from './support/fixtures';
import { startScriptedServer, type Reply } from './support/scripted-server';

/** Every failure the catalogue names, plus an unknown errcode, as the server would send them. */
const FAILURES: Array<[string, Reply]> = [
  ...[-1, 1, 40001, 42001, 40014, 40013, 40125, 40243, 40164, 61004, 40002, 41001, 45009, 45011, 48001, 61007, 40097, 40003, 9402002].map(
    (errcode): [string, Reply] => [`errcode ${errcode}`, { json: { errcode, errmsg: `message for ${errcode}` } }],
  ),
  ['HTTP 503', { status: 503, text: '' }],
  ['HTTP 404', { status: 404, text: '' }],
  ['not JSON', { text: 'garbage' }],
  ['dropped connection', { drop: true }],
  ['timeout', { hang: true }],
];

/** Hands out the same token even after a rejection, so token errcodes surface as themselves. */
const STUBBORN_PROVIDER: TokenProvider = { kind: 'token-url', getToken: () => Promise.resolve(TOKEN), invalidate: () => {} };

async function failureFor(reply: Reply, endpoint: 'applycode' | 'tickettocode' = 'applycode'): Promise<WechatError> {
  const { client } = await harness(() => reply, { timeoutMs: 30, retry: { maxAttempts: 1 }, tokenProvider: STUBBORN_PROVIDER });
  const call =
    endpoint === 'applycode'
      ? client.applyCode({ code_count: 10_000, isv_application_id: 'a' })
      : client.ticketToCode({ openid: 'o', code_ticket: 't' });
  const error = await rejectionOf(call);
  expect(error).toBeInstanceOf(WechatError);
  return error as WechatError;
}

describe('every error explains itself in zh-CN and en', () => {
  it.each(FAILURES)('%s has a message and a hint in both locales', async (_name, reply) => {
    const error = await failureFor(reply);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toMatch(/^WECHAT_/);
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(error.localized[locale].message.length).toBeGreaterThan(5);
      expect(error.localized[locale].hint?.length ?? 0).toBeGreaterThan(5);
    }
    expect(error.message).toBe(error.localized.en.message);
    expect(error.toPayload().details?.endpoint).toBe('applycode');
  });

  it('known errcodes are not described by the generic fallback', async () => {
    const unknown = await failureFor({ json: { errcode: 9402002, errmsg: 'application not finished' } });
    expect(unknown.code).toBe('WECHAT_9402002');
    expect(unknown.localized.en.message).toBe('WeChat returned unknown errcode 9402002: application not finished');
    expect(unknown.localized['zh-CN'].message).toContain('9402002');
    expect(unknown.localized['zh-CN'].message).toContain('application not finished');
    for (const errcode of [-1, 40001, 42001, 40014, 40013, 40125, 41001, 45009, 45011, 48001, 40097, 40003]) {
      const known = await failureFor({ json: { errcode, errmsg: 'x' } });
      expect(known.localized.en.message).not.toContain('unknown errcode');
      expect(known.errcode).toBe(errcode);
      expect(known.errmsg).toBe('x');
      expect(known.details).toMatchObject({ errcode, errmsg: 'x', kind: 'api' });
    }
  });

  it('48001 names the missing permission: the marketing-code permission set, id 46', async () => {
    const error = await failureFor({ json: { errcode: 48001, errmsg: 'api unauthorized' } });
    expect(error.localized.en.hint).toContain('permission set id 46');
    expect(error.localized['zh-CN'].hint).toContain('权限集 id 46');
  });

  it('quota errors tell the user to back off', async () => {
    const daily = await failureFor({ json: { errcode: 45009, errmsg: 'reach max api daily quota limit' } });
    const minute = await failureFor({ json: { errcode: 45011, errmsg: 'api minute-quota reach limit' } });
    expect(daily.localized.en.message).toMatch(/daily quota/);
    expect(minute.localized.en.message).toMatch(/per-minute quota/);
    for (const error of [daily, minute]) expect(error.localized.en.hint).toMatch(/^Back off/);
  });

  it('tickettocode words 40097 as a bad openid or code_ticket', async () => {
    const error = await failureFor({ json: { errcode: 40097, errmsg: 'invalid args' } }, 'tickettocode');
    expect(error.localized.en.message).toContain('openid or code_ticket');
    expect(error.localized.en.hint).toMatch(/scan again/);
  });

  it('transport errors have stable codes', async () => {
    expect((await failureFor({ hang: true })).code).toBe('WECHAT_TIMEOUT');
    expect((await failureFor({ drop: true })).code).toBe('WECHAT_NETWORK');
    expect((await failureFor({ status: 503, text: '' })).code).toBe('WECHAT_HTTP_STATUS');
    expect((await failureFor({ text: 'garbage' })).code).toBe('WECHAT_BAD_RESPONSE');
  });

  it('a refused connection is a network error naming the reason', async () => {
    const closed = await startScriptedServer(() => ({ json: {} }));
    await closed.close();
    const client = createMarketcodeClient({
      baseUrl: closed.baseUrl,
      tokenProvider: createStaticTokenProvider({ accessToken: TOKEN }),
      retry: { maxAttempts: 1 },
    });
    const error = (await rejectionOf(client.applyCode({ code_count: 10_000, isv_application_id: 'a' }))) as WechatError;
    expect(error.code).toBe('WECHAT_NETWORK');
    expect(error.localized.en.message).toContain('ECONNREFUSED');
  });
});

describe('the access token never appears in an error', () => {
  function everythingShown(error: WechatError, events: WechatClientEvent[] = []): string {
    return JSON.stringify({
      payload: error.toPayload(),
      message: error.message,
      stack: error.stack,
      errmsg: error.errmsg,
      cause: String(error.cause),
      events: events.map((event) => (event.type === 'failure' ? event.error.toPayload() : event)),
    });
  }

  it.each(FAILURES)('%s', async (_name, reply) => {
    const { client, events } = await harness(() => reply, {
      timeoutMs: 30,
      retry: { maxAttempts: 2 },
      tokenProvider: STUBBORN_PROVIDER,
    });
    const error = (await rejectionOf(client.applyCode({ code_count: 10_000, isv_application_id: 'a' }))) as WechatError;
    expect(everythingShown(error, events)).not.toContain(TOKEN);
  });

  it('even when the server echoes it back in errmsg', async () => {
    const { client, events } = await harness(() => ({
      json: { errcode: 40097, errmsg: `invalid args, access_token ${TOKEN} hint: [${TOKEN}]` },
    }));
    const error = (await rejectionOf(client.activateCodes(ACTIVATION))) as WechatError;
    expect(error.errmsg).toBe('invalid args, access_token [redacted] hint: [[redacted]]');
    expect(everythingShown(error, events)).not.toContain(TOKEN);
  });

  it('even when fetch itself throws with the URL in its message', async () => {
    const leakyFetch: FetchLike = (url) => Promise.reject(new TypeError(`Failed to parse URL from ${url}`));
    const client: MarketcodeClient = createMarketcodeClient({
      baseUrl: 'http://127.0.0.1:9',
      tokenProvider: createStaticTokenProvider({ accessToken: TOKEN }),
      fetch: leakyFetch,
      sleep: async () => {},
    });
    const error = (await rejectionOf(client.queryActivation({ code: '123456789' }))) as WechatError;
    expect(error.code).toBe('WECHAT_NETWORK');
    expect(everythingShown(error)).not.toContain(TOKEN);
  });
});

describe('daily quota reset (midnight Beijing time)', () => {
  it.each([
    [Date.UTC(2024, 0, 1, 15, 59, 0), 60_000],
    [Date.UTC(2024, 0, 1, 16, 0, 0), 86_400_000],
    [Date.UTC(2024, 0, 1, 0, 0, 0), 16 * 3_600_000],
  ])('at %i waits %i ms', (nowMs, expected) => {
    expect(msUntilDailyQuotaReset(nowMs)).toBe(expected);
  });
});
