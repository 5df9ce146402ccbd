import Database from 'better-sqlite3';
import { secureDatabaseFile } from '../file-permissions';
import { sqliteNativeBinding } from './native-binding';

export type SqliteDatabase = Database.Database;

/** How long a write waits for another connection's write lock. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * How a connection's commits reach the disk (DESIGN §4). `FULL`: a commit has
 * been synced before it returns, so it survives power loss. `NORMAL` (WAL): a
 * commit survives a crash of the process but the last ones may vanish on power
 * loss; only for work that is re-derived after a crash (bulk import staging).
 */
export type Synchronous = 'FULL' | 'NORMAL';

export interface OpenDatabaseOptions {
  readonly?: boolean;
  nativeBinding?: string;
  /** Default FULL: every commit that records what a person did or what WeChat was told must survive power loss. */
  synchronous?: Synchronous;
}

/**
 * Opens a better-sqlite3 database with the pragmas every store here relies on,
 * its files owner-only (file-permissions.ts).
 * `nativeBinding` overrides the process's choice: a worker thread is handed the
 * binding its host uses rather than working it out again.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  const nativeBinding = options.nativeBinding ?? sqliteNativeBinding();
  // Every ledger (Live, Training) and the simulator's state: owner-only before SQLite creates -wal and -shm beside it.
  if (path !== ':memory:' && !options.readonly) secureDatabaseFile(path);
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  if (path !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/** SQLite's numbers for `PRAGMA synchronous`. */
const SYNCHRONOUS_FULL = 2;

/**
 * Runs `commit` (one transaction) with `synchronous = FULL` on a connection that
 * otherwise commits at NORMAL, then puts the setting back. In WAL mode the sync
 * at the end of this commit also covers every frame written before it, so the
 * staging the commit seals is durable with it.
 */
export function withDurableCommit<T>(db: SqliteDatabase, commit: () => T): T {
  const before = db.pragma('synchronous', { simple: true }) as number;
  if (before >= SYNCHRONOUS_FULL) return commit();
  db.pragma('synchronous = FULL');
  try {
    return commit();
  } finally {
    db.pragma(`synchronous = ${before}`);
  }
}
