/** DESIGN §4: the ledger commits at synchronous=FULL; a NORMAL connection raises it for the commits that must survive power loss. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE, openDatabase, openLedger, withDurableCommit, type SqliteDatabase } from '@main/ledger';

const FULL = 2;
const NORMAL = 1;
let dir: string;
const open: SqliteDatabase[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-durable-'));
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});
const synchronous = (db: SqliteDatabase) => db.pragma('synchronous', { simple: true });

describe('durable commits', () => {
  it('the ledger (and any connection opened without saying otherwise) commits at FULL in WAL mode', () => {
    const ledger = openLedger(dir);
    open.push(ledger);
    expect(synchronous(ledger)).toBe(FULL);
    expect(ledger.pragma('journal_mode', { simple: true })).toBe('wal');
    const other = openDatabase(join(dir, LEDGER_FILE));
    open.push(other);
    expect(synchronous(other)).toBe(FULL);
  });

  it('a NORMAL connection (import staging) commits at FULL inside withDurableCommit, and is NORMAL again after, even when it throws', () => {
    open.push(openLedger(dir));
    const staging = openDatabase(join(dir, LEDGER_FILE), { synchronous: 'NORMAL' });
    open.push(staging);
    expect(synchronous(staging)).toBe(NORMAL);
    expect(withDurableCommit(staging, () => synchronous(staging))).toBe(FULL);
    expect(synchronous(staging)).toBe(NORMAL);
    expect(() =>
      withDurableCommit(staging, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(synchronous(staging)).toBe(NORMAL);
  });

  it('withDurableCommit leaves a FULL connection FULL', () => {
    const ledger = openLedger(dir);
    open.push(ledger);
    expect(withDurableCommit(ledger, () => synchronous(ledger))).toBe(FULL);
    expect(synchronous(ledger)).toBe(FULL);
  });
});
