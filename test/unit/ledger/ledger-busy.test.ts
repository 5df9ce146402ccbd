import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { composeApp } from '@main/compose';
import { isLockCode, LEDGER_FILE, ledgerBusyError } from '@main/ledger';

/** Over the 5 s busy timeout, and bounded: each call below waits it out once. */
const BUSY_TEST_TIMEOUT_MS = 30_000;
const TRAINING_LEDGER = join('training', LEDGER_FILE);

let dir: string;
let holder: ChildProcessWithoutNullStreams | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mc-busy-'));
  const app = await composeApp({ dataDir: dir }); // a migrated ledger, as a station leaves it
  await app.close();
});
afterEach(async () => {
  if (holder && holder.exitCode === null) {
    const exited = new Promise((resolve) => holder!.once('exit', resolve));
    holder.stdin.end();
    await exited;
  }
  holder = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A second process (as a second station window or CLI run would be) takes the write lock of one ledger file and keeps
 * it until its stdin closes: the station's (settings) or Training's own (applications, scans; docs/modes.md).
 */
async function holdWriteLock(file: string): Promise<void> {
  const script = `
    const Database = require(process.argv[1]);
    const db = new Database(process.argv[2]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
    process.stdin.resume();`;
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  holder = spawn(process.execPath, ['-e', script, betterSqlite, join(dir, file)]);
  await new Promise<void>((resolve, reject) => {
    holder!.stdout.once('data', () => resolve());
    holder!.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

async function cli(args: string[], lang: 'en' | 'zh') {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--data-dir', dir], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { MARKETCODE_LANG: lang, MARKETCODE_SECRET_STORE: 'file' },
    stdin: (async function* () {})(),
  });
  return { code, stdout, stderr };
}

describe('a ledger another process keeps locked', () => {
  it('names SQLite lock codes, extended ones included, and finds them through causes', () => {
    const table: Array<[unknown, boolean]> = [
      ['SQLITE_BUSY', true],
      ['SQLITE_BUSY_SNAPSHOT', true],
      ['SQLITE_LOCKED', true],
      ['SQLITE_LOCKED_SHAREDCACHE', true],
      ['SQLITE_BUSYNESS', false],
      ['SQLITE_CONSTRAINT', false],
      [undefined, false],
    ];
    for (const [code, busy] of table) expect([code, isLockCode(code)]).toEqual([code, busy]);
    const sqlite = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(ledgerBusyError(new Error('wrapped', { cause: sqlite }))?.code).toBe('LEDGER_BUSY');
    expect(ledgerBusyError(new Error('other'))).toBeUndefined();
  });

  it(
    '`apply` prints the translated LEDGER_BUSY with its hint, never a stack',
    async () => {
      await holdWriteLock(TRAINING_LEDGER);
      const en = await cli(['apply', '--count', '10000'], 'en');
      expect(en.code).toBe(1);
      expect(en.stderr).toBe(
        'The ledger is busy: another program has been writing to it for too long.\n' +
          'Another program is writing the ledger (a second station window or a CLI run); close it or try again.\n',
      );
    },
    BUSY_TEST_TIMEOUT_MS,
  );

  it(
    '`verify` says so in Chinese',
    async () => {
      await holdWriteLock(TRAINING_LEDGER);
      const zh = await cli(['verify', 'ABCDEFGHI'], 'zh');
      expect(zh.code).toBe(1);
      expect(zh.stderr).toContain('数据库正忙');
      expect(zh.stderr).toContain('请关闭它或稍后重试');
      expect(zh.stderr).not.toMatch(/SqliteError|\n\s+at /);
    },
    BUSY_TEST_TIMEOUT_MS,
  );

  it(
    'a bridge call gets the LEDGER_BUSY envelope',
    async () => {
      const app = await composeApp({ dataDir: dir });
      try {
        await holdWriteLock(LEDGER_FILE);
        const envelope = await app.dispatch('settings.set', { key: 'soundVolume', value: 40 });
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) {
          expect(envelope.error.code).toBe('LEDGER_BUSY');
          expect(envelope.error.localized['zh-CN'].hint).toContain('另一个程序正在写入数据库');
          expect(JSON.stringify(envelope.error)).not.toContain('SqliteError');
        }
      } finally {
        await app.close();
      }
    },
    BUSY_TEST_TIMEOUT_MS,
  );
});
