/**
 * The baseline the import is held against (DESIGN §7): the very same encrypted
 * segments through stock tools, `base64 -d | openssl enc -d -aes-128-cbc` and
 * `sqlite3 .import`, into a table with the same indexes.
 *
 * Table: the package lines are `index,code,code_url` without the application_id, so
 * the baseline imports straight into a table shaped like the file:
 *   codes (code_index INTEGER PRIMARY KEY, code TEXT, code_url TEXT NOT NULL) STRICT, WITHOUT ROWID
 *   + UNIQUE INDEX on code (partial, NOT NULL) + UNIQUE INDEX on code_url
 * i.e. the same three B-trees with the same keys as the ledger's `codes` (whose key
 * also carries the constant application_id), so it does the same index work without a
 * staging copy. Same journal settings as the ledger (WAL, synchronous=NORMAL), one
 * `sqlite3` process and one transaction (`.import` wraps itself in one) per segment,
 * as the app commits once per segment.
 *
 * Variants: `same-schema` (the baseline proper, held against for the ratio: the
 * ledger's tables and the importer's order of work, see below), `indexes-before`
 * (unique indexes on `codes` that exist before the first row) and `indexes-after`
 * (rows first, both indexes built after the last segment; the build is timed too).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppSecretTokenProvider, createMarketcodeClient } from '../../src/main/wechat';
import type { SimulatorProcess } from './simulator-process';

export const BASELINE_TOOLS = ['base64', 'openssl', 'sqlite3', 'sh'] as const;

/** Why the baseline cannot run here (a tool missing from PATH), or undefined when it can. */
export function baselineUnavailable(): string | undefined {
  const missing = BASELINE_TOOLS.filter((tool) => {
    const probe = spawnSync(tool, tool === 'sh' ? ['-c', 'true'] : ['--version'], { stdio: 'ignore' });
    return (probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  });
  return missing.length > 0 ? `${missing.map((tool) => `\`${tool}\``).join(', ')} not found on PATH` : undefined;
}

export function toolVersions(): { openssl: string; sqlite3: string } {
  const version = (tool: string, args: string[]) =>
    spawnSync(tool, args, { encoding: 'utf8' }).stdout.trim().split(/\s+/).slice(0, 2).join(' ');
  return { openssl: version('openssl', ['version']), sqlite3: `sqlite3 ${version('sqlite3', ['--version']).split(' ')[0]}` };
}

const TABLE = 'CREATE TABLE codes (code_index INTEGER NOT NULL PRIMARY KEY, code TEXT, code_url TEXT NOT NULL) STRICT, WITHOUT ROWID;';
const INDEXES =
  'CREATE UNIQUE INDEX codes_by_code ON codes (code) WHERE code IS NOT NULL; CREATE UNIQUE INDEX codes_by_url ON codes (code_url);';
/** The ledger's pragmas (src/main/ledger/open-database.ts); journal_mode=WAL stays with the file. */
const PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;';

/**
 * The ledger's own layout (migrations 003 and 008) and the importer's order of work:
 * each segment's rows go into `codes` (through a staging table, one transaction per
 * segment); after the last segment the look-ups by code_url and by code are filled
 * in key order, once for the whole application (lookup-build.ts).
 */
const SAME_SCHEMA_TABLES = `CREATE TABLE codes (application_id INTEGER NOT NULL, code_index INTEGER NOT NULL, code TEXT, code_url TEXT NOT NULL,
  PRIMARY KEY (application_id, code_index)) STRICT, WITHOUT ROWID;
