import type { Migration } from '../migrate';

/**
 * Verification at the line: station sessions (a line, the expected product,
 * optionally the activation being packed) and every scan with its verdicts.
 * `local_verdict` is given at once from the ledger; `verdict` is the final one
 * after codeactivequery (or the local one, marked offline, until then).
 */
export const migration007Verification: Migration = {
  version: 7,
  name: 'verification',
  sql: `
    CREATE TABLE scan_sessions (
      id            INTEGER PRIMARY KEY,
      station       TEXT NOT NULL,
      line          TEXT NOT NULL CHECK (length(line) > 0),
      product_code  TEXT NOT NULL REFERENCES products (product_code),
      activation_id INTEGER REFERENCES activations (id),
      started_by    TEXT NOT NULL,
      started_at    TEXT NOT NULL,
      ended_by      TEXT,
      ended_at      TEXT,
      summary_json  TEXT
    ) STRICT;
    CREATE UNIQUE INDEX scan_sessions_one_open_per_station ON scan_sessions (station) WHERE ended_at IS NULL;

    CREATE TABLE scans (
      id             INTEGER PRIMARY KEY,
      session_id     INTEGER REFERENCES scan_sessions (id),
      station        TEXT NOT NULL,
      source         TEXT NOT NULL CHECK (source IN ('wedge', 'hid', 'cli')),
      input          TEXT NOT NULL,
      normalized     TEXT NOT NULL,
      kind           TEXT NOT NULL CHECK (kind IN ('code', 'code_url', 'invalid')),
      application_id INTEGER,
      code_index     INTEGER,
      activation_id  INTEGER,
      local_verdict  TEXT NOT NULL,
      verdict        TEXT NOT NULL,
      remote         TEXT NOT NULL CHECK (remote IN ('pending', 'confirmed', 'mismatch', 'offline', 'skipped')),
      reason_json    TEXT,
      -- What the scan was checked against: the session's product, or the CLI's --product.
      expected_product TEXT,
      -- 1 while the final verdict is a FAIL (anything but PASS); blocks the session until acknowledged.
      needs_ack      INTEGER NOT NULL DEFAULT 0 CHECK (needs_ack IN (0, 1)),
      acknowledged_by TEXT,
      acknowledged_at TEXT,
      acknowledged_via TEXT CHECK (acknowledged_via IN ('button', 'ack_code')),
      scanned_at     TEXT NOT NULL,
      confirmed_at   TEXT,
      remote_attempts INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX scans_by_session ON scans (session_id, id);
    CREATE INDEX scans_by_time ON scans (scanned_at);
    CREATE INDEX scans_unconfirmed ON scans (id) WHERE remote IN ('pending', 'offline');
    CREATE INDEX scans_duplicate_lookup ON scans (session_id, application_id, code_index) WHERE application_id IS NOT NULL;
    CREATE INDEX scans_unacknowledged ON scans (session_id, id) WHERE needs_ack = 1 AND acknowledged_at IS NULL;
    -- The Log screen (src/main/log): newest-first pages filtered by verdict or application walk these
    -- in (scanned_at, id) order, so a rare verdict over months is still a short index range.
    CREATE INDEX scans_by_verdict ON scans (verdict, scanned_at);
    CREATE INDEX scans_by_application ON scans (application_id, scanned_at) WHERE application_id IS NOT NULL;
  `,
};
