/**
 * Worker side of a ledger thread. A worker entry module calls
 * `serveLedgerThread(handle)` once; the host (`createLedgerThread`, host.ts) sends
 * it requests. This module must not import the host side, so a worker bundle
 * stays small.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type SqliteDatabase, type Synchronous } from '../ledger/open-database';
import { isHostMessage, type LedgerTask, type LedgerThreadData, type WorkerMessage } from './protocol';
import { serializeThreadError } from './thread-errors';

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

/**
 * Serves requests one at a time, in arrival order, on the worker's own
 * connection to the ledger. The main thread has already migrated the ledger, so
 * this only opens it (on the first request, so an open failure answers that
 * request instead of killing the thread). `synchronous` is the connection's
 * default (FULL unless the task says its commits are re-derivable; it then
 * raises it for the commits that are not, with withDurableCommit).
 */
export function serveLedgerThread<Request, Result, Event>(
  handle: LedgerTask<Request, Result, Event>,
  options: { synchronous?: Synchronous } = {},
): void {
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
      db ??= openDatabase(data.ledgerPath, {
        ...(data.nativeBinding === undefined ? {} : { nativeBinding: data.nativeBinding }),
        ...(options.synchronous ? { synchronous: options.synchronous } : {}),
      });
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
