import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR, activationWorld, PRODUCT } from './helpers';

const worlds: Awaited<ReturnType<typeof activationWorld>>[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.dispose();
});
async function world(codeCount?: number) {
  const created = await activationWorld(codeCount);
  worlds.push(created);
  return created;
}

describe('activation range rules', () => {
  it('refuses start > end, ranges outside imported segments, two applications, overlaps (naming them), and allows adjacency', async () => {
    const w = await world();
    const create = (code_start: number, code_end: number) =>
      w.activations.create({ application_id: w.applicationId, code_start, code_end, product_code: PRODUCT.product_code }, ACTOR);
    expect(() => create(10, 5)).toThrow(expect.objectContaining({ code: 'ACTIVATION_RANGE_REVERSED' }));
    expect(() => create(19_990, 20_010)).toThrow(
      expect.objectContaining({ code: 'ACTIVATION_RANGE_NOT_IMPORTED', details: expect.objectContaining({ first_missing: 20_000 }) }),
    );
    const first = create(0, 999);
    expect(first.state).toBe('pending');
    const overlap = (() => {
      try {
        create(500, 1_500);
      } catch (error) {
        return error as { code: string; localized: { en: { message: string } } };
      }
      throw new Error('expected a refusal');
    })();
    expect(overlap.code).toBe('ACTIVATION_OVERLAP');
    expect(overlap.localized.en.message).toContain(`activation #${first.id}`);
    expect(create(1_000, 1_999).state).toBe('pending'); // adjacent is fine
    expect(() =>
      w.activations.create({ application_id: w.applicationId, code_start: 0, code_end: 1, product_code: '6900000000000' }, ACTOR),
    ).toThrow(expect.objectContaining({ code: 'PRODUCT_NOT_FOUND' }));
  });

  it('resolves a range from the first and last scanned codes, in any scanner dress', async () => {
    const w = await world();
    const code = (index: number) =>
      w.app.ledger.prepare('SELECT code, code_url FROM codes WHERE application_id = ? AND code_index = ?').get(w.applicationId, index) as {
        code: string;
        code_url: string;
      };
    const range = w.activations.resolveRange({
      by: 'codes',
      first: `]Q1https://${code(100).code_url.toLowerCase()}\r`,
      last: ` ${code(1_099).code} `,
    });
    expect(range).toMatchObject({ application_id: w.applicationId, code_start: 100, code_end: 1_099, count: 1_000 });
    expect(() => w.activations.resolveRange({ by: 'codes', first: 'hello', last: code(5).code })).toThrow(
      expect.objectContaining({ code: 'ACTIVATION_SCAN_INVALID' }),
    );
    expect(() => w.activations.resolveRange({ by: 'codes', first: 'P.URL.CN/0U.ZZZZZZZZZZZZZZZZ', last: code(5).code })).toThrow(
      expect.objectContaining({ code: 'ACTIVATION_CODE_UNKNOWN' }),
    );
  });

  it('property: random activations and cancellations never leave two live activations overlapping', async () => {
    const w = await world(10_000);
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        start: fc.integer({ min: 0, max: 9_999 }),
        length: fc.integer({ min: 1, max: 800 }),
      }),
      fc.record({ kind: fc.constant('fail-and-cancel' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) => {
        w.app.ledger.exec('DELETE FROM activations');
        for (const op of operations) {
          if (op.kind === 'create') {
            try {
              w.activations.create(
                {
                  application_id: w.applicationId,
                  code_start: op.start,
                  code_end: Math.min(9_999, op.start + op.length - 1),
                  product_code: PRODUCT.product_code,
                },
                ACTOR,
              );
            } catch (error) {
              expect((error as { code: string }).code).toMatch(/^ACTIVATION_(OVERLAP|RANGE_NOT_IMPORTED)$/);
            }
          } else {
            const live = w.activations.list(w.applicationId).filter((a) => a.state === 'pending');
            const victim = live[op.pick % Math.max(1, live.length)];
            if (victim) w.activations.cancel(victim.id, ACTOR);
          }
          const rows = w.activations
            .list(w.applicationId)
            .filter((a) => a.state === 'pending' || a.state === 'sending' || a.state === 'active');
          rows.sort((a, b) => a.code_start - b.code_start);
          for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.code_start).toBeGreaterThan(rows[i - 1]!.code_end);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the outbox', () => {
  it('records at once, sends in order, and confirms with codeactivequery', async () => {
    const w = await world();
    const ids = [0, 1, 2].map(
      (n) =>
        w.activations.create(
          {
            application_id: w.applicationId,
            code_start: n * 1_000,
            code_end: n * 1_000 + 999,
            product_code: PRODUCT.product_code,
          },
          ACTOR,
        ).id,
    );
    expect(w.simulator().admin.counters().perEndpoint.codeactive ?? 0).toBe(0);
    expect(await w.drain()).toBe('idle');
    const done = w.activations.list(w.applicationId).sort((a, b) => a.id - b.id);
    expect(done.map((a) => [a.id, a.state, a.confirmation?.ok])).toEqual(ids.map((id) => [id, 'active', true]));
    expect(w.simulator().admin.counters().perEndpoint.codeactive).toBe(3);
    const sentOrder = w.app.services.audit
      .list({ action: 'activation.sent' })
      .map((entry) => (entry.details as { activation_id: number }).activation_id);
    expect(sentOrder).toEqual(ids);
  });

  it('offline: three activations queue while the service is down and go out exactly once each, in order, when it is back', async () => {
    const w = await world();
    await w.stopService();
    const ids = [0, 1, 2].map(
      (n) =>
        w.activations.create(
          {
            application_id: w.applicationId,
            code_start: n * 500,
            code_end: n * 500 + 499,
            product_code: PRODUCT.product_code,
          },
          ACTOR,
        ).id,
    );
    expect(await w.outbox.step()).toBe('waiting');
    const head = w.activations.list(w.applicationId).find((a) => a.id === ids[0])!;
    expect(head.state).toBe('pending');
    expect(head.last_error?.code).toBe('WECHAT_NETWORK');
    await w.restartService();
    expect(await w.drain()).toBe('idle');
    const counters = w.simulator().admin.counters();
    expect(counters.perEndpoint.codeactive).toBe(3);
    const activations = w.activations.list(w.applicationId);
    expect(activations.every((a) => a.state === 'active' && a.confirmation?.ok)).toBe(true);
    const sentOrder = w.app.services.audit
      .list({ action: 'activation.sent' })
      .map((entry) => (entry.details as { activation_id: number }).activation_id);
    expect(sentOrder).toEqual(ids);
  });

  it('100 activations with 10% injected faults drain with none lost or duplicated', async () => {
    const w = await world(10_000);
    for (let n = 0; n < 100; n += 1)
      w.activations.create(
        {
          application_id: w.applicationId,
          code_start: n * 100,
          code_end: n * 100 + 99,
          product_code: PRODUCT.product_code,
        },
        ACTOR,
      );
    const kinds = ['busy', 'http500', 'drop'] as const;
    let injected = 0;
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2_000; round += 1) {
      if (next() < 0.1) {
        w.simulator().admin.failNext({ kind: kinds[injected % kinds.length]!, count: 1, endpoint: 'codeactive' });
        injected += 1;
      }
      const result = await w.outbox.step();
      if (result === 'idle') break;
    }
    expect(injected).toBeGreaterThanOrEqual(5);
    const activations = w.activations.list(w.applicationId);
    expect(activations).toHaveLength(100);
    expect(activations.filter((a) => a.state === 'active')).toHaveLength(100);
    // Remotely, every range holds exactly our details.
    const { client } = await w.app.services.connection.active();
    for (const a of activations) {
      const remote = await client.queryActivation({ application_id: w.applicationId, code_index: a.code_start + 50 });
      expect([remote.code_start, remote.code_end, remote.product_title]).toEqual([a.code_start, a.code_end, PRODUCT.product_title]);
    }
    const sent = w.app.services.audit.list({ action: 'activation.sent', limit: 1_000 });
    expect(new Set(sent.map((entry) => (entry.details as { activation_id: number }).activation_id)).size).toBe(100);
    expect(sent).toHaveLength(100);
  });

  it('a range the service holds with different details becomes a conflict, which is not cancelled before a reconcile', async () => {
    const w = await world();
    const { client } = await w.app.services.connection.active();
    await client.activateCodes({
      ...PRODUCT,
      wxa_type: 0,
      product_title: 'Someone else',
      application_id: w.applicationId,
      code_start: 0,
      code_end: 99,
    });
    const clash = w.activations.create(
      {
        application_id: w.applicationId,
        code_start: 50,
        code_end: 149,
        product_code: PRODUCT.product_code,
      },
      ACTOR,
    );
    await w.drain();
    const after = w.activations.list(w.applicationId).find((a) => a.id === clash.id)!;
    expect(after.state).toBe('conflict');
    expect(after.last_error?.code).toBe('WECHAT_9402103');
    // It was sent: WeChat may hold it (docs/reconcile.md), so Cancel waits for a reconcile.
    expect(() => w.activations.cancel(clash.id, ACTOR)).toThrow(expect.objectContaining({ code: 'ACTIVATION_CANCEL_NEEDS_RECONCILE' }));
    expect(w.activations.list(w.applicationId).find((a) => a.id === clash.id)!.state).toBe('conflict');
  });
});
