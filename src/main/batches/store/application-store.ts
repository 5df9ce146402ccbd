import type { AppErrorPayload } from '../../../shared/errors';
import type { SqliteDatabase } from '../../ledger';
import type { ApplicationRow, ApplicationState } from '../rows';

/** SQL for `applications`. Callers own transactions. */
export interface ApplicationStore {
  /** Records a new application in state 'applying'. */
  insertApplication(input: Pick<ApplicationRow, 'isv_application_id' | 'code_count' | 'label' | 'created_by'> & { now: string }): void;
  applicationByIsv(isv: string): ApplicationRow | undefined;
  applicationById(id: number): ApplicationRow | undefined;
  /** Newest first. */
  applications(): ApplicationRow[];
  /** Applications the worker still has something to do for, oldest first. */
  unsettledApplications(): ApplicationRow[];
  /** WeChat answered `applycode`: now waiting for the codes. */
  markApplied(isv: string, applicationId: number, now: string): void;
  markState(isv: string, state: ApplicationState, now: string): void;
  /** WeChat finished generating: now downloading. */
  markFinished(isv: string, remoteStatus: string, now: string): void;
  /** Still generating: poll again at `nextAttemptAt`. */
  markRemoteStatus(isv: string, remoteStatus: string, nextAttemptAt: string, now: string): void;
  /** Postponed by `error` until `nextAttemptAt` (one more attempt counted). */
  markRetry(isv: string, error: AppErrorPayload, nextAttemptAt: string, now: string): void;
  /** Work went through again after a postponement. */
  clearRetry(isv: string, now: string): void;
  markFailed(isv: string, error: AppErrorPayload, now: string): void;
}

export function createApplicationStore(db: SqliteDatabase): ApplicationStore {
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
  };

  return {
    insertApplication: (input) => void statements.insertApplication.run(input),
    applicationByIsv: (isv) => statements.byIsv.get(isv) as ApplicationRow | undefined,
    applicationById: (id) => statements.byId.get(id) as ApplicationRow | undefined,
    applications: () => statements.all.all() as ApplicationRow[],
    unsettledApplications: () => statements.unsettled.all() as ApplicationRow[],
    markApplied: (isv, applicationId, now) => void statements.setApplied.run(applicationId, now, now, isv),
    markState: (isv, state, now) => void statements.setState.run(state, now, isv),
    markFinished: (isv, remoteStatus, now) => void statements.setFinished.run(remoteStatus, now, now, isv),
    markRemoteStatus: (isv, remoteStatus, nextAttemptAt, now) => void statements.setRemoteStatus.run(remoteStatus, now, nextAttemptAt, isv),
    markRetry: (isv, error, nextAttemptAt, now) => void statements.setRetry.run(JSON.stringify(error), nextAttemptAt, now, isv),
    clearRetry: (isv, now) => void statements.clearRetry.run(now, isv),
    markFailed: (isv, error, now) => void statements.setFailed.run(JSON.stringify(error), now, isv),
  };
}
