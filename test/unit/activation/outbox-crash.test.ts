/**
 * kill -9 of the sender at random points, then a restart: the same end state
 * as without the kill. Every activation active once with its own details, one
 * 'activation.sent' entry each, an intact audit chain. The child is the real
 * CLI (`marketcode outbox --send`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTOR, activationWorld, PRODUCT } from './helpers';

const SEEDS = 20;
const PER_SEED = 12;
const BIN = join(process.cwd(), 'bin', 'marketcode.mjs');

let world: Awaited<ReturnType<typeof activationWorld>>;
beforeAll(async () => {
  world = await activationWorld(10_000);
  // Spread the calls out so kills land between and during sends.
  world.simulator().admin.setLatency(10);
});
afterAll(async () => {
  await world.dispose();
});

function sendThenKill(killAfterMs: number): Promise<{ outcome: 'killed' | 'finished'; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'outbox', '--send', '--data-dir', world.dataDir], {
      env: { ...process.env, ...world.environment() },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ outcome: signal === 'SIGKILL' ? 'killed' : 'finished', ms: Date.now() - started });
    });
  });
}

function queue(seed: number): number[] {
  const base = seed * PER_SEED * 10;
  return Array.from(
    { length: PER_SEED },
    (_, n) =>
      world.activations.create(
        {
          application_id: world.applicationId,
          code_start: base + n * 10,
          code_end: base + n * 10 + 9,
          product_code: PRODUCT.product_code,
        },
        ACTOR,
      ).id,
  );
}

describe('crash safety of the outbox', () => {
  it(`${SEEDS} SIGKILLs of the sender at random points, then a restart, end with each activation sent once`, async () => {
    const reference = await sendThenKill(600_000); // nothing queued yet: measures start-up
    queue(0);
    const full = await sendThenKill(600_000);
    expect(full.outcome).toBe('finished');
    await world.drain();
    const window = full.ms;
    const outcomes: string[] = [];
    let state = 7;
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const ids = queue(seed);
      state = (state * 48_271) % 2_147_483_647;
      const fraction = 0.15 + (state / 2_147_483_647) * 0.85;
      const { outcome } = await sendThenKill(Math.floor(Math.max(reference.ms * 0.5, window * fraction)));
      outcomes.push(outcome);
      expect(await world.drain()).toBe('idle');
      const mine = world.activations.list(world.applicationId).filter((a) => ids.includes(a.id));
      expect(mine.map((a) => a.state)).toEqual(ids.map(() => 'active'));
      expect(mine.every((a) => a.confirmation?.ok)).toBe(true);
    }
    const sent = world.app.services.audit
      .list({ action: 'activation.sent', limit: 10_000 })
      .map((entry) => (entry.details as { activation_id: number }).activation_id);
    expect(sent).toHaveLength((SEEDS + 1) * PER_SEED);
    expect(new Set(sent).size).toBe(sent.length);
    expect(world.app.services.audit.verify().ok).toBe(true);
    const { client } = await world.app.services.connection.active();
    for (const a of world.activations.list(world.applicationId).filter((_, i) => i % 7 === 0)) {
      const remote = await client.queryActivation({ application_id: world.applicationId, code_index: a.code_end });
      expect([remote.code_start, remote.code_end]).toEqual([a.code_start, a.code_end]);
    }
    expect(outcomes.filter((outcome) => outcome === 'killed').length).toBeGreaterThanOrEqual(SEEDS / 2);
  }, 180_000);
});
