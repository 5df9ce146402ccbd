/**
 * Decrypted package text → a `CheckedSegment`, validating the whole segment before a
 * single row is handed out: the importer never starts inserting a segment that would
 * fail at line 49,999, and a bad segment is reported as a package error naming its
 * first bad line rather than as a SQLite constraint failure.
 *
 * The layout (columns, separator, header) is decided once from the first lines
 * (layout.ts) or set by hand; then one pass of a byte loop over the Buffer (no split,
 * no regex, no per-line strings) holds every line to it and keeps only the offsets of
 * each line's code and code_url (8 bytes a code), plus those of extra columns when the
 * layout has any. Strings are cut per batch, when the importer asks for them.
 */
import { createHash } from 'node:crypto';
import type { BadLineReason } from '../../shared/error-catalogue/packages';
import { describeCharacter, excerptOfLine, lineStartOf } from './excerpt';
import {
  CODE_LENGTH,
  CODE_URL_LENGTH,
  INDEX_MAX_DIGITS,
  IS_FIELD_CHARACTER,
  describeColumns,
  detectLayout,
  type ColumnRole,
  type LineLayout,
} from './layout';
import { packageError, type PackageError } from './package-error';
import { firstRepeat } from './repeats';
import { DEFAULT_BATCH_SIZE, type CheckedSegment, type PackageSegmentRange, type ParsedCode } from './types';

export { CODE_LENGTH, CODE_URL_LENGTH } from './layout';

const NEWLINE = 0x0a;
const ROLE_NUMBER: Record<ColumnRole, number> = { index: 0, code: 1, code_url: 2, extra: 3 };
const INDEX = 0;
const CODE = 1;
const URL = 2;
/** The byte of a one-character separator; −1 for runs of blanks. */
const SEPARATOR_BYTE = { comma: 0x2c, semicolon: 0x3b, tab: -1, spaces: -1 } as const;

interface ScannedLines {
  /** Data lines (beyond the expected count only counted). */
  codes: number;
  /** Byte offset of each row's code_url and code (null when the layout has no code). */
  urlOffsets: Int32Array;
  codeOffsets: Int32Array | null;
  /** Start and end of each row's extra fields, row-major (`row * extras + k`); empty without extras. */
  extraStarts: Int32Array;
  extraEnds: Int32Array;
}

function failLine(segment: PackageSegmentRange, bytes: Buffer, line: number, lineStart: number, reason: BadLineReason): never {
  throw packageError('PACKAGE_BAD_LINE', { range: segment, line, excerpt: excerptOfLine(bytes, lineStart), reason });
}

/** Where the text after a BOM and the skipped header begins. */
function dataStartOf(bytes: Buffer, layout: LineLayout): number {
  const afterBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return layout.headerLines === 0 ? afterBom : bytes.indexOf(NEWLINE, afterBom) + 1;
}

/** How many fields a refused line has, for the message (the slow path, once). */
function fieldCountOf(bytes: Buffer, lineStart: number, layout: LineLayout): number {
  let end = bytes.indexOf(NEWLINE, lineStart);
  if (end < 0) end = bytes.length;
  let fields = 0;
  let inField = false;
  const sep = SEPARATOR_BYTE[layout.separator];
  for (let k = lineStart; k < end; k++) {
    const byte = bytes[k]!;
    const blank = byte === 0x20 || byte === 0x0d || byte === 0x09;
    if (sep >= 0 ? byte === sep : blank) inField = false;
    else if (!blank && !inField) {
      inField = true;
      fields++;
    }
  }
  return fields;
}

/**
 * The byte loop: every line held to the layout, the index checked, offsets kept for
 * the first `expected` lines. Kept free of closures so V8 keeps `bytes` in a register.
 * Long (about 110 lines) on purpose: it is the import's hot path, and splitting it per
 * line or per field would cost a call and a result object per code (bench:packages).
 */