CREATE TABLE code_lookup (code TEXT PRIMARY KEY, application_id INTEGER NOT NULL, code_index INTEGER NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE code_url_lookup (code_url TEXT PRIMARY KEY, application_id INTEGER NOT NULL, code_index INTEGER NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE staging (code_index INTEGER, code TEXT, code_url TEXT);`;
const SAME_SCHEMA_MOVE = `BEGIN;
INSERT INTO codes SELECT 1, code_index, code, code_url FROM staging ORDER BY code_index;
DELETE FROM staging;
COMMIT;`;
const SAME_SCHEMA_LOOKUPS = `BEGIN;
INSERT INTO code_url_lookup SELECT code_url, 1, code_index FROM codes ORDER BY code_url;
INSERT INTO code_lookup SELECT code, 1, code_index FROM codes WHERE code IS NOT NULL ORDER BY code;
COMMIT;`;

export type BaselineVariant = 'same-schema' | 'indexes-before' | 'indexes-after';

export interface BaselineResult {
  variant: BaselineVariant;
  codes: number;
  seconds: number;
  decryptSeconds: number;
  importSeconds: number;
  /** `indexes-after` and `same-schema`: building the indexes or look-ups after the last segment. */
  indexSeconds: number;
  databaseBytes: number;
}

export interface BaselineSegments {
  dir: string;
  files: { base64: string; codes: number }[];
  keyHex: string;
}

/**
 * Downloads the application's segments again through the client (the simulator's
 * packages are a pure function of application and range, so these are the very
 * buffers the import got) and writes each buffer to a file, one at a time. Not timed.
 */
export async function downloadSegments(sim: SimulatorProcess, applicationId: number, dir: string): Promise<BaselineSegments> {
  mkdirSync(dir, { recursive: true });
  const tokenProvider = createAppSecretTokenProvider({ baseUrl: sim.url, appid: sim.appid, secret: sim.secret });
  const client = createMarketcodeClient({ baseUrl: sim.url, tokenProvider });
  const status = await client.queryApplication({ application_id: applicationId });
  const files: BaselineSegments['files'] = [];
  for (const segment of status.code_generate_list) {
    const { buffer } = await client.downloadSegment({
      application_id: applicationId,
      code_start: segment.code_start,
      code_end: segment.code_end,
    });
    const base64 = join(dir, `segment-${String(files.length).padStart(4, '0')}.b64`);
    writeFileSync(base64, buffer);
    files.push({ base64, codes: segment.code_end - segment.code_start + 1 });
  }
  return { dir, files, keyHex: Buffer.from(sim.serviceKey, 'latin1').toString('hex') };
}

/** Runs one variant into a fresh database in `segments.dir`. */
export async function runBaseline(segments: BaselineSegments, variant: BaselineVariant): Promise<BaselineResult> {
  const database = join(segments.dir, `${variant}.sqlite`);
  const csv = join(segments.dir, 'plain.csv');
  removeDatabase(database);
  const schema = variant === 'same-schema' ? SAME_SCHEMA_TABLES : `${TABLE}${variant === 'indexes-before' ? ` ${INDEXES}` : ''}`;
  await run('sqlite3', [database, `${PRAGMAS} ${schema}`]);

  let decryptMs = 0;
  let importMs = 0;
  let indexMs = 0;
  for (const file of segments.files) {
    const t0 = performance.now();
    await run('sh', [
      '-c',
      `base64 -d "$1" | openssl enc -d -aes-128-cbc -K "$2" -iv "$2" > "$3"`,
      'sh',
      file.base64,
      segments.keyHex,
      csv,
    ]);
    const t1 = performance.now();
    if (variant === 'same-schema') {
      await run('sqlite3', [
        database,
        'PRAGMA synchronous = NORMAL;',
        '.mode csv',
        `.import ${quoteDotArgument(csv)} staging`,
        SAME_SCHEMA_MOVE,
      ]);
    } else {
      await run('sqlite3', [database, 'PRAGMA synchronous = NORMAL;', '.mode csv', `.import ${quoteDotArgument(csv)} codes`]);
    }
    const t2 = performance.now();
    decryptMs += t1 - t0;
    importMs += t2 - t1;
  }
  if (variant !== 'indexes-before') {
    const t0 = performance.now();
    await run('sqlite3', [database, `PRAGMA synchronous = NORMAL; ${variant === 'indexes-after' ? INDEXES : SAME_SCHEMA_LOOKUPS}`]);
    indexMs = performance.now() - t0;
  }
  const counted = Number((await run('sqlite3', [database, 'SELECT COUNT(*) FROM codes;'])).trim());
  const expected = segments.files.reduce((sum, file) => sum + file.codes, 0);
  if (counted !== expected) throw new Error(`baseline ${variant}: ${counted} rows imported, expected ${expected}`);
  const databaseBytes = statSync(database).size;
  rmSync(csv, { force: true });
  removeDatabase(database);
  return {
    variant,
    codes: counted,
    seconds: (decryptMs + importMs + indexMs) / 1000,
    decryptSeconds: decryptMs / 1000,
    importSeconds: importMs / 1000,
    indexSeconds: indexMs / 1000,
    databaseBytes,
  };
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** sqlite3 dot-command arguments are split on blanks unless quoted. */
function quoteDotArgument(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

/** Runs a tool, resolves with its stdout; rejects with its stderr when it fails or writes to stderr. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      // sqlite3 .import reports bad rows on stderr but still exits 0.
      if (code === 0 && stderr.trim() === '') resolve(stdout);
      else reject(new Error(`${command} ${args.slice(0, 2).join(' ')} failed (exit ${code}): ${stderr.trim().slice(0, 500)}`));
    });
  });
}
