import type { Migration } from '../migrate';

/**
 * Reconcile with WeChat (docs/reconcile.md): each run that asked codeactivequery,
 * each difference it found with the repair a supervisor chose, and per
 * activation what WeChat last said about it (the evidence the cancel rule needs).
 *
 * - `reconcile_findings`: one row per difference. At most one open (unresolved)
 *   finding per subject and kind; `remote_json` holds WeChat's activation as it
 *   answered (range and details), `checked_json` the indices asked and each answer.
 * - `reconcile_checks`: the last conclusive answer about an activation; `attempts`
 *   is the activation's send count when asked, so a later send makes it stale.
 */
export const migration010Reconcile: Migration = {
  version: 10,
  name: 'reconcile',
  sql: `
    CREATE TABLE reconcile_runs (
      id          INTEGER PRIMARY KEY,
      trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'timeout', 'daily')),
      actor       TEXT NOT NULL,
      started_at  TEXT NOT NULL,
      finished_at TEXT,
      outcome     TEXT CHECK (outcome IN ('complete', 'capped', 'quota', 'offline', 'error')),
      queries     INTEGER NOT NULL DEFAULT 0,
      activations_checked INTEGER NOT NULL DEFAULT 0,
      left_for_next_run   INTEGER NOT NULL DEFAULT 0,
      error_json  TEXT
    ) STRICT;

    CREATE TABLE reconcile_findings (
      id             INTEGER PRIMARY KEY,
      run_id         INTEGER NOT NULL REFERENCES reconcile_runs (id),
      kind           TEXT NOT NULL CHECK (kind IN ('missing_remotely', 'active_remotely', 'differs_remotely', 'unknown_to_ledger', 'conflict_unexplained')),
      application_id INTEGER NOT NULL REFERENCES applications (application_id),
      activation_id  INTEGER REFERENCES activations (id),
      code_start     INTEGER NOT NULL,
      code_end       INTEGER NOT NULL,
      local_state    TEXT,
      remote_json    TEXT,
      checked_json   TEXT NOT NULL,
      found_at       TEXT NOT NULL,
      resolution     TEXT CHECK (resolution IN ('adopted', 'resent', 'investigated', 'cleared')),
      resolved_by    TEXT,
      resolved_at    TEXT,
      note           TEXT,
      CHECK (code_end >= code_start),
      CHECK ((resolution IS NULL) = (resolved_at IS NULL))
    ) STRICT;
    CREATE UNIQUE INDEX reconcile_findings_one_open ON reconcile_findings
      (kind, application_id, code_start, code_end, IFNULL(activation_id, 0)) WHERE resolution IS NULL;

    CREATE TABLE reconcile_checks (
      activation_id INTEGER PRIMARY KEY REFERENCES activations (id),
      run_id        INTEGER NOT NULL REFERENCES reconcile_runs (id),
      remote        TEXT NOT NULL CHECK (remote IN ('absent', 'held', 'differs')),
      attempts      INTEGER NOT NULL,
      checked_at    TEXT NOT NULL
    ) STRICT;
  `,
};
