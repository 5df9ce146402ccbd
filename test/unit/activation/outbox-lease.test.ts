/**
 * The outbox lease and clock end to end: real CLI senders in child processes on
 * one ledger file, the simulator over HTTP on 127.0.0.1 counting `codeactive`
 * calls, kill -9 of a sender holding a lease, a clock moved back, and
 * `outbox --send --now`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxSender, type OutboxSenderOptions } from '@main/activation';
import { HELD_POLL_MS } from '@main/activation/outbox-lease';
import { ACTOR, activationWorld, PRODUCT } from './helpers';

const BIN = join(process.cwd(), 'bin', 'marketcode.mjs');

let world: Awaited<ReturnType<typeof activationWorld>>;
let nextStart = 0;
beforeAll(async () => {
  world = await activationWorld(10_000);
});
afterAll(async () => {
  await world.dispose();
});
beforeEach(() => {
  world.simulator().admin.setLatency(0);
  world.simulator().admin.clearFaults();
  world.simulator().admin.resetCounters();
});

/** Records `count` activations of 10 codes each, after every range used so far. */
function queue(count: number): number[] {
  return Array.from({ length: count }, () => {
    const code_start = nextStart;
    nextStart += 10;
    return world.activations.create(
      { application_id: world.applicationId, code_start, code_end: code_start + 9, product_code: PRODUCT.product_code },
      ACTOR,
    ).id;
  });
}

function startCli(args: string[]): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args, '--data-dir', world.dataDir], {
    env: { ...process.env, ...world.environment() },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited };
}

/** codeactive calls the simulator answered, and those that reached it (also when the caller died waiting). */
const codeactiveCalls = () => world.simulator().admin.counters().perEndpoint.codeactive ?? 0;
const codeactiveArrivals = () => world.simulator().admin.arrivals().codeactive ?? 0;
const row = (id: number) => world.activations.store.byId(id)!;
const sentEntries = (id: number) =>
  world.app.services.audit
    .list({ action: 'activation.sent', limit: 10_000 })
    .filter((entry) => (entry.details as { activation_id: number }).activation_id === id);

