import { describe, expect, it } from 'vitest';
import {
  WechatError,
  createAppSecretTokenProvider,
  createStaticTokenProvider,
  createTokenUrlProvider,
  type TokenProviderEvent,
} from '@main/wechat';
import type { RecordedRequest, Reply } from './support/scripted-server';
import { rejectionOf, scriptedServer } from './support/fixtures';

const APPID = 'wx0123456789abcdef';
const SECRET = 'app-secret-0123456789abcdef0123456';

/** A fake clock the test moves by hand. */
function clock(start = 1_700_000_000_000) {
  let nowMs = start;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

/** Answers token requests with TOKEN_1, TOKEN_2, … (7200 s each) unless `override` answers first. */
async function tokenServer(override?: (request: RecordedRequest, index: number) => Reply | undefined) {
  let issued = 0;
  return scriptedServer((request, index) => {
    const custom = override?.(request, index);
    if (custom) return custom;
    issued += 1;
    return { json: { access_token: `TOKEN_${issued}`, expires_in: 7200 } };
  });
}

describe('app-secret provider', () => {
  it('POSTs client_credential, appid and secret to /cgi-bin/stable_token', async () => {
    const server = await tokenServer();
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    expect(provider.kind).toBe('app-secret');
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/cgi-bin/stable_token');
    expect(request?.body).toEqual({ grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: false });
  });

  it('caches the token until 5 minutes before it expires', async () => {
    const server = await tokenServer();
    const time = clock();
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET, now: time.now });
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
    time.advance((7200 - 300) * 1000 - 1);
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
    expect(server.requests).toHaveLength(1);
    time.advance(1);
    await expect(provider.getToken()).resolves.toBe('TOKEN_2');
    expect(server.requests).toHaveLength(2);
  });

  it('single-flight: 10 concurrent callers share one token request', async () => {
    const server = await tokenServer();
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['TOKEN_1']));
    expect(server.requests).toHaveLength(1);
  });

  it('a failed refresh is shared by the concurrent callers and not cached', async () => {
    const server = await tokenServer((_request, index) => (index === 0 ? { status: 500, text: 'oops' } : undefined));
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => provider.getToken()));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(server.requests).toHaveLength(1);
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
  });

  it.each<[string, Reply]>([
    ['HTTP 404', { status: 404, text: 'Not Found' }],
    ['errcode 40066 (invalid url)', { json: { errcode: 40066, errmsg: 'invalid url' } }],
    ['errcode 48001 (api unauthorized)', { json: { errcode: 48001, errmsg: 'api unauthorized' } }],
  ])('falls back to GET /cgi-bin/token for good when stable_token answers %s', async (_name, unavailable) => {
    const server = await tokenServer((request) => (request.path === '/cgi-bin/stable_token' ? unavailable : undefined));
    const time = clock();
    const events: TokenProviderEvent[] = [];
    const provider = createAppSecretTokenProvider({
      baseUrl: server.baseUrl,
      appid: APPID,
      secret: SECRET,
      now: time.now,
      onEvent: (event) => events.push(event),
    });
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
    const fallback = server.requests[1];
    expect(fallback?.method).toBe('GET');
    expect(fallback?.path).toBe('/cgi-bin/token');
    expect(fallback?.query).toEqual({ grant_type: 'client_credential', appid: APPID, secret: SECRET });
    expect(events.map((event) => event.type)).toEqual(['stable-token-unavailable', 'token-fetched']);
    expect(events[1]).toEqual({ type: 'token-fetched', kind: 'app-secret', source: 'token', expiresInSec: 7200 });

    time.advance(7200 * 1000);
    await expect(provider.getToken()).resolves.toBe('TOKEN_2');
    expect(server.requests.map((request) => request.path)).toEqual(['/cgi-bin/stable_token', '/cgi-bin/token', '/cgi-bin/token']);
  });

  it('does not fall back on a wrong secret (40125): it reports it, without the secret', async () => {
    const server = await tokenServer(() => ({ json: { errcode: 40125, errmsg: `invalid appsecret ${SECRET}` } }));
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    const error = (await rejectionOf(provider.getToken())) as WechatError;
    expect(error.code).toBe('WECHAT_40125');
    expect(error.endpoint).toBe('stable_token');
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(error.toPayload())).not.toContain(SECRET);
    expect(error.errmsg).toBe('invalid appsecret [redacted]');
  });

  it('a wrong appid (40013) via /cgi-bin/token never shows the secret sent in its query', async () => {
    const server = await tokenServer((request) =>
      request.path === '/cgi-bin/stable_token' ? { status: 404, text: '' } : { json: { errcode: 40013, errmsg: 'invalid appid' } },
    );
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    const error = (await rejectionOf(provider.getToken())) as WechatError;
    expect(error.code).toBe('WECHAT_40013');
    expect(error.endpoint).toBe('token');
    expect(JSON.stringify({ payload: error.toPayload(), stack: error.stack })).not.toContain(SECRET);
  });

  it('after WeChat rejects a token, asks stable_token again and forces a refresh if it hands back the same token', async () => {
    let current = 'TOKEN_A';
    const server = await scriptedServer((request) => {
      const body = request.body as { force_refresh: boolean };
      if (body.force_refresh) current = 'TOKEN_B';
      return { json: { access_token: current, expires_in: 7200 } };
    });
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    await expect(provider.getToken()).resolves.toBe('TOKEN_A');
    provider.invalidate('TOKEN_A');
    await expect(provider.getToken()).resolves.toBe('TOKEN_B');
    expect(server.requests.map((request) => (request.body as { force_refresh: boolean }).force_refresh)).toEqual([false, false, true]);
    await expect(provider.getToken()).resolves.toBe('TOKEN_B');
    expect(server.requests).toHaveLength(3);
  });

  it('invalidating a token that is no longer the cached one keeps the newer token', async () => {
    const server = await tokenServer();
    const provider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    await provider.getToken();
    provider.invalidate('TOKEN_1');
    await expect(provider.getToken()).resolves.toBe('TOKEN_2');
    provider.invalidate('TOKEN_1');
    await expect(provider.getToken()).resolves.toBe('TOKEN_2');
    expect(server.requests).toHaveLength(2);
  });

  it('refuses an empty appid or secret before any request', () => {
    expect(() => createAppSecretTokenProvider({ baseUrl: 'http://127.0.0.1:1', appid: ' ', secret: SECRET })).toThrow(WechatError);
    expect(() => createAppSecretTokenProvider({ baseUrl: 'http://127.0.0.1:1', appid: APPID, secret: '' })).toThrow(/secret/);
  });
});

