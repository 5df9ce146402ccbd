/**
 * What crosses between the host (host.ts) and the worker (serve-in-worker.ts):
 * plain data only. Neither side's code is imported by the other.
 */
import type { SqliteDatabase } from '../ledger/open-database';
import type { ThreadError } from './thread-errors';

/**
 * Runs one request against the ledger; `emit` sends progress to the caller while it
 * runs. A long task polls `stopRequested` between steps and stops early (throwing)
 * once the host is closing, so quitting the app does not wait for it.
 */
export type LedgerTask<Request, Result, Event> = (
  db: SqliteDatabase,
  request: Request,
  emit: (event: Event) => void,
  stopRequested: () => boolean,
) => Result;

/** What the host hands the worker as `workerData`. */
export interface LedgerThreadData {
  ledgerPath: string;
  /** The Electron-ABI better-sqlite3 binding registered in the main thread, if any. */
  nativeBinding: string | undefined;
  /** One Int32 the host sets to 1 when it closes (read with Atomics while a task runs). */
  stopFlag: SharedArrayBuffer;
}

export type HostMessage = { type: 'run'; id: number; request: unknown } | { type: 'close' };

export type WorkerMessage =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ThreadError };

export function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown };
  return message.type === 'close' || (message.type === 'run' && typeof message.id === 'number');
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown };
  return (message.type === 'event' || message.type === 'result' || message.type === 'error') && typeof message.id === 'number';
}
