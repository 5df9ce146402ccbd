// The import thread: a worker_threads Worker with its own ledger connection
// (docs/threads.md). Built as its own file next to the main bundle.
import { serveLedgerThread } from '../threads/serve-ledger-thread';
import { createImportTaskHandler } from './import-thread-tasks';

serveLedgerThread(createImportTaskHandler());
