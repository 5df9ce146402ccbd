/**
 * The ledger writes of one segment's import, each its own short IMMEDIATE
 * transaction (import-segment.ts says why): claim, insert one batch, mark imported,
 * mark failed. Every write after the claim checks the claim is still ours.
 * On the import thread's NORMAL connection the claim and the batches may be lost
 * to a power cut (the segment is then pending again and re-downloaded); marking it
 * imported or failed commits at FULL.
 */
import type { AppErrorPayload } from '../../shared/errors';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import { withDurableCommit } from '../ledger/open-database';
import type { CheckedSegment, ParsedCode } from '../packages';
import type { BatchStore } from './batch-store';
import type { SegmentRow } from './rows';

export interface SegmentWrites {
  /** Claims a pending segment (counts an attempt) and clears rows an interrupted attempt left; returns the claim. */
  claim(segment: SegmentRow): number;
  /** Inserts one batch of the segment's codes, if the claim still holds. */
  insertBatch(segment: SegmentRow, attempt: number, batch: readonly ParsedCode[]): void;
  /** Marks the segment imported with its audit entry, if the claim still holds. */
  markImported(segment: SegmentRow, attempt: number, checked: CheckedSegment): void;
  /** Fails the segment and takes its staged rows out, unless another import has claimed it since. */
  markFailed(segment: SegmentRow, attempt: number | undefined, payload: AppErrorPayload, keptBufferPath: string | null): void;
}

function claimedElsewhere(segment: SegmentRow): Error {
  return new Error(`segment ${segment.application_id}:${segment.code_start} was claimed by another import`);
}

export function createSegmentWrites(options: { db: SqliteDatabase; store: BatchStore; audit: AuditLog; now: () => Date }): SegmentWrites {
  const { db, store, audit } = options;

  const claim = db.transaction((segment: SegmentRow): number => {
    // A look-up build covers a fixed set of segments; one cannot join it half way (lookup-build.ts).
    if (store.lookupBuildInProgress(segment.application_id)) {
      throw new Error(`the scan look-ups of application ${segment.application_id} are being built; import the segment after`);
    }
    const attempt = store.claimPendingSegment(segment.application_id, segment.code_start);
    if (attempt === undefined) throw new Error(`segment ${segment.application_id}:${segment.code_start} is not pending`);
    store.deleteCodeRange(segment.application_id, segment.code_start, segment.code_end);
    return attempt;
  });

  const insertBatch = db.transaction((segment: SegmentRow, attempt: number, batch: readonly ParsedCode[]) => {
    if (store.pendingSegmentAttempt(segment.application_id, segment.code_start) !== attempt) throw claimedElsewhere(segment);
    for (const row of batch) {
      store.insertCode(segment.application_id, row.codeIndex, row.code, row.codeUrl);
      // Only packages with columns the importer does not know have extras; the common path skips this.
      if (row.extras !== undefined) store.insertCodeExtras(segment.application_id, row.codeIndex, row.extras);
    }
  });

  const markImported = db.transaction((segment: SegmentRow, attempt: number, checked: CheckedSegment) => {
    const { application_id, code_start, code_end } = segment;
    const changed = store.markClaimedSegmentImported(
      application_id,
      code_start,
      attempt,
      checked.sha256,
      checked.layout,
      checked.header,
      options.now().toISOString(),
    );
    if (changed !== 1) throw claimedElsewhere(segment);
    audit.append({
      actor: 'system',
      action: 'segment.imported',
      subject: `application:${application_id}`,
      details: {
        code_start,
        code_end,
        count: checked.count,
        sha256: checked.sha256,
        layout: checked.layout,
        separator: checked.separator,
        header: checked.header,
        manual_layout: checked.manualLayout,
      },
    });
  });

  const markFailed = db.transaction(
    (segment: SegmentRow, attempt: number | undefined, payload: AppErrorPayload, keptBufferPath: string | null) => {
      if (attempt !== undefined) {
        if (store.pendingSegmentAttempt(segment.application_id, segment.code_start) !== attempt) return;
        store.deleteCodeRange(segment.application_id, segment.code_start, segment.code_end);
      }
      store.markSegmentFailed(segment.application_id, segment.code_start, payload, keptBufferPath);
      audit.append({
        actor: 'system',
        action: 'segment.failed',
        subject: `application:${segment.application_id}`,
        details: { code_start: segment.code_start, code_end: segment.code_end, error_code: payload.code, kept_buffer: keptBufferPath },
      });
    },
  );

  return {
    claim: (segment) => claim.immediate(segment),
    insertBatch: (segment, attempt, batch) => insertBatch.immediate(segment, attempt, batch),
    // What the segment ended as is WeChat's answer: durable (its staged rows are synced with it).
    markImported: (segment, attempt, checked) => withDurableCommit(db, () => markImported.immediate(segment, attempt, checked)),
    markFailed: (segment, attempt, payload, keptBufferPath) =>
      withDurableCommit(db, () => markFailed.immediate(segment, attempt, payload, keptBufferPath)),
  };
}
