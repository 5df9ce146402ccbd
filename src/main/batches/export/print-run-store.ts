import type { SqliteDatabase } from '../../ledger';
import type { PrintRunRow } from '../rows';
import type { ExportColumn, PrintRun } from './types';

/** SQL for `print_runs`. Callers own transactions. */
export interface PrintRunStore {
  /** Inserts a run and returns its id. */
  insert(fields: Omit<PrintRunRow, 'id'>): number;
  /** An application's print runs, oldest first. */
  runs(applicationId: number): PrintRun[];
  /** An application's exported ranges, sorted by start then end. */
  ranges(applicationId: number): Pick<PrintRunRow, 'code_start' | 'code_end'>[];
}

export function createPrintRunStore(db: SqliteDatabase): PrintRunStore {
  const statements = {
    insertRun: db.prepare(
      `INSERT INTO print_runs (application_id, code_start, code_end, count, format, columns, header, line_ending, file_path, file_sha256, actor, created_at)
       VALUES (@application_id, @code_start, @code_end, @count, @format, @columns, @header, @line_ending, @file_path, @file_sha256, @actor, @created_at)`,
    ),
    runs: db.prepare('SELECT * FROM print_runs WHERE application_id = ? ORDER BY id'),
    ranges: db.prepare('SELECT code_start, code_end FROM print_runs WHERE application_id = ? ORDER BY code_start, code_end'),
  };
  return {
    insert: (fields) => Number(statements.insertRun.run(fields).lastInsertRowid),
    runs: (applicationId) => (statements.runs.all(applicationId) as PrintRunRow[]).map(toPrintRun),
    ranges: (applicationId) => statements.ranges.all(applicationId) as Pick<PrintRunRow, 'code_start' | 'code_end'>[],
  };
}

/** A row as the service and the CLI hand it out: the columns as a list, the header as a boolean. */
export function toPrintRun(row: PrintRunRow): PrintRun {
  return {
    id: row.id,
    application_id: row.application_id,
    code_start: row.code_start,
    code_end: row.code_end,
    count: row.count,
    format: row.format,
    columns: row.columns.split(',') as ExportColumn[],
    header: row.header === 1,
    line_ending: row.line_ending,
    file_path: row.file_path,
    file_sha256: row.file_sha256,
    actor: row.actor,
    created_at: row.created_at,
  };
}
