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
const COMMA = 0x2c;
const SPACE = 0x20;
/** `code_url_spaces`: three spaces between the fields and two trailing ones. */
const SPACES_BETWEEN = 3;
const SPACES_TRAILING = 2;
/** Indices stay below 20,000,000, i.e. at most 8 digits. */
const MAX_INDEX_DIGITS = 8;

function maxLineLength(layout: PackageLayout): number {
  switch (layout) {
    case 'url':
      return CODE_URL_LENGTH + 1;
    case 'index_code_url':
      return MAX_INDEX_DIGITS + 1 + CODE_LENGTH + 1 + CODE_URL_LENGTH + 1;
    case 'code_url_spaces':
      return CODE_LENGTH + SPACES_BETWEEN + CODE_URL_LENGTH + SPACES_TRAILING + 1;
  }
}

function writeDecimal(target: Buffer, offset: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  let rest = value;
  for (let k = digits - 1; k >= 0; k--) {
    target[offset + k] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return offset + digits;
}

/**
 * The decrypted text of one segment, written byte by byte into one buffer sized
 * up front (no per-line strings): lines separated by `\n`, none after the last.
 */
export function buildPackageText(generator: CodeGenerator, segment: PackageSegment, layout: PackageLayout): Buffer {
  const count = segment.codeEnd - segment.codeStart + 1;
  if (!Number.isInteger(count) || count <= 0) throw new RangeError('empty or invalid segment');
  const output = Buffer.allocUnsafe(count * maxLineLength(layout));
  let at = 0;
  for (let index = segment.codeStart; index <= segment.codeEnd; index++) {
    const serial = segment.serialStart + index;
    switch (layout) {
      case 'url':
        generator.writeCodeUrl(output, at, serial);
        at += CODE_URL_LENGTH;
        break;
      case 'index_code_url':
        at = writeDecimal(output, at, index);
        output[at++] = COMMA;
        generator.writeCode(output, at, serial);
        at += CODE_LENGTH;
        output[at++] = COMMA;
        generator.writeCodeUrl(output, at, serial);
        at += CODE_URL_LENGTH;
        break;
      case 'code_url_spaces':
        generator.writeCode(output, at, serial);
        at += CODE_LENGTH;
        // Byte loops, not Buffer.fill: a native call costs more than two or three bytes.
        for (let k = 0; k < SPACES_BETWEEN; k++) output[at++] = SPACE;
        generator.writeCodeUrl(output, at, serial);
        at += CODE_URL_LENGTH;
        for (let k = 0; k < SPACES_TRAILING; k++) output[at++] = SPACE;
        break;
    }
    output[at++] = NEWLINE;
  }
  // Drop the newline after the last line.
  return output.subarray(0, at - 1);
}
