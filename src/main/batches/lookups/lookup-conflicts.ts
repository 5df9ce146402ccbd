/** A code the look-ups refuse (already in the ledger, or twice in this build): which segments to take back out, and doing it. */
import { batchErrors } from '../../../shared/error-catalogue/batches';
import type { AuditLog } from '../../audit';
import type { SqliteDatabase } from '../../ledger';
import { withDurableCommit } from '../../ledger/open-database';
import type { BatchStore } from '../batch-store';
import type { SegmentRange } from '../rows';
import type { BuildStatements, LookupStatements } from './lookup-statements';

/** A key of the chunk that collided, where it is in this build, and what it collided with. */
export interface ConflictRow {
  key: string;
  code_index: number;
  other_application: number;
  other_index: number;
}

export interface FailingSegment {
  segment: SegmentRange;
  /** The first conflicting code found in it. */
  key: string;
  /** What it collided with: `application:<id>#<index>`. */
  other: string;
}

function segmentOf(segments: readonly SegmentRange[], codeIndex: number): SegmentRange | undefined {
  return segments.find((segment) => segment.code_start <= codeIndex && codeIndex <= segment.code_end);
}

/**
 * The segments of this build that hold a conflicting code, each once, with the first
 * code that convicts it. A code twice in this application's new segments fails both
 * copies' segments: neither can be trusted (pure).
 */
export function segmentsToFail(applicationId: number, segments: readonly SegmentRange[], found: readonly ConflictRow[]): FailingSegment[] {
  const failing = new Map<number, FailingSegment>();
  for (const row of found) {
    const other = `application:${row.other_application}#${row.other_index}`;
    const own = segmentOf(segments, row.code_index);
    if (own && !failing.has(own.code_start)) failing.set(own.code_start, { segment: own, key: row.key, other });
    if (row.other_application === applicationId) {
      const partner = segmentOf(segments, row.other_index);
      if (partner && !failing.has(partner.code_start)) failing.set(partner.code_start, { segment: partner, key: row.key, other });
    }
  }
  return [...failing.values()];
}

export interface ConflictContext {
  db: SqliteDatabase;
  audit: AuditLog;
  batches: BatchStore;
  build: BuildStatements;
  lookups: readonly LookupStatements[];
}

/** Takes the segments holding the conflicting codes out of the ledger again (codes, look-up rows) and fails them, in one transaction. */
export function failConflicting(ctx: ConflictContext, applicationId: number, failing: readonly FailingSegment[]): void {
  withDurableCommit(ctx.db, () => failConflictingInOneCommit(ctx, applicationId, failing));
}

function failConflictingInOneCommit(ctx: ConflictContext, applicationId: number, failing: readonly FailingSegment[]): void {
  ctx.db
    .transaction(() => {
      for (const { segment, key, other } of failing) {
        for (const spec of ctx.lookups) spec.deleteRange.run({ app: applicationId, start: segment.code_start, end: segment.code_end });
        ctx.batches.deleteCodeRange(applicationId, segment.code_start, segment.code_end);
        const error = batchErrors
          .PACKAGE_CODE_ALREADY_IN_LEDGER({
            application_id: applicationId,
            code_start: segment.code_start,
            code_end: segment.code_end,
            code: key,
          })
          .toPayload();
        ctx.build.unimportSegment.run(JSON.stringify(error), applicationId, segment.code_start);
        ctx.audit.append({
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
    })
    .immediate();
}
