/**
 * Access tokens between the client and the simulator over real HTTP: bad,
 * expired and missing tokens, tokens that expire in the middle of a run, and
 * refresh stampedes. Token requests are counted by the simulator itself.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT } from '@main/simulator';
import {
  createAppSecretTokenProvider,
  createMarketcodeClient,
  createStaticTokenProvider,
  isWechatError,
  type TokenProvider,
  type WechatError,
} from '@main/wechat';
import { recordingClient, rejectionOf } from './support/fixtures';
import { DETAILS, START_MS, decryptPackage, simulatorWorld, startClosedAfterTest } from './support/simulator-world';

const TTL_MS = 7_200_000;
const MARGIN_MS = 5 * 60_000;

async function failure(promise: Promise<unknown>): Promise<WechatError> {
  const error = await rejectionOf(promise);
  if (!isWechatError(error)) throw error;
  return error;
}

/** A token straight from GET /cgi-bin/token, as a person would paste it. */
async function pastedToken(baseUrl: string): Promise<string> {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret });
  const body = (await (await fetch(`${baseUrl}/cgi-bin/token?${query.toString()}`)).json()) as { access_token: string };
  return body.access_token;
}

describe('bad, expired and missing tokens', () => {
  it('an unknown pasted token: 40001, then WECHAT_TOKEN_REJECTED after one request; later calls send nothing', async () => {
    const world = await simulatorWorld();
    const { client } = recordingClient({
      baseUrl: world.sim.baseUrl,
      tokenProvider: createStaticTokenProvider({ accessToken: 'NOT_A_SIMULATOR_TOKEN' }),
    });
    const error = await failure(client.applyCode({ code_count: 10_000, isv_application_id: 'pasted-1' }));
    expect(error.code).toBe('WECHAT_TOKEN_REJECTED');
    expect(world.outcomes('applycode')).toEqual({ 'errcode:40001': 1 });
    await expect(failure(client.queryApplication({ application_id: 1 }))).resolves.toMatchObject({ code: 'WECHAT_TOKEN_REJECTED' });
    expect(world.requests('applycodequery')).toBe(0);
  });

  it('a pasted token the simulator expired (42001) is rejected the same way, after one request', async () => {
    const world = await simulatorWorld();
    const token = await pastedToken(world.sim.baseUrl);
    const { client } = recordingClient({ baseUrl: world.sim.baseUrl, tokenProvider: createStaticTokenProvider({ accessToken: token }) });
    await client.applyCode({ code_count: 10_000, isv_application_id: 'pasted-2' });
    world.sim.admin.expireAllTokens();
    const error = await failure(client.applyCode({ code_count: 10_000, isv_application_id: 'pasted-3' }));
    expect(error.code).toBe('WECHAT_TOKEN_REJECTED');
    expect(world.outcomes('applycode')).toEqual({ ok: 1, 'errcode:42001': 1 });
  });

  it('a pasted token past its lifetime by the clock is 42001 → WECHAT_TOKEN_REJECTED', async () => {
    const world = await simulatorWorld();
    const token = await pastedToken(world.sim.baseUrl);
    const { client } = recordingClient({ baseUrl: world.sim.baseUrl, tokenProvider: createStaticTokenProvider({ accessToken: token }) });
    world.clock.advance(TTL_MS);
    await expect(failure(client.applyCode({ code_count: 10_000, isv_application_id: 'pasted-4' }))).resolves.toMatchObject({
      code: 'WECHAT_TOKEN_REJECTED',
    });
    expect(world.outcomes('applycode')).toEqual({ 'errcode:42001': 1 });
  });

  it('a provider that hands out an empty token: 41001 from the simulator, not retried', async () => {
    const world = await simulatorWorld();
    const empty: TokenProvider = { kind: 'static', getToken: () => Promise.resolve(''), invalidate: () => {} };
    const { client, sleeps } = recordingClient({ baseUrl: world.sim.baseUrl, tokenProvider: empty });
    const error = await failure(client.applyCode({ code_count: 10_000, isv_application_id: 'empty-token' }));
    expect(error).toMatchObject({ code: 'WECHAT_41001', kind: 'api', attempts: 1 });
    expect(world.outcomes('applycode')).toEqual({ 'errcode:41001': 1 });
    expect(sleeps).toEqual([]);
  });

  it.each([
    ['a wrong secret', { secret: 'wrong-secret-0000' }, 'WECHAT_40125'],
    ['an unknown appid', { appid: 'wx0000000000unknown' }, 'WECHAT_40013'],
  ])('%s fails at the token request; no marketcode request is made', async (_name, credentials, code) => {
    const world = await simulatorWorld();
    const tokenProvider = createAppSecretTokenProvider({ baseUrl: world.sim.baseUrl, ...DEMO_ACCOUNT, ...credentials });
    const { client, sleeps } = recordingClient({ baseUrl: world.sim.baseUrl, tokenProvider });
    const error = await failure(client.applyCode({ code_count: 10_000, isv_application_id: 'bad-credentials' }));
    expect(error).toMatchObject({ code, endpoint: 'stable_token' });
    expect(error.message).not.toContain(DEMO_ACCOUNT.secret);
    expect(world.requests('stable_token')).toBe(1);
    expect(world.requests('applycode')).toBe(0);
    expect(sleeps).toEqual([]);
  });

  it('a simulator restarted with a fresh database on the same port: 40001, one refresh, and the call succeeds', async () => {
    const first = await startClosedAfterTest({ finishDelayMs: 0 });
    const tokenProvider = createAppSecretTokenProvider({ baseUrl: first.baseUrl, appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret });
    const { client, events } = recordingClient({ baseUrl: first.baseUrl, tokenProvider });
    await client.applyCode({ code_count: 10_000, isv_application_id: 'before-restart' });
    await first.close();

    const second = await startClosedAfterTest({ finishDelayMs: 0, port: first.port });
    await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'after-restart' })).resolves.toMatchObject({
      application_id: expect.any(Number),
    });
    expect(second.admin.counters().perOutcome).toEqual({
      applycode: { 'errcode:40001': 1, ok: 1 },
      stable_token: { ok: 1 },
    });
    expect(events).toContainEqual({ type: 'token-rejected', endpoint: 'applycode', errcode: 40001 });
  });
});

