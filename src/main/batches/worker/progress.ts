/** Import progress as the screens show it, computed from counts and clocks (pure). */
import type { ImportProgress } from '../../../shared/batches-contract';
import { LOOKUPS, type LookupName } from '../lookup-build';
import type { AppliedApplicationRow } from '../rows';

/** How much of a look-up build must be done before its time left is worth showing. */
const MIN_SHARE_FOR_ESTIMATE = 0.05;

export interface ImportCounts {
  /** Codes of the application imported so far (all runs). */
  codesImported: number;
  /** Codes imported since `startedAt` (this run), for the speed. */
  sessionCodes: number;
  segmentsImported: number;
  segmentsTotal: number;
}

export function importProgress(row: AppliedApplicationRow, startedAt: number, nowMs: number, counts: ImportCounts): ImportProgress {
  const seconds = Math.max((nowMs - startedAt) / 1000, 0.001);
  const codesPerSecond = Math.round(counts.sessionCodes / seconds);
  return {
    isv_application_id: row.isv_application_id,
    application_id: row.application_id,
    phase: 'importing',
    codes_imported: counts.codesImported,
    code_count: row.code_count,
    segments_imported: counts.segmentsImported,
    segments_total: counts.segmentsTotal,
    codes_per_second: codesPerSecond,
    seconds_left: codesPerSecond > 0 ? Math.ceil((row.code_count - counts.codesImported) / codesPerSecond) : null,
    indexed_percent: 0,
  };
}

/** The build of the look-ups after the import: `merged` of `total` keys of `lookup`, the build started at `buildStarted`. */
export function indexingProgress(
  imported: ImportProgress,
  build: { lookup: LookupName; merged: number; total: number; buildStarted: number },
  nowMs: number,
): ImportProgress {
  const lookupsBefore = LOOKUPS.findIndex((spec) => spec.lookup === build.lookup);
  const done = Math.min(1, (lookupsBefore + (build.total > 0 ? build.merged / build.total : 1)) / LOOKUPS.length);
  return {
    ...imported,
    phase: 'indexing',
    indexed_percent: Math.round(done * 100),
    // Each look-up is a sort, then a merge that reports progress: time so far over the share done is a fair guess
    // once a little of it is done (it counts the sort already behind and the one ahead alike).
    seconds_left: done >= MIN_SHARE_FOR_ESTIMATE ? Math.ceil((((nowMs - build.buildStarted) / 1000) * (1 - done)) / done) : null,
  };
}
