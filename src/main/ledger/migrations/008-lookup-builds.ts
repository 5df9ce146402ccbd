import type { Migration } from '../migrate';

/**
 * Scan look-ups are built per application, not per segment (docs/benchmarks.md):
 * filling `code_lookup` and `code_url_lookup` segment by segment rewrote nearly
 * every look-up page once per segment, so a large application imported in time
 * that grew with the square of its size.
 *
 * - `segments.indexed_at` is set once a segment's codes are in both look-ups;
 *   only such segments can be scanned or activated. Segments imported before this
 *   migration were indexed as they were imported.
 * - `lookup_builds` records a build in progress for each look-up: the keys are
 *   merged in sorted order in chunks, and `merged_through` (the last key merged)
 *   commits with each chunk, so a build stopped at any point resumes after it.
 */
export const migration008LookupBuilds: Migration = {
  version: 8,
  name: 'lookup-builds',
  sql: `
    ALTER TABLE segments ADD COLUMN indexed_at TEXT;
    UPDATE segments SET indexed_at = imported_at WHERE state = 'imported';

    CREATE TABLE lookup_builds (
      application_id INTEGER NOT NULL REFERENCES applications (application_id),
      lookup         TEXT NOT NULL CHECK (lookup IN ('code_url', 'code')),
      merged_through TEXT,
      merged_rows    INTEGER NOT NULL DEFAULT 0,
      done           INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
      started_at     TEXT NOT NULL,
      PRIMARY KEY (application_id, lookup)
    ) STRICT, WITHOUT ROWID;
  `,
};
