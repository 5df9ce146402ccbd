/**
 * Retries under the simulator's injected faults, for every endpoint and every
 * fault kind, asserting the exact number of requests the simulator saw and
 * the backoff the client asked for (its sleeps return at once: jitter is fixed
 * at 0.5, so the waits are 250, 500, 1000 ms).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, FAULT_KINDS, SIMULATED_CALLER_IP, type FaultKind, type MarketcodeEndpoint } from '@main/simulator';
import { isWechatError, type MarketcodeClient, type WechatError } from '@main/wechat';
import { rejectionOf } from './support/fixtures';
import { DETAILS, simulatorWorld, type SimulatorWorld } from './support/simulator-world';

let world: SimulatorWorld;
let application_id: number;
let calls: Record<MarketcodeEndpoint, (client: MarketcodeClient) => Promise<unknown>>;

beforeEach(async () => {
  world = await simulatorWorld();
  ({ application_id } = await world.finishedApplication(10_000, 'faults'));
  await world.client.activateCodes({ application_id, ...DETAILS, code_start: 0, code_end: 2_499 });
  const ticket = world.sim.admin.mintTicket({ application_id, code_index: 9 });
  calls = {
    applycode: (client) => client.applyCode({ code_count: 10_000, isv_application_id: 'faults' }),
    applycodequery: (client) => client.queryApplication({ application_id }),
    applycodedownload: (client) => client.downloadSegment({ application_id, code_start: 2_500, code_end: 4_999 }),
    codeactive: (client) => client.activateCodes({ application_id, ...DETAILS, code_start: 2_500, code_end: 4_999 }),
    codeactivequery: (client) => client.queryActivation({ application_id, code_index: 9 }),
    tickettocode: (client) => client.ticketToCode({ openid: ticket.openid, code_ticket: ticket.code_ticket }),
  };
  world.sim.admin.resetCounters();
  world.sleeps.length = 0;
  world.events.length = 0;
});

const ENDPOINTS = Object.keys({
  applycode: 0,
  applycodequery: 0,
  applycodedownload: 0,
  codeactive: 0,
  codeactivequery: 0,
  tickettocode: 0,
} satisfies Record<MarketcodeEndpoint, 0>) as MarketcodeEndpoint[];

/** How the simulator counts each fault. */
const OUTCOME: Record<FaultKind, string> = {
  http500: 'http500',
  busy: 'errcode:-1',
  quota: 'errcode:45009',
  drop: 'drop',
  review: 'errcode:1',
  ip_whitelist: 'errcode:40164',
  platform_ip_whitelist: 'errcode:61004',
  secret_invalid: 'errcode:40125',
  secret_frozen: 'errcode:40243',
  invalid_args: 'errcode:40097',
};
/** Errcodes seen in practice (DESIGN §2): answered once, never retried within the call. */
const PRACTICE = ['review', 'ip_whitelist', 'platform_ip_whitelist', 'secret_invalid', 'secret_frozen', 'invalid_args'] as const;
/** The client's error code once a fault is all it got. */
const ERROR_CODE: Record<(typeof TRANSIENT)[number], string> = {
  http500: 'WECHAT_HTTP_STATUS',
  busy: 'WECHAT_-1',
  drop: 'WECHAT_NETWORK',
};
/** The reason in the client's retry-scheduled events. */
const REASON: Record<(typeof TRANSIENT)[number], string> = { http500: 'http', busy: 'busy', drop: 'network' };
const TRANSIENT = ['http500', 'busy', 'drop'] as const;

function retryReasons(): string[] {
  return world.events.flatMap((event) => (event.type === 'retry-scheduled' ? [event.reason] : []));
}

async function failure(promise: Promise<unknown>): Promise<WechatError> {
  const error = await rejectionOf(promise);
  if (!isWechatError(error)) throw error;
  return error;
}

