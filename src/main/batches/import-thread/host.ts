/** The host side of the import thread: where the batch worker's segment imports and look-up builds run. */
import type { SqliteDatabase } from '../../ledger';
import type { Logger } from '../../logging';
import { createLedgerThread, LedgerThreadStoppedError, type LedgerThread, type WorkerEntry } from '../../threads';
import { createImportTaskHandler, type ImportThreadEvent, type ImportThreadRequest, type ImportThreadResult } from './tasks';

/** The import thread as the batch worker uses it. */
export type ImportThread = LedgerThread<ImportThreadRequest, ImportThreadResult, ImportThreadEvent>;

const IMPORT_THREAD_ENTRY: WorkerEntry = {
  source: new URL('./worker-entry.ts', import.meta.url),
  // The name of the main build's extra input in electron.vite.config.ts.
  built: 'import-thread.js',
};

const YOUNG_GENERATION_MB = 4;

export interface ImportThreadOptions {
  ledger: SqliteDatabase;
  /** The ledger file; null for an in-memory ledger. */
  ledgerPath: string | null;
  /**
   * 'worker' (default): the worker thread from the sources or the bundle;
   * 'in-thread': on the main thread's connection (tests that do not need the thread);
   * a URL: the worker from this built entry file (bench:import, to measure without the TypeScript loader).
   */
  placement?: 'worker' | 'in-thread' | URL;
  logger?: Logger;
}

/**
 * Where segment imports and look-up builds run: a worker thread with its own
 * connection to the ledger file, or (in-memory ledgers, which a thread cannot
 * share, and tests that ask) the main thread's connection.
 */
export function createImportThread(options: ImportThreadOptions): ImportThread {
  const onMainThread = () => createLedgerThread({ kind: 'in-thread', db: options.ledger, handle: createImportTaskHandler() });
  if (options.ledgerPath === null || options.placement === 'in-thread') return onMainThread();
  const worker: ImportThread = createLedgerThread({
    kind: 'worker',
    entry: options.placement instanceof URL ? options.placement : IMPORT_THREAD_ENTRY,
    ledgerPath: options.ledgerPath,
    // Each segment leaves megabytes of short-lived strings; a small young generation
    // collects them early instead of letting the thread's heap grow (docs/benchmarks.md).
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  return withMainThreadFallback(worker, onMainThread, options.logger);
}

/**
 * A worker that stops before it has finished a single run cannot work here (its
 * module or SQLite's native build does not load in a thread on this machine):
 * the imports then go on on the main thread's connection, with the short stalls
 * that brings, rather than not at all. The run that found out is refused as
 * usual (the batch worker retries it after a pause). A worker that has worked
 * and then dies is restarted instead (threads/host-worker.ts).
 */
function withMainThreadFallback(worker: ImportThread, onMainThread: () => ImportThread, logger: Logger | undefined): ImportThread {
  let current = worker;
  let workerHasWorked = false;
  return {
    async run(request, onEvent, transfer) {
      const thread = current;
      try {
        const result = await thread.run(request, onEvent, transfer);
        if (thread === worker) workerHasWorked = true;
        return result;
      } catch (error) {
        if (thread === worker && current === worker && !workerHasWorked && error instanceof LedgerThreadStoppedError) {
          logger?.warn('import thread unavailable: importing on the main thread', { reason: error.message });
          current = onMainThread();
          void worker.close();
        }
        throw error;
      }
    },
    async close() {
      await worker.close();
      if (current !== worker) await current.close();
    },
  };
}
