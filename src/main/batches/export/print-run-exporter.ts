import { dirname, resolve } from 'node:path';
import type { AppMode } from '../../../shared/contract';
import { exportErrors } from '../../../shared/error-catalogue/export';
import { isAppError } from '../../../shared/errors';
import type { AuditLog } from '../../audit';
import type { SqliteDatabase } from '../../ledger';
import type { Actor } from '../../supervisors/actor';
import { createBatchStore } from '../batch-store';
import { checkActorAndPath, checkRequest } from './check-request';
import { createSourceCheck } from './check-source';
import { mergeIntervals } from './intervals';
import { createPrintRunStore } from './print-run-store';
import { recordPrintRun } from './record-print-run';
import { leadingField, markedTarget } from './training-marker';
import type { CodeInterval, ExportRequest, PrintRun } from './types';
import { exists, isDirectory, PARTIAL_SUFFIX, recordFailed, removeQuietly, writePrintFile } from './write-print-file';

export { firstUncovered, mergeIntervals } from './intervals';
export { PRINT_RUN_EXPORTED } from './record-print-run';
export { PARTIAL_SUFFIX } from './write-print-file';

export const MANIFEST_SUFFIX = '.manifest.json';

export interface PrintRunExporter {
  /**
   * Writes the inclusive range `code_start…code_end` of one application to
   * `outputPath` (plus `<outputPath>.manifest.json`), records the print run
   * and its audit entry under `actor`, and returns the run. Refuses, writing
   * nothing, when the request is invalid, the application is unknown, the range
   * is not wholly imported, `code` is asked for but missing, the folder does not
   * exist or the file (or its manifest) already exists.
   */
  exportRange(request: ExportRequest, outputPath: string, actor: Actor): Promise<PrintRun>;
  /** An application's print runs, oldest first. */
  printRuns(applicationId: number): PrintRun[];
  /** The code indexes already exported, as sorted inclusive intervals with overlapping and adjacent runs merged. */
  exportedRanges(applicationId: number): CodeInterval[];
}

/** Rows read per query: big enough to be quick, small enough that memory stays flat. */
const DEFAULT_CHUNK_ROWS = 8192;

export interface PrintRunExporterOptions {
  /** An open, migrated ledger. */
  db: SqliteDatabase;
  /** The audit log on the same ledger (its `append` joins our transaction). */
  audit: AuditLog;
  /** The clock for `created_at` / `exported_at`; tests pass a fixed one. */
  now?: () => Date;
  /** Rows per read (tests may lower it to cross chunk boundaries on small ranges). */
  chunkRows?: number;
  /** The ledger's mode: a Training export is marked in its name, every line and the manifest (training-marker.ts). Default live. */
  mode?: AppMode;
}

/** Output paths being written by any exporter in this process. */
const inFlight = new Set<string>();

export function createPrintRunExporter(options: PrintRunExporterOptions): PrintRunExporter {
  const { db, audit } = options;
  const now = options.now ?? (() => new Date());
  const chunkRows = Math.max(1, Math.trunc(options.chunkRows ?? DEFAULT_CHUNK_ROWS));
  const store = createBatchStore(db);
  const runs = createPrintRunStore(db);
  const checkSource = createSourceCheck(db, store);
  const mode = options.mode ?? 'live';

  return {
    async exportRange(rawRequest, outputPath, actor) {
      const request = checkRequest(rawRequest);
      checkActorAndPath(actor, outputPath);
      const target = markedTarget(resolve(outputPath), mode);
      const manifestPath = target + MANIFEST_SUFFIX;
      if (inFlight.has(target)) throw exportErrors.EXPORT_BUSY({ path: target });
      inFlight.add(target);
      try {
        const { application, extraColumns } = checkSource(request);
        checkOutput(target, manifestPath);
        const fileSha256 = await writePrintFile(store, request, target, chunkRows, leadingField(mode), extraColumns);
        try {
          const written = { request, application, extraColumns, target, manifestPath, fileSha256, actor, mode };
          return recordPrintRun(db, runs, audit, now, written);
        } catch (error) {
          removeQuietly(target);
          removeQuietly(manifestPath);
          removeQuietly(manifestPath + PARTIAL_SUFFIX);
          throw isAppError(error) ? error : recordFailed(error);
        }
      } finally {
        inFlight.delete(target);
      }
    },
    printRuns: (applicationId) => runs.runs(applicationId),
    exportedRanges: (applicationId) => mergeIntervals(runs.ranges(applicationId)),
  };
}

function checkOutput(target: string, manifestPath: string): void {
  const folder = dirname(target);
  if (!isDirectory(folder)) throw exportErrors.EXPORT_FOLDER_NOT_FOUND({ folder });
  if (exists(target)) throw exportErrors.EXPORT_OUTPUT_EXISTS({ path: target });
  if (exists(manifestPath)) throw exportErrors.EXPORT_OUTPUT_EXISTS({ path: manifestPath });
}
