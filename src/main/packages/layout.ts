/**
 * A package's line layout (DESIGN §2: undocumented, so read by shape): which column
 * holds the index, the code, the code_url and which are extra, and what separates them.
 *
 * `detectLayout` decides it once per segment from the first data lines; the byte loop in
 * check.ts then holds every line to it. A header line (line 1 with characters outside the
 * field alphabet and no code_url in it) is skipped. IT can name the columns by hand
 * (`parseColumnMapping`) when detection is ambiguous; the separator is still detected.
 */
import type { LayoutProblem } from '../../shared/error-catalogue/packages';
import type { ColumnRole } from '../../shared/package-layout';

export const CODE_LENGTH = 9;
export const CODE_URL_LENGTH = 28;
/** An index is code_start + line − 1 < 20,000,000; leading zeros widen it, 15 digits stay exact in a double. */
export const INDEX_MAX_DIGITS = 15;
/** Characters of a code or code_url: QR alphanumeric mode without the space. */
export const FIELD_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:';

export { COLUMN_ROLES, isUsableMapping, parseColumnMapping, type ColumnRole } from '../../shared/package-layout';

export const SEPARATORS = ['comma', 'semicolon', 'tab', 'spaces'] as const;
/**
 * `comma` and `semicolon`: one character, with blanks around it allowed. `tab` and
 * `spaces` both mean runs of blanks (spaces and tabs alike, so a tab replaced by a space
 * reads the same); the name only says what line 1 used.
 */
export type Separator = (typeof SEPARATORS)[number];
const SEPARATOR_BYTE: Record<Separator, number> = { comma: 0x2c, semicolon: 0x3b, tab: -1, spaces: -1 };

export interface LineLayout {
  columns: readonly ColumnRole[];
  separator: Separator;
  /** Lines before the first data line that were skipped (0 or 1). */
  headerLines: number;
  /** True when the columns were set by hand (the separator and header are still detected). */
  manual: boolean;
}

/** Lines looked at to classify columns: a column takes a role only if it fits on all of them. */
export const SAMPLE_LINES = 4;

export const IS_FIELD_CHARACTER = new Uint8Array(256);
for (let k = 0; k < FIELD_CHARACTERS.length; k++) IS_FIELD_CHARACTER[FIELD_CHARACTERS.charCodeAt(k)] = 1;

const isBlank = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0d;

/** `index+code+url`, `extra+code+index+url`: the form kept in `segments.layout`. */
export function describeColumns(columns: readonly ColumnRole[]): string {
  return columns.map((role) => (role === 'code_url' ? 'url' : role)).join('+');
}

export interface Line {
  start: number;
  end: number;
  number: number;
}

/** The first lines with any non-blank byte, with their 1-based numbers (a BOM skipped), up to `limit`. */
export function firstLines(bytes: Buffer, start: number, limit: number): Line[] {
  const lines: Line[] = [];
  let at = start;
  for (let number = 1; at <= bytes.length && lines.length < limit; number++) {
    let end = bytes.indexOf(0x0a, at);
    if (end < 0) end = bytes.length;
    let nonBlank = false;
    for (let k = at; k < end && !nonBlank; k++) nonBlank = !isBlank(bytes[k]!);
    if (nonBlank) lines.push({ start: at, end, number });
    else if (lines.length > 0) break; // blank lines end the sample; the byte loop says whether they may
    at = end + 1;
  }
  return lines;
}

/** The fields of a line under a separator, trimmed of blanks; [start, end) pairs. */
export function splitFields(bytes: Buffer, line: Pick<Line, 'start' | 'end'>, separator: Separator): [number, number][] {
  const fields: [number, number][] = [];
  const sep = SEPARATOR_BYTE[separator];
  let at = line.start;
  if (sep < 0) {
    while (at < line.end) {
      while (at < line.end && isBlank(bytes[at]!)) at++;
      const start = at;
      while (at < line.end && !isBlank(bytes[at]!)) at++;
      if (at > start) fields.push([start, at]);
    }
    return fields;
  }
  for (;;) {
    let next = bytes.indexOf(sep, at);
    if (next < 0 || next > line.end) next = line.end;
    let start = at;
    let end = next;
    while (start < end && isBlank(bytes[start]!)) start++;
    while (end > start && isBlank(bytes[end - 1]!)) end--;
    fields.push([start, end]);
    if (next >= line.end) return fields;
    at = next + 1;
  }
}

