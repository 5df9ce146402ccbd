import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type AppConfig, type ComposedApp } from '@main/compose';

/** A composed app on a temp data directory whose Training simulator finishes at once, in small segments. */
export async function composeBatchApp(overrides: Partial<AppConfig> = {}, dataDir = mkdtempSync(join(tmpdir(), 'mc-batches-'))) {
  const app: ComposedApp = await composeApp({
    dataDir,
    clientOptions: { sleep: async () => undefined, random: () => 0.5 },
    trainingOptions: { finishDelayMs: 0, segmentSize: 10_000 },
    batchOptions: {
      sleep: async () => undefined,
      random: () => 0.5,
      pollDelayMs: { initial: 0, max: 0 },
      offlineRetry: { baseDelayMs: 0, maxDelayMs: 0 },
    },
    // Supervisor-only channels act as a fixed supervisor here; the unlock flow has its own tests (test/unit/supervisors).
    gate: () => ({ requireSupervisor: () => 'supervisor:test', currentActor: () => 'supervisor:test' }),
    ...overrides,
  });
  return {
    app,
    dataDir,
    async dispose(keepDir = false) {
      await app.close();
      if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function codeCount(app: ComposedApp, applicationId?: number): number {
  const row = (
    applicationId === undefined
      ? app.ledger.prepare('SELECT COUNT(*) AS n FROM codes').get()
      : app.ledger.prepare('SELECT COUNT(*) AS n FROM codes WHERE application_id = ?').get(applicationId)
  ) as { n: number };
  return row.n;
}
