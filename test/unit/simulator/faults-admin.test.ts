import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT } from '@main/simulator';
import { ACTIVATION_DETAILS, decryptPackage, startTestSimulator, type TestSimulator, type WechatBody } from './helpers';

let t: TestSimulator;
let token: string;

beforeEach(async () => {
  t = await startTestSimulator();
  token = await t.token();
});
afterEach(async () => {
  await t.sim.close();
});

function rawQuery(): Promise<Response> {
  return fetch(`${t.sim.baseUrl}/intp/marketcode/applycodequery?access_token=${token}`, {
    method: 'POST',
    body: JSON.stringify({ isv_application_id: 'none' }),
  });
}

async function admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${t.sim.baseUrl}/__admin/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('injected faults', () => {
  it('http500 answers HTTP 500 with a non-JSON body', async () => {
    t.sim.admin.failNext({ kind: 'http500', count: 1 });
    const response = await rawQuery();
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('500 Internal Server Error');
    expect((await rawQuery()).status).toBe(200);
  });

  it('busy answers errcode -1 and quota 45009, each for the requested count', async () => {
    t.sim.admin.failNext({ kind: 'busy', count: 2 });
    t.sim.admin.failNext({ kind: 'quota', count: 1 });
    const errcodes: unknown[] = [];
    for (let i = 0; i < 4; i++) errcodes.push(((await (await rawQuery()).json()) as WechatBody).errcode);
    expect(errcodes).toEqual([-1, -1, 45009, 9402001]);
  });

  it('drop destroys the connection without an answer', async () => {
    t.sim.admin.failNext({ kind: 'drop', count: 1 });
    await expect(rawQuery()).rejects.toThrow();
    expect((await rawQuery()).status).toBe(200);
  });

  it('targets one endpoint when asked and never touches the token endpoints', async () => {
    t.sim.admin.failNext({ kind: 'busy', count: 1, endpoint: 'codeactive' });
    await t.token();
    expect((await (await rawQuery()).json()) as WechatBody).toMatchObject({ errcode: 9402001 });
    expect(t.sim.admin.settings().pendingFaults).toEqual([{ kind: 'busy', count: 1, endpoint: 'codeactive' }]);
    const answer = await t.call('codeactive', { application_id: 1, ...ACTIVATION_DETAILS, code_start: 0, code_end: 0 }, token);
    expect(answer.errcode).toBe(-1);
    expect(t.sim.admin.settings().pendingFaults).toEqual([]);
  });

  it('clearFaults forgets pending faults', async () => {
    t.sim.admin.failNext({ kind: 'quota', count: 5 });
    t.sim.admin.clearFaults();
    expect((await rawQuery()).status).toBe(200);
    expect(((await (await rawQuery()).json()) as WechatBody).errcode).toBe(9402001);
  });

  it('latency delays answers', async () => {
    t.sim.admin.setLatency(60);
    const started = performance.now();
    await rawQuery();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    t.sim.admin.setLatency(0);
  });

  it('rejects bad admin input', () => {
    expect(() => t.sim.admin.setLatency(-1)).toThrow();
    expect(() => t.sim.admin.failNext({ kind: 'boom' as 'busy', count: 1 })).toThrow();
    expect(() => t.sim.admin.failNext({ kind: 'busy', count: 0 })).toThrow();
    expect(() => t.sim.admin.setPackageLayout('csv' as 'url')).toThrow();
  });
});

describe('request counters', () => {
  it('count per endpoint and per endpoint + outcome, including faults', async () => {
    t.sim.admin.resetCounters();
    t.sim.admin.failNext({ kind: 'http500', count: 1 });
    t.sim.admin.failNext({ kind: 'drop', count: 1 });
    t.sim.admin.failNext({ kind: 'busy', count: 1 });
    await rawQuery();
    await rawQuery().catch(() => undefined);
    await rawQuery();
    await rawQuery();
    await t.call('applycode', { code_count: 1 }, token);
    await t.apply(token, 10_000, 'counted');
    await t.token();

    expect(t.sim.admin.counters()).toEqual({
      perEndpoint: { applycodequery: 4, applycode: 2, token: 1 },
      perOutcome: {
        applycodequery: { http500: 1, drop: 1, 'errcode:-1': 1, 'errcode:9402001': 1 },
        applycode: { 'errcode:40097': 1, ok: 1 },
        token: { ok: 1 },
      },
    });
    t.sim.admin.resetCounters();
    expect(t.sim.admin.counters()).toEqual({ perEndpoint: {}, perOutcome: {} });
  });
});

