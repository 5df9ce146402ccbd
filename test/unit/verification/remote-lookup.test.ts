import { describe, expect, it } from 'vitest';
import type { ActiveConnection } from '@main/connection';
import { createRemoteLookup } from '@main/verification';
import type { ActivationInfo, QueryActivationRequest } from '@main/wechat';
import { apiError, networkError, timeoutError } from '@main/wechat/errors';

type Reply = { info: ActivationInfo } | { error: unknown };

/** A client whose codeactivequery answers only when the test says so, counting calls in flight. */
function fakeService() {
  const waiting: { request: { application_id: number; code_index: number }; settle: (reply: Reply) => void }[] = [];
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const connection = {
    client: {
      queryActivation(request: QueryActivationRequest) {
        stats.calls += 1;
        stats.inFlight += 1;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        return new Promise<ActivationInfo>((resolve, reject) => {
          waiting.push({
            request: request as { application_id: number; code_index: number },
            settle: (reply) => {
              stats.inFlight -= 1;
              if ('info' in reply) resolve(reply.info);
              else reject(reply.error);
            },
          });
        });
      },
    },
  } as unknown as ActiveConnection;
  return {
    connection: async () => connection,
    stats,
    waiting,
    /** Answers the oldest waiting call. */
    async answer(reply: (request: { application_id: number; code_index: number }) => Reply) {
      await flush();
      const next = waiting.shift();
      if (!next) throw new Error('no call waiting');
      next.settle(reply(next.request));
      await flush();
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const activated =
  (code_start: number, code_end: number) =>
  (request: { application_id: number; code_index: number }): Reply => ({
    info: { code: '000000000', application_id: request.application_id, code_start, code_end, product_code: '6901234567892' },
  });
const api = (errcode: number) => apiError({ endpoint: 'codeactivequery', errcode, errmsg: 'x', nowMs: 0, minuteQuotaDelayMs: 0 });

describe('remote lookup', () => {
  it('never has more than `concurrency` calls in flight', async () => {
    const service = fakeService();
    const lookup = createRemoteLookup({ connection: service.connection, concurrency: 2 });
    const answers = Array.from({ length: 7 }, (_, i) => lookup.lookup(1, i * 10, null));
    for (let i = 0; i < 7; i += 1) await service.answer((request) => activated(request.code_index, request.code_index)(request));
    expect((await Promise.all(answers)).every((answer) => answer.kind === 'activated')).toBe(true);
    expect(service.stats).toMatchObject({ calls: 7, maxInFlight: 2 });
  });

  it('asks about one local range once, however many scans wait for it, and serves the rest from the cache', async () => {
    const service = fakeService();
    const lookup = createRemoteLookup({ connection: service.connection });
    const range = { code_start: 0, code_end: 999 };
    const answers = Array.from({ length: 10 }, (_, i) => lookup.lookup(1, i, range));
    await service.answer(activated(0, 999));
    expect((await Promise.all(answers)).map((answer) => answer.kind)).toEqual(Array(10).fill('activated'));
    expect((await lookup.lookup(1, 998, range)).kind).toBe('activated');
    expect(service.stats.calls).toBe(1);
    expect(lookup.stats()).toMatchObject({ calls: 1, shared: 9, cacheHits: 1 });
  });

  it('asks again for an index the shared answer does not cover (the service holds a different range)', async () => {
    const service = fakeService();
    const lookup = createRemoteLookup({ connection: service.connection });
    const range = { code_start: 0, code_end: 999 };
    const first = lookup.lookup(1, 10, range);
    const second = lookup.lookup(1, 900, range);
    await service.answer(activated(0, 499));
    await service.answer(() => ({ error: api(9402102) }));
    expect(await first).toMatchObject({ kind: 'activated' });
    expect(await second).toEqual({ kind: 'not_activated', errcode: 9402102 });
    expect(service.stats.calls).toBe(2);
  });

  it('expires cached answers after the TTL', async () => {
    const service = fakeService();
    let at = 0;
    const lookup = createRemoteLookup({ connection: service.connection, cacheTtlMs: 1_000, now: () => at });
    const first = lookup.lookup(1, 5, { code_start: 0, code_end: 9 });
    await service.answer(activated(0, 9));
    await first;
    at = 999;
    expect((await lookup.lookup(1, 6, null)).kind).toBe('activated');
    at = 1_000;
    const later = lookup.lookup(1, 6, null);
    await service.answer(activated(0, 9));
    await later;
    expect(service.stats.calls).toBe(2);
  });

  it('tells "not activated" and "no such code" from no answer at all; holds calls while the engine backs off', async () => {
    const service = fakeService();
    let holding = false;
    const lookup = createRemoteLookup({ connection: service.connection, holdCalls: () => holding });
    const cases: [unknown, string][] = [
      [api(9402102), 'not_activated'],
      [api(9402101), 'unknown_code'],
      [api(-1), 'offline'],
      [api(45009), 'offline'],
      [api(48001), 'offline'],
      [networkError('codeactivequery', 'ECONNREFUSED'), 'offline'],
      [timeoutError('codeactivequery', 5_000), 'offline'],
    ];
    for (const [error, kind] of cases) {
      const answer = lookup.lookup(1, 1, null);
      await service.answer(() => ({ error }));
      expect((await answer).kind).toBe(kind);
    }
    holding = true;
    expect(await lookup.lookup(1, 2, null)).toMatchObject({ kind: 'offline', called: false });
    const probe = lookup.lookup(1, 3, null, true);
    await service.answer(activated(3, 3));
    expect((await probe).kind).toBe('activated');
    expect(service.stats.calls).toBe(cases.length + 1);
  });
});
