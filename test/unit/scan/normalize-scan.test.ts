import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, CODE_URL_LENGTH, normalizeScan } from '@main/scan/normalize-scan';

const URL = 'P.URL.CN/0U.JYJXP3HJI2C98A9O';
const CODE = '012345678';

describe('normalizeScan: real-looking inputs', () => {
  const table: [label: string, input: string, kind: 'code_url' | 'code' | 'invalid', value?: string][] = [
    ['bare code_url', URL, 'code_url', URL],
    ['lower case', URL.toLowerCase(), 'code_url', URL],
    ['http:// and lower case', `http://${URL.toLowerCase()}`, 'code_url', URL],
    ['https:// with CR LF (wedge terminator)', `https://${URL}\r\n`, 'code_url', URL],
    ['HTTPS:// in capitals', `HTTPS://${URL}`, 'code_url', URL],
    ['mixed-case scheme', `hTtPs://${URL.toLowerCase()}`, 'code_url', URL],
    ['AIM ]Q1 + http:// + CR (Honeywell HID)', `]Q1http://p.url.cn/0U.JYJXP3HJI2C98A9O\r`, 'code_url', URL],
    ['AIM ]Q1 without scheme', `]Q1${URL}`, 'code_url', URL],
    ['lower-case AIM ]q1', `]q1${URL.toLowerCase()}`, 'code_url', URL],
    ['spaces and a tab around it', `  \t${URL}  `, 'code_url', URL],
    ['Tab terminator', `${URL}\t`, 'code_url', URL],
    ['NUL padding of a HID report', `${URL}\u0000\u0000\u0000`, 'code_url', URL],
    ['BOM and zero-width space', `\ufeff${URL}\u200b`, 'code_url', URL],
    ['full-width (IME) input', 'ｈｔｔｐ：／／ｐ．ｕｒｌ．ｃｎ／０ｕ．ＪＹＪＸＰ３ＨＪＩ２Ｃ９８Ａ９Ｏ', 'code_url', URL],
    ['9-character code, leading zero kept', CODE, 'code', CODE],
    ['9-character code with LF', `${CODE}\n`, 'code', CODE],
    ['9-character code with CRLF and spaces', ` ${CODE} \r\n`, 'code', CODE],
    ['AIM ]C0 + 9-character code', `]C0${CODE}`, 'code', CODE],
    ['AIM ]Q1 + 9-character code + CR', `]Q1${CODE}\r`, 'code', CODE],
    ['9 characters, lower-case letters', 'abc123xyz', 'code', 'ABC123XYZ'],
    ['empty', '', 'invalid', ''],
    ['only a terminator', '\r\n', 'invalid', ''],
    ['only an AIM prefix', ']Q1', 'invalid', ''],
    ['a word', 'hello', 'invalid', 'HELLO'],
    ['8 digits', '12345678', 'invalid'],
    ['10 digits', '0123456789', 'invalid'],
    ['27-character url (one lost)', URL.slice(0, 27), 'invalid'],
    ['29-character url (one extra)', `${URL}#`, 'invalid'],
    ['EAN-13 product barcode', '6901234567892', 'invalid'],
    ['space inside a 9-character code', '0123 5678', 'invalid'],
    ['two scans merged', `${URL}${URL}`, 'invalid'],
    ['two scans split by a newline', `${URL}\n${URL}`, 'invalid'],
    ['underscore (not QR alphanumeric)', '01234567_', 'invalid'],
    ['ftp scheme', `ftp://${URL}`, 'invalid'],
    ['some other website', 'https://example.com/a/b/c/d/e/f/g/h', 'invalid'],
    ['Chinese text', '扫码赢好礼扫码赢好礼扫', 'invalid'],
  ];

  it.each(table)('%s', (_label, input, kind, value) => {
    const normalized = normalizeScan(input);
    expect(normalized.kind).toBe(kind);
    if (value !== undefined) expect(normalized.value).toBe(value);
  });

  it('keeps at most 512 characters of a long invalid scan', () => {
    expect(normalizeScan('x'.repeat(5_000)).value).toHaveLength(512);
  });
});

const codeCharacter = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:'.split(''));
const codeOf = (length: number) => fc.array(codeCharacter, { minLength: length, maxLength: length }).map((chars) => chars.join(''));
/** What scanners and keyboards wrap a code in. */
const dressing = fc.record({
  aim: fc.constantFrom('', ']Q1', ']C0', ']d2', ']Q3'),
  scheme: fc.constantFrom('', 'http://', 'https://', 'HTTP://', 'Https://'),
  lower: fc.boolean(),
  before: fc.constantFrom('', ' ', '\t', '\ufeff', '  '),
  after: fc.constantFrom('', '\r', '\n', '\r\n', '\t', ' \r\n', '\u0000\u0000'),
});
const dress = (value: string, d: { aim: string; scheme: string; lower: boolean; before: string; after: string }) =>
  `${d.before}${d.aim}${d.scheme}${d.lower ? value.toLowerCase() : value}${d.after}`;
const startsLikeDressing = (value: string) => /^HTTPS?:\/\//.test(value);

describe('normalizeScan: properties', () => {
  it('any 28-character code_url in any dressing comes back as itself', () => {
    fc.assert(
      fc.property(codeOf(CODE_URL_LENGTH), dressing, (value, d) => {
        fc.pre(!startsLikeDressing(value));
        expect(normalizeScan(dress(value, d))).toEqual({ kind: 'code_url', value });
      }),
      { numRuns: 500 },
    );
  });

  it('any 9-character code in any dressing comes back as itself', () => {
    fc.assert(
      fc.property(codeOf(CODE_LENGTH), dressing, (value, d) => {
        expect(normalizeScan(dress(value, d))).toEqual({ kind: 'code', value });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws; a code or code_url is always upper-case QR alphanumeric of the right length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (input) => {
        const normalized = normalizeScan(input);
        if (normalized.kind === 'invalid') return;
        expect(normalized.value).toMatch(/^[0-9A-Z$%*+\-./:]+$/);
        expect(normalized.value).toHaveLength(normalized.kind === 'code' ? CODE_LENGTH : CODE_URL_LENGTH);
      }),
      { numRuns: 2_000 },
    );
  });

  it('letter case never changes the result (ASCII input)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), (input) => {
        expect(normalizeScan(input.toLowerCase())).toEqual(normalizeScan(input.toUpperCase()));
      }),
      { numRuns: 1_000 },
    );
  });

  it('a valid result is a fixed point: normalising it again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(codeOf(CODE_LENGTH), codeOf(CODE_URL_LENGTH)), dressing, (value, d) => {
        fc.pre(!startsLikeDressing(value));
        const once = normalizeScan(dress(value, d));
        expect(normalizeScan(once.value)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('text of any other length after cleaning is invalid', () => {
    fc.assert(
      fc.property(fc.array(codeCharacter, { maxLength: 60 }), (chars) => {
        const value = chars.join('');
        fc.pre(value.length !== CODE_LENGTH && value.length !== CODE_URL_LENGTH && !startsLikeDressing(value));
        expect(normalizeScan(value).kind).toBe('invalid');
      }),
      { numRuns: 500 },
    );
  });
});