function scanLines(bytes: Buffer, segment: PackageSegmentRange, layout: LineLayout): ScannedLines {
  const expected = segment.codeEnd - segment.codeStart + 1;
  const end = bytes.length;
  // k lines of ≥ 28 bytes with k − 1 newlines fit in `end` bytes only if k ≤ (end + 1) / 29:
  // a bogus range cannot make us allocate more than the text justifies.
  const capacity = Math.min(expected, Math.floor((end + 1) / (CODE_URL_LENGTH + 1)) + 1);
  const roles = Uint8Array.from(layout.columns, (role) => ROLE_NUMBER[role]);
  const width = roles.length;
  const extras = roles.filter((role) => role === ROLE_NUMBER.extra).length;
  const urlOffsets = new Int32Array(capacity);
  const codeOffsets = roles.includes(CODE) ? new Int32Array(capacity) : null;
  const extraStarts = new Int32Array(capacity * extras);
  const extraEnds = new Int32Array(capacity * extras);
  const sep: number = SEPARATOR_BYTE[layout.separator];
  // Blanks around fields (and between them when blanks separate): spaces, tabs, CR.
  const SKIP = new Uint8Array(256);
  SKIP[0x20] = 1;
  SKIP[0x0d] = 1;
  SKIP[0x09] = 1;

  let pos = dataStartOf(bytes, layout);
  let line = layout.headerLines;
  let codes = 0;
  let firstBlankLine = 0;
  while (pos <= end) {
    line++;
    const lineStart = pos;
    while (pos < end && SKIP[bytes[pos]!] === 1) pos++;
    if (pos >= end || bytes[pos] === NEWLINE) {
      if (firstBlankLine === 0) firstBlankLine = line;
      pos++;
      continue;
    }
    // Blank lines may only end the text: anywhere else they would shift derived indices.
    if (firstBlankLine !== 0) failLine(segment, bytes, firstBlankLine, lineStartOf(bytes, firstBlankLine), { kind: 'blank_line' });
    codes++;
    const row = codes - 1;
    const keep = codes <= capacity;
    let extra = row * extras;
    let lineIndex = -1;
    for (let column = 0; column < width; column++) {
      const start = pos;
      const role = roles[column]!;
      let fieldEnd;
      if (role === ROLE_NUMBER.extra) {
        // Anything up to the separator; blanks inside are kept, around it trimmed.
        while (pos < end && bytes[pos] !== sep && bytes[pos] !== NEWLINE && (sep >= 0 || SKIP[bytes[pos]!] !== 1)) pos++;
        for (fieldEnd = pos; fieldEnd > start && SKIP[bytes[fieldEnd - 1]!] === 1; fieldEnd--);
        for (let k = start; k < fieldEnd; k++) {
          if (bytes[k]! < 0x20 || bytes[k] === 0x7f) {
            if (bytes[k] === 0x09 && sep >= 0) continue; // a tab inside text between commas is text
            failLine(segment, bytes, line, lineStart, {
              kind: 'character',
              column: k - lineStart + 1,
              character: describeCharacter(bytes, k),
            });
          }
        }
        if (keep) {
          extraStarts[extra] = start;
          extraEnds[extra++] = fieldEnd;
        }
      } else {
        while (pos < end && IS_FIELD_CHARACTER[bytes[pos]!] === 1) pos++;
        fieldEnd = pos;
        const next = pos < end ? bytes[pos]! : NEWLINE;
        if (next !== NEWLINE && next !== sep && SKIP[next] !== 1) {
          failLine(segment, bytes, line, lineStart, {
            kind: 'character',
            column: pos - lineStart + 1,
            character: describeCharacter(bytes, pos),
          });
        }
      }
      const length = fieldEnd - start;
      if (length === 0) failLine(segment, bytes, line, lineStart, { kind: 'empty_field', column: start - lineStart + 1 });
      if (role === URL) {
        if (length !== CODE_URL_LENGTH) failLine(segment, bytes, line, lineStart, shapeReason('code_url', start - lineStart + 1, length));
        if (keep) urlOffsets[row] = start;
      } else if (role === CODE) {
        if (length !== CODE_LENGTH) failLine(segment, bytes, line, lineStart, shapeReason('code', start - lineStart + 1, length));
        if (keep) codeOffsets![row] = start;
      } else if (role === INDEX) {
        let index = 0;
        for (let k = start; k < fieldEnd; k++) {
          const digit = bytes[k]! - 0x30;
          if (digit < 0 || digit > 9 || length > INDEX_MAX_DIGITS)
            failLine(segment, bytes, line, lineStart, shapeReason('index', start - lineStart + 1, length));
          index = index * 10 + digit;
        }
        lineIndex = index;
      }
      while (pos < end && SKIP[bytes[pos]!] === 1) pos++;
      const next = pos < end ? bytes[pos]! : NEWLINE;
      if (column === width - 1) {
        if (next !== NEWLINE) failLine(segment, bytes, line, lineStart, endOfLineReason(bytes, lineStart, pos, sep, layout));
      } else if (sep >= 0 ? next !== sep : next === NEWLINE || pos === fieldEnd) {
        failLine(segment, bytes, line, lineStart, { kind: 'field_count', expected: width, actual: fieldCountOf(bytes, lineStart, layout) });
      } else if (sep >= 0) {
        for (pos++; pos < end && SKIP[bytes[pos]!] === 1; pos++);
      }
    }
    // After the whole line: a line with too few fields is a field-count error, not an index gap.
    // Beyond `expected` lines only the format is checked (for the count in the error).
    if (lineIndex >= 0 && keep && lineIndex !== segment.codeStart + row) {
      throw packageError('PACKAGE_INDEX_GAP', { range: segment, line, expectedIndex: segment.codeStart + row, actualIndex: lineIndex });
    }
    pos++; // past the newline, or past the end after the last line
  }
  return { codes, urlOffsets, codeOffsets, extraStarts, extraEnds };
}

