import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeScan } from '@main/scan/normalize-scan';
import { createHidPosDecoder, type HidPosResult } from '@main/scanner/hid-pos-decoder';
import {
  CODE,
  CODE_URL,
  HONEYWELL_CODE_CR,
  HONEYWELL_CODE_URL_CR,
  HONEYWELL_HTTP_CODE_URL,
  HONEYWELL_LONG_URL_CR,
  LONG_URL,
  MALFORMED_CONTINUED_SHORT,
  MALFORMED_GARBAGE,
  MALFORMED_LENGTH_TOO_LONG,
  MALFORMED_LENGTH_TOO_SHORT,
  MALFORMED_TRUNCATED,
  MALFORMED_WRONG_REPORT_ID,
  NEWLAND_CODE_CR,
  NEWLAND_CODE_CR_WITHOUT_ID,
  NEWLAND_CODE_URL,
  NEWLAND_HTTP_CODE_URL_CRLF,
  NEWLAND_LONG_URL,
} from './fixtures/hid-pos-reports';
import { buildReports, dataPositions, type BuildLayout } from './report-builder';

/** Feeds reports one at a time, 1 ms apart; returns every result. */
function feed(reports: readonly (Uint8Array | readonly number[])[], decoder = createHidPosDecoder(), startAt = 0): HidPosResult[] {
  return reports.map((report, index) => decoder.push(report, startAt + index));
}

const FIXTURES = [
  { name: 'Honeywell code_url + CR', reports: HONEYWELL_CODE_URL_CR, text: CODE_URL, symbology: ']Q1', layout: 'aim' },
  { name: 'Honeywell http:// code_url', reports: HONEYWELL_HTTP_CODE_URL, text: `http://${CODE_URL}`, symbology: ']Q1', layout: 'aim' },
  { name: 'Honeywell 9-character code + CR', reports: HONEYWELL_CODE_CR, text: CODE, symbology: ']C0', layout: 'aim' },
  { name: 'Honeywell long URL over two reports', reports: HONEYWELL_LONG_URL_CR, text: LONG_URL, symbology: ']Q1', layout: 'aim' },
  { name: 'Newland code_url', reports: NEWLAND_CODE_URL, text: CODE_URL, symbology: 'Q', layout: 'trailer' },
  {
    name: 'Newland http:// code_url + CR LF',
    reports: NEWLAND_HTTP_CODE_URL_CRLF,
    text: `http://${CODE_URL}`,
    symbology: 'Q',
    layout: 'trailer',
  },
  { name: 'Newland 9-character code + CR', reports: NEWLAND_CODE_CR, text: CODE, symbology: 'j', layout: 'trailer' },
  { name: 'Newland long URL over two reports', reports: NEWLAND_LONG_URL, text: LONG_URL, symbology: 'Q', layout: 'trailer' },
] as const;

describe('HID POS decoder: the recorded report fixtures', () => {
  it.each(FIXTURES)('$name', ({ reports, text, symbology, layout }) => {
    const results = feed(reports);
    expect(results.slice(0, -1)).toEqual(reports.slice(1).map(() => ({ kind: 'partial' })));
    expect(results.at(-1)).toEqual({ kind: 'scan', text, symbology, layout, reports: reports.length });
  });

  it.each(FIXTURES)('$name, with the report ID stripped (63-byte reports)', ({ reports, text, layout }) => {
    const results = feed(reports.map((report) => report.subarray(1)));
    expect(results.at(-1)).toMatchObject({ kind: 'scan', text, layout });
  });

  it('takes a Buffer, a Uint8Array or a plain number[] (node-hid gives number[] from HID, Buffer from HIDAsync)', () => {
    const [report] = NEWLAND_CODE_CR_WITHOUT_ID;
    if (!report) throw new Error('fixture');
    for (const input of [report, Buffer.from(report), [...report]]) {
      expect(createHidPosDecoder().push(input)).toMatchObject({ kind: 'scan', text: CODE });
    }
  });

  it('sees each half of a two-report code as partial, then the whole', () => {
    const decoder = createHidPosDecoder();
    const [first, second] = HONEYWELL_LONG_URL_CR;
    expect(decoder.push(first!, 0)).toEqual({ kind: 'partial' });
    expect(decoder.pending()).toBe(true);
    expect(decoder.push(second!, 2)).toMatchObject({ kind: 'scan', text: LONG_URL, reports: 2 });
    expect(decoder.pending()).toBe(false);
  });

  it('keeps decoding scan after scan', () => {
    const decoder = createHidPosDecoder();
    const texts = [...NEWLAND_CODE_URL, ...NEWLAND_LONG_URL, ...NEWLAND_CODE_CR]
      .map((report, index) => decoder.push(report, index * 5))
      .flatMap((result) => (result.kind === 'scan' ? [result.text] : []));
    expect(texts).toEqual([CODE_URL, LONG_URL, CODE]);
  });
});

