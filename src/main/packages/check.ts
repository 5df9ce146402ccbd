/**
 * Decrypted package text → a `CheckedSegment`, validating the whole segment before a
 * single row is handed out: the importer never starts inserting a segment that would
 * fail at line 49,999, and a bad segment is reported as a package error naming its
 * first bad line rather than as a SQLite constraint failure.
 *
 * One pass of a byte loop over the Buffer (no split, no regex, no per-line strings)
 * keeps only the offsets of each line's code and code_url (8 bytes a code). Strings are
 * cut per batch, from one latin1 copy of the text, when the importer asks for them.
 *
 * Lines (DESIGN §2; the real layout is undocumented): fields separated by tabs, spaces
 * or one comma (with optional blanks around it); leading and trailing blanks and CR
 * tolerated; a field is an index (1–8 digits), a code (9 characters) or a code_url
 * (28 characters), both from QR-alphanumeric upper case without the space
 * (0-9 A-Z $ % * + - . / :). Every line must have the layout of line 1. Blank lines
 * may only end the text. A UTF-8 BOM at the start is skipped.
 */
import { createHash } from 'node:crypto';
import type { BadLineReason } from '../../shared/error-catalogue/packages';
import { packageError, type PackageError } from './package-error';
import { DEFAULT_BATCH_SIZE, type CheckedSegment, type PackageLayoutDetected, type PackageSegmentRange, type ParsedCode } from './types';

export const CODE_LENGTH = 9;
export const CODE_URL_LENGTH = 28;
const INDEX_MAX_DIGITS = 8;
/** Characters of a code or code_url: QR alphanumeric mode without the space. */
const FIELD_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:';

// Byte classes.
const OTHER = 0;
const DIGIT = 1;
/** A field character that is not a digit. */
const LETTER = 2;
/** Space, tab, CR: separate fields, or trail a line. */
const BLANK = 3;
const COMMA = 4;
const NEWLINE = 5;

const BYTE_CLASS = new Uint8Array(256);
/** 1 for field characters: the inner loop over a field asks only this. */
const IS_FIELD_CHARACTER = new Uint8Array(256);
for (let k = 0; k < FIELD_CHARACTERS.length; k++) {
  const byte = FIELD_CHARACTERS.charCodeAt(k);
  BYTE_CLASS[byte] = k < 10 ? DIGIT : LETTER;
  IS_FIELD_CHARACTER[byte] = 1;
}
BYTE_CLASS[0x20] = BLANK;
BYTE_CLASS[0x09] = BLANK;
BYTE_CLASS[0x0d] = BLANK;
BYTE_CLASS[0x2c] = COMMA;
BYTE_CLASS[0x0a] = NEWLINE;

// A line's layout as a number: two bits per field, the first field highest.
const INDEX = 1;
const CODE = 2;
const URL = 3;
const LAYOUT_OF_SEQUENCE = new Map<number, PackageLayoutDetected>([
  [URL, 'url'],
  [CODE * 4 + URL, 'code+url'],
  [URL * 4 + CODE, 'url+code'],
  [INDEX * 4 + URL, 'index+url'],
  [(INDEX * 4 + CODE) * 4 + URL, 'index+code+url'],
  [(INDEX * 4 + URL) * 4 + CODE, 'index+url+code'],
]);

function describeSequence(sequence: number): string {
  const names: string[] = [];
  for (let rest = sequence; rest > 0; rest >>= 2) names.unshift(rest % 4 === INDEX ? 'index' : rest % 4 === CODE ? 'code' : 'url');
  return names.join('+');
}

function isDigits(bytes: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (BYTE_CLASS[bytes[k]!] !== DIGIT) return false;
  return true;
}

interface ScannedLines {
  /** Lines with fields (beyond the expected count only counted). */
  codes: number;
  /** The layout of every line, as a field sequence. */
  sequence: number;
  /** Byte offset of each row's code_url and code (null when the layout has no code). */
  urlOffsets: Int32Array;
  codeOffsets: Int32Array | null;
}

function failLine(segment: PackageSegmentRange, bytes: Buffer, line: number, lineStart: number, reason: BadLineReason): never {
  throw packageError('PACKAGE_BAD_LINE', { range: segment, line, excerpt: excerptOfLine(bytes, lineStart), reason });
}

/**
 * The byte loop: every line's fields, layout and index; offsets of code and code_url
 * for the first `expected` lines. Kept free of closures so V8 keeps `bytes` in a register.
 * Long (about 90 lines) on purpose: it is the import's hot path, and splitting it per line
 * or per field would cost a call and a result object per code (bench:packages).
 */
