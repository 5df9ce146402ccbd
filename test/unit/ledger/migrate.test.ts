import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE, MIGRATIONS, migrate, openDatabase, openLedger } from '@main/ledger';
import { AppError } from '@shared/errors';

/** The newest version. */
const LATEST = MIGRATIONS.at(-1)!.version;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ledger migrations', () => {
  it('migrates a fresh database to the newest version', () => {
    const db = openDatabase(join(dir, LEDGER_FILE));
    const result = migrate(db, MIGRATIONS);
    expect(result.from).toBe(0);
    expect(result.applied).toEqual(MIGRATIONS.map((migration) => migration.version));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((table) => table.name)).toContain('settings');
    db.close();
  });

  it('is a no-op the second time', () => {
    openLedger(dir).close();
    const db = openDatabase(join(dir, LEDGER_FILE));
    const result = migrate(db, MIGRATIONS);
    expect(result.applied).toEqual([]);
    expect(result.from).toBe(LATEST);
    const count = db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number };
    expect(count.n).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database written by a newer build, with a translated error, and leaves it untouched', () => {
    openLedger(dir).close();
    const db = openDatabase(join(dir, LEDGER_FILE));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from-the-future', '2030-01-01')").run(LATEST + 1);
    db.close();

    let caught: unknown;
    try {
      openLedger(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('LEDGER_TOO_NEW');
    expect(error.localized.en.message).toMatch(/newer than this build supports/);
    expect(error.localized['zh-CN'].message).toMatch(/更新/);

    const again = openDatabase(join(dir, LEDGER_FILE));
    const versions = again.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(versions.at(-1)?.version).toBe(LATEST + 1);
    again.close();
  });

  it('rolls back a migration that fails halfway', () => {
    const db = openDatabase(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all();
    expect(tables).toEqual([]);
    const latest = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number };
    expect(latest.v).toBe(LATEST);
    db.close();
  });

  it('rejects a migration list whose versions repeat or go back', () => {
    const db = openDatabase(':memory:');
    const first = { version: 1, name: 'first', sql: '' };
    expect(() => migrate(db, [first, { version: 1, name: 'again', sql: '' }])).toThrow(/out of order/);
    expect(() => migrate(db, [{ version: 2, name: 'two', sql: '' }, first])).toThrow(/out of order/);
    db.close();
  });
});
