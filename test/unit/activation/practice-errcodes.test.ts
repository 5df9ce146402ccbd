/**
 * Errcodes seen in practice (DESIGN §2, issue 13) through the simulator on 127.0.0.1, with
 * the state the activation ends in: errcode 1 (barcode under review) waits 24 h as
 * `review` and then goes out; an IP-whitelist refusal fails it and names the IP to add.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxSender } from '@main/activation';
import { SIMULATED_CALLER_IP } from '@main/simulator';
import { ACTOR, activationWorld, PRODUCT } from './helpers';

const worlds: Awaited<ReturnType<typeof activationWorld>>[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.dispose();
});

const HOUR = 3_600_000;

async function worldWithClock() {
  const w = await activationWorld(10_000);
  worlds.push(w);
  let nowMs = Date.parse('2026-12-04T02:00:00.000Z');
  const outbox = createOutboxSender({
    db: w.app.ledger,
    store: w.activations.store,
    audit: w.app.services.audit,
    logger: w.app.logger,
    connection: () => w.app.services.connection.active(),
    offlineRetry: { baseDelayMs: 0, maxDelayMs: 0 },
    random: () => 0.5,
    now: () => nowMs,
  });
  const create = (code_start: number, code_end: number) =>
    w.activations.create({ application_id: w.applicationId, code_start, code_end, product_code: PRODUCT.product_code }, ACTOR);
  const summary = (id: number) => w.activations.list(w.applicationId).find((activation) => activation.id === id)!;
  return { w, outbox, create, summary, advance: (ms: number) => (nowMs += ms), now: () => nowMs };
}

describe('codeactive errcode 1: the barcode is under review', () => {
  it('waits in review for 24 h with WeChat’s reason, then is sent again and becomes active', async () => {
    const { w, outbox, create, summary, advance, now } = await worldWithClock();
    w.simulator().admin.failNext({ kind: 'review', count: 1, endpoint: 'codeactive' });
    const activation = create(0, 999);

    expect(await outbox.step()).toBe('waiting');
    const waiting = summary(activation.id);
    expect(waiting).toMatchObject({ state: 'review', attempts: 1, last_error: { code: 'WECHAT_1' } });
    expect(Date.parse(waiting.next_attempt_at!)).toBe(now() + 24 * HOUR);
    expect(waiting.last_error!.localized['zh-CN'].message).toContain('该条码未在编码中心注册');
    expect(waiting.last_error!.localized.en.hint).toMatch(/24 hours/);
    // The ledger keeps it pending: nothing new is stored, `review` is how it is shown.
    const row = w.app.ledger.prepare('SELECT state FROM activations WHERE id = ?').get(activation.id);
    expect(row).toEqual({ state: 'pending' });

    advance(23 * HOUR);
    expect(await outbox.step()).toBe('waiting');
    expect(outbox.nextDueInMs()).toBe(HOUR);
    advance(HOUR);
    expect(await outbox.step()).toBe('progressed');
    expect(summary(activation.id)).toMatchObject({ state: 'active', attempts: 2 });
    expect(w.simulator().admin.counters().perOutcome.codeactive).toEqual({ 'errcode:1': 1, ok: 1 });
  });

  it('does not hold back the activations recorded after it while it waits', async () => {
    const { w, outbox, create, summary } = await worldWithClock();
    w.simulator().admin.failNext({ kind: 'review', count: 1, endpoint: 'codeactive' });
    const inReview = create(0, 999);
    expect(await outbox.step()).toBe('waiting');
    const next = create(1_000, 1_999);
    expect(await outbox.step()).toBe('progressed');
    expect(summary(next.id)).toMatchObject({ state: 'active' });
    expect(summary(inReview.id)).toMatchObject({ state: 'review', attempts: 1 });
  });
});

describe('IP whitelist refusals', () => {
  it.each([
    ['ip_whitelist', 'WECHAT_40164'],
    ['platform_ip_whitelist', 'WECHAT_61004'],
  ] as const)('%s: the activation fails once (not retried in a loop) and says which IP to add', async (kind, code) => {
    const { w, outbox, create, summary } = await worldWithClock();
    w.simulator().admin.failNext({ kind, count: 1, endpoint: 'codeactive' });
    const activation = create(0, 99);
    expect(await outbox.step()).toBe('progressed');
    const failed = summary(activation.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, last_error: { code } });
    expect(failed.last_error!.localized.en.hint).toContain(SIMULATED_CALLER_IP);
    expect(failed.last_error!.localized['zh-CN'].hint).toContain(SIMULATED_CALLER_IP);
    expect(w.simulator().admin.counters().perOutcome.codeactive).toEqual({ [`errcode:${code.slice(7)}`]: 1 });
  });
});