describe('token expiry in the middle of a run', () => {
  it('expireAllTokens between calls costs exactly one extra token request each time, on whichever endpoint hits it', async () => {
    const world = await simulatorWorld();
    const { client } = world;
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'mid-run' });
    const { code_generate_list } = await client.queryApplication({ application_id });
    expect(world.requests('stable_token')).toBe(1);

    world.sim.admin.expireAllTokens();
    const segment = code_generate_list[0];
    if (!segment) throw new Error('no segment');
    const { buffer } = await client.downloadSegment({ application_id, ...segment });
    expect(decryptPackage(buffer).split('\n')).toHaveLength(2_500);
    expect(world.requests('stable_token')).toBe(2);
    expect(world.outcomes('applycodedownload')).toEqual({ 'errcode:42001': 1, ok: 1 });

    await client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 2_499 });
    world.sim.admin.expireAllTokens();
    const { code } = await client.queryActivation({ application_id, code_index: 7 });
    const ticket = world.sim.admin.mintTicket({ application_id, code_index: 7 });
    await expect(client.ticketToCode({ openid: ticket.openid, code_ticket: ticket.code_ticket })).resolves.toMatchObject({ code });

    expect(world.requests('stable_token')).toBe(3);
    expect(world.sim.admin.counters().perOutcome).toEqual({
      stable_token: { ok: 3 },
      applycode: { ok: 1 },
      applycodequery: { ok: 1 },
      applycodedownload: { 'errcode:42001': 1, ok: 1 },
      codeactive: { ok: 1 },
      codeactivequery: { 'errcode:42001': 1, ok: 1 },
      tickettocode: { ok: 1 },
    });
    expect(world.sleeps).toEqual([]);
  });

  it('as the clock reaches the last five minutes the token is refreshed ahead of time: one token request, no 42001', async () => {
    const world = await simulatorWorld();
    const { client } = world;
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'clock-run' });
    world.clock.set(START_MS + TTL_MS - MARGIN_MS + 1_000);
    for (let index = 0; index < 5; index += 1) await client.queryApplication({ application_id });
    expect(world.requests('stable_token')).toBe(2);
    world.clock.set(START_MS + TTL_MS + 1_000);
    for (let index = 0; index < 5; index += 1) await client.queryApplication({ application_id });
    expect(world.requests('stable_token')).toBe(2);
    expect(world.outcomes('applycodequery')).toEqual({ ok: 10 });
  });

  it('a clock jump past the whole lifetime: one token request before the next call, no 42001', async () => {
    const world = await simulatorWorld();
    const { client } = world;
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'clock-jump' });
    world.clock.advance(3 * TTL_MS);
    await client.queryApplication({ application_id });
    await client.queryApplication({ application_id });
    expect(world.requests('stable_token')).toBe(2);
    expect(world.outcomes('applycodequery')).toEqual({ ok: 2 });
  });
});

