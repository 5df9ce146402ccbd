import { describe, expect, it } from 'vitest';
import { createAppSecretTokenProvider, createStaticTokenProvider, type WechatError } from '@main/wechat';
import type { RecordedRequest, Reply } from './support/scripted-server';
import { harness, recordingClient, rejectionOf, scriptedServer } from './support/fixtures';

const APPID = 'wx0123456789abcdef';
const SECRET = 'app-secret-0123456789abcdef0123456';
const APPLY = { code_count: 10_000, isv_application_id: 'isv-1' };

/**
 * One server for tokens and marketcode calls: stable_token hands out TOKEN_1,
 * TOKEN_2, …; marketcode calls are answered by `marketcode`.
 */
async function wechat(marketcode: (request: RecordedRequest, index: number) => Reply) {
  let issued = 0;
  let calls = 0;
  const server = await scriptedServer((request) => {
    if (request.path === '/cgi-bin/stable_token') {
      issued += 1;
      return { json: { access_token: `TOKEN_${issued}`, expires_in: 7200 } };
    }
    calls += 1;
    return marketcode(request, calls - 1);
  });
  const tokenProvider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
  const tokenRequests = () => server.requests.filter((request) => request.path === '/cgi-bin/stable_token');
  const marketcodeRequests = () => server.requests.filter((request) => request.path.startsWith('/intp/'));
  return { server, tokenProvider, tokenRequests, marketcodeRequests };
}

describe('token rejected by WeChat: invalidate, refresh once, retry once', () => {
  it.each([40001, 42001, 40014])('errcode %i → a new token and one retry', async (errcode) => {
    const world = await wechat((_request, index) =>
      index === 0 ? { json: { errcode, errmsg: 'invalid credential' } } : { json: { errcode: 0, application_id: 9 } },
    );
    const { client, events, sleeps } = recordingClient({ baseUrl: world.server.baseUrl, tokenProvider: world.tokenProvider });
    await expect(client.applyCode(APPLY)).resolves.toEqual({ application_id: 9 });
    expect(world.marketcodeRequests().map((request) => request.query.access_token)).toEqual(['TOKEN_1', 'TOKEN_2']);
    expect(world.marketcodeRequests().map((request) => request.body)).toEqual([APPLY, APPLY]);
    expect(world.tokenRequests()).toHaveLength(2);
    expect(sleeps).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['attempt', 'token-rejected', 'attempt', 'token-refreshed', 'success']);
    expect(events[1]).toEqual({ type: 'token-rejected', endpoint: 'applycode', errcode });
    expect(events[3]).toEqual({ type: 'token-refreshed', endpoint: 'applycode', providerKind: 'app-secret' });
  });

  it('a second rejection surfaces as the token error, without looping', async () => {
    const world = await wechat(() => ({ json: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } }));
    const { client } = recordingClient({ baseUrl: world.server.baseUrl, tokenProvider: world.tokenProvider });
    const error = (await rejectionOf(client.queryApplication({ application_id: 1 }))) as WechatError;
    expect(error.code).toBe('WECHAT_40001');
    expect(error.attempts).toBe(2);
    expect(world.marketcodeRequests()).toHaveLength(2);
    expect(world.tokenRequests()).toHaveLength(2);
  });

  it('the refresh-and-retry also combines with transient retries', async () => {
    const replies: Reply[] = [
      { status: 502, text: '' },
      { json: { errcode: 42001, errmsg: 'access_token expired' } },
      { json: { errcode: -1, errmsg: 'system error' } },
      { json: { errcode: 0, application_id: 3 } },
    ];
    const world = await wechat((_request, index) => replies[index] ?? { json: {} });
    const { client, sleeps } = recordingClient({ baseUrl: world.server.baseUrl, tokenProvider: world.tokenProvider });
    await expect(client.applyCode(APPLY)).resolves.toEqual({ application_id: 3 });
    expect(sleeps).toEqual([250, 500]);
    expect(world.marketcodeRequests().map((request) => request.query.access_token)).toEqual(['TOKEN_1', 'TOKEN_1', 'TOKEN_2', 'TOKEN_2']);
  });

  it('10 concurrent calls share one token request, and one refresh after a shared rejection', async () => {
    const world = await wechat((request) =>
      request.query.access_token === 'TOKEN_1'
        ? { json: { errcode: 40001, errmsg: 'invalid credential' } }
        : { json: { errcode: 0, errmsg: 'ok', status: 'FINISH', code_generate_list: [] } },
    );
    const { client } = recordingClient({ baseUrl: world.server.baseUrl, tokenProvider: world.tokenProvider });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.queryApplication({ application_id: i + 1 })));
    expect(results.every((result) => result.status === 'FINISH')).toBe(true);
    expect(world.tokenRequests()).toHaveLength(2);
    expect(world.marketcodeRequests()).toHaveLength(20);
  });

  it('a pasted token that WeChat rejects fails with "paste a new one", and later calls fail without a request', async () => {
    const { client, server, events } = await harness(() => ({ json: { errcode: 40001, errmsg: 'invalid credential' } }), {
      tokenProvider: createStaticTokenProvider({ accessToken: 'PASTED_TOKEN_XYZ_123' }),
    });
    const error = (await rejectionOf(client.applyCode(APPLY))) as WechatError;
    expect(error.code).toBe('WECHAT_TOKEN_REJECTED');
    expect(error.localized.en.hint).toMatch(/paste/i);
    expect(server.requests).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(['attempt', 'token-rejected', 'attempt', 'failure']);

    const again = (await rejectionOf(client.applyCode(APPLY))) as WechatError;
    expect(again.code).toBe('WECHAT_TOKEN_REJECTED');
    expect(server.requests).toHaveLength(1);
  });

  it('a token API failure while fetching is retried like any transient failure', async () => {
    let tokenCalls = 0;
    const server = await scriptedServer((request) => {
      if (request.path === '/cgi-bin/stable_token') {
        tokenCalls += 1;
        return tokenCalls === 1 ? { json: { errcode: -1, errmsg: 'system error' } } : { json: { access_token: 'T', expires_in: 7200 } };
      }
      return { json: { errcode: 0, application_id: 5 } };
    });
    const tokenProvider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    const { client, sleeps } = recordingClient({ baseUrl: server.baseUrl, tokenProvider });
    await expect(client.applyCode(APPLY)).resolves.toEqual({ application_id: 5 });
    expect(sleeps).toEqual([250]);
  });

  it('a wrong secret is reported at once (not retried)', async () => {
    const server = await scriptedServer(() => ({ json: { errcode: 40125, errmsg: 'invalid appsecret' } }));
    const tokenProvider = createAppSecretTokenProvider({ baseUrl: server.baseUrl, appid: APPID, secret: SECRET });
    const { client, sleeps } = recordingClient({ baseUrl: server.baseUrl, tokenProvider });
    const error = (await rejectionOf(client.applyCode(APPLY))) as WechatError;
    expect(error.code).toBe('WECHAT_40125');
    expect(error.endpoint).toBe('stable_token');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});
