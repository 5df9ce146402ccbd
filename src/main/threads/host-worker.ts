/**
 * The host side of a real worker: starts it lazily, matches its answers to the
 * pending runs, replaces it after it dies, and closes it gracefully.
 */
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { sqliteNativeBinding } from '../ledger/native-binding';
import { EventSink } from './event-sink';
import type { LedgerThread } from './host';
import { isWorkerMessage, type HostMessage, type LedgerThreadData } from './protocol';
import { LedgerThreadClosedError, LedgerThreadStoppedError, reviveThreadError, toError } from './thread-errors';
import { resolveWorkerEntry, type WorkerEntry, type WorkerStart } from './worker-entry-url';

/** How long `close()` waits for the worker to exit after asking it to. */
const EXIT_GRACE_MS = 5_000;

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
  /** Tells the thread this session is gone, so the next run starts another. */
  onStopped: () => void;
}

export function createWorkerThread<Request, Result, Event>(
  entry: WorkerEntry | URL,
  ledgerPath: string,
  resourceLimits: ResourceLimits | undefined,
): LedgerThread<Request, Result, Event> {
  let session: Session<Result, Event> | undefined;
  let nextId = 1;
  let closing: Promise<void> | undefined;
  // Shared by every worker this thread starts: set once, when closing.
  const stopFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const workerData: () => LedgerThreadData = () => ({ ledgerPath, nativeBinding: sqliteNativeBinding(), stopFlag });

  function current(): Session<Result, Event> {
    if (session) return session;
    const started: Session<Result, Event> = startSession(entry, workerData(), resourceLimits, () => {
      if (session === started) session = undefined;
    });
    session = started;
    return started;
  }

  return {
    run(request, onEvent, transfer) {
      if (closing) return Promise.reject(new LedgerThreadClosedError());
      let target: Session<Result, Event>;
      try {
        target = current();
      } catch (error) {
        return Promise.reject(new LedgerThreadStoppedError(`could not start the worker (${toError(error).message})`, { cause: error }));
      }
      return postRun(target, nextId++, request, onEvent, transfer);
    },
    close() {
      // Tasks that poll stopRequested() end early; the rest finish first.
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      closing ??= (async () => {
        const last = session;
        if (!last) return;
        await whenIdle(last);
        session = undefined;
        await shutDown(last);
      })();
      return closing;
    },
  };
}

function startSession<Result, Event>(
  entry: WorkerEntry | URL,
  workerData: LedgerThreadData,
  resourceLimits: ResourceLimits | undefined,
  onStopped: () => void,
): Session<Result, Event> {
  const how: WorkerStart = entry instanceof URL ? { runtime: 'bundle', filename: entry } : resolveWorkerEntry(entry);
  const settings = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
  const worker = how.runtime === 'source' ? new Worker(how.code, { eval: true, ...settings }) : new Worker(how.filename, settings);
  const session: Session<Result, Event> = { worker, pending: new Map(), stopped: false, onIdle: [], onStopped };
  worker.unref();
  worker.on('message', (message: unknown) => deliver(session, message));
  worker.on('error', (error: Error) => stopSession(session, error.message));
  worker.on('messageerror', (error: Error) => {
    stopSession(session, `a message from the worker could not be read (${error.message})`);
    void worker.terminate();
  });
  worker.on('exit', (code: number) => stopSession(session, `the worker exited with code ${code}`));
  return session;
}

function postRun<Result, Event>(
  session: Session<Result, Event>,
  id: number,
  request: unknown,
  onEvent: ((event: Event) => void) | undefined,
  transfer: readonly TransferListItem[] | undefined,
): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    const sink = new EventSink(onEvent);
    try {
      session.worker.postMessage({ type: 'run', id, request } satisfies HostMessage, transfer ? [...transfer] : undefined);
    } catch (error) {
      reject(toError(error)); // e.g. a request that cannot be cloned
      return;
    }
    session.pending.set(id, { resolve, reject, sink });
    session.worker.ref(); // a task is running: the process waits for it
  });
}

function deliver<Result, Event>(session: Session<Result, Event>, message: unknown): void {
  if (!isWorkerMessage(message)) return;
  const run = session.pending.get(message.id);
  if (!run) return;
  // The worker serves this thread's own task, so its data has these types.
  if (message.type === 'event') {
    run.sink.deliver(message.event as Event);
    return;
  }
  session.pending.delete(message.id);
  if (run.sink.failure) run.reject(run.sink.failure);
  else if (message.type === 'result') run.resolve(message.result as Result);
  else run.reject(reviveThreadError(message.error));
  settled(session);
}

function settled<Result, Event>(session: Session<Result, Event>): void {
  if (session.pending.size > 0) return;
  // Idle: let the CLI exit on its own.
  if (!session.stopped) session.worker.unref();
  for (const notify of session.onIdle.splice(0)) notify();
}

function stopSession<Result, Event>(session: Session<Result, Event>, reason: string): void {
  if (session.stopped) return;
  session.stopped = true;
  session.onStopped();
  const error = new LedgerThreadStoppedError(reason);
  for (const run of session.pending.values()) run.reject(error);
  session.pending.clear();
  settled(session);
}

function whenIdle<Result, Event>(session: Session<Result, Event>): Promise<void> {
  if (session.pending.size === 0) return Promise.resolve();
  return new Promise((resolve) => session.onIdle.push(resolve));
}

async function shutDown<Result, Event>(session: Session<Result, Event>): Promise<void> {
  if (session.stopped) return;
  const exited = new Promise<void>((resolve) => session.worker.once('exit', () => resolve()));
  session.worker.ref(); // keep the process up until the worker has closed the ledger
  const timer = setTimeout(() => void session.worker.terminate(), EXIT_GRACE_MS);
  session.worker.postMessage({ type: 'close' } satisfies HostMessage);
  await exited;
  clearTimeout(timer);
}
