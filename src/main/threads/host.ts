/**
 * Host side of a ledger thread: runs ledger tasks in a worker thread with its
 * own SQLite connection, so a long import does not block the main thread (IPC,
 * scans); or, for in-memory ledgers, on the main thread's connection. See
 * docs/threads.md.
 */
import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import type { SqliteDatabase } from '../ledger/open-database';
import { createInThread } from './host-in-thread';
import { createWorkerThread } from './host-worker';
import type { LedgerTask } from './protocol';
import type { WorkerEntry } from './worker-entry-url';

export interface LedgerThread<Request, Result, Event> {
  /**
   * Runs one task; tasks run one at a time, in call order. Requests, results
   * and events are structured-cloned, so they must be plain data. `onEvent`
   * sees the task's events in order, all before the promise settles.
   * `transfer` moves ArrayBuffers to the worker instead of copying them (they
   * are unusable here afterwards); in-thread it is ignored. Rejects with
   * LedgerThreadStoppedError when the worker dies, LedgerThreadClosedError after close().
   */
  run(request: Request, onEvent?: (event: Event) => void, transfer?: readonly TransferListItem[]): Promise<Result>;
  /** Lets the runs already started finish, then stops the thread. Later runs reject. */
  close(): Promise<void>;
}

export type LedgerThreadOptions<Request, Result, Event> =
  | {
      kind: 'worker';
      /** The entry for each runtime, or a built entry file to run as it is. */
      entry: WorkerEntry | URL;
      ledgerPath: string;
      resourceLimits?: ResourceLimits;
    }
  | { kind: 'in-thread'; db: SqliteDatabase; handle: LedgerTask<Request, Result, Event> };

/**
 * `kind: 'worker'` runs tasks in a `node:worker_threads` Worker started lazily
 * from `entry` (a module calling `serveLedgerThread`). `kind: 'in-thread'` runs
 * `handle` synchronously on `db` — for in-memory ledgers, which a worker cannot
 * open — with the same cloning and error mapping.
 */
export function createLedgerThread<Request, Result, Event>(
  options: LedgerThreadOptions<Request, Result, Event>,
): LedgerThread<Request, Result, Event> {
  return options.kind === 'worker'
    ? createWorkerThread(options.entry, options.ledgerPath, options.resourceLimits)
    : createInThread(options.db, options.handle);
}