function isFieldText(bytes: Buffer, [start, end]: [number, number]): boolean {
  for (let k = start; k < end; k++) if (IS_FIELD_CHARACTER[bytes[k]!] !== 1) return false;
  return true;
}

function isCodeUrl(bytes: Buffer, field: [number, number]): boolean {
  return field[1] - field[0] === CODE_URL_LENGTH && isFieldText(bytes, field) && bytes.indexOf(0x2f, field[0]) < field[1];
}

function indexValue(bytes: Buffer, [start, end]: [number, number]): number {
  if (end <= start || end - start > INDEX_MAX_DIGITS) return -1;
  let value = 0;
  for (let k = start; k < end; k++) {
    const digit = bytes[k]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Line 1 is a header when it holds a byte outside the field alphabet and separators, and no run that could be a code_url. */
export function isHeaderLine(bytes: Buffer, line: Line): boolean {
  let foreign = false;
  let run = 0;
  let slash = false;
  for (let k = line.start; k <= line.end; k++) {
    const byte = k < line.end ? bytes[k]! : 0x0a;
    if (IS_FIELD_CHARACTER[byte] === 1) {
      run++;
      slash ||= byte === 0x2f;
      continue;
    }
    if (run === CODE_URL_LENGTH && slash) return false;
    run = 0;
    slash = false;
    if (k < line.end && !isBlank(byte) && byte !== 0x2c && byte !== 0x3b) foreign = true;
  }
  return foreign;
}

/** The first separator under which a line has a code_url field (or the mapping's field count) and no empty field. */
function lineSeparator(bytes: Buffer, line: Line, columns: number | undefined): 'comma' | 'semicolon' | 'spaces' | undefined {
  return (['comma', 'semicolon', 'spaces'] as const).find((separator) => {
    const fields = splitFields(bytes, line, separator);
    if (fields.some(([start, end]) => end === start)) return false;
    return columns === undefined ? fields.some((field) => isCodeUrl(bytes, field)) : fields.length === columns;
  });
}

/**
 * The separator: comma, semicolon, else runs of blanks (labelled `tab` when line 1 uses
 * tabs). Each sampled line votes; the most votes win, a tie goes to the stricter (comma,
 * then semicolon), so one damaged line cannot switch the package to another reading.
 */
export function separatorOf(bytes: Buffer, lines: Line[], columns: number | undefined): Separator | undefined {
  const votes = lines.map((line) => lineSeparator(bytes, line, columns));
  const count = (separator: string) => votes.filter((vote) => vote === separator).length;
  const chosen = (['comma', 'semicolon', 'spaces'] as const).reduce((best, separator) =>
    count(separator) > count(best) ? separator : best,
  );
  if (count(chosen) === 0) return undefined;
  if (chosen !== 'spaces') return chosen;
  const first = lines[0]!;
  const gap = bytes.subarray(first.start, first.end).findIndex((byte, k, line) => isBlank(byte) && k > 0 && !isBlank(line[k - 1]!));
  return gap >= 0 && bytes[first.start + gap] === 0x09 ? 'tab' : 'spaces';
}

export type LayoutDecision = { ok: true; layout: LineLayout } | { ok: false; line: number; problem: LayoutProblem };

type Field = [number, number];
type KnownRole = Exclude<ColumnRole, 'extra'>;

/**
 * Of the columns claiming one role: the one with its shape on the most sampled lines;
 * on a tie, the one with it on line 1 (the byte loop then names the other line). Undefined
 * when two have it on every line, or the tie stays: only IT can say which it is.
 */
function strongestClaim(
  columns: number[],
  score: (column: number) => number,
  onLine1: (column: number) => boolean,
  lines: number,
): number | undefined {
  const best = Math.max(...columns.map(score));
  const top = columns.filter((column) => score(column) === best);
  if (top.length === 1) return top[0];
  if (best === lines) return undefined;
  const first = top.filter(onLine1);
  return first.length === 1 ? first[0] : undefined;
}

/**
 * Role of each column from the sampled lines. A column is a candidate for a role when it
 * has that shape on at least one sampled line, so one damaged line cannot turn a code
 * into an extra column (the byte loop then names the damaged line). Where two columns
 * claim a role, the one with that shape on every sampled line wins; if none or both, the
 * layout is ambiguous and IT sets it by hand.
 */
function classifyColumns(bytes: Buffer, sample: Field[][], codeStart: number, codeEnd: number): ColumnRole[] | LayoutProblem {
  const isCode = (field: Field) => field[1] - field[0] === CODE_LENGTH && isFieldText(bytes, field);
  const value = (row: number, column: number) => indexValue(bytes, sample[row]![column]!);
  const shapes: Record<KnownRole, (column: number, row: number) => boolean> = {
    code_url: (column, row) => isCodeUrl(bytes, sample[row]![column]!),
    // Any index of the segment, not only the right one: lines swapped or missing must fail on the
    // index check (the byte loop names the line), not turn the index into an extra column.
    index: (column, row) => value(row, column) >= codeStart && value(row, column) <= codeEnd,
    code: (column, row) => isCode(sample[row]![column]!),
  };
  const score = (role: KnownRole, column: number) => sample.filter((_, row) => shapes[role](column, row)).length;
  const candidate = (column: number, roles: readonly KnownRole[]): ColumnRole => roles.find((role) => score(role, column) > 0) ?? 'extra';
  const roles = sample[0]!.map((_, column) => candidate(column, ['code_url', 'index', 'code']));
  for (const [role, weaker] of [
    ['code_url', ['index', 'code']],
    ['index', ['code']],
    ['code', []],
  ] as const) {
    const columns = roles.flatMap((r, k) => (r === role ? [k] : []));
    if (columns.length < 2) continue;
    const winner = strongestClaim(
      columns,
      (column) => score(role, column),
      (column) => shapes[role](column, 0),
      sample.length,
    );
    if (winner === undefined) return { kind: 'ambiguous', field: role, columns: columns.map((k) => k + 1) };
    for (const column of columns) if (column !== winner) roles[column] = candidate(column, weaker);
  }
  return roles.includes('code_url') ? roles : { kind: 'no_code_url' };
}

/**
 * The layout of a package from its first lines: header, separator, columns.
 * `mapping` (set by hand) replaces the column classification; it must fit line 1.
 */
export function detectLayout(
  bytes: Buffer,
  start: number,
  range: { codeStart: number; codeEnd: number },
  mapping?: readonly ColumnRole[],
): LayoutDecision {
  const lines = firstLines(bytes, start, SAMPLE_LINES + 1);
  if (lines.length === 0) return { ok: false, line: 1, problem: { kind: 'no_data' } };
  const headerLines = lines.length > 1 && lines[0]!.number === 1 && isHeaderLine(bytes, lines[0]!) ? 1 : 0;
  const data = lines.slice(headerLines, headerLines + SAMPLE_LINES);
  const first = data[0];
  if (!first) return { ok: false, line: 1, problem: { kind: 'no_data' } };
  const separator = separatorOf(bytes, data, mapping?.length);
  if (!separator) {
    const problem: LayoutProblem = mapping ? { kind: 'mapping_mismatch', columns: mapping.length } : { kind: 'no_code_url' };
    return { ok: false, line: first.number, problem };
  }
  if (mapping) return { ok: true, layout: { columns: [...mapping], separator, headerLines, manual: true } };
  const sample = data.map((line) => splitFields(bytes, line, separator));
  // Only the leading lines with line 1's field count are sampled; the byte loop names a line that differs.
  const differing = sample.findIndex((fields) => fields.length !== sample[0]!.length);
  const columns = classifyColumns(bytes, differing < 0 ? sample : sample.slice(0, differing), range.codeStart, range.codeEnd);
  if (!Array.isArray(columns)) return { ok: false, line: first.number, problem: columns };
  return { ok: true, layout: { columns, separator, headerLines, manual: false } };
}
