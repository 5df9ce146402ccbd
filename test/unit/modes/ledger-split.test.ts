import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import { startTrainingSimulator, TRAINING_ACCOUNT, TRAINING_DEMO_PRODUCTS } from '@main/connection';
import { LEDGER_FILE, openLedger, type SqliteDatabase } from '@main/ledger';
import { LEDGER_MODE_KEY, LEDGER_SPLIT, modeLedgerPath, openTrainingLedger } from '@main/modes';
import { SYSTEM_ACTOR } from '@main/products';
import { startSimulator, type SimulatorAccount } from '@main/simulator';
import { composeBatchApp } from '../batches/helpers';

const LIVE: SimulatorAccount = { appid: 'wx5555666677778888', secret: 'live-secret-split', serviceKey: 'LiveServiceKey!!' };
const LIVE_PRODUCT = {
  product_code: '6901234567809',
  product_brand: 'Real Brand',
  product_title: 'Real product',
  activity_name: 'Real activity',
  wxa_appid: 'wx1111222233334444',
  wxa_path: 'pages/index/index',
};

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A data directory as the previous version left it: one ledger for both modes. Training's application went through
 * the Training simulator (its state file knows the isv id), with an export, an activation of a demo product and a
 * session with scans; Live's application was queued while WeChat was unreachable, next to a real product.
 */
async function sharedLedgerDir() {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-split-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const trainingService = await startTrainingSimulator(dataDir, { finishDelayMs: 0, segmentSize: 10_000 });
  // The old Training: the simulator's account, its rows written into ledger.sqlite.
  const old = await composeBatchApp(
    {
      environment: {
        credentialKind: 'secret',
        appid: TRAINING_ACCOUNT.appid,
        appSecret: TRAINING_ACCOUNT.secret,
        serviceKey: TRAINING_ACCOUNT.serviceKey,
        baseUrl: trainingService.baseUrl,
      },
    },
    dataDir,
  );
  old.app.services.products.seedDemoProducts(SYSTEM_ACTOR);
  const applied = old.app.services.batches.apply({ code_count: 10_000, label: 'training' }, 'supervisor:test');
  const settled = await old.app.services.batches.settle(applied.isv_application_id);
  const applicationId = settled.application_id!;
  await old.app.dispatch('batches.export', {
    application_id: applicationId,
    code_start: 0,
    code_end: 9,
    format: 'csv',
    columns: ['index', 'code', 'code_url'],
    header: false,
    line_ending: 'crlf',
  });
  const demo = TRAINING_DEMO_PRODUCTS[0].product_code;
  const activation = old.app.services.activations.create(
    { application_id: applicationId, code_start: 0, code_end: 9, product_code: demo },
    'supervisor:test',
  );
  old.app.services.verification.startSession({ line: 'L1', product_code: demo, activation_id: activation.id }, 'supervisor:test');
  const code = old.app.ledger
    .prepare('SELECT code FROM codes WHERE application_id = ? AND code_index = 3')
    .pluck()
    .get(applicationId) as string;
  old.app.services.verification.scan(code, 'cli', 'operator');
  old.app.services.products.add(LIVE_PRODUCT, 'supervisor:test');
  await old.dispose(true);
  await trainingService.close();

  // Live: queued while WeChat was down.
  const down = await startSimulator({ accounts: [LIVE] });
  await down.close();
  const live = await composeBatchApp(
    {
      environment: {
        credentialKind: 'secret',
        appid: LIVE.appid,
        appSecret: LIVE.secret,
        serviceKey: LIVE.serviceKey,
        baseUrl: down.baseUrl,
      },
    },
    dataDir,
  );
  const queued = live.app.services.batches.apply({ code_count: 10_000, label: 'live' }, 'supervisor:test');
  await live.dispose(true);

  // What this version's first start marks: an old ledger has no mode yet.
  const db = openLedger(dataDir);
  db.prepare('DELETE FROM settings WHERE key = ?').run(LEDGER_MODE_KEY);
  db.close();
  rmSync(modeLedgerPath(dataDir, 'training')!, { force: true });
  return { dataDir, applicationId, trainingIsv: applied.isv_application_id, liveIsv: queued.isv_application_id };
}

function counts(db: SqliteDatabase) {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    applications: count('SELECT COUNT(*) FROM applications'),
    segments: count('SELECT COUNT(*) FROM segments'),
    codes: count('SELECT COUNT(*) FROM codes'),
    lookups: count('SELECT COUNT(*) FROM code_lookup') + count('SELECT COUNT(*) FROM code_url_lookup'),
    print_runs: count('SELECT COUNT(*) FROM print_runs'),
    activations: count('SELECT COUNT(*) FROM activations'),
    sessions: count('SELECT COUNT(*) FROM scan_sessions'),
    scans: count('SELECT COUNT(*) FROM scans'),
    products: count('SELECT COUNT(*) FROM products'),
  };
}

function inspect(dataDir: string) {
  const live = openLedger(dataDir);
  const training = openTrainingLedger(dataDir);
  try {
    return {
      live: counts(live),
      training: counts(training),
      liveIsvIds: live.prepare('SELECT isv_application_id FROM applications').pluck().all(),
      liveProducts: live.prepare('SELECT product_code FROM products').pluck().all(),
      trainingIsvIds: training.prepare('SELECT isv_application_id FROM applications').pluck().all(),
      splitEntries: [
        createAuditLog(live).list({ action: LEDGER_SPLIT }).length,
        createAuditLog(training).list({ action: LEDGER_SPLIT }).length,
      ],
      chains: [createAuditLog(live).verify().ok, createAuditLog(training).verify().ok],
    };
  } finally {
    live.close();
    training.close();
  }
}

const TRAINING_ROWS = {
  applications: 1,
  segments: 1,
  codes: 10_000,
  lookups: 20_000,
  print_runs: 1,
  activations: 1,
  sessions: 1,
  scans: 1,
};

describe('upgrade: a ledger shared by both modes is split on first start', () => {
  it('moves the Training application with everything hanging off it, and the demo products; Live keeps its own; says so once', async () => {
    const { dataDir, trainingIsv, liveIsv } = await sharedLedgerDir();
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
    const { dataDir, trainingIsv, applicationId } = await sharedLedgerDir();
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
