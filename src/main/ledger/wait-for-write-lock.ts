import { BUSY_TIMEOUT_MS, type SqliteDatabase } from './open-database';

const STEP_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

/**
 * Runs a write transaction, waiting for the write lock in 1 ms steps. SQLite's own
 * busy handler sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50… ms, so a lock the import
 * thread holds for 12 ms costs a scan 18 ms, and one held 35 ms costs 53. For the
 * latency-critical scan path the wait should end when the lock is free.
 */
export function withShortLockWaits<T>(db: SqliteDatabase, run: () => T, timeoutMs = BUSY_TIMEOUT_MS): T {
  // On the scan path: one pragma each way, no read of the current value (openDatabase sets it).
  db.pragma('busy_timeout = 0');
  try {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        return run();
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== 'SQLITE_BUSY' || performance.now() >= deadline) throw error;
        Atomics.wait(sleeper, 0, 0, STEP_MS);
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
