/**
 * kill -9 at random points of an import, then restart: the end state must be
 * the same as without the kill (every code once, every segment imported, an
 * intact audit chain). The child is the real CLI (`marketcode download`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '@main/compose';
import { connectionFromEnvironment } from '@main/connection';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';

const ACCOUNT: SimulatorAccount = { appid: 'wx99aa88bb77cc66dd', secret: 'crash-secret', serviceKey: 'CrashServiceKey!' };
const SEEDS = 20;
const CODE_COUNT = 40_000;
const BIN = join(process.cwd(), 'bin', 'marketcode.mjs');

let service: RunningSimulator;
beforeAll(async () => {
  service = await startSimulator({ accounts: [ACCOUNT], finishDelayMs: 0, segmentSize: 10_000 });
  // Spread the downloads out so kills land between and during segment imports.
  service.admin.setLatency(15);
});
afterAll(async () => {
  await service.close();
});

function environment(): NodeJS.ProcessEnv {
  return {
    MARKETCODE_APPID: ACCOUNT.appid,
    MARKETCODE_SECRET: ACCOUNT.secret,
    MARKETCODE_SERVICE_KEY: ACCOUNT.serviceKey,
    MARKETCODE_BASE_URL: service.baseUrl,
  };
}

/** Deterministic per seed: mulberry32. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function downloadThenKill(dataDir: string, isv: string, killAfterMs: number): Promise<'killed' | 'finished'> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'download', isv, '--data-dir', dataDir], {
      env: { ...process.env, ...environment() },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      lastRunMs = Date.now() - started;
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished');
    });
  });
}

let lastRunMs = 0;

/** An uninterrupted run sets the kill window, so kills land inside runs on a fast or a loaded machine. */
let fullRunMs = 0;

async function runSeed(seed: number, killAfterMs?: number) {
  const dataDir = mkdtempSync(join(tmpdir(), `mc-crash-${seed}-`));
  const env = connectionFromEnvironment(environment())!;
  const setup = await composeApp({ dataDir, environment: env });
  const { isv_application_id } = setup.services.batches.apply(
    { code_count: CODE_COUNT, isv_application_id: `crash-${seed}-${Date.now()}` },
    'test',
  );
  await setup.close();
  try {
    // Anywhere from start-up to the end of the import.
    const outcome = await downloadThenKill(
      dataDir,
      isv_application_id,
      killAfterMs ?? Math.floor((0.1 + random(seed)() * 0.85) * fullRunMs),
    );
    const app = await composeApp({ dataDir, environment: env, clientOptions: { sleep: async () => undefined } });
    try {
      const summary = await app.services.batches.settle(isv_application_id);
      const codes = app.ledger
        .prepare(
          `SELECT COUNT(*) AS n, COUNT(DISTINCT code_url) AS urls,
             (SELECT COUNT(*) FROM code_lookup) AS by_code, (SELECT COUNT(*) FROM code_url_lookup) AS by_url FROM codes`,
        )
        .get() as { n: number; urls: number; by_code: number; by_url: number };
      return { outcome, summary, codes, audit: app.services.audit.verify() };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('crash safety of the import', () => {
  it(`${SEEDS} SIGKILLs at random points, then a restart, always end with every code exactly once`, async () => {
    const reference = await runSeed(0, 600_000);
    expect(reference.outcome).toBe('finished');
    fullRunMs = lastRunMs;
    const outcomes: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed += 2) {
      const results = await Promise.all([runSeed(seed), runSeed(seed + 1)]);
      for (const result of results) {
        outcomes.push(result.outcome);
        expect(result.summary).toMatchObject({
          state: 'imported',
          segments_imported: 4,
          segments_indexed: 4,
          segments_total: 4,
          codes_imported: CODE_COUNT,
        });
        expect(result.codes).toEqual({ n: CODE_COUNT, urls: CODE_COUNT, by_code: CODE_COUNT, by_url: CODE_COUNT });
        expect(result.audit.ok).toBe(true);
      }
    }
    // The kills must really have interrupted runs, or this test proves nothing.
    expect(outcomes.filter((outcome) => outcome === 'killed').length).toBeGreaterThanOrEqual(SEEDS / 2);
  }, 120_000);
});