/** A sender in this process with its own clock and options. */
function sender(options: Partial<OutboxSenderOptions> = {}) {
  return createOutboxSender({
    db: world.app.ledger,
    store: world.activations.store,
    audit: world.app.services.audit,
    logger: world.app.logger,
    connection: () => world.app.services.connection.active(),
    offlineRetry: { baseDelayMs: 0, maxDelayMs: 0 },
    random: () => 0.5,
    ...options,
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function expectActiveOnce(ids: number[]): void {
  for (const id of ids) {
    expect(row(id)).toMatchObject({ state: 'active', lease_owner: null, lease_expires_at: null });
    expect(row(id).confirmed_at).not.toBeNull();
    expect(sentEntries(id)).toHaveLength(1);
  }
  expect(world.app.services.audit.verify().ok).toBe(true);
}

describe('the outbox lease', () => {
  it('two senders at once, in two processes on one ledger, send each activation exactly once', async () => {
    // Slow answers keep a row leased while the other process looks at it.
    world.simulator().admin.setLatency(30);
    const ids: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      ids.push(...queue(4));
      const senders = [startCli(['outbox', '--send']), startCli(['outbox', '--send'])];
      const exits = await Promise.all(senders.map((s) => s.exited));
      expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
      // Whichever found the head held left it to the other: nothing may be left over.
      expect(await world.drain()).toBe('idle');
    }
    expect(codeactiveArrivals()).toBe(ids.length);
    expect(codeactiveCalls()).toBe(ids.length);
    expectActiveOnce(ids);
  }, 120_000);

  it('kill -9 of a sender holding a lease: another sender waits for the lease to expire, then takes over; the end state is exact', async () => {
    world.simulator().admin.setLatency(1_500); // the child's codeactive is not answered before the kill
    const [id] = queue(1) as [number];
    const { child, exited } = startCli(['outbox', '--send']);
    await until(() => row(id).state === 'sending' && codeactiveArrivals() === 1, 'the child to take the row and call codeactive');
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    // The service still carries out the killed call (WeChat would too); the answer goes nowhere.
    await until(() => codeactiveCalls() === 1, 'the simulator to finish the killed call');
    world.simulator().admin.setLatency(0);
    const leased = row(id);
    expect(leased.lease_owner).toMatch(new RegExp(`:${child.pid}:`));

    // A sender that cannot tell whether the owner runs (e.g. it ran elsewhere) waits for the lease.
    const clock = { ms: Date.now() };
    const taker = sender({ now: () => clock.ms, isOwnerGone: () => false });
    expect(await taker.step()).toBe('waiting');
    expect(taker.nextDueInMs()).toBe(HELD_POLL_MS);
    expect(row(id)).toMatchObject({ state: 'sending', lease_owner: leased.lease_owner, attempts: 1 });
    expect(codeactiveCalls()).toBe(1);

    clock.ms = Date.parse(leased.lease_expires_at!) - 1;
    expect(await taker.step()).toBe('waiting');
    clock.ms += 1;
    expect(taker.nextDueInMs()).toBe(0);
    expect(await taker.step()).toBe('progressed');
    expect(row(id)).toMatchObject({ attempts: 2 });
    expect(codeactiveCalls()).toBe(2); // the killed call, then the take-over's identical re-send
    expectActiveOnce([id]);
    const { client } = await world.app.services.connection.active();
    const remote = await client.queryActivation({ application_id: world.applicationId, code_index: row(id).code_end });
    expect([remote.code_start, remote.code_end, remote.product_code]).toEqual([row(id).code_start, row(id).code_end, PRODUCT.product_code]);
  }, 60_000);

  it('a sender on the same host takes over at once from an owner whose process is gone', async () => {
    world.simulator().admin.setLatency(1_500);
    const [id] = queue(1) as [number];
    const { child, exited } = startCli(['outbox', '--send']);
    await until(() => row(id).state === 'sending' && codeactiveArrivals() === 1, 'the child to take the row and call codeactive');
    child.kill('SIGKILL');
    await exited;
    await until(() => codeactiveCalls() === 1, 'the simulator to finish the killed call');
    world.simulator().admin.setLatency(0);
    expect(Date.parse(row(id).lease_expires_at!)).toBeGreaterThan(Date.now()); // the lease still runs
    expect(await sender().step()).toBe('progressed');
    expect(codeactiveCalls()).toBe(2);
    expectActiveOnce([id]);
  }, 60_000);

  it('only the owner moves a row on: an answer arriving after a take-over records nothing', async () => {
    world.simulator().admin.setLatency(400);
    const [id] = queue(1) as [number];
    const clock = { ms: Date.now() };
    const first = sender({ now: () => clock.ms, isOwnerGone: () => false });
    const firstStep = first.step();
    await until(() => row(id).state === 'sending', 'the first sender to take the row');
    const owner = row(id).lease_owner;
    // The second sender's clock says the first one's lease has run out (it froze, as far as it can tell).
    const takeOverAt = Date.parse(row(id).lease_expires_at!) + 1;
    const second = sender({ now: () => takeOverAt, isOwnerGone: () => false });
    const secondStep = second.step();
    await until(() => row(id).lease_owner !== owner, 'the second sender to take over');
    expect(await firstStep).toBe('progressed'); // its answer came first, but the row is no longer its own
    expect(row(id)).toMatchObject({ state: 'sending', attempts: 2 });
    expect(sentEntries(id)).toHaveLength(0);
    expect(await secondStep).toBe('progressed');
    expect(codeactiveCalls()).toBe(2);
    expectActiveOnce([id]);
  }, 60_000);
});

describe('the outbox clock', () => {
  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;

  it('a clock moved back a day does not block the queue: the wait is re-based to now + the intended wait', async () => {
    const clock = { ms: Date.now() };
    const outbox = sender({ now: () => clock.ms, offlineRetry: { baseDelayMs: MINUTE, maxDelayMs: MINUTE } });
    const ids = queue(2);
    world.simulator().admin.failNext({ kind: 'http500', count: 4, endpoint: 'codeactive' }); // every try of the client's
    expect(await outbox.step()).toBe('waiting');
    const waiting = row(ids[0]!);
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
    const wait = waiting.retry_delay_ms!;
    expect(wait).toBeGreaterThan(0);
    expect(Date.parse(waiting.next_attempt_at!)).toBe(clock.ms + wait);

    clock.ms -= DAY;
    expect(await outbox.step()).toBe('waiting');
    expect(Date.parse(row(ids[0]!).next_attempt_at!)).toBe(clock.ms + wait);
    expect(outbox.nextDueInMs()).toBe(wait);

    clock.ms += wait;
    for (let step = 0; step < 10 && row(ids[1]!).confirmed_at === null; step += 1) await outbox.step();
    expectActiveOnce(ids);
  }, 60_000);

  it('`outbox --send` leaves a row waiting for its next attempt; `outbox --send --now` sends it', async () => {
    const outbox = sender({ offlineRetry: { baseDelayMs: 60 * MINUTE, maxDelayMs: 60 * MINUTE } });
    const [id] = queue(1) as [number];
    world.simulator().admin.failNext({ kind: 'http500', count: 4, endpoint: 'codeactive' });
    expect(await outbox.step()).toBe('waiting');
    expect(Date.parse(row(id).next_attempt_at!)).toBeGreaterThan(Date.now() + 20 * MINUTE); // half the ceiling (random 0.5)
    const callsBefore = codeactiveCalls();

    expect((await startCli(['outbox', '--send']).exited).code).toBe(0);
    expect(row(id).state).toBe('pending');
    expect(codeactiveCalls()).toBe(callsBefore);

    expect((await startCli(['outbox', '--send', '--now']).exited).code).toBe(0);
    expect(codeactiveCalls()).toBe(callsBefore + 1);
    expectActiveOnce([id]);
  }, 60_000);
});
