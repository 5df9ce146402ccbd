import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRAINING_DEMO_PRODUCTS } from '@main/connection';
import { LEDGER_FILE, openLedger } from '@main/ledger';
import { modeLedgerPath, openTrainingLedger } from '@main/modes';
import { runCli } from '@main/cli';
import { composeBatchApp } from '../batches/helpers';
import { inspect, LIVE_PRODUCT, sharedLedgerDir, TRAINING_ROWS } from './helpers';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function oldDataDir() {
  const shared = await sharedLedgerDir();
  cleanups.push(() => rmSync(shared.dataDir, { recursive: true, force: true }));
  return shared;
}

describe('upgrade: a ledger shared by both modes is split on first start', () => {
  it('moves the Training application with everything hanging off it, and the demo products; Live keeps its own; says so once', async () => {
    const { dataDir, trainingIsv, liveIsv } = await oldDataDir();
    const before = inspect(dataDir);
    expect(before.live).toMatchObject({ applications: 2, codes: 10_000, products: TRAINING_DEMO_PRODUCTS.length + 1 });

    const first = await composeBatchApp({}, dataDir);
    expect(first.app.ledgerSplit).toEqual({ applications: 1, products: TRAINING_DEMO_PRODUCTS.length });
    expect(first.app.services.appInfo.get().ledgerSplit).toEqual(first.app.ledgerSplit);
    expect(first.app.services.batches.list().map((row) => [row.isv_application_id, row.state])).toEqual([[trainingIsv, 'imported']]);
    await first.dispose(true);

    const after = inspect(dataDir);
    expect(after.training).toEqual({ ...TRAINING_ROWS, products: TRAINING_DEMO_PRODUCTS.length });
    expect(after.live).toEqual({
      applications: 1,
      segments: 0,
      codes: 0,
      lookups: 0,
      print_runs: 0,
      activations: 0,
      sessions: 0,
      scans: 0,
      products: 1,
    });
    expect(after.liveIsvIds).toEqual([liveIsv]);
    expect(after.liveProducts).toEqual([LIVE_PRODUCT.product_code]);
    expect(after.trainingIsvIds).toEqual([trainingIsv]);
    expect(after.splitEntries).toEqual([1, 1]);
    expect(after.chains).toEqual([true, true]);

    const second = await composeBatchApp({}, dataDir);
    cleanups.push(() => second.app.close());
    expect(second.app.ledgerSplit).toBeUndefined();
    expect(second.app.services.appInfo.get().ledgerSplit).toBeUndefined();
  });

  it('resumes a split killed between copying into Training and deleting from Live: every row ends in exactly one ledger', async () => {
    const { dataDir, trainingIsv, applicationId } = await oldDataDir();
    // The state a kill after the copy's commit leaves: Training holds the copy, Live still holds the rows.
    const training = openTrainingLedger(dataDir);
    training.close();
    const live = openLedger(dataDir);
    live.prepare('ATTACH DATABASE ? AS training').run(modeLedgerPath(dataDir, 'training'));
    const id = { isv: trainingIsv, id: applicationId };
    live.transaction(() => {
      const copy = (table: string, where: string, conflict = '') =>
        live
          .prepare(`INSERT ${conflict} INTO training.${table} SELECT * FROM main.${table} WHERE ${where}`)
          .run(where.includes('@isv') ? { isv: id.isv } : { id: id.id });
      copy('applications', 'isv_application_id = @isv');
      for (const table of ['segments', 'codes', 'code_lookup', 'code_url_lookup', 'lookup_builds', 'print_runs'])
        copy(table, 'application_id = @id');
      copy('products', 'product_code IN (SELECT product_code FROM main.activations WHERE application_id = @id)', 'OR IGNORE');
      copy('activations', 'application_id = @id');
      copy('scan_sessions', 'activation_id IN (SELECT id FROM main.activations WHERE application_id = @id)');
      copy('scans', 'application_id = @id');
    })();
    live.exec('DETACH DATABASE training');
    live.close();

    const resumed = await composeBatchApp({}, dataDir);
    expect(resumed.app.ledgerSplit).toEqual({ applications: 1, products: TRAINING_DEMO_PRODUCTS.length });
    await resumed.dispose(true);
    const after = inspect(dataDir);
    expect(after.training).toMatchObject(TRAINING_ROWS);
    expect(after.live).toMatchObject({ applications: 1, codes: 0, activations: 0, scans: 0 });
    expect(after.chains).toEqual([true, true]);
  });

  it('the CLI says so once, in the user’s language, on stderr', async () => {
    const { dataDir } = await oldDataDir();
    const info = async () => {
      let stderr = '';
      const code = await runCli(['info', '--data-dir', dataDir], {
        stdout: () => undefined,
        stderr: (text) => (stderr += text),
        env: { LANG: 'zh_CN.UTF-8' },
      });
      return { code, stderr };
    };
    const first = await info();
    expect(first).toMatchObject({ code: 0 });
    expect(first.stderr).toContain(
      `已升级：培训模式与正式模式现在各用各的账本；1 个培训申请和 ${TRAINING_DEMO_PRODUCTS.length} 个演示产品已移入培训账本`,
    );
    expect(await info()).toEqual({ code: 0, stderr: '' });
  });

  it('refuses a Training ledger put where the Live one belongs, and the other way round', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mc-split-wrong-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const app = await composeBatchApp({}, dataDir);
    await app.dispose(true);
    const livePath = join(dataDir, LEDGER_FILE);
    const trainingPath = modeLedgerPath(dataDir, 'training')!;
    const swapped = join(dataDir, 'swap.sqlite');
    copyFileSync(livePath, swapped);
    copyFileSync(trainingPath, livePath);
    rmSync(`${livePath}-wal`, { force: true });
    rmSync(`${livePath}-shm`, { force: true });
    await expect(composeBatchApp({}, dataDir)).rejects.toMatchObject({ code: 'LEDGER_WRONG_MODE' });
    copyFileSync(swapped, trainingPath);
    rmSync(`${trainingPath}-wal`, { force: true });
    rmSync(`${trainingPath}-shm`, { force: true });
    expect(() => openTrainingLedger(dataDir)).toThrow(expect.objectContaining({ code: 'LEDGER_WRONG_MODE' }));
  });
});
