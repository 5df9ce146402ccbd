import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackageError, openSegmentPackage, type ParsedCode } from '@main/packages';
import { encryptPackage } from '@main/simulator';
import { allRows, generator } from './support';

/** Seeds and bounded runs: these properties are deterministic and quick. */
const RUNS = { numRuns: 200, seed: 20_250_101 };

const FIELD_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:';
const BLANKS = ' \t\r';
/** Field orders the importer detects without help (any order; index and code optional). */
const LAYOUTS = ['url', 'code+url', 'url+code', 'index+url', 'index+code+url', 'index+url+code', 'code+index+url', 'url+index'] as const;
type Layout = (typeof LAYOUTS)[number];
const PRINTABLE = Array.from({ length: 95 }, (_, k) => String.fromCharCode(0x20 + k));

interface Sample {
  layout: Layout;
  codeStart: number;
  count: number;
  serialBase: number;
  separator: string;
  crlf: boolean;
  trailing: string;
  trailingLines: number;
  finalNewline: boolean;
  bom: boolean;
  key: string;
}

const sample = (minCount: number): fc.Arbitrary<Sample> =>
  fc.record({
    layout: fc.constantFrom(...LAYOUTS),
    codeStart: fc.integer({ min: 0, max: 19_999_000 }),
    count: fc.integer({ min: minCount, max: 40 }),
    serialBase: fc.integer({ min: 0, max: 900_000_000 }),
    separator: fc.constantFrom('\t', ',', ' ', '   ', ' , ', ',\t', '\t\t'),
    crlf: fc.boolean(),
    trailing: fc.constantFrom('', ' ', '\t', '  \t'),
    trailingLines: fc.integer({ min: 0, max: 2 }),
    finalNewline: fc.boolean(),
    bom: fc.boolean(),
    key: fc.string({ unit: fc.constantFrom(...PRINTABLE), minLength: 16, maxLength: 16 }),
  });

function rowsOf(s: Sample): ParsedCode[] {
  return Array.from({ length: s.count }, (_, k) => ({
    codeIndex: s.codeStart + k,
    code: s.layout.includes('code') ? generator.codeAt(s.serialBase + k) : null,
    codeUrl: generator.codeUrlAt(s.serialBase + k),
  }));
}

function render(s: Sample, rows: ParsedCode[]): Buffer {
  const newline = s.crlf ? '\r\n' : '\n';
  const lines = rows.map((row) => {
    const fields = s.layout
      .split('+')
      .map((field: string) => (field === 'index' ? String(row.codeIndex) : field === 'code' ? row.code! : row.codeUrl));
    return fields.join(s.separator) + s.trailing;
  });
  for (let k = 0; k < s.trailingLines; k++) lines.push(k % 2 === 0 ? '' : ' ');
  const text = lines.join(newline) + (s.finalNewline ? newline : '');
  return Buffer.from((s.bom ? '\ufeff' : '') + text, 'utf8');
}

function rangeOf(s: Sample) {
  return { applicationId: 42, codeStart: s.codeStart, codeEnd: s.codeStart + s.count - 1 };
}

/** The rows, or the PackageError (anything else fails the property). */
function open(buffer: string, s: Sample): ParsedCode[] | PackageError {
  try {
    return allRows(openSegmentPackage(buffer, s.key, rangeOf(s)), 7);
  } catch (error) {
    if (error instanceof PackageError) return error;
    throw error;
  }
}

const isField = (byte: number) => FIELD_CHARACTERS.includes(String.fromCharCode(byte));
const isBlank = (byte: number) => BLANKS.includes(String.fromCharCode(byte));