it('the matrix covers every fault kind the simulator has', () => {
  expect([...TRANSIENT, 'quota', ...PRACTICE].sort()).toEqual([...FAULT_KINDS].sort());
});

describe.each(PRACTICE)('a %s fault', (kind) => {
  it('is answered once and not retried, as WECHAT_<errcode> with texts in both languages', async () => {
    world.sim.admin.failNext({ kind, count: 1, endpoint: 'codeactive' });
    const error = await failure(calls.codeactive(world.client));
    const errcode = Number(OUTCOME[kind].split(':')[1]);
    expect(error).toMatchObject({ code: `WECHAT_${errcode}`, kind: 'api', errcode, attempts: 1 });
    expect(world.outcomes('codeactive')).toEqual({ [OUTCOME[kind]]: 1 });
    expect(world.sleeps).toEqual([]);
    expect(error.localized.en.message).not.toMatch(/unknown errcode/);
    expect(error.localized['zh-CN'].hint).toMatch(/[\u4e00-\u9fff]/);
    if (kind === 'ip_whitelist' || kind === 'platform_ip_whitelist') {
      // IT is told which address to add.
      expect(error.localized.en.message).toContain(SIMULATED_CALLER_IP);
      expect(error.localized.en.hint).toContain(SIMULATED_CALLER_IP);
      expect(error.localized['zh-CN'].hint).toContain(SIMULATED_CALLER_IP);
    }
  });
});

describe.each(ENDPOINTS)('%s', (endpoint) => {
  it.each(TRANSIENT)('one %s fault: retried once after 250 ms, two requests', async (kind) => {
    world.sim.admin.failNext({ kind, count: 1, endpoint });
    await calls[endpoint](world.client);
    expect(world.outcomes(endpoint)).toEqual({ [OUTCOME[kind]]: 1, ok: 1 });
    expect(world.sleeps).toEqual([250]);
    expect(retryReasons()).toEqual([REASON[kind]]);
    expect(world.requests('stable_token')).toBe(0);
  });

  it('a quota fault (45009): not retried, one request, retryAfterMs until midnight in Beijing', async () => {
    world.sim.admin.failNext({ kind: 'quota', count: 1, endpoint });
    const error = await failure(calls[endpoint](world.client));
    expect(error).toMatchObject({ code: 'WECHAT_45009', kind: 'api', attempts: 1, endpoint });
    // The world's clock is 08:00 UTC, 16:00 in Beijing.
    expect(error.retryAfterMs).toBe(8 * 3_600_000);
    expect(world.outcomes(endpoint)).toEqual({ 'errcode:45009': 1 });
    expect(world.sleeps).toEqual([]);
    // The next call goes through.
    await calls[endpoint](world.client);
    expect(world.outcomes(endpoint)).toEqual({ 'errcode:45009': 1, ok: 1 });
  });
});

describe.each(TRANSIENT)('%s faults', (kind) => {
  it('three in a row: the fourth request succeeds after 250, 500 and 1000 ms', async () => {
    world.sim.admin.failNext({ kind, count: 3, endpoint: 'applycode' });
    await calls.applycode(world.client);
    expect(world.outcomes('applycode')).toEqual({ [OUTCOME[kind]]: 3, ok: 1 });
    expect(world.sleeps).toEqual([250, 500, 1_000]);
  });

  it('four in a row: the call gives up after exactly four requests', async () => {
    world.sim.admin.failNext({ kind, count: 5, endpoint: 'codeactivequery' });
    const error = await failure(calls.codeactivequery(world.client));
    expect(error).toMatchObject({ code: ERROR_CODE[kind], attempts: 4 });
    expect(world.outcomes('codeactivequery')).toEqual({ [OUTCOME[kind]]: 4 });
    expect(world.sleeps).toEqual([250, 500, 1_000]);
    expect(world.sim.admin.settings().pendingFaults).toEqual([{ kind, count: 1, endpoint: 'codeactivequery' }]);
  });

  it('a policy of two attempts: two requests', async () => {
    const { client, sleeps } = world.clientFor(DEMO_ACCOUNT, { retry: { maxAttempts: 2 } });
    world.sim.admin.failNext({ kind, count: 2, endpoint: 'applycodequery' });
    const error = await failure(calls.applycodequery(client));
    expect(error).toMatchObject({ code: ERROR_CODE[kind], attempts: 2 });
    expect(world.outcomes('applycodequery')).toEqual({ [OUTCOME[kind]]: 2 });
    expect(sleeps).toEqual([250]);
  });
});

