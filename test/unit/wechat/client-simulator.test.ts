/**
 * The client against the embedded simulator over real loopback HTTP: the round
 * trip Training mode and the CLI demo rely on, and the faults the simulator can
 * inject (busy, HTTP 500, dropped connections, quota, expired tokens).
 */
import { createDecipheriv } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, startSimulator, type RunningSimulator } from '@main/simulator';
import {
  createAppSecretTokenProvider,
  createMarketcodeClient,
  isApplicationFinished,
  type MarketcodeClient,
  type WechatClientEvent,
  type WechatError,
} from '@main/wechat';
import { recordingClient, rejectionOf } from './support/fixtures';

let sim: RunningSimulator;
let nowMs: number;
let client: MarketcodeClient;
let sleeps: number[];
let events: WechatClientEvent[];

beforeEach(async () => {
  nowMs = Date.UTC(2025, 0, 1, 8, 0, 0);
  sim = await startSimulator({ now: () => nowMs, finishDelayMs: 1500 });
  const tokenProvider = createAppSecretTokenProvider({
    baseUrl: sim.baseUrl,
    appid: DEMO_ACCOUNT.appid,
    secret: DEMO_ACCOUNT.secret,
    now: () => nowMs,
  });
  ({ client, sleeps, events } = recordingClient({ baseUrl: sim.baseUrl, tokenProvider, now: () => nowMs }));
});

afterEach(async () => {
  await sim.close();
});

const DETAILS = {
  activity_name: 'Spring 2025',
  product_brand: 'Demo Brand',
  product_title: 'Demo Tea 500 g',
  product_code: '6901234567892',
  wxa_appid: 'wxd0000000000mini1',
  wxa_path: 'pages/scan/index',
};

function decrypt(buffer: string): string {
  const key = Buffer.from(DEMO_ACCOUNT.serviceKey, 'ascii');
  const decipher = createDecipheriv('aes-128-cbc', key, key);
  return Buffer.concat([decipher.update(Buffer.from(buffer, 'base64')), decipher.final()]).toString('utf8');
}

/** Queries until FINISH, moving the simulator's clock instead of waiting. */
async function untilFinished(applicationId: number) {
  for (let round = 0; round < 10; round += 1) {
    const status = await client.queryApplication({ application_id: applicationId });
    if (isApplicationFinished(status)) return { status, rounds: round + 1 };
    nowMs += 500;
  }
  throw new Error('application never finished');
}