describe('refresh stampedes', () => {
  const CALLS = 50;

  it(`${CALLS} concurrent calls with a cold cache make exactly one token request`, async () => {
    const world = await simulatorWorld();
    const results = await Promise.all(
      Array.from({ length: CALLS }, (_, index) => world.client.applyCode({ code_count: 10_000, isv_application_id: `stampede-${index}` })),
    );
    expect(new Set(results.map((result) => result.application_id)).size).toBe(CALLS);
    expect(world.requests('stable_token')).toBe(1);
    expect(world.outcomes('applycode')).toEqual({ ok: CALLS });
  });

  it(`${CALLS} concurrent calls that all meet an expired token make exactly one more token request`, async () => {
    const world = await simulatorWorld();
    const { application_id } = await world.client.applyCode({ code_count: 10_000, isv_application_id: 'stampede-expired' });
    world.sim.admin.expireAllTokens();
    world.sim.admin.resetCounters();
    const results = await Promise.all(Array.from({ length: CALLS }, () => world.client.queryApplication({ application_id })));
    expect(results.every((result) => result.application_id === application_id)).toBe(true);
    expect(world.requests('stable_token')).toBe(1);
    expect(world.outcomes('applycodequery')).toEqual({ 'errcode:42001': CALLS, ok: CALLS });
  });

  it(`${CALLS} concurrent calls across all six endpoints share one token request`, async () => {
    const world = await simulatorWorld();
    const setup = world.clientFor(DEMO_ACCOUNT);
    const { application_id } = await setup.client.applyCode({ code_count: 10_000, isv_application_id: 'stampede-mixed' });
    await setup.client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 9_999 });
    const ticket = world.sim.admin.mintTicket({ application_id, code_index: 3 });
    world.sim.admin.resetCounters();

    const { client } = world;
    const calls = Array.from({ length: CALLS }, (_, index): Promise<unknown> => {
      switch (index % 6) {
        case 0:
          return client.applyCode({ code_count: 10_000, isv_application_id: 'stampede-mixed' });
        case 1:
          return client.queryApplication({ application_id });
        case 2:
          return client.downloadSegment({ application_id, code_start: 2_500, code_end: 4_999 });
        case 3:
          return client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 9_999 });
        case 4:
          return client.queryActivation({ application_id, code_index: index });
        default:
          return client.ticketToCode({ openid: ticket.openid, code_ticket: ticket.code_ticket });
      }
    });
    await Promise.all(calls);
    const { perEndpoint } = world.sim.admin.counters();
    expect(perEndpoint.stable_token).toBe(1);
    const marketcodeRequests = Object.entries(perEndpoint)
      .filter(([endpoint]) => endpoint !== 'stable_token')
      .reduce((sum, [, count]) => sum + (count ?? 0), 0);
    expect(marketcodeRequests).toBe(CALLS);
  });

  it('two clients (two stations) each make their own single token request and both tokens stay valid', async () => {
    const world = await simulatorWorld();
    const second = world.clientFor(DEMO_ACCOUNT);
    const apply = (client: typeof world.client, prefix: string) =>
      Array.from({ length: 10 }, (_, index) => client.applyCode({ code_count: 10_000, isv_application_id: `${prefix}-${index}` }));
    await Promise.all([...apply(world.client, 'a'), ...apply(second.client, 'b')]);
    // stable_token hands both stations the same token; neither invalidates the other's.
    expect(world.requests('stable_token')).toBe(2);
    expect(world.outcomes('applycode')).toEqual({ ok: 20 });
  });
});

describe('client without any injected sleep', () => {
  it('the default client works against the simulator too (no fault, so no real wait)', async () => {
    const sim = await startClosedAfterTest({ finishDelayMs: 0 });
    const client = createMarketcodeClient({
      baseUrl: sim.baseUrl,
      tokenProvider: createAppSecretTokenProvider({ baseUrl: sim.baseUrl, appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret }),
    });
    await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'defaults' })).resolves.toMatchObject({
      application_id: expect.any(Number),
    });
  });
});
