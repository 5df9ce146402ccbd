import type { Migration } from '../migrate';

/**
 * The append-only, hash-chained audit log (see docs/audit-log.md).
 *
 * The database itself refuses UPDATE and DELETE, and refuses an INSERT that
 * does not extend the chain (next seq, prev_hash = the last entry's hash). The
 * hash itself is computed and checked in TypeScript (`src/main/audit`), since
 * SQLite has no built-in SHA-256.
 */
export const migration002AuditLog: Migration = {
  version: 2,
  name: 'audit-log',
  sql: `
    CREATE TABLE audit_log (
      seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
      at           TEXT NOT NULL,
      actor        TEXT NOT NULL CHECK (length(actor) > 0),
      action       TEXT NOT NULL CHECK (length(action) > 0),
      subject      TEXT,
      details_json TEXT NOT NULL CHECK (json_valid(details_json)),
      prev_hash    TEXT NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
      hash         TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')
    ) STRICT;

    CREATE INDEX audit_log_action ON audit_log (action, seq);
    CREATE INDEX audit_log_subject ON audit_log (subject, seq) WHERE subject IS NOT NULL;

    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
    END;

    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
    END;

    CREATE TRIGGER audit_log_chain_only BEFORE INSERT ON audit_log
    BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only: an entry must extend the chain (next seq, prev_hash = last hash, new hash)')
      WHERE NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log)
         OR NEW.prev_hash IS NOT COALESCE(
              (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
              '0000000000000000000000000000000000000000000000000000000000000000')
         OR EXISTS (SELECT 1 FROM audit_log WHERE hash = NEW.hash);
    END;
  `,
};
