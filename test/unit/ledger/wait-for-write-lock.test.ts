import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, withShortLockWaits, type SqliteDatabase } from '@main/ledger';

let dir: string;
let db: SqliteDatabase | undefined;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Another connection (in a worker thread) holds the write lock for `holdMs`; resolves once it has it. */
function holdWriteLock(path: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.betterSqlite);
     const db = new Database(workerData.path);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { path, holdMs, betterSqlite } },
  );
  const released = new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve({ released }));
    worker.once('error', reject);
  });
}

function setUp(): string {
  dir = mkdtempSync(join(tmpdir(), 'mc-lock-'));
  const path = join(dir, 'ledger.sqlite');
  db = openDatabase(path);
  db.exec('CREATE TABLE t (n INTEGER)');
  return path;
}

describe('withShortLockWaits', () => {
  it('waits while another connection holds the write lock, then writes, and restores the busy timeout', async () => {
    const path = setUp();
    const { released } = await holdWriteLock(path, 40);
    const insert = db!.transaction(() => db!.prepare('INSERT INTO t VALUES (1)').run());
    withShortLockWaits(db!, () => insert.immediate());
    await released;
    expect(db!.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    expect(db!.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('gives up with SQLITE_BUSY after its timeout, writes nothing, and still restores the busy timeout', async () => {
    const path = setUp();
    const { released } = await holdWriteLock(path, 500);
    const insert = db!.transaction(() => db!.prepare('INSERT INTO t VALUES (1)').run());
    expect(() => withShortLockWaits(db!, () => insert.immediate(), 20)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    await released;
    expect(db!.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(db!.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('passes any other error straight through', () => {
    setUp();
    expect(() =>
      withShortLockWaits(db!, () => {
        throw new Error('not a lock problem');
      }),
    ).toThrow('not a lock problem');
  });
});