describe('client against the simulator', () => {
  it('round trip: token, applycode, query until FINISH, download, codeactive, codeactivequery, tickettocode', async () => {
    const { application_id } = await client.applyCode({ code_count: 100_000, isv_application_id: 'station-1/batch-0001' });
    expect(application_id).toBeGreaterThan(0);
    // Same isv_application_id, same application: the idempotency the retries rely on.
    await expect(client.applyCode({ code_count: 100_000, isv_application_id: 'station-1/batch-0001' })).resolves.toEqual({
      application_id,
    });

    const first = await client.queryApplication({ isv_application_id: 'station-1/batch-0001' });
    expect(isApplicationFinished(first)).toBe(false);
    expect(first.code_generate_list).toEqual([]);
    const { status, rounds } = await untilFinished(application_id);
    expect(rounds).toBeGreaterThan(1);
    expect(status.code_generate_list).toEqual([
      { code_start: 0, code_end: 49_999 },
      { code_start: 50_000, code_end: 99_999 },
    ]);

    const { buffer } = await client.downloadSegment({ application_id, code_start: 0, code_end: 49_999 });
    const lines = decrypt(buffer).split('\n');
    expect(lines).toHaveLength(50_000);

    await client.activateCodes({ application_id, ...DETAILS, wxa_type: 0, code_start: 0, code_end: 9_999 });

    const byIndex = await client.queryActivation({ application_id, code_index: 42 });
    expect(byIndex).toMatchObject({ ...DETAILS, application_id, code_start: 0, code_end: 9_999 });
    expect(typeof byIndex.code).toBe('string');
    const { code, code_url } = sim.admin.codeOf({ application_id, code_index: 42 });
    expect(byIndex.code).toBe(code);
    expect(lines[42]).toContain(code_url);
    await expect(client.queryActivation({ code })).resolves.toMatchObject({ code, application_id });
    await expect(client.queryActivation({ code_url })).resolves.toMatchObject({ code, application_id });

    const ticket = sim.admin.mintTicket({ application_id, code_index: 42 });
    await expect(client.ticketToCode({ openid: ticket.openid, code_ticket: ticket.code_ticket })).resolves.toMatchObject({
      code,
      application_id,
      isv_application_id: 'station-1/batch-0001',
      ...DETAILS,
    });
    expect(sleeps).toEqual([]);
    expect(sim.admin.counters().perEndpoint.stable_token).toBe(1);
  });

  it('rides out injected busy, HTTP 500 and dropped connections with backoff', async () => {
    sim.admin.failNext({ kind: 'busy', count: 1, endpoint: 'applycode' });
    sim.admin.failNext({ kind: 'http500', count: 1, endpoint: 'applycode' });
    sim.admin.failNext({ kind: 'drop', count: 1, endpoint: 'applycode' });
    await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'faulty-1' })).resolves.toMatchObject({
      application_id: expect.any(Number),
    });
    expect(sleeps).toEqual([250, 500, 1000]);
    const reasons = events.flatMap((event) => (event.type === 'retry-scheduled' ? [event.reason] : []));
    expect(new Set(reasons)).toEqual(new Set(['busy', 'http', 'network']));
    expect(sim.admin.counters().perEndpoint.applycode).toBe(4);
  });

  it('refreshes the token once after the simulator expires every token (42001)', async () => {
    await client.applyCode({ code_count: 10_000, isv_application_id: 'expiry-1' });
    sim.admin.expireAllTokens();
    await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'expiry-2' })).resolves.toBeDefined();
    expect(events).toContainEqual({ type: 'token-rejected', endpoint: 'applycode', errcode: 42001 });
    expect(events).toContainEqual({ type: 'token-refreshed', endpoint: 'applycode', providerKind: 'app-secret' });
  });

  it('reports an injected daily quota error without retrying, with retryAfterMs', async () => {
    sim.admin.failNext({ kind: 'quota', count: 1 });
    const error = (await rejectionOf(client.applyCode({ code_count: 10_000, isv_application_id: 'quota-1' }))) as WechatError;
    expect(error.code).toBe('WECHAT_45009');
    // 08:00 UTC is 16:00 in Beijing: eight hours to the reset.
    expect(error.retryAfterMs).toBe(8 * 3_600_000);
    expect(sleeps).toEqual([]);
  });

  it('surfaces the simulator’s business errors as unknown errcodes, not retried', async () => {
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'early-1' });
    const error = (await rejectionOf(client.downloadSegment({ application_id, code_start: 0, code_end: 9_999 }))) as WechatError;
    expect(error.kind).toBe('api');
    expect(error.errcode).toBeGreaterThan(9_000_000);
    expect(error.localized.en.message).toContain(`unknown errcode ${error.errcode}`);
    expect(sleeps).toEqual([]);
  });

  it('a wrong secret is WECHAT_40125', async () => {
    const bad = createMarketcodeClient({
      baseUrl: sim.baseUrl,
      tokenProvider: createAppSecretTokenProvider({ baseUrl: sim.baseUrl, appid: DEMO_ACCOUNT.appid, secret: 'wrong-secret-0000' }),
    });
    const error = (await rejectionOf(bad.applyCode({ code_count: 10_000, isv_application_id: 'x' }))) as WechatError;
    expect(error.code).toBe('WECHAT_40125');
  });
});
