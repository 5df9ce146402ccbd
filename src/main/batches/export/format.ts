import { exportErrors } from '../../../shared/error-catalogue/export';
import type { CodeRow } from '../rows';
import { COLUMN_HEADERS, type ExportColumn, type ExportFormat, type LineEnding } from './types';

export interface LayoutOptions {
  format: ExportFormat;
  columns: readonly ExportColumn[];
  line_ending: LineEnding;
  /** A field written first on every line, the header too (Training's marker, training-marker.ts). */
  leadingField?: string | undefined;
}

const CSV_NEEDS_QUOTES = /[",\r\n]/;
const TXT_FORBIDDEN = /[\t\r\n]/;

/** RFC 4180: quote a field only when it holds a comma, a quote or a line break; double the quotes inside. */
export function csvField(value: string): string {
  return CSV_NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function lineEnding(ending: LineEnding): string {
  return ending === 'crlf' ? '\r\n' : '\n';
}

/** The header line (with its line ending): `code_index`, `code`, `code_url` in the requested order. */
export function headerLine(options: LayoutOptions): string {
  const names = [
    ...(options.leadingField !== undefined ? [options.leadingField] : []),
    ...options.columns.map((column) => COLUMN_HEADERS[column]),
  ];
  const fields = options.format === 'csv' ? names.map(csvField) : names;
  return fields.join(options.format === 'csv' ? ',' : '\t') + lineEnding(options.line_ending);
}

/**
 * A function that turns one code row into its line (with the line ending).
 * CSV is comma-separated with RFC 4180 quoting when needed; TXT is
 * tab-separated and, having no quoting, refuses a value with a tab or a line
 * break. `code` must be non-null when the `code` column is asked for (checked
 * before the export starts); a NULL here is written as an empty field.
 */
export function rowFormatter(options: LayoutOptions): (row: CodeRow) => string {
  const eol = lineEnding(options.line_ending);
  const columns = [...options.columns];
  const lead = options.leadingField;
  if (options.format === 'csv') {
    const start = lead !== undefined ? csvField(lead) + ',' : '';
    return (row) => {
      let line = start;
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += ',';
        line += csvField(value(row, columns[i]!));
      }
      return line + eol;
    };
  }
  const start = lead !== undefined ? lead + '\t' : '';
  return (row) => {
    let line = start;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const text = value(row, column);
      if (TXT_FORBIDDEN.test(text))
        throw exportErrors.EXPORT_UNSAFE_VALUE({ column: COLUMN_HEADERS[column], index: row.code_index, format: 'txt' });
      if (i > 0) line += '\t';
      line += text;
    }
    return line + eol;
  };
}

function value(row: CodeRow, column: ExportColumn): string {
  switch (column) {
    case 'index':
      return String(row.code_index);
    case 'code':
      return row.code ?? '';
    case 'code_url':
      return row.code_url;
  }
}