describe('HID POS decoder: layouts', () => {
  it('detects the layout from the first good report and keeps it until reset', () => {
    const decoder = createHidPosDecoder();
    expect(decoder.layout()).toBeUndefined();
    expect(decoder.push(HONEYWELL_CODE_CR[0]!)).toMatchObject({ kind: 'scan', layout: 'aim' });
    expect(decoder.layout()).toBe('aim');
    // A Newland report is not taken for an AIM one.
    expect(decoder.push(NEWLAND_CODE_CR[0]!)).toMatchObject({ kind: 'error', reason: 'layout' });
    decoder.reset();
    expect(decoder.push(NEWLAND_CODE_CR[0]!)).toMatchObject({ kind: 'scan', text: CODE, layout: 'trailer' });
  });

  it('honours a forced layout', () => {
    expect(createHidPosDecoder({ layout: 'aim' }).push(NEWLAND_CODE_URL[0]!)).toMatchObject({ kind: 'error' });
    expect(createHidPosDecoder({ layout: 'trailer' }).push(HONEYWELL_CODE_URL_CR[0]!)).toMatchObject({ kind: 'error' });
    expect(createHidPosDecoder({ layout: 'trailer' }).push(NEWLAND_CODE_URL[0]!)).toMatchObject({ kind: 'scan', text: CODE_URL });
  });

  it('reads a Newland scanner that puts the AIM id into the data as a trailer-layout scan (normalisation strips it)', () => {
    const [report] = buildReports(`]Q1${CODE_URL}`, { layout: 'trailer' });
    const result = createHidPosDecoder().push(report!);
    expect(result).toMatchObject({ kind: 'scan', layout: 'trailer', text: `]Q1${CODE_URL}` });
    expect(normalizeScan((result as { text: string }).text)).toEqual({ kind: 'code_url', value: CODE_URL });
  });
});

describe('HID POS decoder: trailing CR', () => {
  it.each([
    ['CR', `${CODE}\r`, CODE],
    ['LF', `${CODE}\n`, CODE],
    ['CR LF', `${CODE}\r\n`, CODE],
    ['only the last terminator', `${CODE}\r\r`, `${CODE}\r`],
    ['none', CODE, CODE],
  ])('%s', (_name, data, text) => {
    expect(createHidPosDecoder().push(buildReports(data, { layout: 'aim', aim: ']C0' })[0]!)).toMatchObject({ kind: 'scan', text });
  });

  it('drops a CR that arrives alone in the continuation report', () => {
    const data = `${'A'.repeat(56)}\r`;
    const results = feed(buildReports(data, { layout: 'trailer' }));
    expect(results).toEqual([{ kind: 'partial' }, expect.objectContaining({ kind: 'scan', text: 'A'.repeat(56) })]);
  });

  it('refuses a scan that is only a terminator', () => {
    expect(createHidPosDecoder().push(buildReports('\r', { layout: 'aim' })[0]!)).toMatchObject({ kind: 'error', reason: 'empty' });
  });
});

