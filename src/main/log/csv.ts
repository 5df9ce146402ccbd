/**
 * CSV cells for reports read in Excel: RFC 4180 quoting, and text that Excel
 * would take for a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is
 * prefixed with an apostrophe. Scanned input is whatever a scanner or a
 * keyboard sent, so it must never run as a formula on the supervisor's PC.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text.trim() !== text ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',');
}

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';
