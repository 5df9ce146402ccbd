/** The import thread seen from the main thread (host.ts); worker-entry.ts is its other side and tasks.ts what it runs. */
export { createImportThread, type ImportThread, type ImportThreadOptions } from './host';
export type { ImportThreadEvent, ImportThreadRequest, ImportThreadResult } from './tasks';
