import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchErrors } from '../../shared/error-catalogue/batches';
import { isAppError, type AppErrorPayload } from '../../shared/errors';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { openSegmentPackage, type ColumnRole } from '../packages';
import type { BatchStore } from './batch-store';
import type { SegmentRow } from './rows';
import { createSegmentWrites } from './segment-writes';

export interface SegmentImportProgress {
  /** Codes of this segment inserted so far (in steps of the batch size). */
  codesInSegment: number;
}

export type SegmentImportOutcome =
  { ok: true; count: number; sha256: string; layout: string } | { ok: false; error: AppErrorPayload; keptBufferPath: string | null };

/**
 * Decrypts, checks and inserts one downloaded segment. The package is checked
 * whole before the first insert. Its rows then go into `codes` in transactions of
 * one batch each (10,000 rows), so no write to the ledger waits long behind an
 * import (a scan at the line takes the write lock too), and a last transaction
 * marks the segment imported with its audit entry.
 *
 * Until that last commit the rows are staging: a segment that is not 'imported'
 * is invisible to scans (its codes are in no look-up), exports and activation,
 * which all go by the segment's state. The import first claims the segment
 * (its `attempts` is the claim) and clears rows an interrupted attempt left; a
 * second process that claims it later makes this one stop, so two never
 * interleave their rows. A crash at any point leaves the segment 'pending' for
 * the next run. Its codes become scannable when the application's look-ups are
 * built (lookup-build.ts).
 */
export interface SegmentImporter {
  /** Imports a downloaded buffer; package and ledger problems come back as a failed outcome (nothing inserted). */
  importBuffer(
    segment: SegmentRow,
    downloaded: string | Uint8Array,
    reading: PackageReading,
    onProgress: (progress: SegmentImportProgress) => void,
  ): SegmentImportOutcome;
}

/** How to read a package: the service key, and the columns when IT set them by hand (null: detect). */
export interface PackageReading {
  serviceKey: string;
  columns: readonly ColumnRole[] | null;
}

export interface SegmentImporterOptions {
  db: SqliteDatabase;
  store: BatchStore;
  audit: AuditLog;
  /** Where failed packages are kept for support; null keeps nothing (in-memory ledgers). */
  failedPackagesDir: string | null;
  now: () => Date;
}

export function createSegmentImporter(options: SegmentImporterOptions): SegmentImporter {
  const writes = createSegmentWrites(options);

  function keepBuffer(segment: SegmentRow, buffer: string): string | null {
    if (!options.failedPackagesDir) return null;
    mkdirSync(options.failedPackagesDir, { recursive: true });
    const path = join(options.failedPackagesDir, `${segment.application_id}-${segment.code_start}-${segment.code_end}.b64`);
    writeFileSync(path, buffer);
    return path;
  }

  return {
    importBuffer(segment, downloaded, reading, onProgress) {
      const range = { applicationId: segment.application_id, codeStart: segment.code_start, codeEnd: segment.code_end };
      // base64 is ASCII: latin1 reads its bytes one character per byte.
      const buffer =
        typeof downloaded === 'string'
          ? downloaded
          : Buffer.from(downloaded.buffer, downloaded.byteOffset, downloaded.byteLength).toString('latin1');
      let attempt: number | undefined;
      try {
        const checked = openSegmentPackage(buffer, reading.serviceKey, range, reading.columns ?? undefined);
        attempt = writes.claim(segment);
        let inserted = 0;
        for (const batch of checked.batches()) {
          writes.insertBatch(segment, attempt, batch);
          inserted += batch.length;
          onProgress({ codesInSegment: inserted });
        }
        writes.markImported(segment, attempt, checked);
        return { ok: true, count: checked.count, sha256: checked.sha256, layout: checked.layout };
      } catch (error) {
        const payload = isAppError(error) ? error.toPayload() : unexpectedImportError(error, segment);
        const keptBufferPath = keepBuffer(segment, buffer);
        writes.markFailed(segment, attempt, payload, keptBufferPath);
        return { ok: false, error: payload, keptBufferPath };
      }
    },
  };
}

function unexpectedImportError(error: unknown, segment: SegmentRow): AppErrorPayload {
  return batchErrors
    .PACKAGE_IMPORT_FAILED({
      application_id: segment.application_id,
      code_start: segment.code_start,
      code_end: segment.code_end,
      reason: error instanceof Error ? error.message : String(error),
    })
    .toPayload();
}
