import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { withDurableCommit } from '../ledger/open-database';
import { createBatchStore } from './batch-store';
import { mergeLookup, type MergeContext } from './lookups/lookup-merge';
import type { LookupBuildOutcome, LookupBuildProgress } from './lookups/lookup-specs';
import { prepareAllLookupStatements, prepareBuildStatements } from './lookups/lookup-statements';
import { codesIn, type SegmentRange } from './rows';

export {
  LOOKUP_BUILD_PAUSED,
  LOOKUPS,
  LookupBuildPausedError,
  type LookupBuildOutcome,
  type LookupBuildProgress,
  type LookupName,
} from './lookups/lookup-specs';

/**
 * Builds the scan look-ups of an application's imported segments once they are
 * all downloaded: each look-up's new keys are sorted once (a temp table) and
 * merged in key order, so every look-up page is written about once per
 * application instead of once per segment. Each chunk commits with the build's
 * cursor (the last key merged); a build stopped anywhere resumes after it.
 *
 * The look-ups' primary keys refuse a code that is already in the ledger; the
 * segments holding such codes are taken out again (codes, look-up rows) and
 * failed with a message naming the code, in one transaction (lookups/lookup-conflicts.ts).
 */
export interface LookupBuilder {
  /** Builds what is missing; `stopRequested` (polled between chunks) pauses it, to resume from its cursor next time. */
  build(applicationId: number, onProgress?: (progress: LookupBuildProgress) => void, stopRequested?: () => boolean): LookupBuildOutcome;
}

export interface LookupBuilderOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  now: () => Date;
  /** Keys merged per transaction: short enough that other writers to the ledger never wait long. */
  chunkRows?: number;
}

const DEFAULT_CHUNK_ROWS = 10_000;
/** SQLite's sorter may use one helper thread: the DESIGN's machines have two cores. */
const SORTER_THREADS = 2;

export function createLookupBuilder(options: LookupBuilderOptions): LookupBuilder {
  const { db, audit } = options;
  const ctx: MergeContext = {
    db,
    audit,
    batches: createBatchStore(db),
    build: prepareBuildStatements(db),
    lookups: prepareAllLookupStatements(db),
    chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
  };

  /** Merges each look-up in turn: a conflict outcome when segments had to be failed, undefined once all are merged. */
  function mergeAll(run: Parameters<typeof mergeLookup>[2]): LookupBuildOutcome | undefined {
    // The sort is most of a build; a helper thread for SQLite's sorter cut it by a fifth here (docs/benchmarks.md).
    const sorterThreads = db.pragma('threads', { simple: true }) as number;
    db.pragma(`threads = ${SORTER_THREADS}`);
    try {
      for (const spec of ctx.lookups) {
        const outcome = mergeLookup(ctx, spec, run);
        if (outcome) return outcome;
      }
      return undefined;
    } finally {
      db.pragma(`threads = ${sorterThreads}`);
    }
  }

  return {
    build(applicationId, onProgress, stopRequested = () => false) {
      const segments = ctx.build.unindexed.all(applicationId) as SegmentRange[];
      if (segments.length === 0) return { kind: 'nothing-to-build' };
      const codes = codesIn(segments);
      const outcome = mergeAll({ applicationId, segments, startedAt: options.now().toISOString(), onProgress, stopRequested });
      if (outcome) return outcome;
      // The merged look-up rows are re-derivable; the application being scan-ready, and its audit entry, are not.
      withDurableCommit(db, () =>
        db.transaction(() => {
          ctx.build.markIndexed.run(options.now().toISOString(), applicationId);
          ctx.build.endBuild.run(applicationId);
          audit.append({
            actor: 'system',
            action: 'application.indexed',
            subject: `application:${applicationId}`,
            details: { segments: segments.length, codes },
          });
        }).immediate(),
      );
      return { kind: 'built', segments: segments.length, codes };
    },
  };
}
