/**
 * Where the import's time goes, and what candidate changes to it would buy. Not part of
 * `npm run bench:import`; run by hand (see docs/benchmarks.md):
 *
 *   npx tsx bench/lib/insert-variants.ts [codes per application] [--apps N] [variant …]
 *
 * Every variant runs in its own child process (so peak RSS is its own) on a fresh
 * ledger in a temp directory, importing `--apps` applications one after the other
 * (default 1; 2 shows the cost of importing into a ledger that already holds codes).
 * Packages are built and encrypted by the simulator's own code in the same process,
 * segment by segment (that time is excluded: it stands for the download, which
 * bench:import measures); what is timed is what `import-segment.ts` does per segment,
 * decrypt + check + insert + commit, with 50,000-code segments committed one by one
 * unless the variant says otherwise. The worst main-thread stall is the longest
 * synchronous stretch (a segment's import, or a merge chunk).
 *
 * Nothing here changes src/main: variants re-implement the insert loop around the
 * same `openSegmentPackage` and the same schema (`openLedger`), except `lookups*`
 * which prototype a different schema.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openDatabase, openLedger, type SqliteDatabase } from '../../src/main/ledger';
import { openSegmentPackage, type ParsedCode } from '../../src/main/packages';
import { DEMO_ACCOUNT, buildPackageText, createCodeGenerator, encryptPackage } from '../../src/main/simulator';

const SEGMENT = 50_000;
const SERVICE_KEY = DEMO_ACCOUNT.serviceKey;

interface Variant {
  /** What changes compared with the current importer. */
  description: string;
  pragmas?: string[];
  /** Sort a segment's rows before inserting them. */
  sort?: 'code_url' | 'code';
  /** Rows per INSERT statement (multi-row VALUES). */
  rowsPerStatement?: number;
  /** Segments per transaction. */
  segmentsPerTransaction?: number;
  /** wal_autocheckpoint=0 during the import, one checkpoint at the end (timed). */
  checkpointAtEnd?: boolean;
  /** `lookups` schema: codes without secondary indexes, sorted merge into lookup tables after the application. */
  lookups?: boolean | 'one-statement';
  /** The whole per-segment import in a worker thread with its own connection. */
  worker?: boolean;
}

export const VARIANTS: Record<string, Variant> = {
  current: {
    description: 'as src/main/batches/import-segment.ts: one prepared INSERT per row, one transaction per segment, default cache (2 MB)',
  },
  'cache-64mb': { description: 'PRAGMA cache_size = -65536 (64 MiB) during the import', pragmas: ['cache_size = -65536'] },
  'cache-16mb': { description: 'PRAGMA cache_size = -16384 (16 MiB)', pragmas: ['cache_size = -16384'] },
  'sort-url': { description: 'rows of each segment sorted by code_url before inserting', sort: 'code_url' },
  'sort-code': { description: 'rows of each segment sorted by code before inserting', sort: 'code' },
  'multi-row-50': { description: 'multi-row VALUES, 50 rows per INSERT', rowsPerStatement: 50 },
  'sync-off': { description: 'PRAGMA synchronous = OFF during the import', pragmas: ['synchronous = OFF'] },
  'checkpoint-at-end': {
    description: 'wal_autocheckpoint = 0 during the import, one TRUNCATE checkpoint after (timed)',
    checkpointAtEnd: true,
  },
  'group-4': { description: '4 segments (200,000 codes) per transaction', segmentsPerTransaction: 4 },
  'cache-64mb+sort-url': { description: 'cache 64 MiB + rows sorted by code_url', pragmas: ['cache_size = -65536'], sort: 'code_url' },
  'cache-64mb+sort-url+group-4': {
    description: 'cache 64 MiB + sorted by code_url + 4 segments per transaction',
    pragmas: ['cache_size = -65536'],
    sort: 'code_url',
    segmentsPerTransaction: 4,
  },
  'cache-64mb+group-4': {
    description: 'cache 64 MiB + 4 segments per transaction',
    pragmas: ['cache_size = -65536'],
    segmentsPerTransaction: 4,
  },
  lookups: {
    description:
      'schema change: codes keyed (application, index) without secondary indexes; code → row and code_url → row in two WITHOUT ROWID ' +
      'lookup tables, filled after the last segment in key order (SQLite sorts into a temp table, then 100,000-row chunks, one transaction each)',
    lookups: true,
  },
  'lookups-one-statement': {
    description: 'lookups schema, each lookup filled by one INSERT … SELECT … ORDER BY in one transaction (no temp table, no chunks)',
    lookups: 'one-statement',
  },
  'lookups+threads-2': {
    description: 'lookups schema + PRAGMA threads = 2 (multi-threaded sorter for the merge)',
    lookups: true,
    pragmas: ['threads = 2'],
  },
  'lookups+cache-64mb': { description: 'lookups schema + cache 64 MiB', lookups: true, pragmas: ['cache_size = -65536'] },
  worker: {
    description: 'current importer, run in a worker thread with its own connection (main thread only hands over buffers)',
    worker: true,
  },
  'worker+lookups': { description: 'lookups schema, in a worker thread', worker: true, lookups: true },
};

