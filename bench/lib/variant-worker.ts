/**
 * Worker-thread side of the `worker*` variants in insert-variants.ts: its own
 * connection to the same ledger file, the whole per-segment import (decrypt, check,
 * insert, commit) off the main thread. Messages: { id, kind: 'segment' | 'finish', … }.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/main/ledger';
import { createVariantImporter, VARIANTS } from './insert-variants';

const { dir, variant } = workerData as { dir: string; variant: string };
// The main thread created (and migrated) the file; this is a second connection to it.
const db = openDatabase(join(dir, 'ledger.sqlite'));
const importer = createVariantImporter(db, VARIANTS[variant]!);

interface Request {
  id: number;
  kind: 'segment' | 'finish';
  applicationId: number;
  codeStart: number;
  codeEnd: number;
  base64: string;
  last: boolean;
}

parentPort!.on('message', (request: Request) => {
  try {
    const result =
      request.kind === 'segment'
        ? importer.segment(request.applicationId, request.codeStart, request.codeEnd, request.base64, request.last)
        : importer.finish(request.applicationId);
    parentPort!.postMessage({ id: request.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.stack : String(error) });
  }
});