describe('pasted (static) token', () => {
  it('hands out the pasted token, trimmed', async () => {
    const provider = createStaticTokenProvider({ accessToken: '  PASTED_TOKEN_123\n' });
    expect(provider.kind).toBe('static');
    await expect(provider.getToken()).resolves.toBe('PASTED_TOKEN_123');
  });

  it('once rejected, fails with a clear "paste a new one" error', async () => {
    const provider = createStaticTokenProvider({ accessToken: 'PASTED_TOKEN_123' });
    provider.invalidate('SOME_OTHER_TOKEN');
    await expect(provider.getToken()).resolves.toBe('PASTED_TOKEN_123');
    provider.invalidate('PASTED_TOKEN_123');
    const error = (await rejectionOf(provider.getToken())) as WechatError;
    expect(error.code).toBe('WECHAT_TOKEN_REJECTED');
    expect(error.localized.en.hint).toMatch(/paste/i);
    expect(error.localized['zh-CN'].hint).toContain('粘贴');
    expect(JSON.stringify(error.toPayload())).not.toContain('PASTED_TOKEN_123');
  });

  it('refuses an empty paste', () => {
    const error = (() => {
      try {
        createStaticTokenProvider({ accessToken: ' \n' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as WechatError;
    expect(error.code).toBe('WECHAT_VALIDATION');
  });
});

describe('token URL provider', () => {
  it('GETs the URL with the configured headers and caches until 5 minutes before expiry', async () => {
    const server = await tokenServer();
    const time = clock();
    const provider = createTokenUrlProvider({
      url: `${server.baseUrl}/tokens/wx?site=plant-3`,
      headers: { authorization: 'Bearer central-service-key-123' },
      now: time.now,
    });
    expect(provider.kind).toBe('token-url');
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/tokens/wx', query: { site: 'plant-3' } });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer central-service-key-123');
    time.advance(6899 * 1000);
    await expect(provider.getToken()).resolves.toBe('TOKEN_1');
    time.advance(1000);
    await expect(provider.getToken()).resolves.toBe('TOKEN_2');
  });

  it('single-flight: 10 concurrent callers share one request', async () => {
    const server = await tokenServer();
    const provider = createTokenUrlProvider({ url: `${server.baseUrl}/token` });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['TOKEN_1']));
    expect(server.requests).toHaveLength(1);
  });

  it('accepts authorizer_access_token and expires_in as a numeric string', async () => {
    const server = await scriptedServer(() => ({ json: { authorizer_access_token: 'AUTHORIZER_1', expires_in: '7200' } }));
    const time = clock();
    const provider = createTokenUrlProvider({ url: `${server.baseUrl}/token`, now: time.now });
    await expect(provider.getToken()).resolves.toBe('AUTHORIZER_1');
    time.advance(3600 * 1000);
    await provider.getToken();
    expect(server.requests).toHaveLength(1);
  });

  it('without expires_in keeps the token for ttlWhenUnknownMs', async () => {
    const server = await tokenServer((_request, index) => ({ json: { access_token: `NO_EXPIRY_${index}` } }));
    const time = clock();
    const provider = createTokenUrlProvider({ url: `${server.baseUrl}/token`, now: time.now, ttlWhenUnknownMs: 60_000 });
    await expect(provider.getToken()).resolves.toBe('NO_EXPIRY_0');
    time.advance(59_999);
    await expect(provider.getToken()).resolves.toBe('NO_EXPIRY_0');
    time.advance(1);
    await expect(provider.getToken()).resolves.toBe('NO_EXPIRY_1');
  });

  it('invalidate makes the next call fetch again', async () => {
    const server = await tokenServer();
    const provider = createTokenUrlProvider({ url: `${server.baseUrl}/token` });
    await provider.getToken();
    provider.invalidate('TOKEN_1');
    await expect(provider.getToken()).resolves.toBe('TOKEN_2');
  });

  it('reports a service error as a WechatError without its credentials', async () => {
    const server = await scriptedServer(() => ({ status: 401, text: 'no' }));
    const provider = createTokenUrlProvider({
      url: `${server.baseUrl}/token?key=central-secret-key-987`,
      headers: { authorization: 'Bearer header-secret-654321' },
    });
    const error = (await rejectionOf(provider.getToken())) as WechatError;
    expect(error.code).toBe('WECHAT_HTTP_STATUS');
    expect(error.endpoint).toBe('token_url');
    expect(error.localized.en.message).toContain('token service');
    const shown = JSON.stringify(error.toPayload());
    expect(shown).not.toContain('central-secret-key-987');
    expect(shown).not.toContain('header-secret-654321');
  });

  it('an answer without a token is WECHAT_BAD_RESPONSE', async () => {
    const server = await scriptedServer(() => ({ json: { token: 'wrong-field' } }));
    const provider = createTokenUrlProvider({ url: `${server.baseUrl}/token` });
    const error = (await rejectionOf(provider.getToken())) as WechatError;
    expect(error.code).toBe('WECHAT_BAD_RESPONSE');
    expect(error.details?.problem).toContain('access_token');
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => createTokenUrlProvider({ url: 'ftp://example.com/token' })).toThrow(WechatError);
    expect(() => createTokenUrlProvider({ url: 'not a url' })).toThrow(/http/);
  });
});
