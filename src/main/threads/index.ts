export {
  createLedgerThread,
  reviveThreadError,
  LEDGER_THREAD_CLOSED,
  LEDGER_THREAD_STOPPED,
  type LedgerThread,
  type LedgerThreadOptions,
} from './ledger-thread';
export { serveLedgerThread, serializeThreadError, type LedgerTask, type LedgerThreadData, type ThreadError } from './serve-ledger-thread';
export { resolveWorkerEntry, type WorkerEntry, type WorkerStart } from './worker-entry-url';
