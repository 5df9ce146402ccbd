import { CODE_LENGTH, CODE_URL_LENGTH, type CodeGenerator } from './code-generator';
import type { PackageLayout } from './types';

export interface PackageSegment {
  /** The application's first global serial (its index 0). */
  serialStart: number;
  /** Inclusive application indices of the segment. */
  codeStart: number;
  codeEnd: number;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** Indices stay below 20,000,000, i.e. at most 8 digits. */
const MAX_INDEX_DIGITS = 8;
/** The "WeChat code" of the four-column layouts: 12 digits (its real shape is unknown). */
const WECHAT_CODE_DIGITS = 12;
/** The lot number of `extra_trailing`: `L` and 5 digits. */
const LOT_DIGITS = 5;

type Field = 'index' | 'code' | 'url' | 'wechat_code' | 'short_wechat_code' | 'lot';

/** Each layout as its fields, what goes between them and after them, and a header line. */
interface LayoutShape {
  fields: readonly Field[];
  separator: string;
  trailing: string;
  header: string | null;
}

const SHAPES: Record<PackageLayout, LayoutShape> = {
  url: { fields: ['url'], separator: '', trailing: '', header: null },
  index_code_url: { fields: ['index', 'code', 'url'], separator: ',', trailing: '', header: null },
  code_url_spaces: { fields: ['code', 'url'], separator: '   ', trailing: '  ', header: null },
  wechat_code_4col: { fields: ['wechat_code', 'code', 'index', 'url'], separator: ' ', trailing: '', header: null },
  header_index_code_url: { fields: ['index', 'code', 'url'], separator: ',', trailing: '', header: '索引,原始码,二维码' },
  header_4col: { fields: ['wechat_code', 'code', 'index', 'url'], separator: ',', trailing: '', header: '微信码,原始码,索引,二维码' },
  semicolons: { fields: ['index', 'code', 'url'], separator: ';', trailing: '', header: null },
  extra_trailing: { fields: ['index', 'code', 'url', 'lot'], separator: ',', trailing: '', header: null },
  short_wechat_code_4col: { fields: ['short_wechat_code', 'code', 'index', 'url'], separator: '\t', trailing: '', header: null },
};

const FIELD_WIDTH: Record<Field, number> = {
  index: MAX_INDEX_DIGITS,
  code: CODE_LENGTH,
  url: CODE_URL_LENGTH,
  wechat_code: WECHAT_CODE_DIGITS,
  short_wechat_code: CODE_LENGTH,
  lot: 1 + LOT_DIGITS,
};

function maxLineLength(shape: LayoutShape): number {
  const fields = shape.fields.reduce((sum, field) => sum + FIELD_WIDTH[field], 0);
  return fields + shape.separator.length * (shape.fields.length - 1) + shape.trailing.length + 1;
}

function writeDecimal(target: Buffer, offset: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return writeDigits(target, offset, value, digits);
}

/** `value` as exactly `digits` decimal digits (leading zeros). */
function writeDigits(target: Buffer, offset: number, value: number, digits: number): number {
  let rest = value;
  for (let k = digits - 1; k >= 0; k--) {
    target[offset + k] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return offset + digits;
}

/** Writes one field of the code at `index` (global serial `serial`); returns the offset after it. */
function writeField(generator: CodeGenerator, output: Buffer, at: number, field: Field, index: number, serial: number): number {
  switch (field) {
    case 'index':
      return writeDecimal(output, at, index);
    case 'code':
      generator.writeCode(output, at, serial);
      return at + CODE_LENGTH;
    case 'url':
      generator.writeCodeUrl(output, at, serial);
      return at + CODE_URL_LENGTH;
    case 'wechat_code':
      // `8` and the serial in 11 digits: distinct per code, not a 9-digit code or an index.
      output[at] = 0x38;
      return writeDigits(output, at + 1, serial, WECHAT_CODE_DIGITS - 1);
    case 'short_wechat_code':
      output[at] = 0x57; // W
      return writeDigits(output, at + 1, serial % 10 ** (CODE_LENGTH - 1), CODE_LENGTH - 1);
    case 'lot':
      output[at] = 0x4c; // L
      return writeDigits(output, at + 1, Math.floor(serial / 1_000) % 10 ** LOT_DIGITS, LOT_DIGITS);
  }
}

/** The header line of a layout, or null (tests and docs show it). */
export function packageHeaderOf(layout: PackageLayout): string | null {
  return SHAPES[layout].header;
}

/**
 * The decrypted text of one segment, written byte by byte into one buffer sized
 * up front (no per-line strings): lines separated by `\n`, none after the last.
 */
export function buildPackageText(generator: CodeGenerator, segment: PackageSegment, layout: PackageLayout): Buffer {
  const count = segment.codeEnd - segment.codeStart + 1;
  if (!Number.isInteger(count) || count <= 0) throw new RangeError('empty or invalid segment');
  const shape = SHAPES[layout];
  const header = shape.header === null ? null : Buffer.from(`${shape.header}\n`, 'utf8');
  const separator = Buffer.from(shape.separator, 'ascii');
  const output = Buffer.allocUnsafe((header?.length ?? 0) + count * maxLineLength(shape));
  let at = header ? header.copy(output, 0) : 0;
  for (let index = segment.codeStart; index <= segment.codeEnd; index++) {
    const serial = segment.serialStart + index;
    for (let k = 0; k < shape.fields.length; k++) {
      // Byte loops, not Buffer.copy: a native call costs more than one to three bytes.
      if (k > 0) for (let s = 0; s < separator.length; s++) output[at++] = separator[s]!;
      at = writeField(generator, output, at, shape.fields[k]!, index, serial);
    }
    for (let s = 0; s < shape.trailing.length; s++) output[at++] = SPACE;
    output[at++] = NEWLINE;
  }
  // Drop the newline after the last line.
  return output.subarray(0, at - 1);
}
