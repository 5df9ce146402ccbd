import { exportErrors } from '../../../shared/error-catalogue/export';
import type { CodeRow } from '../rows';
import { COLUMN_HEADERS, type ExportColumn, type ExportFormat, type LineEnding } from './types';

export interface LayoutOptions {
  format: ExportFormat;
  columns: readonly ExportColumn[];
  line_ending: LineEnding;
  /** A field written first on every line, the header too (Training's marker, training-marker.ts). */
  leadingField?: string | undefined;
  /** How many fields the `extra` column is written as (the application's extra columns); 0 or absent without it. */
  extraColumns?: number | undefined;
}

/** One code as a line sees it: its row and, only when `extra` is asked for, its kept extra values. */
export type RowFormatter = (row: CodeRow, extras?: readonly string[]) => string;

const CSV_NEEDS_QUOTES = /[",\r\n]/;
const TXT_FORBIDDEN = /[\t\r\n]/;

/** RFC 4180: quote a field only when it holds a comma, a quote or a line break; double the quotes inside. */
export function csvField(value: string): string {
  return CSV_NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function lineEnding(ending: LineEnding): string {
  return ending === 'crlf' ? '\r\n' : '\n';
}

/** The header names of one column: `extra` becomes `extra_1 … extra_n`, the others their COLUMN_HEADERS name. */
function headerNames(column: ExportColumn, extraColumns: number): string[] {
  if (column !== 'extra') return [COLUMN_HEADERS[column]];
  return Array.from({ length: extraColumns }, (_, k) => `${COLUMN_HEADERS.extra}_${k + 1}`);
}

/** The header line (with its line ending): `code_index`, `code`, `code_url`, `extra_1…` in the requested order. */
export function headerLine(options: LayoutOptions): string {
  const names = [
    ...(options.leadingField !== undefined ? [options.leadingField] : []),
    ...options.columns.flatMap((column) => headerNames(column, options.extraColumns ?? 0)),
  ];
  const fields = options.format === 'csv' ? names.map(csvField) : names;
  return fields.join(options.format === 'csv' ? ',' : '\t') + lineEnding(options.line_ending);
}

/**
 * A function that turns one code row into its line (with the line ending).
 * CSV is comma-separated with RFC 4180 quoting when needed; TXT is
 * tab-separated and, having no quoting, refuses a value with a tab or a line
 * break. `code` must be non-null when the `code` column is asked for (checked
 * before the export starts); a NULL here is written as an empty field. The
 * `extra` column is `extraColumns` fields; a code with fewer kept values (or
 * none) gets empty ones, so every line has the same number of fields.
 */
export function rowFormatter(options: LayoutOptions): RowFormatter {
  const eol = lineEnding(options.line_ending);
  const columns = [...options.columns];
  const width = options.extraColumns ?? 0;
  const lead = options.leadingField;
  const csv = options.format === 'csv';
  const separator = csv ? ',' : '\t';
  const start = lead === undefined ? '' : (csv ? csvField(lead) : lead) + separator;
  const field = (text: string, column: ExportColumn, index: number): string => {
    if (csv) return csvField(text);
    if (TXT_FORBIDDEN.test(text)) throw exportErrors.EXPORT_UNSAFE_VALUE({ column: COLUMN_HEADERS[column], index, format: 'txt' });
    return text;
  };
  return (row, extras) => {
    let line = start;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      if (i > 0) line += separator;
      if (column === 'extra') {
        for (let k = 0; k < width; k++) {
          if (k > 0) line += separator;
          line += field(extras?.[k] ?? '', column, row.code_index);
        }
      } else line += field(value(row, column), column, row.code_index);
    }
    return line + eol;
  };
}

function value(row: CodeRow, column: Exclude<ExportColumn, 'extra'>): string {
  switch (column) {
    case 'index':
      return String(row.code_index);
    case 'code':
      return row.code ?? '';
    case 'code_url':
      return row.code_url;
  }
}
