/**
 * Worker side of a ledger thread. A worker entry module calls
 * `serveLedgerThread(handle)` once; the host (`createLedgerThread`) sends it
 * requests. This module must not import the host side, so a worker bundle stays
 * small.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isAppError, type AppErrorPayload } from '../../shared/errors';
import { openDatabase, type SqliteDatabase } from '../ledger/open-database';

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

/** An error as it crosses the thread boundary: plain data only. */
export type ThreadError =
  | { kind: 'app'; payload: AppErrorPayload; stack: string | undefined }
  | { kind: 'error'; name: string; message: string; code: string | undefined; stack: string | undefined };

export type HostMessage = { type: 'run'; id: number; request: unknown } | { type: 'close' };

export type WorkerMessage =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ThreadError };

export function serializeThreadError(error: unknown): ThreadError {
  if (isAppError(error)) return { kind: 'app', payload: error.toPayload(), stack: error.stack };
  if (error instanceof Error) {
    const code: unknown = (error as Error & { code?: unknown }).code;
    return {
      kind: 'error',
      name: error.name,
      message: error.message,
      code: typeof code === 'string' ? code : undefined,
      stack: error.stack,
    };
  }
  return { kind: 'error', name: 'Error', message: String(error), code: undefined, stack: undefined };
}

function readThreadData(data: unknown): LedgerThreadData {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const { ledgerPath, nativeBinding, stopFlag } = record;
  if (
    typeof ledgerPath !== 'string' ||
    (nativeBinding !== undefined && typeof nativeBinding !== 'string') ||
    !(stopFlag instanceof SharedArrayBuffer)
  ) {
    throw new Error(
      'serveLedgerThread: workerData must be { ledgerPath: string, nativeBinding?: string, stopFlag: SharedArrayBuffer } (start it with createLedgerThread)',
    );
  }
  return { ledgerPath, nativeBinding, stopFlag };
}

function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown };
  return message.type === 'close' || (message.type === 'run' && typeof message.id === 'number');
}

/**
 * Serves requests one at a time, in arrival order, on the worker's own
 * connection to the ledger. The main thread has already migrated the ledger, so
 * this only opens it (on the first request, so an open failure answers that
 * request instead of killing the thread).
 */
export function serveLedgerThread<Request, Result, Event>(handle: LedgerTask<Request, Result, Event>): void {
  const port = parentPort;
  if (isMainThread || !port) throw new Error('serveLedgerThread() must run inside a worker thread started by createLedgerThread().');
  const data = readThreadData(workerData);

  const stop = new Int32Array(data.stopFlag);
  const stopRequested = (): boolean => Atomics.load(stop, 0) === 1;
  let db: SqliteDatabase | undefined;
  port.on('message', (message: unknown) => {
    if (!isHostMessage(message)) return;
    if (message.type === 'close') {
      db?.close();
      db = undefined;
      process.exit(0); // ends this thread only
    }
    const { id } = message;
    let running = true;
    // Events after the task returned have no run to go to; they are dropped.
    const emit = (event: Event): void => {
      if (running) port.postMessage({ type: 'event', id, event } satisfies WorkerMessage);
    };
    try {
      // The host's binding as it is: under Electron the thread must load the same (Electron-ABI) build.
      db ??= openDatabase(data.ledgerPath, data.nativeBinding === undefined ? {} : { nativeBinding: data.nativeBinding });
      const result = handle(db, message.request as Request, emit, stopRequested);
      running = false;
      port.postMessage({ type: 'result', id, result } satisfies WorkerMessage);
    } catch (error) {
      // Also catches a result or event that cannot be cloned (DataCloneError).
      running = false;
      port.postMessage({ type: 'error', id, error: serializeThreadError(error) } satisfies WorkerMessage);
    }
  });
}
