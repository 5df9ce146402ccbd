import { createIntegerPermutation, deriveKeys, mix31 } from './feistel';

/**
 * Codes are never stored: every application owns a range of a global serial
 * number (its `serial_start` .. `serial_start + code_count - 1`), and a serial maps
 * to its `code` and `code_url` through two keyed permutations. Both maps invert, so
 * `codeactivequery` by code or code_url finds (application, index) in O(1) even for
 * 20,000,000-code applications.
 *
 * code: the 9-digit permutation of the serial over [0, 10^9).
 * code_url: `P.URL.CN/0U.` + 16 base-36 characters: 6 carry a permutation of the serial
 * over [0, 36^6), interleaved with 10 keyed check characters derived from the serial,
 * so a made-up code_url is recognised as unknown rather than mapped to some code.
 */

export const CODE_LENGTH = 9;
export const CODE_URL_LENGTH = 28;
/** Fixed head of every simulated code_url, as in the documented example `P.URL.CN/0U.JYJXP3HJI2C98A9O`. */
export const CODE_URL_PREFIX = 'P.URL.CN/0U.';
/** A code is 9 decimal digits, so one simulator database can hand out at most 10^9 codes. */
export const CODE_SPACE_SIZE = 1_000_000_000;

const ROUNDS = 6;
const CODE_HALF_A = 32_000; // 32,000 × 31,250 = 10^9
const CODE_HALF_B = 31_250;
const URL_HALF = 36 ** 3; // 46,656² = 36^6 > 10^9
const CHECK_SPAN = 36 ** 5; // each check word yields 5 base-36 characters
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE36_BYTES = Buffer.from(BASE36, 'ascii');
const PREFIX_BYTES = Buffer.from(CODE_URL_PREFIX, 'ascii');
/** Body positions of the 6 serial characters (most significant first) and the 10 check characters. */
const SERIAL_POSITIONS = [0, 3, 6, 9, 12, 15] as const;
const CHECK_POSITIONS = [1, 2, 4, 5, 7, 8, 10, 11, 13, 14] as const;
const CODE_PATTERN = /^[0-9]{9}$/;
const CODE_URL_BODY_PATTERN = /^[0-9A-Z]{16}$/;

export interface CodeGenerator {
  /** The 9-digit code of a global serial (leading zeros kept). */
  codeAt(serial: number): string;
  /** The 28-character code_url of a global serial. */
  codeUrlAt(serial: number): string;
  /** Inverse of codeAt; undefined when the text is not a 9-digit code. */
  serialOfCode(code: string): number | undefined;
  /** Inverse of codeUrlAt; undefined when the text is no code_url this generator could have made. */
  serialOfCodeUrl(codeUrl: string): number | undefined;
  /** codeAt written as ASCII into `target` (package building without string churn). */
  writeCode(target: Buffer, offset: number, serial: number): void;
  /** codeUrlAt written as ASCII into `target`. */
  writeCodeUrl(target: Buffer, offset: number, serial: number): void;
}

export function createCodeGenerator(seed: string): CodeGenerator {
  const codePermutation = createIntegerPermutation(CODE_HALF_A, CODE_HALF_B, deriveKeys(seed, 'code', ROUNDS));
  const urlPermutation = createIntegerPermutation(URL_HALF, URL_HALF, deriveKeys(seed, 'code_url', ROUNDS));
  const [checkKey1, checkKey2] = deriveKeys(seed, 'code_url_check', 2) as [number, number];
  const body = Buffer.alloc(16);

  function checkSerial(serial: number): void {
    if (!Number.isInteger(serial) || serial < 0 || serial >= CODE_SPACE_SIZE) {
      throw new RangeError(`serial ${serial} is outside [0, ${CODE_SPACE_SIZE})`);
    }
  }

  function writeCode(target: Buffer, offset: number, serial: number): void {
    checkSerial(serial);
    let value = codePermutation.forward(serial);
    for (let k = CODE_LENGTH - 1; k >= 0; k--) {
      target[offset + k] = 48 + (value % 10);
      value = Math.floor(value / 10);
    }
  }

  /** The 16 body characters of a serial's code_url, written at `offset`. */
  function writeBody(target: Buffer, offset: number, serial: number): void {
    let permuted = urlPermutation.forward(serial);
    for (let k = SERIAL_POSITIONS.length - 1; k >= 0; k--) {
      target[offset + SERIAL_POSITIONS[k]!] = BASE36_BYTES[permuted % 36]!;
      permuted = Math.floor(permuted / 36);
    }
    const check1 = mix31(serial, checkKey1);
    let word = check1 % CHECK_SPAN;
    for (let k = 0; k < 5; k++) {
      target[offset + CHECK_POSITIONS[k]!] = BASE36_BYTES[word % 36]!;
      word = (word / 36) | 0;
    }
    word = mix31(serial ^ check1, checkKey2) % CHECK_SPAN;
    for (let k = 5; k < 10; k++) {
      target[offset + CHECK_POSITIONS[k]!] = BASE36_BYTES[word % 36]!;
      word = (word / 36) | 0;
    }
  }

  function writeCodeUrl(target: Buffer, offset: number, serial: number): void {
    checkSerial(serial);
    // A byte loop: Buffer.copy is a native call, dearer than 12 bytes.
    for (let k = 0; k < PREFIX_BYTES.length; k++) target[offset + k] = PREFIX_BYTES[k]!;
    writeBody(target, offset + PREFIX_BYTES.length, serial);
  }

  return {
    codeAt(serial: number): string {
      const buffer = Buffer.allocUnsafe(CODE_LENGTH);
      writeCode(buffer, 0, serial);
      return buffer.toString('ascii');
    },
    codeUrlAt(serial: number): string {
      const buffer = Buffer.allocUnsafe(CODE_URL_LENGTH);
      writeCodeUrl(buffer, 0, serial);
      return buffer.toString('ascii');
    },
    serialOfCode(code: string): number | undefined {
      if (!CODE_PATTERN.test(code)) return undefined;
      return codePermutation.inverse(Number(code));
    },
    serialOfCodeUrl(codeUrl: string): number | undefined {
      if (codeUrl.length !== CODE_URL_LENGTH || !codeUrl.startsWith(CODE_URL_PREFIX)) return undefined;
      const text = codeUrl.slice(CODE_URL_PREFIX.length);
      if (!CODE_URL_BODY_PATTERN.test(text)) return undefined;
      let permuted = 0;
      for (const position of SERIAL_POSITIONS) permuted = permuted * 36 + BASE36.indexOf(text[position]!);
      const serial = urlPermutation.inverse(permuted);
      if (serial >= CODE_SPACE_SIZE) return undefined;
      writeBody(body, 0, serial);
      return body.toString('ascii') === text ? serial : undefined;
    },
    writeCode,
    writeCodeUrl,
  };
}
