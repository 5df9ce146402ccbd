import Database from 'better-sqlite3';
import { secureDatabaseFile } from '../file-permissions';
import { sqliteNativeBinding } from './native-binding';

export type SqliteDatabase = Database.Database;

/** How long a write waits for another connection's write lock. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a better-sqlite3 database with the pragmas every store here relies on,
 * its files owner-only (file-permissions.ts).
 * `nativeBinding` overrides the process's choice: a worker thread is handed the
 * binding its host uses rather than working it out again.
 */
export function openDatabase(path: string, options: { readonly?: boolean; nativeBinding?: string } = {}): SqliteDatabase {
  const nativeBinding = options.nativeBinding ?? sqliteNativeBinding();
  // Every ledger (Live, Training) and the simulator's state: owner-only before SQLite creates -wal and -shm beside it.
  if (path !== ':memory:' && !options.readonly) secureDatabaseFile(path);
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  if (path !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}