function scanLines(bytes: Buffer, segment: PackageSegmentRange): ScannedLines {
  const expected = segment.codeEnd - segment.codeStart + 1;
  const end = bytes.length;
  // k lines of ≥ 28 bytes with k − 1 newlines fit in `end` bytes only if k ≤ (end + 1) / 29:
  // a bogus range cannot make us allocate more than the text justifies.
  const capacity = Math.min(expected, Math.floor((end + 1) / (CODE_URL_LENGTH + 1)) + 1);
  const urlOffsets = new Int32Array(capacity);
  let codeOffsets: Int32Array | null = null;

  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 0;
  let codes = 0;
  let firstBlankLine = 0;
  let firstSequence = 0;
  while (pos <= end) {
    line++;
    const lineStart = pos;
    let sequence = 0;
    let fields = 0;
    let pendingComma = -1;
    let index = -1;
    let codeAt = -1;
    let urlAt = -1;
    while (pos < end) {
      const byteClass = BYTE_CLASS[bytes[pos]!]!;
      if (byteClass === BLANK) {
        pos++;
      } else if (byteClass === NEWLINE) {
        break;
      } else if (byteClass === COMMA) {
        if (fields === 0 || pendingComma >= 0)
          failLine(segment, bytes, line, lineStart, { kind: 'empty_field', column: pos - lineStart + 1 });
        pendingComma = pos++;
      } else if (byteClass === OTHER) {
        const character = describeCharacter(bytes, pos);
        failLine(segment, bytes, line, lineStart, { kind: 'character', column: pos - lineStart + 1, character });
      } else {
        const start = pos;
        for (pos++; pos < end && IS_FIELD_CHARACTER[bytes[pos]!] === 1; pos++);
        const length = pos - start;
        if (length === CODE_URL_LENGTH) {
          if (urlAt >= 0) failLine(segment, bytes, line, lineStart, { kind: 'repeated_field', field: 'code_url' });
          urlAt = start;
          sequence = sequence * 4 + URL;
        } else if (length === CODE_LENGTH) {
          if (codeAt >= 0) failLine(segment, bytes, line, lineStart, { kind: 'repeated_field', field: 'code' });
          codeAt = start;
          sequence = sequence * 4 + CODE;
        } else if (length <= INDEX_MAX_DIGITS && isDigits(bytes, start, pos)) {
          if (index >= 0) failLine(segment, bytes, line, lineStart, { kind: 'repeated_field', field: 'index' });
          index = 0;
          for (let k = start; k < pos; k++) index = index * 10 + (bytes[k]! - 0x30);
          sequence = sequence * 4 + INDEX;
        } else {
          failLine(segment, bytes, line, lineStart, { kind: 'field_length', column: start - lineStart + 1, length });
        }
        fields++;
        pendingComma = -1;
      }
    }
    if (pendingComma >= 0) failLine(segment, bytes, line, lineStart, { kind: 'empty_field', column: pendingComma - lineStart + 2 });
    pos++; // past the newline, or past the end after the last line

    if (fields === 0) {
      if (firstBlankLine === 0) firstBlankLine = line;
      continue;
    }
    // Blank lines may only end the text: anywhere else they would shift derived indices.
    if (firstBlankLine !== 0) failLine(segment, bytes, firstBlankLine, lineStartOf(bytes, firstBlankLine), { kind: 'blank_line' });
    if (sequence !== firstSequence) {
      if (!LAYOUT_OF_SEQUENCE.has(sequence)) {
        failLine(segment, bytes, line, lineStart, urlAt < 0 ? { kind: 'no_code_url' } : { kind: 'index_not_first' });
      }
      if (firstSequence !== 0) {
        const layouts = { layout: describeSequence(sequence), firstLayout: describeSequence(firstSequence) };
        failLine(segment, bytes, line, lineStart, { kind: 'layout_changed', ...layouts });
      }
      firstSequence = sequence;
      if (codeAt >= 0) codeOffsets = new Int32Array(capacity);
    }
    codes++;
    // Beyond `expected` lines only the format is checked (for the count in the error).
    if (codes <= capacity) {
      if (index >= 0 && index !== segment.codeStart + codes - 1) {
        throw packageError('PACKAGE_INDEX_GAP', { range: segment, line, expectedIndex: segment.codeStart + codes - 1, actualIndex: index });
      }
      urlOffsets[codes - 1] = urlAt;
      if (codeOffsets !== null) codeOffsets[codes - 1] = codeAt;
    }
  }
  return { codes, sequence: firstSequence, urlOffsets, codeOffsets };
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
 * Checks a decrypted package against its segment: layout, format of every line, count
 * `codeEnd - codeStart + 1`, indices contiguous from `codeStart` (given or derived from
 * the line number), codes and code_urls unique within the segment.
 * @throws PackageError PACKAGE_BAD_RANGE, PACKAGE_EMPTY, PACKAGE_BAD_LINE, PACKAGE_INDEX_GAP,
 *   PACKAGE_COUNT_MISMATCH, PACKAGE_DUPLICATE_CODE, each naming the first bad line.
 */
export function checkPackage(plaintext: Buffer, range: PackageSegmentRange): CheckedSegment {
  assertSegmentRange(range);
  const segment = { applicationId: range.applicationId, codeStart: range.codeStart, codeEnd: range.codeEnd };
  const expected = segment.codeEnd - segment.codeStart + 1;
  const bytes = plaintext;
  const { codes, sequence, urlOffsets, codeOffsets } = scanLines(bytes, segment);

  if (codes === 0) throw packageError('PACKAGE_EMPTY', { range: segment });
  if (codes !== expected) throw packageError('PACKAGE_COUNT_MISMATCH', { range: segment, expected, actual: codes });
  const codeRepeat = codeOffsets === null ? null : firstRepeat(bytes, codeOffsets, CODE_LENGTH);
  const urlRepeat = firstRepeat(bytes, urlOffsets, CODE_URL_LENGTH);
  if (codeRepeat !== null && (urlRepeat === null || codeRepeat[1] <= urlRepeat[1])) {
    throw duplicateError(bytes, segment, 'code', codeOffsets!, CODE_LENGTH, codeRepeat);
  }
  if (urlRepeat !== null) throw duplicateError(bytes, segment, 'code_url', urlOffsets, CODE_URL_LENGTH, urlRepeat);

  const layout = LAYOUT_OF_SEQUENCE.get(sequence)!;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    range: segment,
    layout,
    count: expected,
    sha256,
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
          batch.push({
            codeIndex: segment.codeStart + k,
            code: codeAt < 0 ? null : text.slice(codeAt, codeAt + CODE_LENGTH),
            codeUrl: text.slice(urlAt, urlAt + CODE_URL_LENGTH),
          });
        }
        yield batch;
      }
    },
  };
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