const DEFAULT_VARIANTS = [
  'current',
  'cache-64mb',
  'sort-url',
  'multi-row-50',
  'sync-off',
  'checkpoint-at-end',
  'group-4',
  'lookups',
  'worker',
];

interface AppTiming {
  codes: number;
  seconds: number;
  decryptCheckSeconds: number;
  insertSeconds: number;
  mergeSeconds: number;
}

export interface VariantResult {
  variant: string;
  apps: AppTiming[];
  cpuSeconds: number;
  worstStallMs: number;
  maxRssMb: number;
  writtenMb: number;
  ledgerMb: number;
}

const LOOKUP_SCHEMA = `
  CREATE TABLE codes (
    application_id INTEGER NOT NULL, code_index INTEGER NOT NULL, code TEXT, code_url TEXT NOT NULL,
    PRIMARY KEY (application_id, code_index)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE code_lookup (code TEXT PRIMARY KEY, application_id INTEGER NOT NULL, code_index INTEGER NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TABLE url_lookup (code_url TEXT PRIMARY KEY, application_id INTEGER NOT NULL, code_index INTEGER NOT NULL) STRICT, WITHOUT ROWID;
`;
const MERGE_CHUNK = 100_000;

/** The per-segment work of one variant on one connection (used in-thread and in the worker). */
export function createVariantImporter(db: SqliteDatabase, variant: Variant) {
  for (const pragma of variant.pragmas ?? []) db.pragma(pragma);
  if (variant.checkpointAtEnd) db.pragma('wal_autocheckpoint = 0');
  const insertOne = db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)');
  const perStatement = variant.rowsPerStatement ?? 1;
  const insertMany =
    perStatement > 1
      ? db.prepare(
          `INSERT INTO codes (application_id, code_index, code, code_url) VALUES ${Array(perStatement).fill('(?, ?, ?, ?)').join(', ')}`,
        )
      : insertOne;
  const parameters: unknown[] = new Array(perStatement * 4);
  const insertRows = (applicationId: number, rows: ParsedCode[]) => {
    let k = 0;
    if (perStatement > 1) {
      for (; k + perStatement <= rows.length; k += perStatement) {
        for (let j = 0; j < perStatement; j++) {
          const row = rows[k + j]!;
          parameters[j * 4] = applicationId;
          parameters[j * 4 + 1] = row.codeIndex;
          parameters[j * 4 + 2] = row.code;
          parameters[j * 4 + 3] = row.codeUrl;
        }
        insertMany.run(parameters);
      }
    }
    for (; k < rows.length; k++) {
      const row = rows[k]!;
      insertOne.run(applicationId, row.codeIndex, row.code, row.codeUrl);
    }
  };
  const commit = db.transaction((applicationId: number, segments: ParsedCode[][]) => {
    for (const rows of segments) insertRows(applicationId, rows);
  });
  let pending: ParsedCode[][] = [];
  const perTransaction = variant.segmentsPerTransaction ?? 1;

  return {
    /** Decrypts, checks and (maybe later, with grouping) inserts one segment; returns [decrypt+check ms, insert ms]. */
    segment(applicationId: number, codeStart: number, codeEnd: number, base64: string, last: boolean): [number, number] {
      const t0 = performance.now();
      const checked = openSegmentPackage(base64, SERVICE_KEY, { applicationId, codeStart, codeEnd });
      let rows: ParsedCode[] = [];
      for (const batch of checked.batches()) rows = rows.length === 0 ? batch : rows.concat(batch);
      if (variant.sort === 'code_url') rows.sort((a, b) => (a.codeUrl < b.codeUrl ? -1 : a.codeUrl > b.codeUrl ? 1 : 0));
      if (variant.sort === 'code') rows.sort((a, b) => (a.code! < b.code! ? -1 : a.code! > b.code! ? 1 : 0));
      const t1 = performance.now();
      pending.push(rows);
      if (pending.length >= perTransaction || last) {
        commit(applicationId, pending);
        pending = [];
      }
      return [t1 - t0, performance.now() - t1];
    },
    /** After an application's last segment; returns [total ms, longest step ms]. */
    finish(applicationId: number): [number, number] {
      const t0 = performance.now();
      let longest = 0;
      if (variant.checkpointAtEnd) db.pragma('wal_checkpoint(TRUNCATE)');
      if (variant.lookups) {
        for (const [table, column] of [
          ['url_lookup', 'code_url'],
          ['code_lookup', 'code'],
        ] as const) {
          const s0 = performance.now();
          if (variant.lookups === 'one-statement') {
            const fill = db.prepare(
              `INSERT INTO ${table} SELECT ${column}, application_id, code_index FROM codes WHERE application_id = ? AND ${column} IS NOT NULL ORDER BY ${column}`,
            );
            db.transaction(() => fill.run(applicationId))();
            longest = Math.max(longest, performance.now() - s0);
            continue;
          }
          db.exec('DROP TABLE IF EXISTS temp.sorted');
          db.prepare(
            `CREATE TEMP TABLE sorted AS SELECT ${column} AS k, code_index FROM codes WHERE application_id = ? AND ${column} IS NOT NULL ORDER BY ${column}`,
          ).run(applicationId);
          longest = Math.max(longest, performance.now() - s0);
          const rows = (db.prepare('SELECT MAX(rowid) AS n FROM temp.sorted').get() as { n: number | null }).n ?? 0;
          const copy = db.prepare(`INSERT INTO ${table} SELECT k, ?, code_index FROM temp.sorted WHERE rowid BETWEEN ? AND ?`);
          for (let from = 1; from <= rows; from += MERGE_CHUNK) {
            const c0 = performance.now();
            db.transaction(() => copy.run(applicationId, from, from + MERGE_CHUNK - 1))();
            longest = Math.max(longest, performance.now() - c0);
          }
          db.exec('DROP TABLE temp.sorted');
        }
      }
      return [performance.now() - t0, longest];
    },
  };
}

