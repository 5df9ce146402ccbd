/** Everything about the ledger side that can refuse an export, checked before a byte is written. */
import { batchErrors } from '../../../shared/error-catalogue/batches';
import { exportErrors } from '../../../shared/error-catalogue/export';
import { extraColumnWidth } from '../../../shared/package-layout';
import type { SqliteDatabase } from '../../ledger';
import type { BatchStore } from '../batch-store';
import type { ApplicationRow } from '../rows';
import { firstUncovered } from './intervals';
import type { ExportRequest } from './types';

interface RangeStats {
  n: number;
  without_code: number;
  first_without_code: number | null;
}

/** What an export reads from: the application and how many fields its `extra` column is (0 when not asked for). */
export interface ExportSource {
  application: ApplicationRow;
  extraColumns: number;
}

/**
 * Returns `check(request)`: the source, or the refusal (unknown application, range outside it or not wholly
 * imported, codes missing, `code` or `extra` asked for but not there).
 */
export function createSourceCheck(db: SqliteDatabase, store: BatchStore): (request: ExportRequest) => ExportSource {
  const rangeStats = db.prepare(
    `SELECT COUNT(*) AS n, COUNT(*) - COUNT(code) AS without_code, MIN(CASE WHEN code IS NULL THEN code_index END) AS first_without_code
     FROM codes WHERE application_id = ? AND code_index BETWEEN ? AND ?`,
  );

  function firstMissingCode(id: number, start: number, end: number): number {
    let expected = start;
    for (const row of store.codeRange(id, start, end)) {
      if (row.code_index !== expected) return expected;
      expected++;
    }
    return expected;
  }

  return (request) => {
    const { application_id: id, code_start, code_end } = request;
    const range = { code_start, code_end };
    const application = store.applicationById(id);
    if (!application) throw batchErrors.APPLICATION_NOT_FOUND({ application_id: id });
    if (code_start > code_end) throw exportErrors.EXPORT_RANGE_REVERSED(range);
    if (code_end >= application.code_count) throw exportErrors.EXPORT_RANGE_OUT_OF_BOUNDS({ ...range, code_count: application.code_count });
    const segments = store.segments(id);
    const uncovered = firstUncovered(segments, code_start, code_end);
    if (uncovered !== undefined) throw exportErrors.EXPORT_RANGE_NOT_IMPORTED({ ...range, first_missing_index: uncovered });
    const stats = rangeStats.get(id, code_start, code_end) as RangeStats;
    if (stats.n !== code_end - code_start + 1) {
      throw exportErrors.EXPORT_CODES_MISSING({ ...range, first_missing_index: firstMissingCode(id, code_start, code_end) });
    }
    if (request.columns.includes('code') && stats.without_code > 0) {
      throw exportErrors.EXPORT_CODE_COLUMN_UNAVAILABLE({
        ...range,
        first_index_without_code: stats.first_without_code ?? code_start,
        without_code: stats.without_code,
      });
    }
    const extraColumns = request.columns.includes('extra') ? extraColumnWidth(segments) : 0;
    if (request.columns.includes('extra') && extraColumns === 0) throw exportErrors.EXPORT_EXTRA_UNAVAILABLE({ application_id: id });
    return { application, extraColumns };
  };
}
