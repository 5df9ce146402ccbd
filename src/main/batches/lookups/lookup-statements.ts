import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../../ledger';
import { LOOKUPS, type LookupSpec } from './lookup-specs';

type Statement = Database.Statement<unknown[]>;

export interface BuildStatements {
  unindexed: Statement;
  build: Statement;
  startBuild: Statement;
  advance: Statement;
  finishLookup: Statement;
  markIndexed: Statement;
  endBuild: Statement;
  unimportSegment: Statement;
}

export type LookupStatements = LookupSpec & {
  sortKeys(applicationId: number, after: string | null): void;
  mergeStatements(): { mergeChunk: Statement; lastKey: Statement; sortedKeys: Statement; conflicts: Statement };
  deleteRange: Statement;
};

/** The SQL of a build as a whole: its segments, its cursor per look-up, its end. */
export function prepareBuildStatements(db: SqliteDatabase): BuildStatements {
  return {
    unindexed: db.prepare(
      `SELECT code_start, code_end FROM segments
       WHERE application_id = ? AND state = 'imported' AND indexed_at IS NULL ORDER BY code_start`,
    ),
    build: db.prepare('SELECT merged_through, merged_rows, done FROM lookup_builds WHERE application_id = ? AND lookup = ?'),
    startBuild: db.prepare(
      'INSERT OR IGNORE INTO lookup_builds (application_id, lookup, merged_through, merged_rows, done, started_at) VALUES (?, ?, NULL, 0, 0, ?)',
    ),
    // Guarded by the cursor read before the chunk: a second process building the same look-up changes nothing.
    advance: db.prepare(
      `UPDATE lookup_builds SET merged_through = ?, merged_rows = merged_rows + ?
       WHERE application_id = ? AND lookup = ? AND merged_through IS ? AND done = 0`,
    ),
    finishLookup: db.prepare('UPDATE lookup_builds SET done = 1 WHERE application_id = ? AND lookup = ?'),
    markIndexed: db.prepare("UPDATE segments SET indexed_at = ? WHERE application_id = ? AND state = 'imported' AND indexed_at IS NULL"),
    endBuild: db.prepare('DELETE FROM lookup_builds WHERE application_id = ?'),
    unimportSegment: db.prepare(
      `UPDATE segments SET state = 'failed', error_json = ?, kept_buffer_path = NULL, plaintext_sha256 = NULL, layout = NULL,
       imported_at = NULL, indexed_at = NULL WHERE application_id = ? AND code_start = ? AND state = 'imported' AND indexed_at IS NULL`,
    ),
  };
}

/** The SQL of one look-up: sorting its new keys into a temp table, merging them, taking a segment's keys out again. */
export function prepareLookupStatements(db: SqliteDatabase, spec: LookupSpec): LookupStatements {
  return {
    ...spec,
    // Joined through the unindexed segments, so a later build (after a failed segment's retry) sorts only its own keys.
    sortKeys: (applicationId, after) =>
      void db
        .prepare(
          `CREATE TEMP TABLE lookup_keys AS
           SELECT c.${spec.column} AS k, c.code_index AS code_index FROM segments s
           JOIN codes c ON c.application_id = s.application_id AND c.code_index BETWEEN s.code_start AND s.code_end
           WHERE s.application_id = @app AND s.state = 'imported' AND s.indexed_at IS NULL
             AND c.${spec.column} IS NOT NULL AND (@after IS NULL OR c.${spec.column} > @after)
           ORDER BY c.${spec.column}`,
        )
        .run({ app: applicationId, after }),
    // Prepared once the temp table exists (a statement cannot name a table that is not there yet).
    mergeStatements: () => ({
      mergeChunk: db.prepare(
        `INSERT INTO ${spec.table} (${spec.column}, application_id, code_index)
         SELECT k, ?, code_index FROM temp.lookup_keys WHERE rowid BETWEEN ? AND ? ORDER BY rowid`,
      ),
      lastKey: db.prepare('SELECT k FROM temp.lookup_keys WHERE rowid = ?').pluck(),
      sortedKeys: db.prepare('SELECT COUNT(*) AS n FROM temp.lookup_keys'),
      // Keys of a chunk already in the look-up, and equal neighbours among the sorted keys (a code twice in this build).
      conflicts: db.prepare(
        `SELECT s.k AS key, s.code_index AS code_index, l.application_id AS other_application, l.code_index AS other_index
         FROM temp.lookup_keys s JOIN ${spec.table} l ON l.${spec.column} = s.k WHERE s.rowid BETWEEN @from AND @to
         UNION ALL
         SELECT s.k, s.code_index, @app, t.code_index
         FROM temp.lookup_keys s JOIN temp.lookup_keys t ON t.rowid = s.rowid + 1 AND t.k = s.k
         WHERE s.rowid BETWEEN @from - 1 AND @to`,
      ),
    }),
    deleteRange: db.prepare(
      `DELETE FROM ${spec.table} WHERE application_id = @app AND code_index BETWEEN @start AND @end AND ${spec.column} IN
       (SELECT ${spec.column} FROM codes WHERE application_id = @app AND code_index BETWEEN @start AND @end)`,
    ),
  };
}

export function prepareAllLookupStatements(db: SqliteDatabase): LookupStatements[] {
  return LOOKUPS.map((spec) => prepareLookupStatements(db, spec));
}

export function dropSortedKeys(db: SqliteDatabase): void {
  db.exec('DROP TABLE IF EXISTS temp.lookup_keys');
}