function openVariantDb(dir: string, variant: Variant): SqliteDatabase {
  if (!variant.lookups) return openLedger(dir);
  const db = openDatabase(join(dir, 'ledger.sqlite'));
  db.exec(LOOKUP_SCHEMA);
  return db;
}

/** One variant in this process. */
async function runVariant(name: string, codesPerApp: number, apps: number): Promise<VariantResult> {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`unknown variant ${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-variant-'));
  const generator = createCodeGenerator('bench-insert-variants');
  let worstStall = 0;
  const timings: AppTiming[] = [];
  const cpuBefore = process.cpuUsage();
  const writtenBefore = process.resourceUsage().fsWrite;
  let ledgerMb = 0;

  const db = openVariantDb(dir, variant);
  const worker = variant.worker ? startVariantWorker(dir, name) : undefined;
  const importer = worker ? undefined : createVariantImporter(db, variant);
  try {
    for (let app = 0; app < apps; app++) {
      const applicationId = 1000 + app;
      const timing: AppTiming = { codes: codesPerApp, seconds: 0, decryptCheckSeconds: 0, insertSeconds: 0, mergeSeconds: 0 };
      let pending: Promise<[number, number]> | undefined;
      let elapsedMs = 0;
      const started = performance.now();
      let excluded = 0;
      for (let start = 0; start < codesPerApp; start += SEGMENT) {
        const range = { applicationId, codeStart: start, codeEnd: start + SEGMENT - 1 };
        const g0 = performance.now();
        // The simulator's serial space: applications follow one another.
        const base64 = encryptPackage(
          buildPackageText(generator, { serialStart: app * codesPerApp, ...range }, 'index_code_url'),
          SERVICE_KEY,
        );
        const last = start + SEGMENT >= codesPerApp;
        if (worker) {
          // Building the next package overlaps the worker's insert, as a download would.
          worker.mainThreadBusy();
          if (pending) addSegment(timing, await pending);
          excluded += performance.now() - g0;
          pending = worker.segment(applicationId, range.codeStart, range.codeEnd, base64, last);
        } else {
          excluded += performance.now() - g0;
          const s0 = performance.now();
          addSegment(timing, importer!.segment(applicationId, range.codeStart, range.codeEnd, base64, last));
          worstStall = Math.max(worstStall, performance.now() - s0);
        }
      }
      if (pending) addSegment(timing, await pending);
      const [mergeMs, longest] = worker ? await worker.finish(applicationId) : importer!.finish(applicationId);
      if (!worker) worstStall = Math.max(worstStall, longest);
      timing.mergeSeconds = mergeMs / 1000;
      elapsedMs = performance.now() - started - (worker ? 0 : excluded);
      timing.seconds = elapsedMs / 1000;
      timings.push(timing);
    }
    if (worker) worstStall = await worker.worstStallMs();
    const count = (db.prepare('SELECT COUNT(*) AS n FROM codes').get() as { n: number }).n;
    if (count !== codesPerApp * apps) throw new Error(`${name}: ${count} codes in the ledger, expected ${codesPerApp * apps}`);
    for (const table of variant.lookups ? ['code_lookup', 'url_lookup'] : []) {
      const rows = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      if (rows !== count) throw new Error(`${name}: ${rows} rows in ${table}, expected ${count}`);
    }
    ledgerMb = ((db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)) / 1e6;
  } finally {
    await worker?.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = process.cpuUsage(cpuBefore);
  const usage = process.resourceUsage();
  return {
    variant: name,
    apps: timings,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    worstStallMs: worstStall,
    maxRssMb: (usage.maxRSS * 1024) / 1e6,
    writtenMb: ((usage.fsWrite - writtenBefore) * 512) / 1e6,
    ledgerMb,
  };
}

function addSegment(timing: AppTiming, [decryptCheckMs, insertMs]: [number, number]): void {
  timing.decryptCheckSeconds += decryptCheckMs / 1000;
  timing.insertSeconds += insertMs / 1000;
}

/** The worker side lives in variant-worker.ts; this is the main thread's handle on it. */
function startVariantWorker(dir: string, variant: string) {
  // Node 20 does not carry tsx's loader into workers: the worker registers it, then loads the TypeScript.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./variant-worker.ts', import.meta.url).href)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { dir, variant } });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) entry?.reject(new Error(message.error));
    else entry?.resolve(message.result as never);
  });
  worker.on('error', (error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });
  const call = <T>(request: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ id, ...request });
    });
  // The main thread's own stall is what matters with a worker: watch it with a 10 ms timer,
  // not counting the ticks delayed by building packages here (the stand-in for downloads).
  let last = performance.now();
  let worst = 0;
  let busy = false;
  const timer = setInterval(() => {
    const now = performance.now();
    if (!busy) worst = Math.max(worst, now - last - 10);
    busy = false;
    last = now;
  }, 10);
  return {
    segment: (applicationId: number, codeStart: number, codeEnd: number, base64: string, last: boolean) =>
      call<[number, number]>({ kind: 'segment', applicationId, codeStart, codeEnd, base64, last }),
    finish: (applicationId: number) => call<[number, number]>({ kind: 'finish', applicationId }),
    /** The main thread just built a package: the next tick's lateness is the bench's, not the import's. */
    mainThreadBusy: () => {
      busy = true;
    },
    worstStallMs: async () => worst,
    async stop() {
      clearInterval(timer);
      await worker.terminate();
    },
  };
}

function printResult(result: VariantResult): void {
  const apps = result.apps
    .map((app, k) => {
      const merge = app.mergeSeconds > 0.005 ? ` + merge/checkpoint ${app.mergeSeconds.toFixed(2)}` : '';
      return (
        `app ${k + 1}: ${app.seconds.toFixed(2)} s = ${Math.round(app.codes / app.seconds).toLocaleString('en-US')} codes/s ` +
        `(decrypt+check ${app.decryptCheckSeconds.toFixed(2)}, insert+commit ${app.insertSeconds.toFixed(2)}${merge})`
      );
    })
    .join('; ');
  console.log(
    `${result.variant.padEnd(28)} ${apps}; CPU ${result.cpuSeconds.toFixed(1)} s, worst stall ${result.worstStallMs.toFixed(0)} ms, ` +
      `peak RSS ${result.maxRssMb.toFixed(0)} MB, written ${result.writtenMb.toFixed(0)} MB, ledger ${result.ledgerMb.toFixed(0)} MB`,
  );
}

async function main(argv: string[]): Promise<void> {
  const one = argv.indexOf('--one');
  let apps = 1;
  const appsAt = argv.indexOf('--apps');
  if (appsAt >= 0) {
    apps = Number(argv[appsAt + 1]);
    argv.splice(appsAt, 2);
  }
  if (one >= 0) {
    // Child: run one variant, print its result as JSON.
    const [name, codes] = [argv[one + 1]!, Number(argv[one + 2])];
    process.stdout.write(JSON.stringify(await runVariant(name, codes, apps)) + '\n');
    return;
  }
  const codes = argv[0] && /^\d+$/.test(argv[0]) ? Number(argv.shift()) : 1_000_000;
  if (codes % SEGMENT !== 0) throw new Error(`codes per application must be a multiple of ${SEGMENT}`);
  const names = argv.length > 0 ? argv : DEFAULT_VARIANTS;
  for (const name of names) if (!VARIANTS[name]) throw new Error(`unknown variant "${name}"; known: ${Object.keys(VARIANTS).join(', ')}`);
  console.log(
    `insert variants: ${apps} application(s) of ${codes.toLocaleString('en-US')} codes, 50,000-code segments, one child process each`,
  );
  for (const name of names) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', name, String(codes), '--apps', String(apps)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) {
      console.log(`${name.padEnd(28)} failed (exit ${child.status})`);
      continue;
    }
    printResult(JSON.parse(child.stdout.trim().split('\n').pop()!) as VariantResult);
  }
  console.log('\nvariants:');
  for (const name of names) console.log(`  ${name}: ${VARIANTS[name]!.description}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
