import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { createBatchStore } from './batch-store';

/** The two scan look-ups and the `codes` column each is keyed by. */
export const LOOKUPS = [
  { lookup: 'code_url', table: 'code_url_lookup', column: 'code_url' },
  { lookup: 'code', table: 'code_lookup', column: 'code' },
] as const;
export type LookupName = (typeof LOOKUPS)[number]['lookup'];

export interface LookupBuildProgress {
  application_id: number;
  lookup: LookupName;
  /** Keys of this look-up merged so far in this build (including earlier runs of it). */
  merged: number;
  /** Keys of this look-up the build merges in all. */
  total: number;
}

export type LookupBuildOutcome =
  | { kind: 'nothing-to-build' }
  | { kind: 'built'; segments: number; codes: number }
  /** Codes already in the ledger (or twice in this application): those segments were failed; build again for the rest. */
  | { kind: 'conflict'; failed_segments: { code_start: number; code_end: number }[] };

export interface LookupBuilderOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  now: () => Date;
  /** Keys merged per transaction: short enough that other writers to the ledger never wait long. */
  chunkRows?: number;
}

interface BuildRow {
  merged_through: string | null;
  merged_rows: number;
  done: number;
}

interface SegmentRange {
  code_start: number;
  code_end: number;
}

const DEFAULT_CHUNK_ROWS = 10_000;
/** SQLite's sorter may use one helper thread: the DESIGN's machines have two cores. */
const SORTER_THREADS = 2;

/**
 * Builds the scan look-ups of an application's imported segments once they are
 * all downloaded: each look-up's new keys are sorted once (a temp table) and
 * merged in key order, so every look-up page is written about once per
 * application instead of once per segment. Each chunk commits with the build's
 * cursor (the last key merged); a build stopped anywhere resumes after it.
 *
 * The look-ups' primary keys refuse a code that is already in the ledger; the
 * segments holding such codes are taken out again (codes, look-up rows) and
 * failed with a message naming the code, in one transaction.
 */
