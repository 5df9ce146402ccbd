import { appErrors } from '../../shared/error-catalogue/app';
import type { SqliteDatabase } from './open-database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Brings the database to the newest known migration, each one in its own
 * transaction. A database written by a newer build is refused rather than
 * guessed at, so an old install can never corrupt a newer ledger.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): MigrationResult {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const current = row.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw appErrors.LEDGER_TOO_NEW({ current, latest });
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
    applied.push(migration.version);
  }
  return { from: current, to: Math.max(current, latest), applied };
}

/**
 * Versions must rise: numbers are handed out per branch of work, so until every branch is
 * merged a list may skip one (e.g. 8 then 12); it may never repeat or go back.
 */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = index === 0 ? 0 : migrations[index - 1]!.version;
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`Migration list out of order: position ${index + 1} holds version ${migration.version}`);
    }
  });
}
