import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE, MIGRATIONS, migrate, openDatabase, type Migration, type SqliteDatabase } from '@main/ledger';

/** Every migration; the audit log's is among them (002). */
export const AUDIT_MIGRATIONS: readonly Migration[] = MIGRATIONS;

/** Opens and migrates `<dir>/ledger.sqlite` as the app does. */
export function openAuditLedger(dir: string): SqliteDatabase {
  const db = openDatabase(join(dir, LEDGER_FILE));
  migrate(db, AUDIT_MIGRATIONS);
  return db;
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock that ticks one second per call from a fixed instant. */
export function fixedClock(start = Date.UTC(2025, 0, 2, 3, 4, 5)): () => Date {
  let tick = 0;
  return () => new Date(start + 1000 * tick++);
}

/** Runs SQL through a second connection with the append-only triggers dropped, as a tamperer would. */
export function tamper(dir: string, sql: string, ...params: unknown[]): void {
  const db = openDatabase(join(dir, LEDGER_FILE));
  try {
    db.exec(
      'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_chain_only;',
    );
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