describe('faults combined', () => {
  it('http500, busy and drop in one call: four requests, the application created once', async () => {
    world.sim.admin.failNext({ kind: 'http500', count: 1, endpoint: 'applycode' });
    world.sim.admin.failNext({ kind: 'busy', count: 1, endpoint: 'applycode' });
    world.sim.admin.failNext({ kind: 'drop', count: 1, endpoint: 'applycode' });
    const { application_id } = await world.client.applyCode({ code_count: 10_000, isv_application_id: 'faults-combined' });
    expect(world.outcomes('applycode')).toEqual({ http500: 1, 'errcode:-1': 1, drop: 1, ok: 1 });
    expect(retryReasons()).toEqual(['http', 'busy', 'network']);
    await expect(world.client.queryApplication({ isv_application_id: 'faults-combined' })).resolves.toMatchObject({ application_id });
  });

  it('a fault for another endpoint leaves this one alone', async () => {
    world.sim.admin.failNext({ kind: 'busy', count: 1, endpoint: 'codeactive' });
    await calls.applycodequery(world.client);
    expect(world.outcomes('applycodequery')).toEqual({ ok: 1 });
    expect(world.sim.admin.settings().pendingFaults).toHaveLength(1);
  });

  it('faults never hit the token endpoint: a cold client gets its token, then rides out the fault', async () => {
    const fresh = world.clientFor(DEMO_ACCOUNT);
    world.sim.admin.failNext({ kind: 'http500', count: 1 });
    await calls.applycodequery(fresh.client);
    expect(world.outcomes('stable_token')).toEqual({ ok: 1 });
    expect(world.outcomes('applycodequery')).toEqual({ http500: 1, ok: 1 });
  });

  it('busy, then an expired token: three requests and exactly one token request', async () => {
    world.sim.admin.expireAllTokens();
    world.sim.admin.failNext({ kind: 'busy', count: 1, endpoint: 'applycodedownload' });
    await calls.applycodedownload(world.client);
    // The simulator injects the fault before it looks at the token.
    expect(world.outcomes('applycodedownload')).toEqual({ 'errcode:-1': 1, 'errcode:42001': 1, ok: 1 });
    expect(world.requests('stable_token')).toBe(1);
    expect(world.sleeps).toEqual([250]);
  });

  it('a dropped codeactive is resent with the same body and activates once', async () => {
    world.sim.admin.failNext({ kind: 'drop', count: 2, endpoint: 'codeactive' });
    await calls.codeactive(world.client);
    expect(world.outcomes('codeactive')).toEqual({ drop: 2, ok: 1 });
    await expect(world.client.queryActivation({ application_id, code_index: 4_999 })).resolves.toMatchObject({
      code_start: 2_500,
      code_end: 4_999,
    });
  });

  it('50 concurrent calls with 10 busy faults pending: exactly 60 requests and one token request', async () => {
    const fresh = world.clientFor(DEMO_ACCOUNT, { retry: { maxAttempts: 11 } });
    world.sim.admin.failNext({ kind: 'busy', count: 10 });
    await Promise.all(Array.from({ length: 50 }, () => calls.codeactivequery(fresh.client)));
    expect(world.outcomes('codeactivequery')).toEqual({ 'errcode:-1': 10, ok: 50 });
    expect(world.requests('stable_token')).toBe(1);
    expect(fresh.sleeps).toHaveLength(10);
  });
});