describe('HID POS decoder: malformed reports give an error, never a code', () => {
  it.each([
    ['a length byte larger than the payload', MALFORMED_LENGTH_TOO_LONG, 'length'],
    ['a length byte smaller than the payload', MALFORMED_LENGTH_TOO_SHORT, 'padding'],
    ['"continued" on a report that is not full', MALFORMED_CONTINUED_SHORT, 'continuation-short'],
    ['another report ID', MALFORMED_WRONG_REPORT_ID, 'report-id'],
    ['a truncated report', MALFORMED_TRUNCATED, 'report-size'],
    ['garbage after report ID 2', MALFORMED_GARBAGE, 'length'],
  ] as const)('%s', (_name, report, reason) => {
    expect(createHidPosDecoder().push(report, 0)).toMatchObject({ kind: 'error', reason });
  });

  it('refuses an unknown bit in the flag byte, a zero length, values that are not bytes, and text that is not UTF-8', () => {
    const flagged = Uint8Array.from(NEWLAND_CODE_CR[0]!);
    flagged[63] = 0x80;
    expect(createHidPosDecoder().push(flagged)).toMatchObject({ kind: 'error', reason: 'flags' });
    const empty = Uint8Array.from(NEWLAND_CODE_CR[0]!).fill(0, 1, 63);
    expect(createHidPosDecoder().push(empty)).toMatchObject({ kind: 'error', reason: 'length' });
    const notBytes = [...NEWLAND_CODE_CR[0]!];
    notBytes[5] = 300;
    expect(createHidPosDecoder().push(notBytes)).toMatchObject({ kind: 'error', reason: 'report-bytes' });
    expect(createHidPosDecoder().push(buildReports(Uint8Array.of(0x41, 0xff, 0xfe), { layout: 'trailer' })[0]!)).toMatchObject({
      kind: 'error',
      reason: 'not-text',
    });
  });

  it('refuses a continuation that never came before a new report, then reads the next scan normally', () => {
    const decoder = createHidPosDecoder();
    expect(decoder.push(NEWLAND_LONG_URL[0]!, 0)).toEqual({ kind: 'partial' });
    // The operator scans the next carton a second later: the lost continuation must not glue on.
    expect(decoder.push(NEWLAND_CODE_URL[0]!, 1000)).toMatchObject({ kind: 'error', reason: 'continuation-missing' });
    expect(decoder.pending()).toBe(false);
    expect(decoder.push(NEWLAND_CODE_URL[0]!, 2000)).toMatchObject({ kind: 'scan', text: CODE_URL });
  });

  it('reports a continuation still missing when its timer fires', () => {
    const decoder = createHidPosDecoder({ continuationTimeoutMs: 150 });
    expect(decoder.push(HONEYWELL_LONG_URL_CR[0]!, 0)).toEqual({ kind: 'partial' });
    expect(decoder.expire(100)).toBeUndefined();
    expect(decoder.pending()).toBe(true);
    expect(decoder.expire(150)).toMatchObject({ kind: 'error', reason: 'continuation-missing' });
    expect(decoder.pending()).toBe(false);
    expect(decoder.expire(400)).toBeUndefined();
  });

  it('refuses a continuation with another symbology, and a malformed continuation', () => {
    const mismatch = feed([HONEYWELL_LONG_URL_CR[0]!, HONEYWELL_CODE_CR[0]!]);
    expect(mismatch[1]).toMatchObject({ kind: 'error', reason: 'continuation-mismatch' });
    const broken = feed([NEWLAND_LONG_URL[0]!, MALFORMED_TRUNCATED]);
    expect(broken[1]).toMatchObject({ kind: 'error', reason: 'report-size' });
    expect((broken[1] as { detail: string }).detail).toContain('discarded');
  });

  it('stops a "continued" flag that never ends', () => {
    const decoder = createHidPosDecoder();
    const full = buildReports('B'.repeat(57), { layout: 'trailer' })[0]!;
    const results = Array.from({ length: 80 }, (_, index) => decoder.push(full, index));
    expect(results.findIndex((result) => result.kind === 'error' && result.reason === 'too-long')).toBe(73);
    expect(results.filter((result) => result.kind === 'scan')).toEqual([]);
  });
});

