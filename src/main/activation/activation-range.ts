/**
 * Where a carton run's range lies (scanned first and last codes, a print run,
 * or indices) and whether the ledger lets it be activated: the facts come from
 * the ledger, the rules from activation-rules.ts.
 */
import type { RangeSource, ResolvedRange } from '../../shared/activation-contract';
import { activationErrors } from '../../shared/error-catalogue/activation';
import { batchErrors } from '../../shared/error-catalogue/batches';
import { createBatchStore } from '../batches';
import type { SqliteDatabase } from '../ledger';
import { normalizeScan } from '../scan/normalize-scan';
import { coverageGap } from './activation-rules';
import type { ActivationStore } from './activation-store';

export interface RangeResolver {
  /** The range a source points at, checked against the range rules (throws the first rule it breaks). */
  resolve(source: RangeSource): ResolvedRange;
  /** Throws the first range rule [start, end] of the application breaks in the ledger as it is now. */
  check(applicationId: number, start: number, end: number): void;
}

interface PrintRunRange {
  id: number;
  application_id: number;
  code_start: number;
  code_end: number;
}

type Range = Pick<ResolvedRange, 'application_id' | 'code_start' | 'code_end' | 'print_run_id'>;

export function createRangeResolver(db: SqliteDatabase, store: ActivationStore): RangeResolver {
  const batches = createBatchStore(db);
  const printRunById = db.prepare('SELECT id, application_id, code_start, code_end FROM print_runs WHERE id = ?');

  function codeIndexOf(scanned: string): { application_id: number; code_index: number } {
    const normalized = normalizeScan(scanned);
    if (normalized.kind === 'invalid') throw activationErrors.ACTIVATION_SCAN_INVALID({ scanned: scanned.trim().slice(0, 64) });
    const row = normalized.kind === 'code_url' ? batches.codeByUrl(normalized.value) : batches.codeByCode(normalized.value);
    if (!row) throw activationErrors.ACTIVATION_CODE_UNKNOWN({ scanned: normalized.value });
    return row;
  }

  function rangeOf(source: RangeSource): Range {
    if (source.by === 'codes') {
      const first = codeIndexOf(source.first);
      const last = codeIndexOf(source.last);
      if (first.application_id !== last.application_id) {
        throw activationErrors.ACTIVATION_SPANS_APPLICATIONS({
          first_application_id: first.application_id,
          last_application_id: last.application_id,
        });
      }
      return { application_id: first.application_id, code_start: first.code_index, code_end: last.code_index, print_run_id: null };
    }
    if (source.by === 'printRun') {
      const run = printRunById.get(source.print_run_id) as PrintRunRange | undefined;
      if (!run) throw activationErrors.ACTIVATION_PRINT_RUN_UNKNOWN({ print_run_id: source.print_run_id });
      return { application_id: run.application_id, code_start: run.code_start, code_end: run.code_end, print_run_id: run.id };
    }
    return { application_id: source.application_id, code_start: source.code_start, code_end: source.code_end, print_run_id: null };
  }

  function check(applicationId: number, start: number, end: number): void {
    if (start > end) throw activationErrors.ACTIVATION_RANGE_REVERSED({ start, end });
    if (!batches.applicationById(applicationId)) throw batchErrors.APPLICATION_NOT_FOUND({ application_id: applicationId });
    const gap = coverageGap(batches.segments(applicationId), start, end);
    if (gap) {
      const facts = { application_id: applicationId, first_missing: gap.first_missing };
      throw gap.kind === 'not_indexed'
        ? activationErrors.ACTIVATION_RANGE_NOT_INDEXED(facts)
        : activationErrors.ACTIVATION_RANGE_NOT_IMPORTED(facts);
    }
    const overlapping = store.firstOverlapping(applicationId, start, end);
    if (overlapping) throw activationErrors.ACTIVATION_OVERLAP(overlapping);
  }

  return {
    resolve(source) {
      const range = rangeOf(source);
      check(range.application_id, range.code_start, range.code_end);
      const application = batches.applicationById(range.application_id)!;
      return {
        application_id: range.application_id,
        isv_application_id: application.isv_application_id,
        code_start: range.code_start,
        code_end: range.code_end,
        count: range.code_end - range.code_start + 1,
        print_run_id: range.print_run_id,
      };
    },
    check,
  };
}
