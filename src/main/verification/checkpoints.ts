import type { SqliteDatabase } from '../ledger';
import type { Logger } from '../logging';

export const DEFAULT_CHECKPOINT_EVERY_SCANS = 64;

export interface CheckpointStats {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * WAL checkpoints between scans, never inside one: after `everyScans` recorded scans a PASSIVE
 * checkpoint runs once the scan's answer has gone out (0: leave it to SQLite). Each scan writes
 * ~8 WAL frames, so SQLite's own checkpoint (every 1,000 frames, two fsyncs) would otherwise land
 * inside about one scan in a hundred: exactly the p99.
 */
export function createCheckpointScheduler(options: { db: SqliteDatabase; logger: Logger; everyScans: number; stopping: () => boolean }) {
  const { db, logger, everyScans } = options;
  const stats: CheckpointStats = { count: 0, totalMs: 0, maxMs: 0 };
  let scansSinceCheckpoint = 0;
  let queued = false;

  function checkpointNow(): void {
    queued = false;
    scansSinceCheckpoint = 0;
    if (options.stopping() || !db.open) return;
    const started = performance.now();
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      logger.warn('WAL checkpoint failed', { error: String(error) });
    }
    const ms = performance.now() - started;
    stats.count += 1;
    stats.totalMs += ms;
    stats.maxMs = Math.max(stats.maxMs, ms);
  }

  return {
    /** Counts a recorded scan; queues a checkpoint when enough have been written. */
    afterScan(): void {
      scansSinceCheckpoint += 1;
      if (everyScans <= 0 || scansSinceCheckpoint < everyScans || queued) return;
      queued = true;
      // After the scan's answer has gone out; a scan arriving meanwhile waits at most one checkpoint.
      setImmediate(checkpointNow);
    },
    /** How many ran, and their cost (bench). */
    stats: (): CheckpointStats => ({ ...stats }),
  };
}

export type CheckpointScheduler = ReturnType<typeof createCheckpointScheduler>;
