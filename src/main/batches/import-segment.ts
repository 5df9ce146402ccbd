import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, isAppError, type AppErrorPayload } from '../../shared/errors';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { openSegmentPackage, type CheckedSegment, type ParsedCode } from '../packages';
import type { BatchStore, SegmentRow } from './batch-store';

export interface SegmentImportProgress {
  /** Codes of this segment inserted so far (in steps of the batch size). */
  codesInSegment: number;
}

export type SegmentImportOutcome =
  { ok: true; count: number; sha256: string; layout: string } | { ok: false; error: AppErrorPayload; keptBufferPath: string | null };

export interface SegmentImporterOptions {
  db: SqliteDatabase;
  store: BatchStore;
  audit: AuditLog;
  /** Where failed packages are kept for support; null keeps nothing (in-memory ledgers). */
  failedPackagesDir: string | null;
  now: () => Date;
}

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
export function createSegmentImporter(options: SegmentImporterOptions) {
  const { db, store, audit } = options;

  const claim = db.transaction((segment: SegmentRow): number => {
    // A look-up build covers a fixed set of segments; one cannot join it half way (lookup-build.ts).
    if (store.lookupBuildInProgress(segment.application_id)) {
      throw new Error(`the scan look-ups of application ${segment.application_id} are being built; import the segment after`);
    }
    const attempt = store.claimPendingSegment(segment.application_id, segment.code_start);
    if (attempt === undefined) throw new Error(`segment ${segment.application_id}:${segment.code_start} is not pending`);
    store.deleteCodeRange(segment.application_id, segment.code_start, segment.code_end);
    return attempt;
  });

  function assertStillClaimed(segment: SegmentRow, attempt: number): void {
    if (store.pendingSegmentAttempt(segment.application_id, segment.code_start) !== attempt) {
      throw new Error(`segment ${segment.application_id}:${segment.code_start} was claimed by another import`);
    }
  }

  const insertBatch = db.transaction((segment: SegmentRow, attempt: number, batch: readonly ParsedCode[]) => {
    assertStillClaimed(segment, attempt);
    for (const row of batch) store.insertCode(segment.application_id, row.codeIndex, row.code, row.codeUrl);
  });

  const markImported = db.transaction((segment: SegmentRow, attempt: number, checked: CheckedSegment) => {
    const changed = store.markClaimedSegmentImported(
      segment.application_id,
      segment.code_start,
      attempt,
      checked.sha256,
      checked.layout,
      options.now().toISOString(),
    );
    if (changed !== 1) throw new Error(`segment ${segment.application_id}:${segment.code_start} was claimed by another import`);
    audit.append({
      actor: 'system',
      action: 'segment.imported',
      subject: `application:${segment.application_id}`,
      details: {
        code_start: segment.code_start,
        code_end: segment.code_end,
        count: checked.count,
        sha256: checked.sha256,
        layout: checked.layout,
      },
    });
  });

  /** Fails the segment and takes its staged rows out, unless another import has claimed it since. */
  const markFailed = db.transaction(
    (segment: SegmentRow, attempt: number | undefined, payload: AppErrorPayload, keptBufferPath: string | null) => {
      if (attempt !== undefined) {
        if (store.pendingSegmentAttempt(segment.application_id, segment.code_start) !== attempt) return;
        store.deleteCodeRange(segment.application_id, segment.code_start, segment.code_end);
      }
      store.markSegmentFailed(segment.application_id, segment.code_start, payload, keptBufferPath);
      audit.append({
        actor: 'system',
        action: 'segment.failed',
        subject: `application:${segment.application_id}`,
        details: { code_start: segment.code_start, code_end: segment.code_end, error_code: payload.code, kept_buffer: keptBufferPath },
      });
    },
  );

  function keepBuffer(segment: SegmentRow, buffer: string): string | null {
    if (!options.failedPackagesDir) return null;
    mkdirSync(options.failedPackagesDir, { recursive: true });
    const path = join(options.failedPackagesDir, `${segment.application_id}-${segment.code_start}-${segment.code_end}.b64`);
    writeFileSync(path, buffer);
    return path;
  }

  return {
    /** Imports a downloaded buffer; package and ledger problems come back as a failed outcome (nothing inserted). */
    importBuffer(
      segment: SegmentRow,
      downloaded: string | Uint8Array,
      serviceKey: string,
      onProgress: (progress: SegmentImportProgress) => void,
    ): SegmentImportOutcome {
      const range = { applicationId: segment.application_id, codeStart: segment.code_start, codeEnd: segment.code_end };
      // base64 is ASCII: latin1 reads its bytes one character per byte.
      const buffer =
        typeof downloaded === 'string'
          ? downloaded
          : Buffer.from(downloaded.buffer, downloaded.byteOffset, downloaded.byteLength).toString('latin1');
      let attempt: number | undefined;
      try {
        const checked = openSegmentPackage(buffer, serviceKey, range);
        attempt = claim.immediate(segment);
        let inserted = 0;
        for (const batch of checked.batches()) {
          insertBatch.immediate(segment, attempt, batch);
          inserted += batch.length;
          onProgress({ codesInSegment: inserted });
        }
        markImported.immediate(segment, attempt, checked);
        return { ok: true, count: checked.count, sha256: checked.sha256, layout: checked.layout };
      } catch (error) {
        const payload = isAppError(error) ? error.toPayload() : unexpectedImportError(error, segment);
        const keptBufferPath = keepBuffer(segment, buffer);
        markFailed.immediate(segment, attempt, payload, keptBufferPath);
        return { ok: false, error: payload, keptBufferPath };
      }
    },
  };
}

function unexpectedImportError(error: unknown, segment: SegmentRow): AppErrorPayload {
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError(
    'PACKAGE_IMPORT_FAILED',
    {
      'zh-CN': {
        message: `码段 ${segment.code_start}–${segment.code_end} 导入失败：${detail}`,
        hint: '未导入任何数据。请重试；如仍失败，请将日志发给 IT。',
      },
      en: {
        message: `Importing segment ${segment.code_start}–${segment.code_end} failed: ${detail}`,
        hint: 'Nothing was imported. Retry; if it fails again, send the log to IT.',
      },
    },
    { application_id: segment.application_id, code_start: segment.code_start },
  ).toPayload();
}
