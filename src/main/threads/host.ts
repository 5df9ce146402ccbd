/**
 * Host side of a ledger thread: runs ledger tasks in a worker thread with its
 * own SQLite connection, so a long import does not block the main thread (IPC,
 * scans). See docs/threads.md.
 */
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { sqliteNativeBinding } from '../ledger/native-binding';
import type { SqliteDatabase } from '../ledger/open-database';
import {
  serializeThreadError,
  type HostMessage,
  type LedgerTask,
  type LedgerThreadData,
  type ThreadError,
  type WorkerMessage,
} from './serve-ledger-thread';
import { resolveWorkerEntry, type WorkerEntry, type WorkerStart } from './worker-entry-url';

export interface LedgerThread<Request, Result, Event> {
  /**
   * Runs one task; tasks run one at a time, in call order. Requests, results
   * and events are structured-cloned, so they must be plain data. `onEvent`
   * sees the task's events in order, all before the promise settles.
   * `transfer` moves ArrayBuffers to the worker instead of copying them (they
   * are unusable here afterwards); in-thread it is ignored.
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

/** Rejected by `run` after `close()`. */
export const LEDGER_THREAD_CLOSED = 'ledger thread is closed';
/** Prefix of the rejection of every pending `run` when the worker dies. */
export const LEDGER_THREAD_STOPPED = 'ledger thread stopped';
/** How long `close()` waits for the worker to exit after asking it to. */
const EXIT_GRACE_MS = 5_000;

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

/** The worker's error as the caller should see it: an AppError stays an AppError; a `code` is kept. */
export function reviveThreadError(error: ThreadError): Error {
  if (error.kind === 'app') {
    const { code, localized, details } = error.payload;
    const revived = new AppError(code, localized, details);
    if (error.stack) revived.stack = error.stack;
    return revived;
  }
  const revived: Error & { code?: string } = new Error(error.message);
  revived.name = error.name;
  if (error.code !== undefined) revived.code = error.code;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** Calls the caller's listener; a throwing listener fails its run but not the thread. */
class EventSink<Event> {
  failure: Error | undefined;
  constructor(private readonly listener: ((event: Event) => void) | undefined) {}
  deliver(event: Event): void {
    if (!this.listener || this.failure) return;
    try {
      this.listener(event);
    } catch (error) {
      this.failure = toError(error);
    }
  }
}

function createInThread<Request, Result, Event>(
  db: SqliteDatabase,
  handle: LedgerTask<Request, Result, Event>,
): LedgerThread<Request, Result, Event> {
  let closed = false;
  return {
    run(request, onEvent) {
      if (closed) return Promise.reject(new Error(LEDGER_THREAD_CLOSED));
      const sink = new EventSink(onEvent);
      let running = true;
      try {
        // Cloned like the worker's messages, so tests catch data that cannot cross.
        const result = structuredClone(
          handle(
            db,
            structuredClone(request),
            (event) => {
              if (running) sink.deliver(structuredClone(event));
            },
            () => closed,
          ),
        );
        running = false;
        return sink.failure ? Promise.reject(sink.failure) : Promise.resolve(result);
      } catch (error) {
        running = false;
        return Promise.reject(sink.failure ?? reviveThreadError(serializeThreadError(error)));
      }
    },
    close() {
      closed = true; // the caller owns db
      return Promise.resolve();
    },
  };
}

interface PendingRun<Result, Event> {
  resolve(result: Result): void;
  reject(error: Error): void;
  sink: EventSink<Event>;
}

/** One started worker; a new one replaces it after it dies. */
interface Session<Result, Event> {
  worker: Worker;
  pending: Map<number, PendingRun<Result, Event>>;
  stopped: boolean;
  onIdle: (() => void)[];
}

function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown };
  return (message.type === 'event' || message.type === 'result' || message.type === 'error') && typeof message.id === 'number';
}

