import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT } from '@main/simulator';
import { startTestSimulator, type TestSimulator, type WechatBody } from './helpers';

let t: TestSimulator;

beforeEach(async () => {
  t = await startTestSimulator({ tokenTtlSeconds: 7200 });
});
afterEach(async () => {
  await t.sim.close();
});

async function getToken(params: Record<string, string>): Promise<WechatBody> {
  const response = await fetch(`${t.sim.baseUrl}/cgi-bin/token?${new URLSearchParams(params).toString()}`);
  expect(response.status).toBe(200);
  return (await response.json()) as WechatBody;
}

async function stableToken(body: unknown): Promise<WechatBody> {
  const response = await fetch(`${t.sim.baseUrl}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify(body) });
  return (await response.json()) as WechatBody;
}

const credentials = { grant_type: 'client_credential', appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret };

describe('GET /cgi-bin/token', () => {
  it('issues a token valid for the configured lifetime', async () => {
    const body = await getToken(credentials);
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(body.errcode).toBeUndefined();
  });

  it('issues a new token on every call', async () => {
    const first = await getToken(credentials);
    const second = await getToken(credentials);
    expect(second.access_token).not.toBe(first.access_token);
  });

  it.each([
    ['bad secret', { ...credentials, secret: 'wrong' }, 40125],
    ['unknown appid', { ...credentials, appid: 'wx0000000000000000' }, 40013],
    ['missing appid', { grant_type: 'client_credential', secret: 'x' }, 41002],
    ['missing secret', { grant_type: 'client_credential', appid: DEMO_ACCOUNT.appid }, 41004],
    ['bad grant_type', { ...credentials, grant_type: 'password' }, 40002],
  ])('rejects %s with %i', async (_name, params, errcode) => {
    const body = await getToken(params);
    expect(body.errcode).toBe(errcode);
    expect(body.errmsg).toEqual(expect.any(String));
    expect(body.access_token).toBeUndefined();
  });

  it('requires GET', async () => {
    const response = await fetch(`${t.sim.baseUrl}/cgi-bin/token?${new URLSearchParams(credentials).toString()}`, {
      method: 'POST',
    });
    expect(((await response.json()) as WechatBody).errcode).toBe(43001);
  });
});

describe('POST /cgi-bin/stable_token', () => {
  it('returns the same token until force_refresh, with the remaining lifetime', async () => {
    const first = await stableToken(credentials);
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    t.clock.advance(200_000);
    const again = await stableToken(credentials);
    expect(again).toEqual({ access_token: first.access_token, expires_in: 7000 });
    const refreshed = await stableToken({ ...credentials, force_refresh: true });
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.expires_in).toBe(7200);
  });

  it('keeps the previous token valid for five minutes after a refresh', async () => {
    const old = (await stableToken(credentials)).access_token as string;
    await stableToken({ ...credentials, force_refresh: true });
    expect((await t.call('applycodequery', { isv_application_id: 'none' }, old)).errcode).toBe(9402001);
    t.clock.advance(5 * 60_000);
    expect((await t.call('applycodequery', { isv_application_id: 'none' }, old)).errcode).toBe(42001);
  });

  it('rejects a bad secret, a non-JSON body and a bad force_refresh', async () => {
    expect((await stableToken({ ...credentials, secret: 'nope' })).errcode).toBe(40125);
    const response = await fetch(`${t.sim.baseUrl}/cgi-bin/stable_token`, { method: 'POST', body: '{oops' });
    expect(((await response.json()) as WechatBody).errcode).toBe(47001);
    expect((await stableToken({ ...credentials, force_refresh: 'yes' })).errcode).toBe(40097);
  });
});

describe('access_token on marketcode endpoints', () => {
  const query = { isv_application_id: 'nothing-here' };

  it('accepts a valid token (the error is about the missing application, not the token)', async () => {
    expect((await t.call('applycodequery', query, await t.token())).errcode).toBe(9402001);
  });

  it('answers 41001 without a token and 40001 for an unknown one', async () => {
    const response = await fetch(`${t.sim.baseUrl}/intp/marketcode/applycodequery`, {
      method: 'POST',
      body: JSON.stringify(query),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as WechatBody).errcode).toBe(41001);
    expect((await t.call('applycodequery', query, 'not-a-token')).errcode).toBe(40001);
  });

  it('answers 42001 once the token has expired', async () => {
    const token = await t.token();
    t.clock.advance(7199_000);
    expect((await t.call('applycodequery', query, token)).errcode).toBe(9402001);
    t.clock.advance(1_000);
    expect((await t.call('applycodequery', query, token)).errcode).toBe(42001);
  });

  it('answers 42001 after the admin expires every token', async () => {
    const token = await t.token();
    t.sim.admin.expireAllTokens();
    expect((await t.call('applycodequery', query, token)).errcode).toBe(42001);
    // A new token works again.
    expect((await t.call('applycodequery', query, await t.token())).errcode).toBe(9402001);
  });

  it('checks the token before the body', async () => {
    const response = await fetch(`${t.sim.baseUrl}/intp/marketcode/applycode?access_token=bad`, {
      method: 'POST',
      body: 'not json',
    });
    expect(((await response.json()) as WechatBody).errcode).toBe(40001);
  });
});

describe('request shape', () => {
  it('answers 404 JSON for an unknown path', async () => {
    const response = await fetch(`${t.sim.baseUrl}/intp/marketcode/nothing`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as WechatBody).errcode).toBe(40066);
  });

  it('requires POST, a body and a JSON object on marketcode endpoints', async () => {
    const token = await t.token();
    const url = `${t.sim.baseUrl}/intp/marketcode/applycode?access_token=${token}`;
    const errcodeOf = async (init: RequestInit): Promise<number | undefined> =>
      ((await (await fetch(url, init)).json()) as WechatBody).errcode;
    expect(await errcodeOf({ method: 'GET' })).toBe(43002);
    expect(await errcodeOf({ method: 'POST' })).toBe(44002);
    expect(await errcodeOf({ method: 'POST', body: '{"code_count":' })).toBe(47001);
    expect(await errcodeOf({ method: 'POST', body: '[1,2]' })).toBe(47001);
  });
});
