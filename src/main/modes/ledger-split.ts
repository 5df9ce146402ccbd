/**
 * The upgrade from one ledger shared by both modes to one per mode (docs/modes.md): on the first start of this
 * version, the rows of `ledger.sqlite` that belong to Training (split-rules.ts) move into `training/ledger.sqlite`,
 * then the Live ledger is marked as Live's. Each application moves in two steps, each one transaction on one file:
 * copy into Training (replacing a copy a killed run left), then delete from Live; a run killed at any point resumes
 * on the next start and ends with every row in exactly one ledger. The audit entries of those rows stay in the Live
 * chain (moving them would break it); both ledgers get a `ledger.split` entry saying what moved.
 */
import { existsSync } from 'node:fs';
import type { AuditLog } from '../audit';
import { createAuditLog } from '../audit';
import { TRAINING_DEMO_PRODUCTS, trainingSimulatorDbPath } from '../connection';
import { openDatabase, type SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';
import { SYSTEM_ACTOR } from '../products';
import { assertLedgerMode, modeLedgerPath, openTrainingLedger, recordedLedgerMode, recordLedgerMode } from './mode-ledger';
import { demoProductMove, trainingApplications, type LedgerApplicationFact } from './split-rules';

/** What the split moved into the Training ledger. */
export interface LedgerSplitResult {
  applications: number;
  products: number;
}

export const LEDGER_SPLIT = 'ledger.split';

/**
 * Tables that hang off an application, parents first; `{s}` is the schema the condition reads (main or training).
 * A table added later that points at one of these must be added here too, or deleting from Live fails.
 */
const APPLICATION_TABLES: readonly { table: string; where: string }[] = [
  { table: 'applications', where: 'isv_application_id = @isv' },
  { table: 'segments', where: 'application_id = @id' },
  { table: 'codes', where: 'application_id = @id' },
  { table: 'code_extras', where: 'application_id = @id' },
  { table: 'code_lookup', where: 'application_id = @id' },
  { table: 'code_url_lookup', where: 'application_id = @id' },
  { table: 'lookup_builds', where: 'application_id = @id' },
  { table: 'print_runs', where: 'application_id = @id' },
  { table: 'activations', where: 'application_id = @id' },
  { table: 'reconcile_checks', where: 'activation_id IN (SELECT id FROM {s}.activations WHERE application_id = @id)' },
  { table: 'scan_sessions', where: 'activation_id IN (SELECT id FROM {s}.activations WHERE application_id = @id)' },
  {
    table: 'scans',
    where:
      'application_id = @id OR session_id IN (SELECT s.id FROM {s}.scan_sessions s JOIN {s}.activations a ON a.id = s.activation_id WHERE a.application_id = @id)',
  },
];

/** Sessions on a demo product with no activation, and their scans: Training's line practice. */
const DEMO_SESSION_TABLES: readonly { table: string; where: string }[] = [
  { table: 'scan_sessions', where: 'activation_id IS NULL AND product_code IN (SELECT value FROM json_each(@codes))' },
  {
    table: 'scans',
    where:
      'session_id IN (SELECT id FROM {s}.scan_sessions WHERE activation_id IS NULL AND product_code IN (SELECT value FROM json_each(@codes)))',
  },
];

/**
 * Splits the station's ledger if it has not been yet (no `ledger.mode` row) and marks it as Live's. Returns what
 * moved when anything did (the caller says so once), undefined otherwise. Refuses a Training ledger in Live's place.
 */
export function splitOnFirstStart(station: {
  dataDir: string;
  ledger: SqliteDatabase;
  audit: AuditLog;
  logger: Logger;
}): LedgerSplitResult | undefined {
  const { dataDir, ledger } = station;
  if (dataDir === ':memory:') return undefined;
  assertLedgerMode(ledger, 'live', modeLedgerPath(dataDir, 'live') ?? ':memory:');
  if (recordedLedgerMode(ledger) === 'live') return undefined;
  const isvIds = simulatorIsvIds(dataDir);
  const moving = trainingApplications(ledgerApplications(ledger), isvIds);
  const demoCodes = TRAINING_DEMO_PRODUCTS.map((product) => product.product_code);
  const hasDemo = ledger
    .prepare('SELECT 1 FROM products WHERE product_code IN (SELECT value FROM json_each(?))')
    .get(JSON.stringify(demoCodes));
  if (moving.length === 0 && !hasDemo) {
    // Nothing left to move, but a Training ledger beside an unmarked Live one means a split was killed after its
    // last move and before its entries: finish it (the entries, then the mark), saying what Training now holds.
    if (existsSync(modeLedgerPath(dataDir, 'training')!)) return finish(station, trainingHolds(dataDir, demoCodes));
    recordLedgerMode(ledger, 'live');
    return undefined;
  }
  const result = moveToTraining(station, moving, demoCodes);
  station.logger.info('ledger split into Training and Live', { ...result });
  return result;
}

function moveToTraining(
  station: { dataDir: string; ledger: SqliteDatabase; audit: AuditLog },
  moving: readonly LedgerApplicationFact[],
  demoCodes: readonly string[],
): LedgerSplitResult {
  const { dataDir, ledger } = station;
  openTrainingLedger(dataDir).close();
  ledger.prepare('ATTACH DATABASE ? AS training').run(modeLedgerPath(dataDir, 'training'));
  let products = 0;
  try {
    for (const application of moving) {
      const params = { isv: application.isv_application_id, id: application.application_id };
      copyRows(ledger, APPLICATION_TABLES, params, ['products', productsOfApplication]);
      deleteRows(ledger, APPLICATION_TABLES, params, 'main');
    }
    products = moveDemoProducts(ledger, demoCodes);
  } finally {
    ledger.exec('DETACH DATABASE training');
  }
  return finish(station, { applications: moving.length, products });
}

/** Products an application's activations and sessions point at: copied (never deleted from Training) before them. */
const productsOfApplication = `product_code IN (
  SELECT product_code FROM {s}.activations WHERE application_id = @id
  UNION SELECT s.product_code FROM {s}.scan_sessions s JOIN {s}.activations a ON a.id = s.activation_id WHERE a.application_id = @id)`;

/** Copies the rows into Training in one transaction, first removing a copy a killed run may have left. */
function copyRows(
  ledger: SqliteDatabase,
  tables: readonly { table: string; where: string }[],
  params: Record<string, unknown>,
  alsoCopy?: [table: string, where: string],
): void {
  ledger
    .transaction(() => {
      deleteRows(ledger, tables, params, 'training', false);
      if (alsoCopy) insertSelect(ledger, alsoCopy[0], alsoCopy[1], params, 'OR IGNORE');
      for (const { table, where } of tables) insertSelect(ledger, table, where, params, '');
    })
    .immediate();
}

function insertSelect(ledger: SqliteDatabase, table: string, where: string, params: Record<string, unknown>, conflict: string): void {
  const columns = (ledger.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((column) => column.name).join(', ');
  const sql = `INSERT ${conflict} INTO training.${table} (${columns}) SELECT ${columns} FROM main.${table} WHERE ${where.replaceAll('{s}', 'main')}`;
  ledger.prepare(sql).run(paramsOf(sql, params));
}

/** The named parameters a statement uses (better-sqlite3 refuses extra ones). */
function paramsOf(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => sql.includes(`@${name}`)));
}