function shapeReason(field: 'index' | 'code' | 'code_url', column: number, length: number): BadLineReason {
  return { kind: 'field_shape', field, column, length };
}

/** After the last column: a separator with nothing after it is an empty field; anything else, too many fields. */
function endOfLineReason(bytes: Buffer, lineStart: number, at: number, sep: number, layout: LineLayout): BadLineReason {
  let after = at + 1;
  while (after < bytes.length && (bytes[after] === 0x20 || bytes[after] === 0x0d || bytes[after] === 0x09)) after++;
  if (sep >= 0 && bytes[at] === sep && (after >= bytes.length || bytes[after] === NEWLINE)) {
    return { kind: 'empty_field', column: at - lineStart + 2 };
  }
  return { kind: 'field_count', expected: layout.columns.length, actual: fieldCountOf(bytes, lineStart, layout) };
}

/** Throws PACKAGE_BAD_RANGE unless the range is one a `code_generate_list` could hold. */
export function assertSegmentRange(range: PackageSegmentRange): void {
  if (!Number.isSafeInteger(range.applicationId) || range.applicationId < 0) {
    throw packageError('PACKAGE_BAD_RANGE', {
      range,
      problem: { en: 'application_id must be a non-negative integer', zh: 'application_id 须为非负整数' },
    });
  }
  if (!Number.isSafeInteger(range.codeStart) || range.codeStart < 0) {
    throw packageError('PACKAGE_BAD_RANGE', {
      range,
      problem: { en: 'code_start must be a non-negative integer', zh: 'code_start 须为非负整数' },
    });
  }
  if (!Number.isSafeInteger(range.codeEnd) || range.codeEnd < range.codeStart) {
    throw packageError('PACKAGE_BAD_RANGE', {
      range,
      problem: { en: 'code_end must be an integer not below code_start', zh: 'code_end 须为不小于 code_start 的整数' },
    });
  }
}

/**
 * Checks a decrypted package against its segment: layout (detected, or `columns` set by
 * hand), format of every line, count `codeEnd - codeStart + 1`, indices contiguous from
 * `codeStart` (given or derived from the line number), codes and code_urls unique within
 * the segment.
 * @throws PackageError PACKAGE_BAD_RANGE, PACKAGE_EMPTY, PACKAGE_LAYOUT_UNDETECTED, PACKAGE_BAD_LINE,
 *   PACKAGE_INDEX_GAP, PACKAGE_COUNT_MISMATCH, PACKAGE_DUPLICATE_CODE, each naming the first bad line.
 */
