/** Merging one look-up's sorted new keys in chunks, each committed with the build's cursor so a stopped build resumes after it. */
import type { LookupBuildRow, SegmentRange } from '../rows';
import { failConflicting, segmentsToFail, type ConflictContext, type ConflictRow } from './lookup-conflicts';
import { LookupBuildMovedError, LookupBuildPausedError, type LookupBuildOutcome, type LookupBuildProgress } from './lookup-specs';
import { dropSortedKeys, type LookupStatements } from './lookup-statements';

export interface MergeContext extends ConflictContext {
  /** Keys merged per transaction. */
  chunkRows: number;
}

export interface MergeRun {
  applicationId: number;
  segments: readonly SegmentRange[];
  startedAt: string;
  onProgress: ((progress: LookupBuildProgress) => void) | undefined;
  stopRequested: () => boolean;
}

/** Merges one look-up: a conflict outcome when segments had to be failed, undefined once it is merged (or was already). */
export function mergeLookup(ctx: MergeContext, spec: LookupStatements, run: MergeRun): LookupBuildOutcome | undefined {
  const { db, build: statements, chunkRows } = ctx;
  const { applicationId, onProgress, stopRequested } = run;
  statements.startBuild.run(applicationId, spec.lookup, run.startedAt);
  const build = statements.build.get(applicationId, spec.lookup) as Pick<LookupBuildRow, 'merged_through' | 'merged_rows' | 'done'>;
  if (build.done === 1) return undefined;
  if (stopRequested()) throw new LookupBuildPausedError(applicationId);
  dropSortedKeys(db);
  try {
    spec.sortKeys(applicationId, build.merged_through);
    const { mergeChunk, lastKey, sortedKeys, conflicts } = spec.mergeStatements();
    const rows = (sortedKeys.get() as { n: number }).n;
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
        const failing = segmentsToFail(applicationId, run.segments, conflicts.all({ app: applicationId, from, to }) as ConflictRow[]);
        if (failing.length === 0) throw error;
        failConflicting(ctx, applicationId, failing);
        return { kind: 'conflict', failed_segments: failing.map(({ segment }) => segment) };
      }
      cursor = last;
      merged += to - from + 1;
      onProgress?.({ application_id: applicationId, lookup: spec.lookup, merged, total });
    }
    statements.finishLookup.run(applicationId, spec.lookup);
    return undefined;
  } finally {
    dropSortedKeys(db);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
