/**
 * The plan of a CSV import, decided before anything is written: whether the
 * file can be read at all, then every row's outcome and problems. Pure apart
 * from `lookup`, which says what is stored under a code.
 */
import type { ImportProblem, ImportRow, ImportRowProblem, ProductDetails } from '../../shared/products-contract';
import {
  checkProduct,
  expectedCheckDigit,
  normaliseProductInput,
  type ProductField,
  type ProductFieldProblem,
  type ProductInput,
} from '../../shared/validation/product-rules';
import { importVerdict, type StoredProductFacts } from './product-change-rules';
import { CSV_COLUMNS, OPTIONAL_CSV_COLUMNS, parseCsv, type CsvColumn, type CsvRecord } from './product-csv';

/** The most products one import may carry. */
export const MAX_IMPORT_ROWS = 10_000;

/** An import row before anything is written: its details (when it is to be written) and what would change. */
export interface PlannedRow extends ImportRow {
  details?: ProductDetails;
  changed?: ProductField[];
}

type ProductLookup = (code: string) => StoredProductFacts | undefined;

/** The file refused as a whole: one row at `line` carrying the problem. */
function fileProblem(problem: ImportRowProblem, line = 1, params?: ImportProblem['params']): PlannedRow[] {
  return [{ line, product_code: null, outcome: 'invalid', problems: [{ field: null, problem, ...(params ? { params } : {}) }] }];
}

type ReadFile = { ok: false; rows: PlannedRow[] } | { ok: true; columns: string[]; records: CsvRecord[] };

/** The file's encoding, quoting, header and size; the data records when they can be planned. */
export function readImportFile(text: string): ReadFile {
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0) return { ok: false, rows: fileProblem('notUtf8', text.slice(0, replacement).split(/\r\n|\r|\n/).length) };
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, rows: fileProblem('unclosedQuote', parsed.line) };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, rows: fileProblem('empty') };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  if (!headerIsValid(columns)) return { ok: false, rows: fileProblem('header', header.line, { expected: CSV_COLUMNS.join(',') }) };
  if (records.length === 0) return { ok: false, rows: fileProblem('empty', header.line) };
  if (records.length > MAX_IMPORT_ROWS) {
    return { ok: false, rows: fileProblem('tooManyRows', records[MAX_IMPORT_ROWS]!.line, { max: MAX_IMPORT_ROWS }) };
  }
  return { ok: true, columns, records };
}

/** Known columns only, each once, every required one present (in any order). */
export function headerIsValid(columns: readonly string[]): boolean {
  const known = new Set<string>(CSV_COLUMNS);
  return (
    columns.every((name) => known.has(name)) &&
    new Set(columns).size === columns.length &&
    CSV_COLUMNS.every((column) => OPTIONAL_CSV_COLUMNS.includes(column) || columns.includes(column))
  );
}

/** A record's cells as product input; a wxa_type that is not one digit becomes NaN, which the rules refuse. */
export function recordInput(record: CsvRecord, columns: readonly string[]): ProductInput {
  const cell = (column: CsvColumn) => {
    const at = columns.indexOf(column);
    return at < 0 ? '' : record.fields[at]!;
  };
  const typeText = cell('wxa_type').trim();
  return {
    product_code: cell('product_code'),
    product_brand: cell('product_brand'),
    product_title: cell('product_title'),
    activity_name: cell('activity_name'),
    wxa_appid: cell('wxa_appid'),
    wxa_path: cell('wxa_path'),
    wxa_type: typeText === '' ? 0 : /^[0-9]$/.test(typeText) ? Number(typeText) : NaN,
  };
}

/** Every field problem of the input, a wrong check digit naming the right one. */
export function fieldProblems(input: ProductInput): ImportProblem[] {
  const code = input.product_code.trim();
  return (Object.entries(checkProduct(input)) as [ProductField, ProductFieldProblem][]).map(([field, problem]) => {
    const digit = problem === 'eanCheckDigit' ? expectedCheckDigit(code) : undefined;
    return { field, problem, ...(digit === undefined ? {} : { params: { digit } }) };
  });
}

/** One record's fate; `firstLine` remembers where each code was first seen in the file. */
function planRecord(record: CsvRecord, columns: readonly string[], firstLine: Map<string, number>, lookup: ProductLookup): PlannedRow {
  const { line } = record;
  if (record.fields.length !== columns.length) {
    return {
      line,
      product_code: record.fields[0]?.trim() || null,
      outcome: 'invalid',
      problems: [{ field: null, problem: 'columnCount', params: { expected: columns.length, found: record.fields.length } }],
    };
  }
  const input = recordInput(record, columns);
  const code = input.product_code.trim();
  const problems = fieldProblems(input);
  if (code !== '') {
    const seen = firstLine.get(code);
    if (seen !== undefined) problems.push({ field: 'product_code', problem: 'duplicateInFile', params: { line: seen } });
    else firstLine.set(code, line);
  }
  if (problems.length > 0) return { line, product_code: code || null, outcome: 'invalid', problems };

  const details = normaliseProductInput(input);
  const decided = importVerdict(lookup(details.product_code), details);
  switch (decided.verdict) {
    case 'add':
      return { line, product_code: code, outcome: 'added', problems: [], details };
    case 'unchanged':
      return { line, product_code: code, outcome: 'unchanged', problems: [] };
    case 'inUse':
      return {
        line,
        product_code: code,
        outcome: 'invalid',
        problems: [{ field: null, problem: 'inUse', params: { activations: decided.activations } }],
      };
    case 'change':
      return { line, product_code: code, outcome: 'updated', problems: [], details, changed: decided.changed };
  }
}

/** Reads the CSV and decides every row's fate without writing anything. */
export function planImport(text: string, lookup: ProductLookup): PlannedRow[] {
  const file = readImportFile(text);
  if (!file.ok) return file.rows;
  const firstLine = new Map<string, number>();
  return file.records.map((record) => planRecord(record, file.columns, firstLine, lookup));
}

/** How many rows had each outcome. */
export function countOutcomes(rows: readonly ImportRow[]): Record<ImportRow['outcome'], number> {
  const counts = { added: 0, updated: 0, unchanged: 0, invalid: 0 };
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}