/**
 * The first (earlier row, later row) pair, 0-based, whose fields are equal, ordered by
 * the later row; null when all differ. An open-addressing table of row numbers keyed by
 * a 53-bit hash of the field (two 32-bit multiplicative hashes), in typed arrays: no
 * strings, no Map, one pass in row order. Equal hashes are confirmed byte by byte.
 */
function firstRepeat(bytes: Buffer, offsets: Int32Array, width: number): [number, number] | null {
  const count = offsets.length;
  let size = 1024;
  while (size < count * 2) size *= 2;
  const mask = size - 1;
  const rows = new Int32Array(size).fill(-1);
  const keys = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    const at = offsets[row]!;
    let high = 0x811c9dc5;
    let low = 0x9e3779b9;
    // Four bytes a step: a 28-byte code_url costs 7 rounds, not 28.
    let k = at;
    for (const last = at + width - 4; k <= last; k += 4) {
      const word = bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24);
      high = Math.imul(high ^ word, 0x01000193);
      high ^= high >>> 13;
      low = Math.imul(low ^ word, 0x5bd1e995);
      low ^= low >>> 15;
    }
    for (; k < at + width; k++) {
      high = Math.imul(high ^ bytes[k]!, 0x01000193);
      high ^= high >>> 13;
      low = Math.imul(low ^ bytes[k]!, 0x5bd1e995);
      low ^= low >>> 15;
    }
    const key = (high >>> 0) * 0x200000 + (low >>> 11);
    keys[row] = key;
    let slot = (high ^ (high >>> 16)) & mask;
    for (let other = rows[slot]!; other >= 0; other = rows[slot]!) {
      if (keys[other] === key && bytes.compare(bytes, offsets[other]!, offsets[other]! + width, at, at + width) === 0) return [other, row];
      slot = (slot + 1) & mask;
    }
    rows[slot] = row;
  }
  return null;
}

function lineStartOf(bytes: Buffer, line: number): number {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let current = 1; current < line; current++) at = bytes.indexOf(0x0a, at) + 1;
  return at;
}

const EXCERPT_CHARACTERS = 40;
/** Control, bidi and invisible characters: shown escaped so an excerpt cannot hide or reorder text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffd]/u;
const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER.source, 'gu');

function escapeCharacter(character: string): string {
  const point = character.codePointAt(0) ?? 0;
  if (point === 0x09) return '\\t';
  if (point === 0x0d) return '\\r';
  return point <= 0xff ? `\\x${point.toString(16).padStart(2, '0')}` : `\\u${point.toString(16).padStart(4, '0')}`;
}

/** The start of a line, at most 40 characters, safe to show in a message and a log. */
function excerptOfLine(bytes: Buffer, lineStart: number): string {
  let lineEnd = bytes.indexOf(0x0a, lineStart);
  if (lineEnd < 0) lineEnd = bytes.length;
  const shown = Array.from(bytes.toString('utf8', lineStart, Math.min(lineEnd, lineStart + EXCERPT_CHARACTERS * 4)).trimEnd());
  const cut = shown.length > EXCERPT_CHARACTERS;
  return shown.slice(0, EXCERPT_CHARACTERS).join('').replace(UNSAFE_CHARACTERS, escapeCharacter) + (cut ? '…' : '');
}

/** The character at a byte offset, quoted when printable, else its code. */
function describeCharacter(bytes: Buffer, at: number): string {
  const byte = bytes[at]!;
  if (byte > 0x20 && byte < 0x7f) return `"${String.fromCharCode(byte)}"`;
  if (byte < 0x80) return `0x${byte.toString(16).padStart(2, '0')}`;
  const character = String.fromCodePoint(bytes.toString('utf8', at, Math.min(bytes.length, at + 4)).codePointAt(0) ?? 0xfffd);
  return UNSAFE_CHARACTER.test(character) ? `0x${byte.toString(16)}` : `"${character}"`;
}
