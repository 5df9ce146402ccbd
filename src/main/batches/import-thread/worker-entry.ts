// The worker side of the import thread: a worker_threads Worker with its own ledger
// connection (docs/threads.md). Built as out/main/import-thread.js next to the main bundle.
// Imports serve-in-worker directly, not the threads barrel, so the bundle stays small.
import { serveLedgerThread } from '../../threads/serve-in-worker';
import { createImportTaskHandler } from './tasks';

// Staging rows commit at NORMAL: after a power loss they are re-derived from the packages.
// What records WeChat's answer (a segment imported or failed, the look-ups built, their
// audit entries) commits at FULL (segment-writes.ts, lookup-build.ts).
serveLedgerThread(createImportTaskHandler(), { synchronous: 'NORMAL' });