export function checkPackage(plaintext: Buffer, range: PackageSegmentRange, columns?: readonly ColumnRole[]): CheckedSegment {
  assertSegmentRange(range);
  const segment = { applicationId: range.applicationId, codeStart: range.codeStart, codeEnd: range.codeEnd };
  const expected = segment.codeEnd - segment.codeStart + 1;
  const bytes = plaintext;
  const layout = layoutOf(bytes, segment, columns);
  const { codes, urlOffsets, codeOffsets, extraStarts, extraEnds } = scanLines(bytes, segment, layout);

  if (codes === 0) throw packageError('PACKAGE_EMPTY', { range: segment });
  if (codes !== expected) throw packageError('PACKAGE_COUNT_MISMATCH', { range: segment, expected, actual: codes });
  const codeRepeat = codeOffsets === null ? null : firstRepeat(bytes, codeOffsets, CODE_LENGTH);
  const urlRepeat = firstRepeat(bytes, urlOffsets, CODE_URL_LENGTH);
  if (codeRepeat !== null && (urlRepeat === null || codeRepeat[1] <= urlRepeat[1])) {
    throw duplicateError(bytes, segment, 'code', codeOffsets!, CODE_LENGTH, codeRepeat);
  }
  if (urlRepeat !== null) throw duplicateError(bytes, segment, 'code_url', urlOffsets, CODE_URL_LENGTH, urlRepeat);

  const extras = layout.columns.filter((role) => role === 'extra').length;
  return {
    range: segment,
    layout: describeColumns(layout.columns),
    columns: layout.columns,
    separator: layout.separator,
    header: layout.headerLines === 0 ? null : excerptOfLine(bytes, dataStartOf(bytes, { ...layout, headerLines: 0 })),
    manualLayout: layout.manual,
    count: expected,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    plaintextBytes: bytes.length,
    *batches(batchSize: number = DEFAULT_BATCH_SIZE): Generator<ParsedCode[], void, undefined> {
      if (!Number.isSafeInteger(batchSize) || batchSize < 1)
        throw new RangeError(`batch size must be a positive integer, not ${batchSize}`);
      // One latin1 copy of the text per iteration; 28-character slices of it are
      // V8 sliced strings (no copy), 9-character ones are tiny copies.
      const text = bytes.toString('latin1');
      for (let from = 0; from < expected; from += batchSize) {
        const to = Math.min(expected, from + batchSize);
        const batch: ParsedCode[] = [];
        for (let k = from; k < to; k++) {
          const urlAt = urlOffsets[k]!;
          const codeAt = codeOffsets === null ? -1 : codeOffsets[k]!;
          const row: ParsedCode = {
            codeIndex: segment.codeStart + k,
            code: codeAt < 0 ? null : text.slice(codeAt, codeAt + CODE_LENGTH),
            codeUrl: text.slice(urlAt, urlAt + CODE_URL_LENGTH),
          };
          // Extra columns may be any text (UTF-8), so they are decoded from the bytes.
          if (extras > 0)
            row.extras = Array.from({ length: extras }, (_, e) =>
              bytes.toString('utf8', extraStarts[k * extras + e], extraEnds[k * extras + e]),
            );
          batch.push(row);
        }
        yield batch;
      }
    },
  };
}

/** The first byte of the line that is neither a field character, a blank nor a separator; −1 if none. */
function firstForeignByte(bytes: Buffer, lineStart: number): number {
  for (let k = lineStart; k < bytes.length && bytes[k] !== NEWLINE; k++) {
    const byte = bytes[k]!;
    if (IS_FIELD_CHARACTER[byte] !== 1 && byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x2c && byte !== 0x3b) return k;
  }
  return -1;
}

/** The segment's layout, or PACKAGE_EMPTY / PACKAGE_LAYOUT_UNDETECTED naming the line it could not read. */
function layoutOf(bytes: Buffer, segment: PackageSegmentRange, columns: readonly ColumnRole[] | undefined): LineLayout {
  const afterBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const decision = detectLayout(bytes, afterBom, segment, columns);
  if (decision.ok) return decision.layout;
  if (decision.problem.kind === 'no_data') throw packageError('PACKAGE_EMPTY', { range: segment });
  const lineStart = lineStartOf(bytes, decision.line);
  // A line with no code_url and a character no layout allows: that character is the likelier fault.
  const foreign = decision.problem.kind === 'no_code_url' ? firstForeignByte(bytes, lineStart) : -1;
  if (foreign >= 0) {
    failLine(segment, bytes, decision.line, lineStart, {
      kind: 'character',
      column: foreign - lineStart + 1,
      character: describeCharacter(bytes, foreign),
    });
  }
  const excerpt = excerptOfLine(bytes, lineStart);
  throw packageError('PACKAGE_LAYOUT_UNDETECTED', { range: segment, line: decision.line, excerpt, problem: decision.problem });
}

/** PACKAGE_DUPLICATE_CODE for the pair of rows (0-based) whose `field` is equal. */
function duplicateError(
  bytes: Buffer,
  segment: PackageSegmentRange,
  field: 'code' | 'code_url',
  offsets: Int32Array,
  width: number,
  [first, second]: [number, number],
): PackageError {
  const value = bytes.toString('latin1', offsets[second]!, offsets[second]! + width);
  return packageError('PACKAGE_DUPLICATE_CODE', { range: segment, field, firstLine: first + 1, secondLine: second + 1, value });
}
