export { createLedgerThread, type LedgerThread, type LedgerThreadOptions } from './host';
export { serveLedgerThread } from './serve-in-worker';
export type { LedgerTask, LedgerThreadData } from './protocol';
export {
  LEDGER_THREAD_CLOSED,
  LEDGER_THREAD_STOPPED,
  LedgerThreadClosedError,
  LedgerThreadStoppedError,
  reviveThreadError,
  serializeThreadError,
  type ThreadError,
} from './thread-errors';
export { resolveWorkerEntry, type WorkerEntry, type WorkerStart } from './worker-entry-url';