export function createLookupBuilder(options: LookupBuilderOptions) {
  const { db, audit } = options;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const batches = createBatchStore(db);
  const statements = {
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
  const perLookup = new Map(
    LOOKUPS.map((spec) => [
      spec.lookup,
      {
        ...spec,
        // Joined through the unindexed segments, so a later build (after a failed segment's retry) sorts only its own keys.
        sortKeys: (applicationId: number, after: string | null) =>
          db
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
      },
    ]),
  );

  function dropSortedKeys(): void {
    db.exec('DROP TABLE IF EXISTS temp.lookup_keys');
  }

  function segmentOf(segments: readonly SegmentRange[], codeIndex: number): SegmentRange | undefined {
    return segments.find((segment) => segment.code_start <= codeIndex && codeIndex <= segment.code_end);
  }

  /** Takes the segments holding the conflicting codes out of the ledger again and fails them. */
  function failConflicting(
    applicationId: number,
    segments: readonly SegmentRange[],
    found: { key: string; code_index: number; other_application: number; other_index: number }[],
  ): SegmentRange[] {
    const failing = new Map<number, { segment: SegmentRange; key: string; other: string }>();
    for (const row of found) {
      const other = `application:${row.other_application}#${row.other_index}`;
      const own = segmentOf(segments, row.code_index);
      if (own && !failing.has(own.code_start)) failing.set(own.code_start, { segment: own, key: row.key, other });
      // A code twice in this application's new segments: neither copy can be trusted.
      if (row.other_application === applicationId) {
        const partner = segmentOf(segments, row.other_index);
        if (partner && !failing.has(partner.code_start)) failing.set(partner.code_start, { segment: partner, key: row.key, other });
      }
    }
    db.transaction(() => {
      for (const { segment, key, other } of failing.values()) {
        for (const spec of perLookup.values())
          spec.deleteRange.run({ app: applicationId, start: segment.code_start, end: segment.code_end });
        batches.deleteCodeRange(applicationId, segment.code_start, segment.code_end);
        const error = codeAlreadyInLedgerError(applicationId, segment, key).toPayload();
        statements.unimportSegment.run(JSON.stringify(error), applicationId, segment.code_start);
        audit.append({
          actor: 'system',
          action: 'segment.failed',
          subject: `application:${applicationId}`,
          details: {
            code_start: segment.code_start,
            code_end: segment.code_end,
            error_code: error.code,
            conflicting_code: key,
            with: other,
          },
        });
      }
    }).immediate();
    return [...failing.values()].map(({ segment }) => segment);
  }

  /** Merges each look-up in turn: a conflict outcome when segments had to be failed, undefined once all are merged. */
  function mergeAll(
    applicationId: number,
    segments: readonly SegmentRange[],
    startedAt: string,
    onProgress: ((progress: LookupBuildProgress) => void) | undefined,
    stopRequested: () => boolean,
  ): LookupBuildOutcome | undefined {
    for (const spec of perLookup.values()) {
      statements.startBuild.run(applicationId, spec.lookup, startedAt);
      const build = statements.build.get(applicationId, spec.lookup) as BuildRow;
      if (build.done === 1) continue;
      if (stopRequested()) throw new LookupBuildPausedError(applicationId);
      dropSortedKeys();
      try {
        spec.sortKeys(applicationId, build.merged_through);
        const { mergeChunk, lastKey, conflicts } = spec.mergeStatements();
        const rows = (db.prepare('SELECT COUNT(*) AS n FROM temp.lookup_keys').get() as { n: number }).n;
        const total = build.merged_rows + rows;
        let cursor = build.merged_through;
        let merged = build.merged_rows;
        // The sort is done: say where the merge starts, before its first chunk.
        onProgress?.({ application_id: applicationId, lookup: spec.lookup, merged, total });
        for (let from = 1; from <= rows; from += chunkRows) {
          if (stopRequested()) throw new LookupBuildPausedError(applicationId);
          const to = Math.min(rows, from + chunkRows - 1);
          const last = lastKey.get(to) as string;
          try {
            db.transaction(() => {
              if (statements.advance.run(last, to - from + 1, applicationId, spec.lookup, cursor).changes !== 1) {
                throw new LookupBuildMovedError(applicationId);
              }
              mergeChunk.run(applicationId, from, to);
            }).immediate();
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            const found = conflicts.all({ app: applicationId, from, to }) as Parameters<typeof failConflicting>[2];
            const failed = failConflicting(applicationId, segments, found);
            if (failed.length === 0) throw error;
            return { kind: 'conflict', failed_segments: failed };
          }
          cursor = last;
          merged += to - from + 1;
          onProgress?.({ application_id: applicationId, lookup: spec.lookup, merged, total });
        }
        statements.finishLookup.run(applicationId, spec.lookup);
      } finally {
        dropSortedKeys();
      }
    }
    return undefined;
  }

  return {
    /** Builds what is missing; `stopRequested` (polled between chunks) pauses it, to resume from its cursor next time. */
    build(
      applicationId: number,
      onProgress?: (progress: LookupBuildProgress) => void,
      stopRequested: () => boolean = () => false,
    ): LookupBuildOutcome {
      const segments = statements.unindexed.all(applicationId) as SegmentRange[];
      if (segments.length === 0) return { kind: 'nothing-to-build' };
      const codes = segments.reduce((sum, segment) => sum + segment.code_end - segment.code_start + 1, 0);
      const startedAt = options.now().toISOString();
      // The sort is most of a build; a helper thread for SQLite's sorter cut it by a fifth here (docs/benchmarks.md).
      const sorterThreads = db.pragma('threads', { simple: true }) as number;
      db.pragma(`threads = ${SORTER_THREADS}`);
      try {
        const outcome = mergeAll(applicationId, segments, startedAt, onProgress, stopRequested);
        if (outcome) return outcome;
      } finally {
        db.pragma(`threads = ${sorterThreads}`);
      }
      db.transaction(() => {
        statements.markIndexed.run(options.now().toISOString(), applicationId);
        statements.endBuild.run(applicationId);
        audit.append({
          actor: 'system',
          action: 'application.indexed',
          subject: `application:${applicationId}`,
          details: { segments: segments.length, codes },
        });
      }).immediate();
      return { kind: 'built', segments: segments.length, codes };
    },
  };
}

export type LookupBuilder = ReturnType<typeof createLookupBuilder>;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export const LOOKUP_BUILD_PAUSED = 'LookupBuildPausedError';

/** The app is closing: the build stops between chunks and resumes from its cursor at the next start. */
export class LookupBuildPausedError extends Error {
  constructor(applicationId: number) {
    super(`the look-up build of application ${applicationId} was paused because the app is closing; it resumes at the next start`);
    // The name crosses the thread boundary (reviveThreadError keeps it); the class does not.
    this.name = LOOKUP_BUILD_PAUSED;
  }
}

/** Another process advanced this build between our read and our write (two stations on one ledger). */
class LookupBuildMovedError extends Error {
  constructor(applicationId: number) {
    super(`the look-up build of application ${applicationId} was advanced by another process`);
  }
}

function codeAlreadyInLedgerError(applicationId: number, segment: SegmentRange, key: string): AppError {
  const range = `${segment.code_start}–${segment.code_end}`;
  return new AppError(
    'PACKAGE_CODE_ALREADY_IN_LEDGER',
    {
      'zh-CN': {
        message: `码段 ${range} 中的码 ${key} 已存在于本地台账（另一码段或另一申请），整个码段已撤回。`,
        hint: '同一个码不能导入两次。请联系技术支持并提供该申请号和码段。',
      },
      en: {
        message: `Segment ${range} contains code ${key}, which is already in the ledger (another segment or application); the whole segment was taken back out.`,
        hint: 'A code can never be imported twice. Contact support with the application number and the segment.',
      },
    },
    { application_id: applicationId, code_start: segment.code_start, code_end: segment.code_end, code: key },
  );
}
