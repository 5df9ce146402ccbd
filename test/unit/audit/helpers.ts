import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE, MIGRATIONS, migrate, openDatabase, type Migration, type SqliteDatabase } from '@main/ledger';
import { migration002AuditLog } from '@main/ledger/migrations/002-audit-log';

/** Whether the lead has registered the audit migration in MIGRATIONS yet. */
export const AUDIT_MIGRATION_REGISTERED = MIGRATIONS.some((migration) => migration.name === migration002AuditLog.name);

/** The registered list, or the registered list plus the audit migration (renumbered if version 2 is taken). */
export const AUDIT_MIGRATIONS: readonly Migration[] = AUDIT_MIGRATION_REGISTERED
  ? MIGRATIONS
  : [...MIGRATIONS, { ...migration002AuditLog, version: MIGRATIONS.length + 1 }];

/** Opens and migrates `<dir>/ledger.sqlite` with the audit migration, like openLedger would once it is registered. */
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
