import type { SqliteDatabase } from '../ledger';
import { createLedgerThread, type WorkerEntry } from '../threads';
import type { ImportThread } from './batch-worker';
import { createImportTaskHandler } from './import-thread-tasks';

const IMPORT_THREAD_ENTRY: WorkerEntry = {
  source: new URL('./import-thread-entry.ts', import.meta.url),
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
}

/**
 * Where segment imports and look-up builds run: a worker thread with its own
 * connection to the ledger file, or (in-memory ledgers, which a thread cannot
 * share, and tests that ask) the main thread's connection.
 */
export function createImportThread(options: ImportThreadOptions): ImportThread {
  if (options.ledgerPath === null || options.placement === 'in-thread') {
    return createLedgerThread({ kind: 'in-thread', db: options.ledger, handle: createImportTaskHandler() });
  }
  return createLedgerThread({
    kind: 'worker',
    entry: options.placement instanceof URL ? options.placement : IMPORT_THREAD_ENTRY,
    ledgerPath: options.ledgerPath,
    // Each segment leaves megabytes of short-lived strings; a small young generation
    // collects them early instead of letting the thread's heap grow (docs/benchmarks.md).
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}
