import type { AppErrorPayload } from '../../../shared/errors';
import type { SqliteDatabase } from '../../ledger';
import type { SegmentRow } from '../rows';

/** SQL for `segments` (and whether a look-up build holds them). Callers own transactions. */
export interface SegmentStore {
  /** A new pending segment (kept as it is if it exists). */
  insertSegment(applicationId: number, codeStart: number, codeEnd: number): void;
  /** An application's segments by code_start. */
  segments(applicationId: number): SegmentRow[];
  segment(applicationId: number, codeStart: number): SegmentRow | undefined;
  /** Counts an attempt on a pending segment and returns it (the claim), or undefined if it is not pending. */
  claimPendingSegment(applicationId: number, codeStart: number): number | undefined;
  /** The attempt count of a pending segment (who holds the claim), or undefined if it is not pending. */
  pendingSegmentAttempt(applicationId: number, codeStart: number): number | undefined;
  /** Marks the segment imported if `attempt` still holds its claim; returns the rows changed (1 or 0). */
  markClaimedSegmentImported(
    applicationId: number,
    codeStart: number,
    attempt: number,
    sha256: string,
    layout: string,
    header: string | null,
    now: string,
  ): number;
  markSegmentFailed(applicationId: number, codeStart: number, error: AppErrorPayload, keptBufferPath: string | null): void;
  /** Failed segments back to pending; returns how many. */
  retryFailedSegments(applicationId: number): number;
  /** A look-up build of the application is under way (lookup-build.ts). */
  lookupBuildInProgress(applicationId: number): boolean;
}

export function createSegmentStore(db: SqliteDatabase): SegmentStore {
  const statements = {
    insertSegment: db.prepare("INSERT OR IGNORE INTO segments (application_id, code_start, code_end, state) VALUES (?, ?, ?, 'pending')"),
    segments: db.prepare('SELECT * FROM segments WHERE application_id = ? ORDER BY code_start'),
    segment: db.prepare('SELECT * FROM segments WHERE application_id = ? AND code_start = ?'),
    // An import claims a pending segment by counting an attempt; the count is its claim (import-segment.ts).
    claimSegment: db
      .prepare(
        "UPDATE segments SET attempts = attempts + 1 WHERE application_id = ? AND code_start = ? AND state = 'pending' RETURNING attempts",
      )
      .pluck(),
    pendingAttempt: db.prepare("SELECT attempts FROM segments WHERE application_id = ? AND code_start = ? AND state = 'pending'").pluck(),
    segmentImportedByClaim: db.prepare(
      `UPDATE segments SET state = 'imported', plaintext_sha256 = ?, layout = ?, header = ?, error_json = NULL, kept_buffer_path = NULL,
       imported_at = ? WHERE application_id = ? AND code_start = ? AND state = 'pending' AND attempts = ?`,
    ),
    segmentFailed: db.prepare(
      `UPDATE segments SET state = 'failed', error_json = ?, kept_buffer_path = ?, attempts = attempts + 1
       WHERE application_id = ? AND code_start = ? AND state != 'imported'`,
    ),
    segmentRetry: db.prepare("UPDATE segments SET state = 'pending' WHERE application_id = ? AND state = 'failed'"),
    buildInProgress: db.prepare('SELECT 1 FROM lookup_builds WHERE application_id = ? LIMIT 1').pluck(),
  };

  return {
    insertSegment: (applicationId, codeStart, codeEnd) => void statements.insertSegment.run(applicationId, codeStart, codeEnd),
    segments: (applicationId) => statements.segments.all(applicationId) as SegmentRow[],
    segment: (applicationId, codeStart) => statements.segment.get(applicationId, codeStart) as SegmentRow | undefined,
    claimPendingSegment: (applicationId, codeStart) => statements.claimSegment.get(applicationId, codeStart) as number | undefined,
    pendingSegmentAttempt: (applicationId, codeStart) => statements.pendingAttempt.get(applicationId, codeStart) as number | undefined,
    markClaimedSegmentImported: (applicationId, codeStart, attempt, sha256, layout, header, now) =>
      statements.segmentImportedByClaim.run(sha256, layout, header, now, applicationId, codeStart, attempt).changes,
    markSegmentFailed: (applicationId, codeStart, error, keptBufferPath) =>
      void statements.segmentFailed.run(JSON.stringify(error), keptBufferPath, applicationId, codeStart),
    retryFailedSegments: (applicationId) => statements.segmentRetry.run(applicationId).changes,
    lookupBuildInProgress: (applicationId) => statements.buildInProgress.get(applicationId) !== undefined,
  };
}
