import type { Migration } from '../migrate';

/** Non-secret key/values; values are JSON so each key keeps its own type. */
export const migration001Settings: Migration = {
  version: 1,
  name: 'settings',
  sql: `
    CREATE TABLE settings (
      key        TEXT PRIMARY KEY,
      value_json TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
