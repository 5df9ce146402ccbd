/**
 * kill -9 while the scan look-ups are being built (not only somewhere in an
 * import, as crash-safety.test.ts does at random): the restart resumes the build
 * from its cursor and ends with every code in both look-ups exactly once.
 * The child is the real CLI (`marketcode download`); the test watches the
 * build's progress through a read-only connection and kills at chosen points.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '@main/compose';
import { connectionFromEnvironment, type EnvironmentConnection } from '@main/connection';
import { LEDGER_FILE, openDatabase } from '@main/ledger';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';

const ACCOUNT: SimulatorAccount = { appid: 'wx11bb22cc33dd44ee', secret: 'build-crash-secret', serviceKey: 'BuildCrashKey16!' };
// Large enough that each look-up takes many 10,000-key chunks.
const CODE_COUNT = 200_000;
const BIN = join(process.cwd(), 'bin', 'marketcode.mjs');
const POLL_MS = 2;
const MAX_ATTEMPTS = 4;

let service: RunningSimulator;
beforeAll(async () => {
  service = await startSimulator({ accounts: [ACCOUNT], finishDelayMs: 0, segmentSize: 50_000 });
});
afterAll(async () => {
  await service.close();
});

const environment = () => ({
  MARKETCODE_APPID: ACCOUNT.appid,
  MARKETCODE_SECRET: ACCOUNT.secret,
  MARKETCODE_SERVICE_KEY: ACCOUNT.serviceKey,
  MARKETCODE_BASE_URL: service.baseUrl,
});

interface BuildRow {
  lookup: string;
  merged_rows: number;
  done: number;
}

/** Runs `marketcode download` and kills it once `shouldKill` holds for the build rows; resolves with what it saw then. */
function downloadUntil(dataDir: string, isv: string, shouldKill: (rows: BuildRow[]) => boolean): Promise<BuildRow[] | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'download', isv, '--data-dir', dataDir], {
      env: { ...process.env, ...environment() },
      stdio: 'ignore',
    });
    const watcher = openDatabase(join(dataDir, LEDGER_FILE), { readonly: true });
    const rowsNow = watcher.prepare('SELECT lookup, merged_rows, done FROM lookup_builds ORDER BY lookup');
    let seen: BuildRow[] | undefined;
    const timer = setInterval(() => {
      const rows = rowsNow.all() as BuildRow[];
      if (!seen && shouldKill(rows)) {
        seen = rows;
        child.kill('SIGKILL');
      }
    }, POLL_MS);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(timer);
      watcher.close();
      resolve(seen ?? 'finished');
    });
  });
}

const KILL_POINTS: [string, (rows: BuildRow[]) => boolean][] = [
  ['after the first chunk of the first look-up', (rows) => rows.some((row) => row.merged_rows > 0)],
  [
    'with the code_url look-up done and the code look-up under way',
    (rows) => rows.some((row) => row.lookup === 'code' && row.merged_rows > 0),
  ],
];

async function expectWholeAfterRestart(dataDir: string, env: EnvironmentConnection, isv: string): Promise<void> {
  const app = await composeApp({ dataDir, environment: env, clientOptions: { sleep: async () => undefined } });
  try {
    const summary = await app.services.batches.settle(isv);
    expect(summary).toMatchObject({ state: 'imported', segments_imported: 4, segments_indexed: 4, codes_imported: CODE_COUNT });
    const counts = app.ledger
      .prepare(
        `SELECT (SELECT COUNT(*) FROM codes) AS codes, (SELECT COUNT(*) FROM code_lookup) AS by_code,
           (SELECT COUNT(*) FROM code_url_lookup) AS by_url, (SELECT COUNT(*) FROM lookup_builds) AS builds`,
      )
      .get();
    expect(counts).toEqual({ codes: CODE_COUNT, by_code: CODE_COUNT, by_url: CODE_COUNT, builds: 0 });
    // Every code is found through both look-ups at its own index.
    const mismatched = app.ledger
      .prepare(
        `SELECT COUNT(*) AS n FROM codes c
         LEFT JOIN code_lookup l ON l.code = c.code LEFT JOIN code_url_lookup u ON u.code_url = c.code_url
         WHERE l.code_index IS NOT c.code_index OR u.code_index IS NOT c.code_index`,
      )
      .get();
    expect(mismatched).toEqual({ n: 0 });
    expect(app.services.audit.verify().ok).toBe(true);
  } finally {
    await app.close();
  }
}

describe('crash safety of the look-up build', () => {
  it.each(KILL_POINTS)(
    'SIGKILL %s, then a restart: every code in both look-ups once',
    async (_point, shouldKill) => {
      // On a loaded machine the watcher can miss the window (the child finishes first): then again on a fresh ledger.
      for (let attempt = 1; ; attempt++) {
        const dataDir = mkdtempSync(join(tmpdir(), 'mc-build-crash-'));
        try {
          const env = connectionFromEnvironment(environment())!;
          const setup = await composeApp({ dataDir, environment: env });
          const { isv_application_id } = setup.services.batches.apply({ code_count: CODE_COUNT }, 'test');
          await setup.close();

          const seen = await downloadUntil(dataDir, isv_application_id, shouldKill);
          if (seen !== 'finished') {
            await expectWholeAfterRestart(dataDir, env, isv_application_id);
            return;
          }
          // The kill must land inside the build at least once, or this test proves nothing.
          expect(attempt, 'the kill never landed inside the look-up build').toBeLessThan(MAX_ATTEMPTS);
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    },
    120_000,
  );
});
