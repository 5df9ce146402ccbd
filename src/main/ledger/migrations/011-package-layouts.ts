import type { Migration } from '../migrate';

/**
 * Packages of any plausible layout (issue 13): columns the importer does not know are kept
 * per code, and a skipped header line is recorded with its segment.
 *
 * - `code_extras` holds the text of a code's extra columns (a JSON array of strings, in the
 *   order of the package's columns; `segments.layout` says where they were). It is a side
 *   table so the common package, which has none, costs nothing: no column, no index, no row.
 * - `segments.header` is the header line the import skipped (a safe excerpt), or NULL.
 */
export const migration011PackageLayouts: Migration = {
  version: 11,
  name: 'package-layouts',
  sql: `
    ALTER TABLE segments ADD COLUMN header TEXT;

    CREATE TABLE code_extras (
      application_id INTEGER NOT NULL,
      code_index     INTEGER NOT NULL,
      extras_json    TEXT NOT NULL CHECK (json_type(extras_json) = 'array'),
      PRIMARY KEY (application_id, code_index),
      FOREIGN KEY (application_id, code_index) REFERENCES codes (application_id, code_index) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
  `,
};
