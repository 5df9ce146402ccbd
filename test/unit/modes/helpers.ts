import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '@main/audit';
import { startTrainingSimulator, TRAINING_ACCOUNT, TRAINING_DEMO_PRODUCTS } from '@main/connection';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { LEDGER_MODE_KEY, LEDGER_SPLIT, modeLedgerPath, openTrainingLedger } from '@main/modes';
import { SYSTEM_ACTOR } from '@main/products';
import { startSimulator, type SimulatorAccount } from '@main/simulator';
import { composeBatchApp } from '../batches/helpers';

const LIVE: SimulatorAccount = { appid: 'wx5555666677778888', secret: 'live-secret-split', serviceKey: 'LiveServiceKey!!' };
export const LIVE_PRODUCT = {
  product_code: '6901234567809',
  product_brand: 'Real Brand',
  product_title: 'Real product',
  activity_name: 'Real activity',
  wxa_appid: 'wx1111222233334444',
  wxa_path: 'pages/index/index',
};

/**
 * A data directory as the previous version left it: one ledger for both modes. Training's application went through
 * the Training simulator (its state file knows the isv id), with an export, an activation of a demo product and a
 * session with scans; Live's application was queued while WeChat was unreachable, next to a real product.
 */
export async function sharedLedgerDir(trainingCodes = 10_000) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-split-'));
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
  const applied = old.app.services.batches.apply({ code_count: trainingCodes, label: 'training' }, 'supervisor:test');
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

export function counts(db: SqliteDatabase) {
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

export function inspect(dataDir: string) {
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

export const TRAINING_ROWS = {
  applications: 1,
  segments: 1,
  codes: 10_000,
  lookups: 20_000,
  print_runs: 1,
  activations: 1,
  sessions: 1,
  scans: 1,
};