describe('package properties', () => {
  it('encrypt → decrypt → parse round-trips any small segment in any layout and spacing', () => {
    fc.assert(
      fc.property(sample(1), (s) => {
        const rows = rowsOf(s);
        const result = open(encryptPackage(render(s, rows), s.key), s);
        expect(result).toEqual(rows);
      }),
      RUNS,
    );
  });

  it('a one-byte change of the plaintext errors, or reads the same codes, or (only inside a code or code_url, where no check digit exists) changes exactly that character', () => {
    const replacement = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(...Array.from(FIELD_CHARACTERS, (c) => c.charCodeAt(0))),
      fc.constantFrom(0x20, 0x09, 0x0d, 0x0a, 0x2c),
      // Near misses: lower case and punctuation outside the QR set.
      fc.constantFrom(...Array.from('abcdexyz_#;|"=', (c) => c.charCodeAt(0))),
    );
    fc.assert(
      fc.property(sample(2), fc.nat(), replacement, (s, where, byte) => {
        const rows = rowsOf(s);
        const plaintext = render(s, rows);
        const position = where % plaintext.length;
        const original = plaintext[position]!;
        fc.pre(original !== byte);
        plaintext[position] = byte;
        const result = open(encryptPackage(plaintext, s.key), s);
        if (result instanceof PackageError) return;
        if (isBlank(original) && isBlank(byte)) expect(result).toEqual(rows);
        const changed = result.flatMap((row, k) => (row.code === rows[k]!.code && row.codeUrl === rows[k]!.codeUrl ? [] : [k]));
        if (changed.length === 0) {
          expect(result).toEqual(rows);
          return;
        }
        // Undetectable: one field character replaced by another inside a code or code_url.
        expect(isField(original) && isField(byte)).toBe(true);
        expect(changed).toHaveLength(1);
        const before = rows[changed[0]!]!;
        const after = result[changed[0]!]!;
        expect(after.codeIndex).toBe(before.codeIndex);
        const was = `${before.code ?? ''}|${before.codeUrl}`;
        const is = `${after.code ?? ''}|${after.codeUrl}`;
        const differences = Array.from(was).flatMap((c, k) => (c === is[k] ? [] : [[c, is[k]]]));
        expect(differences).toEqual([[String.fromCharCode(original), String.fromCharCode(byte)]]);
      }),
      { ...RUNS, numRuns: 400 },
    );
  });

  it('replacing any blank (space, tab, CR) by another reads the same codes', () => {
    fc.assert(
      fc.property(sample(1), fc.nat(), fc.constantFrom(0x20, 0x09, 0x0d), (s, where, byte) => {
        const rows = rowsOf(s);
        const plaintext = render(s, rows);
        const blanks = [...plaintext.keys()].filter((k) => isBlank(plaintext[k]!));
        fc.pre(blanks.length > 0);
        plaintext[blanks[where % blanks.length]!] = byte;
        expect(open(encryptPackage(plaintext, s.key), s)).toEqual(rows);
      }),
      RUNS,
    );
  });

  it('any damage to the downloaded buffer is refused as PACKAGE_CORRUPT, never read', () => {
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('byte' as const), where: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('base64' as const), where: fc.nat(), mask: fc.integer({ min: 1, max: 63 }) }),
    );
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    fc.assert(
      fc.property(sample(3), damage, (s, hit) => {
        const rows = rowsOf(s);
        const buffer = encryptPackage(render(s, rows), s.key);
        let damaged: string;
        if (hit.kind === 'byte') {
          const bytes = Buffer.from(buffer, 'base64');
          const at = hit.where % bytes.length;
          bytes[at] = bytes[at]! ^ hit.mask;
          damaged = bytes.toString('base64');
        } else {
          const at = hit.where % buffer.length;
          const value = alphabet.indexOf(buffer[at]!);
          const replaced = value < 0 ? 'A' : alphabet[value ^ hit.mask]!;
          damaged = buffer.slice(0, at) + replaced + buffer.slice(at + 1);
        }
        const result = open(damaged, s);
        if (Buffer.from(damaged, 'base64').equals(Buffer.from(buffer, 'base64')) && !(result instanceof PackageError)) {
          // Only the unused low bits of the last base64 character changed: the same ciphertext.
          expect(result).toEqual(rows);
          return;
        }
        expect(result).toBeInstanceOf(PackageError);
        expect((result as PackageError).code).toBe('PACKAGE_CORRUPT');
      }),
      RUNS,
    );
  });
});
