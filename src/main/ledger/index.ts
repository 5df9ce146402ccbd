import { join } from 'node:path';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { openDatabase, type SqliteDatabase } from './open-database';

export { migrate, type Migration, type MigrationResult } from './migrate';
export { MIGRATIONS } from './migrations';
export { openDatabase, withDurableCommit, type SqliteDatabase, type Synchronous } from './open-database';
export { withShortLockWaits } from './wait-for-write-lock';
export { isLockCode, ledgerBusyError } from './ledger-busy';

export const LEDGER_FILE = 'ledger.sqlite';

/** Opens (creating if needed) the ledger in a data directory and migrates it. */
export function openLedger(dataDir: string | ':memory:'): SqliteDatabase {
  const db = openDatabase(dataDir === ':memory:' ? ':memory:' : join(dataDir, LEDGER_FILE));
  try {
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