/** Deletes the rows, children first, from one schema; in its own transaction unless the caller has one. */
function deleteRows(
  ledger: SqliteDatabase,
  tables: readonly { table: string; where: string }[],
  params: Record<string, unknown>,
  schema: 'main' | 'training',
  ownTransaction = true,
): void {
  const run = () => {
    for (const { table, where } of [...tables].reverse()) {
      const sql = `DELETE FROM ${schema}.${table} WHERE ${where.replaceAll('{s}', schema)}`;
      ledger.prepare(sql).run(paramsOf(sql, params));
    }
  };
  if (ownTransaction) ledger.transaction(run).immediate();
  else run();
}

/** Demo products (and line practice on them) go to Training; a demo product Live still uses is copied, not moved. */
function moveDemoProducts(ledger: SqliteDatabase, demoCodes: readonly string[]): number {
  const params = { codes: JSON.stringify(demoCodes) };
  copyRows(ledger, DEMO_SESSION_TABLES, params, ['products', 'product_code IN (SELECT value FROM json_each(@codes))']);
  deleteRows(ledger, DEMO_SESSION_TABLES, params, 'main');
  const present = ledger
    .prepare('SELECT product_code FROM main.products WHERE product_code IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(params.codes) as string[];
  const usedByLive = ledger
    .prepare(
      'SELECT EXISTS (SELECT 1 FROM main.activations WHERE product_code = @code) OR EXISTS (SELECT 1 FROM main.scan_sessions WHERE product_code = @code)',
    )
    .pluck();
  const remove = ledger.prepare('DELETE FROM main.products WHERE product_code = ?');
  ledger
    .transaction(() => {
      for (const code of present)
        if (demoProductMove({ product_code: code, usedByLive: usedByLive.get({ code }) === 1 }) === 'move') remove.run(code);
    })
    .immediate();
  return present.length;
}

/** The audit entries of the split (Training's once, even after a resumed run), then Live is marked: the split is done. */
function finish(station: { dataDir: string; ledger: SqliteDatabase; audit: AuditLog }, result: LedgerSplitResult): LedgerSplitResult {
  const details = { applications: result.applications, products: result.products };
  const training = openTrainingLedger(station.dataDir);
  try {
    const trainingAudit = createAuditLog(training);
    if (trainingAudit.list({ action: LEDGER_SPLIT }).length === 0) {
      trainingAudit.append({ actor: SYSTEM_ACTOR, action: LEDGER_SPLIT, subject: 'mode:training', details });
    }
  } finally {
    training.close();
  }
  station.ledger
    .transaction(() => {
      station.audit.append({ actor: SYSTEM_ACTOR, action: LEDGER_SPLIT, subject: 'mode:live', details });
      recordLedgerMode(station.ledger, 'live');
    })
    .immediate();
  return result;
}

/** What an interrupted split already put into Training: its applications and demo products. */
function trainingHolds(dataDir: string, demoCodes: readonly string[]): LedgerSplitResult {
  const training = openTrainingLedger(dataDir);
  try {
    const count = (sql: string, ...params: unknown[]) => (training.prepare(sql).pluck().get(...params) as number) ?? 0;
    return {
      applications: count('SELECT COUNT(*) FROM applications'),
      products: count('SELECT COUNT(*) FROM products WHERE product_code IN (SELECT value FROM json_each(?))', JSON.stringify(demoCodes)),
    };
  } finally {
    training.close();
  }
}

function ledgerApplications(ledger: SqliteDatabase): LedgerApplicationFact[] {
  return ledger.prepare('SELECT isv_application_id, application_id FROM applications').all() as LedgerApplicationFact[];
}

/** The isv ids the Training simulator has seen; none when it never ran here. */
function simulatorIsvIds(dataDir: string): Set<string> {
  const path = trainingSimulatorDbPath(dataDir);
  if (!existsSync(path)) return new Set();
  const simulator = openDatabase(path, { readonly: true });
  try {
    return new Set(simulator.prepare('SELECT isv_application_id FROM applications').pluck().all() as string[]);
  } finally {
    simulator.close();
  }
}
