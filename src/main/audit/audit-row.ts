/** A row of `audit_log` (migration 002): the one declaration of its shape. */
export interface AuditRow {
  seq: number;
  /** ISO-8601 UTC time from the service's clock. */
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  /** The details as canonical JSON: exactly the text the hash covers. */
  details_json: string;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS = 'seq, at, actor, action, subject, details_json, prev_hash, hash';