// Property tests ---------------------------------------------------------------------------

const CODE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:';
const codeArbitrary = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CODE_CHARS), minLength: 28, maxLength: 28 }),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }),
  fc.string({ unit: fc.constantFrom(...CODE_CHARS), minLength: 28, maxLength: 28 }).map((url) => `http://${url}`),
);
/** Any text a scanner may send: printable ASCII and some CJK (multi-byte UTF-8 split across reports), no NUL/CR/LF. */
const textArbitrary = fc.string({
  unit: fc.oneof(fc.constantFrom(...'abcXYZ019 -./:?&=$%*+]'), fc.constantFrom('码', '营', '销', '一', '物')),
  minLength: 1,
  maxLength: 300,
});
const layoutArbitrary = fc.constantFrom<BuildLayout>('aim', 'trailer');
const aimArbitrary = fc.constantFrom(']Q1', ']C0', ']d2', ']E0');
const suffixArbitrary = fc.constantFrom('', '\r', '\r\n', '\n');

describe('HID POS decoder: properties', () => {
  it('random codes split across reports round-trip, in both layouts, with and without the report ID', () => {
    fc.assert(
      fc.property(
        fc.oneof(codeArbitrary, textArbitrary),
        suffixArbitrary,
        layoutArbitrary,
        aimArbitrary,
        fc.boolean(),
        (text, suffix, layout, aim, withoutReportId) => {
          const reports = buildReports(text + suffix, { layout, aim, withoutReportId });
          const results = feed(reports);
          expect(results.slice(0, -1).every((result) => result.kind === 'partial')).toBe(true);
          expect(results.at(-1)).toEqual({
            kind: 'scan',
            text,
            symbology: layout === 'aim' ? aim : 'Q',
            layout,
            reports: reports.length,
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('corrupting any framing byte (report ID, length, AIM id, padding, flags, size) never yields a different valid code', () => {
    fc.assert(
      fc.property(
        codeArbitrary,
        suffixArbitrary,
        layoutArbitrary,
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        // The length byte gets its own case with small values: cutting a code_url to 9 bytes would make a valid `code`.
        fc.constantFrom('length', 'replace', 'truncate', 'extend'),
        (code, suffix, layout, withoutReportId, where, value, how) => {
          const reports = buildReports(code + suffix, { layout, withoutReportId }).map((report) => Uint8Array.from(report));
          const index = where % reports.length;
          const target = reports[index]!;
          const lengthAt = withoutReportId ? 0 : 1;
          if (how === 'length') {
            target[lengthAt] = (target[lengthAt]! + (value % 64)) % 64;
          } else if (how === 'replace') {
            // Data bytes are not checked by anything (HID POS has no checksum); every other byte is framing.
            const framing = [...target.keys()].filter((at) => !dataPositions(target, layout).has(at));
            const at = framing[Math.floor(where / reports.length) % framing.length]!;
            target[at] = (target[at]! + value) & 0xff;
          } else {
            reports[index] = how === 'truncate' ? target.subarray(0, value % target.length) : Uint8Array.of(...target, value);
          }
          const expected = normalizeScan(code);
          for (const result of feed(reports)) {
            if (result.kind !== 'scan') continue;
            const seen = normalizeScan(result.text);
            if (seen.kind !== 'invalid') expect(seen).toEqual(expected);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws on random input and answers with one of its three kinds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ minLength: 63, maxLength: 64 }), fc.uint8Array({ maxLength: 80 })), { maxLength: 8 }),
        (reports) => {
          for (const result of feed(reports)) expect(['scan', 'partial', 'error']).toContain(result.kind);
        },
      ),
    );
  });
});
