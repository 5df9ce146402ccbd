import type { Migration } from '../migrate';

/**
 * Supervisors and their PINs (scrypt, per-user salt; never the PIN itself).
 * Operators need no account: anything not done by an unlocked supervisor is
 * recorded as the station's operator.
 */
export const migration005Supervisors: Migration = {
  version: 5,
  name: 'supervisors',
  sql: `
    CREATE TABLE supervisors (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
      pin_hash    TEXT NOT NULL,
      failed_unlocks INTEGER NOT NULL DEFAULT 0,
      locked_until   TEXT,
      disabled_at TEXT,
      created_by  TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;
  `,
};
