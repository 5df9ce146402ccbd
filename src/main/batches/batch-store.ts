import type { SqliteDatabase } from '../ledger';
import type { AppErrorPayload } from '../../shared/errors';

export type ApplicationState = 'applying' | 'waiting' | 'downloading' | 'imported' | 'failed';
export type SegmentState = 'pending' | 'imported' | 'failed';

export interface ApplicationRow {
  isv_application_id: string;
  application_id: number | null;
  code_count: number;
  label: string | null;
  state: ApplicationState;
  remote_status: string | null;
  last_error_json: string | null;
  next_attempt_at: string | null;
  attempts: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  applied_at: string | null;
  finished_at: string | null;
}

export interface SegmentRow {
  application_id: number;
  code_start: number;
  code_end: number;
  state: SegmentState;
  plaintext_sha256: string | null;
  layout: string | null;
  error_json: string | null;
  kept_buffer_path: string | null;
  attempts: number;
  imported_at: string | null;
  /** When the segment's codes went into the scan look-ups (lookup-build.ts); null until then. */
  indexed_at: string | null;
}

export interface CodeRow {
  application_id: number;
  code_index: number;
  code: string | null;
  code_url: string;
}

/** SQL for applications, segments and codes. Callers own transactions. */
export function createBatchStore(db: SqliteDatabase) {
  const statements = {
    insertApplication: db.prepare(
      `INSERT INTO applications (isv_application_id, code_count, label, state, created_by, created_at, updated_at)
       VALUES (@isv_application_id, @code_count, @label, 'applying', @created_by, @now, @now)`,
    ),
    byIsv: db.prepare('SELECT * FROM applications WHERE isv_application_id = ?'),
    byId: db.prepare('SELECT * FROM applications WHERE application_id = ?'),
    all: db.prepare('SELECT * FROM applications ORDER BY created_at DESC, isv_application_id'),
    // Downloading applications count only while a segment is pending or all are imported (to be marked so);
    // one with failed segments waits for a person's retry.
    unsettled: db.prepare(
      `SELECT * FROM applications a WHERE a.state IN ('applying', 'waiting')
       OR (a.state = 'downloading' AND (
         EXISTS (SELECT 1 FROM segments s WHERE s.application_id = a.application_id AND s.state = 'pending')
         OR NOT EXISTS (SELECT 1 FROM segments s WHERE s.application_id = a.application_id AND s.state != 'imported')))
       ORDER BY a.created_at`,
    ),
    setApplied: db.prepare(
      `UPDATE applications SET application_id = ?, state = 'waiting', applied_at = ?, updated_at = ?, attempts = 0,
       last_error_json = NULL, next_attempt_at = NULL WHERE isv_application_id = ?`,
    ),
    setState: db.prepare('UPDATE applications SET state = ?, updated_at = ?, next_attempt_at = NULL WHERE isv_application_id = ?'),
    setFinished: db.prepare(
      `UPDATE applications SET state = 'downloading', remote_status = ?, finished_at = ?, updated_at = ?, attempts = 0,
       last_error_json = NULL, next_attempt_at = NULL WHERE isv_application_id = ?`,
    ),
    setRemoteStatus: db.prepare(
      `UPDATE applications SET remote_status = ?, updated_at = ?, attempts = attempts + 1, next_attempt_at = ?, last_error_json = NULL
       WHERE isv_application_id = ?`,
    ),
    setRetry: db.prepare(
      'UPDATE applications SET last_error_json = ?, attempts = attempts + 1, next_attempt_at = ?, updated_at = ? WHERE isv_application_id = ?',
    ),
    // Work went through again after a postponement: the application is no longer waiting on anything.
    clearRetry: db.prepare(
      `UPDATE applications SET last_error_json = NULL, attempts = 0, next_attempt_at = NULL, updated_at = ?
       WHERE isv_application_id = ? AND (last_error_json IS NOT NULL OR attempts > 0)`,
    ),
    setFailed: db.prepare(
      "UPDATE applications SET state = 'failed', last_error_json = ?, next_attempt_at = NULL, updated_at = ? WHERE isv_application_id = ?",
    ),
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
      `UPDATE segments SET state = 'imported', plaintext_sha256 = ?, layout = ?, error_json = NULL, kept_buffer_path = NULL,
       imported_at = ? WHERE application_id = ? AND code_start = ? AND state = 'pending' AND attempts = ?`,
    ),
    deleteCodeRange: db.prepare('DELETE FROM codes WHERE application_id = ? AND code_index BETWEEN ? AND ?'),
    segmentFailed: db.prepare(
      `UPDATE segments SET state = 'failed', error_json = ?, kept_buffer_path = ?, attempts = attempts + 1
       WHERE application_id = ? AND code_start = ? AND state != 'imported'`,
    ),
    segmentRetry: db.prepare("UPDATE segments SET state = 'pending' WHERE application_id = ? AND state = 'failed'"),
    insertCode: db.prepare('INSERT INTO codes (application_id, code_index, code, code_url) VALUES (?, ?, ?, ?)'),
    countCodes: db.prepare('SELECT COUNT(*) AS n FROM codes WHERE application_id = ?'),
    countAllCodes: db.prepare('SELECT COUNT(*) AS n FROM codes'),
    codeRange: db.prepare('SELECT * FROM codes WHERE application_id = ? AND code_index BETWEEN ? AND ? ORDER BY code_index'),
    byCode: db.prepare(
      'SELECT c.* FROM code_lookup l JOIN codes c ON c.application_id = l.application_id AND c.code_index = l.code_index WHERE l.code = ?',
    ),
    byCodeUrl: db.prepare(
      'SELECT c.* FROM code_url_lookup l JOIN codes c ON c.application_id = l.application_id AND c.code_index = l.code_index WHERE l.code_url = ?',
    ),
    buildInProgress: db.prepare('SELECT 1 FROM lookup_builds WHERE application_id = ? LIMIT 1').pluck(),
  };

  return {
    insertApplication(input: {
      isv_application_id: string;
      code_count: number;
      label: string | null;
      created_by: string;
      now: string;
    }): void {
      statements.insertApplication.run(input);
    },
    applicationByIsv: (isv: string) => statements.byIsv.get(isv) as ApplicationRow | undefined,
    applicationById: (id: number) => statements.byId.get(id) as ApplicationRow | undefined,
    applications: () => statements.all.all() as ApplicationRow[],
    unsettledApplications: () => statements.unsettled.all() as ApplicationRow[],
    markApplied(isv: string, applicationId: number, now: string): void {
      statements.setApplied.run(applicationId, now, now, isv);
    },
    markState(isv: string, state: ApplicationState, now: string): void {
      statements.setState.run(state, now, isv);
    },
    markFinished(isv: string, remoteStatus: string, now: string): void {
      statements.setFinished.run(remoteStatus, now, now, isv);
    },
    markRemoteStatus(isv: string, remoteStatus: string, nextAttemptAt: string, now: string): void {
      statements.setRemoteStatus.run(remoteStatus, now, nextAttemptAt, isv);
    },
    markRetry(isv: string, error: AppErrorPayload, nextAttemptAt: string, now: string): void {
      statements.setRetry.run(JSON.stringify(error), nextAttemptAt, now, isv);
    },
    clearRetry(isv: string, now: string): void {
      statements.clearRetry.run(now, isv);
    },
    markFailed(isv: string, error: AppErrorPayload, now: string): void {
      statements.setFailed.run(JSON.stringify(error), now, isv);
    },
    insertSegment(applicationId: number, codeStart: number, codeEnd: number): void {
      statements.insertSegment.run(applicationId, codeStart, codeEnd);
    },
    segments: (applicationId: number) => statements.segments.all(applicationId) as SegmentRow[],
    segment: (applicationId: number, codeStart: number) => statements.segment.get(applicationId, codeStart) as SegmentRow | undefined,
    /** Counts an attempt on a pending segment and returns it (the claim), or undefined if it is not pending. */
    claimPendingSegment: (applicationId: number, codeStart: number) =>
      statements.claimSegment.get(applicationId, codeStart) as number | undefined,
    pendingSegmentAttempt: (applicationId: number, codeStart: number) =>
      statements.pendingAttempt.get(applicationId, codeStart) as number | undefined,
    markClaimedSegmentImported(
      applicationId: number,
      codeStart: number,
      attempt: number,
      sha256: string,
      layout: string,
      now: string,
    ): number {
      return statements.segmentImportedByClaim.run(sha256, layout, now, applicationId, codeStart, attempt).changes;
    },
    deleteCodeRange(applicationId: number, start: number, end: number): void {
      statements.deleteCodeRange.run(applicationId, start, end);
    },
    markSegmentFailed(applicationId: number, codeStart: number, error: AppErrorPayload, keptBufferPath: string | null): void {
      statements.segmentFailed.run(JSON.stringify(error), keptBufferPath, applicationId, codeStart);
    },
    retryFailedSegments: (applicationId: number) => statements.segmentRetry.run(applicationId).changes,
    insertCode(applicationId: number, codeIndex: number, code: string | null, codeUrl: string): void {
      statements.insertCode.run(applicationId, codeIndex, code, codeUrl);
    },
    lookupBuildInProgress: (applicationId: number) => statements.buildInProgress.get(applicationId) !== undefined,
    codeCount: (applicationId: number) => (statements.countCodes.get(applicationId) as { n: number }).n,
    totalCodeCount: () => (statements.countAllCodes.get() as { n: number }).n,
    codeRange: (applicationId: number, start: number, end: number) =>
      statements.codeRange.iterate(applicationId, start, end) as IterableIterator<CodeRow>,
    codeByCode: (code: string) => statements.byCode.get(code) as CodeRow | undefined,
    codeByUrl: (codeUrl: string) => statements.byCodeUrl.get(codeUrl) as CodeRow | undefined,
  };
}

export type BatchStore = ReturnType<typeof createBatchStore>;
