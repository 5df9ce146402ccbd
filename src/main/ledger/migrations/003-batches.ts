import type { Migration } from '../migrate';

/**
 * Code batches: applications, their segments, the codes themselves and the
 * print runs exported from them.
 *
 * - An application row exists before `applycode` is ever sent (its
 *   `isv_application_id` is the idempotency key); `application_id` is filled in
 *   from WeChat's answer.
 * - `codes` is WITHOUT ROWID keyed by (application, index), so a segment's rows
 *   go in in key order. Scan look-ups by `code` and by `code_url` live in two
 *   lookup tables whose primary keys also make both unique; each segment fills
 *   them sorted (INSERT … SELECT … ORDER BY), which visits every index page once
 *   instead of at random per row (docs/benchmarks.md). `code` may be NULL when a
 *   package carries code_urls only.
 * - A segment is imported whole or not at all: its codes and its state change
 *   commit in one transaction.
 */
export const migration003Batches: Migration = {
  version: 3,
  name: 'batches',
  sql: `
    CREATE TABLE applications (
      isv_application_id TEXT PRIMARY KEY,
      application_id     INTEGER UNIQUE,
      code_count         INTEGER NOT NULL CHECK (code_count BETWEEN 10000 AND 20000000 AND code_count % 10000 = 0),
      label              TEXT,
      state              TEXT NOT NULL CHECK (state IN ('applying', 'waiting', 'downloading', 'imported', 'failed')),
      remote_status      TEXT,
      last_error_json    TEXT,
      next_attempt_at    TEXT,
      attempts           INTEGER NOT NULL DEFAULT 0,
      created_by         TEXT NOT NULL,
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL,
      applied_at         TEXT,
      finished_at        TEXT
    ) STRICT;

    CREATE TABLE segments (
      application_id   INTEGER NOT NULL REFERENCES applications (application_id),
      code_start       INTEGER NOT NULL CHECK (code_start >= 0),
      code_end         INTEGER NOT NULL,
      state            TEXT NOT NULL CHECK (state IN ('pending', 'imported', 'failed')),
      plaintext_sha256 TEXT,
      layout           TEXT,
      error_json       TEXT,
      kept_buffer_path TEXT,
      attempts         INTEGER NOT NULL DEFAULT 0,
      imported_at      TEXT,
      PRIMARY KEY (application_id, code_start),
      CHECK (code_end >= code_start)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE codes (
      application_id INTEGER NOT NULL,
      code_index     INTEGER NOT NULL,
      code           TEXT,
      code_url       TEXT NOT NULL,
      PRIMARY KEY (application_id, code_index)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE code_lookup (
      code           TEXT PRIMARY KEY,
      application_id INTEGER NOT NULL,
      code_index     INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE code_url_lookup (
      code_url       TEXT PRIMARY KEY,
      application_id INTEGER NOT NULL,
      code_index     INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE print_runs (
      id             INTEGER PRIMARY KEY,
      application_id INTEGER NOT NULL REFERENCES applications (application_id),
      code_start     INTEGER NOT NULL,
      code_end       INTEGER NOT NULL,
      count          INTEGER NOT NULL,
      format         TEXT NOT NULL CHECK (format IN ('csv', 'txt')),
      columns        TEXT NOT NULL,
      header         INTEGER NOT NULL CHECK (header IN (0, 1)),
      line_ending    TEXT NOT NULL CHECK (line_ending IN ('crlf', 'lf')),
      file_path      TEXT NOT NULL,
      file_sha256    TEXT NOT NULL,
      actor          TEXT NOT NULL,
      created_at     TEXT NOT NULL,
      CHECK (code_end >= code_start AND count = code_end - code_start + 1)
    ) STRICT;
    CREATE INDEX print_runs_by_application ON print_runs (application_id, code_start);
  `,
};
