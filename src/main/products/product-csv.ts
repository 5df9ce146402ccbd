/**
 * The products CSV: RFC 4180 (quoted fields, `""` escapes, CRLF or LF), UTF-8
 * with or without a byte-order mark. Exports carry a BOM so Excel on a Chinese
 * Windows opens them as UTF-8 rather than GBK.
 */
import type { ProductDetails } from '../../shared/products-contract';
import { PRODUCT_FIELDS } from '../../shared/validation/product-rules';

/** The columns, in the order exports write them: the product's fields, in their usual order. */
export const CSV_COLUMNS = PRODUCT_FIELDS;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
/** wxa_type may be left out (or empty): it defaults to 0, release. */
export const OPTIONAL_CSV_COLUMNS: readonly CsvColumn[] = ['wxa_type'];

export interface CsvRecord {
  /** The 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number };

/** Splits CSV text into records; blank lines (and rows of only empty fields) are skipped. Fails on an unclosed quote. */
export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  let i = 0;

  const endRecord = () => {
    fields.push(field);
    if (fields.some((value) => value.trim() !== '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };

  while (i < source.length) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (char === '\n' || (char === '\r' && source[i + 1] !== '\n')) line++;
      field += char;
      i++;
      continue;
    }
    if (char === '"' && field.trim() === '') {
      // A quote opens a quoted field only at its start (spaces before it are dropped, as Excel does).
      field = '';
      quoted = true;
      quoteLine = line;
      i++;
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += char;
    i++;
  }
  if (quoted) return { ok: false, line: quoteLine };
  endRecord();
  return { ok: true, records };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value.trim() !== value ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The products as CSV text (BOM, header, CRLF), in the column order import expects. */
export function formatProductsCsv(products: readonly ProductDetails[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const product of products) lines.push(CSV_COLUMNS.map((column) => quote(String(product[column]))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