describe('HTTP admin API', () => {
  it('mirrors the in-process operations', async () => {
    expect(await admin('POST', 'faults', { kind: 'quota', count: 1, endpoint: 'applycodequery' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(((await (await rawQuery()).json()) as WechatBody).errcode).toBe(45009);

    expect((await admin('POST', 'latency', { ms: 0 })).status).toBe(200);
    expect((await admin('POST', 'finish-delay', { ms: 2500 })).status).toBe(200);
    expect((await admin('POST', 'package-layout', { layout: 'url' })).status).toBe(200);
    expect((await admin('GET', 'settings')).body).toEqual({
      latencyMs: 0,
      finishDelayMs: 2500,
      packageLayout: 'url',
      pendingFaults: [],
    });

    const counters = await admin('GET', 'counters');
    expect(counters.body).toMatchObject({ perEndpoint: { applycodequery: 1, token: 1 } });
    expect((await admin('POST', 'counters/reset')).status).toBe(200);
    expect((await admin('GET', 'counters')).body).toEqual({ perEndpoint: {}, perOutcome: {} });

    expect((await admin('POST', 'tokens/expire')).status).toBe(200);
    expect(((await (await rawQuery()).json()) as WechatBody).errcode).toBe(42001);
  });

  it('mints tickets, reads codes and alters activations', async () => {
    await admin('POST', 'finish-delay', { ms: 0 });
    const id = await t.apply(token, 10_000, 'admin-http');
    await t.call('codeactive', { application_id: id, ...ACTIVATION_DETAILS, code_start: 0, code_end: 99 }, token);

    const ticket = await admin('POST', 'tickets', { application_id: id, code_index: 5 });
    expect(ticket.status).toBe(200);
    const minted = ticket.body as { code_ticket: string; openid: string; code: string };
    const answer = await t.call('tickettocode', { openid: minted.openid, code_ticket: minted.code_ticket }, token);
    expect(answer).toMatchObject({ errcode: 0, code: minted.code });

    const codes = await admin('POST', 'codes', { application_id: id, code_index: 5 });
    expect(codes.body).toEqual({ code: minted.code, code_url: expect.stringMatching(/^P\.URL\.CN\/0U\./) });

    const altered = await admin('POST', 'activations/alter', {
      application_id: id,
      code_index: 5,
      changes: { activity_name: 'Changed' },
    });
    expect(altered.body).toMatchObject({ activity_name: 'Changed', code_start: 0, code_end: 99 });
  });

  it('the layout set over HTTP applies to the next download', async () => {
    const id = await t.apply(token, 10_000, 'admin-layout');
    await admin('POST', 'package-layout', { layout: 'url' });
    const answer = await t.call('applycodedownload', { application_id: id, code_start: 0, code_end: 9_999 }, token);
    const first = decryptPackage(answer.buffer as string, DEMO_ACCOUNT.serviceKey).split('\n')[0];
    expect(first).toMatch(/^P\.URL\.CN\/0U\.[0-9A-Z]{16}$/);
  });

  it('answers 400 for bad input and 404 for unknown routes or targets', async () => {
    expect((await admin('POST', 'latency', { ms: 'slow' })).status).toBe(400);
    expect((await admin('POST', 'faults', { kind: 'busy', count: 1, extra: true })).status).toBe(400);
    const notJson = await fetch(`${t.sim.baseUrl}/__admin/latency`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await admin('GET', 'nothing')).status).toBe(404);
    expect((await admin('GET', 'latency')).status).toBe(404);
    expect((await admin('POST', 'tickets', { application_id: 1, code_index: 0 })).status).toBe(404);
  });
});