function createWorkerThread<Request, Result, Event>(
  entry: WorkerEntry | URL,
  ledgerPath: string,
  resourceLimits: ResourceLimits | undefined,
): LedgerThread<Request, Result, Event> {
  type Current = Session<Result, Event>;
  let session: Current | undefined;
  let nextId = 1;
  let closing: Promise<void> | undefined;
  // Shared by every worker this thread starts: set once, when closing.
  const stopFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);

  function settled(current: Current): void {
    if (current.pending.size > 0) return;
    // Idle: let the CLI exit on its own.
    if (!current.stopped) current.worker.unref();
    for (const notify of current.onIdle.splice(0)) notify();
  }

  function stop(current: Current, reason: string): void {
    if (current.stopped) return;
    current.stopped = true;
    if (session === current) session = undefined;
    const error = new Error(`${LEDGER_THREAD_STOPPED}: ${reason}`);
    for (const run of current.pending.values()) run.reject(error);
    current.pending.clear();
    settled(current);
  }

  function onMessage(current: Current, message: unknown): void {
    if (!isWorkerMessage(message)) return;
    const run = current.pending.get(message.id);
    if (!run) return;
    // The worker serves this thread's own task, so its data has these types.
    if (message.type === 'event') {
      run.sink.deliver(message.event as Event);
      return;
    }
    current.pending.delete(message.id);
    if (run.sink.failure) run.reject(run.sink.failure);
    else if (message.type === 'result') run.resolve(message.result as Result);
    else run.reject(reviveThreadError(message.error));
    settled(current);
  }

  function start(): Current {
    const workerData: LedgerThreadData = { ledgerPath, nativeBinding: sqliteNativeBinding(), stopFlag };
    const how: WorkerStart = entry instanceof URL ? { runtime: 'bundle', filename: entry } : resolveWorkerEntry(entry);
    const settings = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
    const worker = how.runtime === 'source' ? new Worker(how.code, { eval: true, ...settings }) : new Worker(how.filename, settings);
    const current: Current = { worker, pending: new Map(), stopped: false, onIdle: [] };
    worker.unref();
    worker.on('message', (message: unknown) => onMessage(current, message));
    worker.on('error', (error: Error) => stop(current, error.message));
    worker.on('messageerror', (error: Error) => {
      stop(current, `a message from the worker could not be read (${error.message})`);
      void worker.terminate();
    });
    worker.on('exit', (code: number) => stop(current, `the worker exited with code ${code}`));
    return current;
  }

  function whenIdle(current: Current): Promise<void> {
    if (current.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => current.onIdle.push(resolve));
  }

  async function shutDown(current: Current): Promise<void> {
    if (current.stopped) return;
    const exited = new Promise<void>((resolve) => current.worker.once('exit', () => resolve()));
    current.worker.ref(); // keep the process up until the worker has closed the ledger
    const timer = setTimeout(() => void current.worker.terminate(), EXIT_GRACE_MS);
    current.worker.postMessage({ type: 'close' } satisfies HostMessage);
    await exited;
    clearTimeout(timer);
  }

  return {
    run(request, onEvent, transfer) {
      if (closing) return Promise.reject(new Error(LEDGER_THREAD_CLOSED));
      let current: Current;
      try {
        current = session ??= start();
      } catch (error) {
        return Promise.reject(
          new Error(`${LEDGER_THREAD_STOPPED}: could not start the worker (${toError(error).message})`, { cause: error }),
        );
      }
      const id = nextId++;
      return new Promise<Result>((resolve, reject) => {
        const sink = new EventSink(onEvent);
        try {
          current.worker.postMessage({ type: 'run', id, request } satisfies HostMessage, transfer ? [...transfer] : undefined);
        } catch (error) {
          reject(toError(error)); // e.g. a request that cannot be cloned
          return;
        }
        current.pending.set(id, { resolve, reject, sink });
        current.worker.ref(); // a task is running: the process waits for it
      });
    },
    close() {
      // Tasks that poll stopRequested() end early; the rest finish first.
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      closing ??= (async () => {
        const current = session;
        if (!current) return;
        await whenIdle(current);
        session = undefined;
        await shutDown(current);
      })();
      return closing;
    },
  };
}
