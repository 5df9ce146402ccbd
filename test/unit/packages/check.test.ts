import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_SIZE, checkPackage, openSegmentPackage } from '@main/packages';
import { PACKAGE_LAYOUTS } from '@main/simulator';
import { SERVICE_KEY, allRows, expectTranslated, expectedRows, generator, packageErrorOf, simulatorPackage, textPackage } from './support';

const URL_A = 'P.URL.CN/0U.JYJXP3HJI2C98A9O';
const range = (codeStart: number, count: number) => ({ applicationId: 581_865_877, codeStart, codeEnd: codeStart + count - 1 });
/** Rows of a segment as lines: code, code_url, index, from the simulator's generator. */
function lines(codeStart: number, count: number, format: (index: number, code: string, codeUrl: string) => string): string[] {
  return expectedRows(range(codeStart, count), true).map((row) => format(row.codeIndex, row.code!, row.codeUrl));
}
function check(text: string, codeStart: number, count: number) {
  return checkPackage(Buffer.from(text), range(codeStart, count));
}
function checkError(text: string, codeStart: number, count: number) {
  return packageErrorOf(() => check(text, codeStart, count));
}

describe('checkPackage: layouts', () => {
  it('reads every simulator layout to exactly the right indices, codes and code_urls', () => {
    const detected = {
      url: 'url',
      index_code_url: 'index+code+url',
      code_url_spaces: 'code+url',
      wechat_code_4col: 'extra+code+index+url',
      header_index_code_url: 'index+code+url',
      header_4col: 'extra+code+index+url',
      semicolons: 'index+code+url',
      extra_trailing: 'index+code+url+extra',
    } as const;
    for (const layout of PACKAGE_LAYOUTS.filter((name) => name !== 'short_wechat_code_4col')) {
      const pkg = simulatorPackage(layout, 100_000, 1_234);
      const segment = openSegmentPackage(pkg.buffer, SERVICE_KEY, pkg.range);
      expect(segment.layout).toBe(detected[layout]);
      expect(segment.count).toBe(1_234);
      expect(segment.range).toEqual(pkg.range);
      expect(segment.sha256).toBe(createHash('sha256').update(pkg.plaintext).digest('hex'));
      expect(segment.plaintextBytes).toBe(pkg.plaintext.length);
      expect(allRows(segment)).toEqual(pkg.rows);
    }
  });

  it('reads hand-written tab, comma and space variants, CRLF, trailing blanks and trailing blank lines', () => {
    const variants: [string, string, boolean][] = [
      ['index\tcode\turl', lines(10, 5, (i, c, u) => `${i}\t${c}\t${u}`).join('\n'), true],
      ['index,code,url CRLF', lines(10, 5, (i, c, u) => `${i},${c},${u}`).join('\r\n') + '\r\n', true],
      ['code,url', lines(10, 5, (_, c, u) => `${c},${u}`).join('\n'), true],
      ['code url, trailing blanks', lines(10, 5, (_, c, u) => `${c}   ${u} \t `).join('\n') + '\n\n \n', true],
      ['url CRLF', lines(10, 5, (_, __, u) => u).join('\r\n') + '\r\n\r\n', false],
      ['comma with blanks', lines(10, 5, (i, c, u) => ` ${i} , ${c} ,\t${u}\r`).join('\n'), true],
      ['BOM', '\ufeff' + lines(10, 5, (i, c, u) => `${i},${c},${u}`).join('\n'), true],
      ['leading zeros in the index', lines(10, 5, (i, c, u) => `000${i};${c};${u}`.replaceAll(';', ',')).join('\n'), true],
    ];
    for (const [name, text, withCode] of variants) {
      const segment = check(text, 10, 5);
      expect(allRows(segment), name).toEqual(expectedRows(range(10, 5), withCode));
    }
  });

  it('detects the field order from the first lines, the index anywhere', () => {
    const orders: [string, (i: number, c: string, u: string) => string][] = [
      ['url', (_, __, u) => u],
      ['code+url', (_, c, u) => `${c} ${u}`],
      ['url+code', (_, c, u) => `${u},${c}`],
      ['index+url', (i, _, u) => `${i}\t${u}`],
      ['index+code+url', (i, c, u) => `${i},${c},${u}`],
      ['index+url+code', (i, c, u) => `${i} ${u} ${c}`],
      ['code+index+url', (i, c, u) => `${c};${i};${u}`],
      ['url+code+index', (i, c, u) => `${u}\t${c}\t${i}`],
    ];
    for (const [layout, format] of orders) {
      const segment = check(lines(0, 3, format).join('\n'), 0, 3);
      expect(segment.layout).toBe(layout);
      expect(allRows(segment)).toEqual(expectedRows(range(0, 3), layout.includes('code')));
    }
  });

  it('keeps codes as strings (leading zeros) and accepts codes of QR-alphanumeric characters', () => {
    const text = `0,000000001,${URL_A}\n1,AB$%*+-./,P.URL.CN/0U.JYJXP3HJI2C98A9P`;
    expect(allRows(check(text, 0, 2)).map((row) => row.code)).toEqual(['000000001', 'AB$%*+-./']);
  });

  it('hands out rows in batches of the asked size, in order, as often as asked', () => {
    const pkg = simulatorPackage('index_code_url', 0, 25_001);
    const segment = checkPackage(pkg.plaintext, pkg.range);
    const sizes = [...segment.batches()].map((batch) => batch.length);
    expect(DEFAULT_BATCH_SIZE).toBe(10_000);
    expect(sizes).toEqual([10_000, 10_000, 5_001]);
    expect([...segment.batches(7_000)].map((batch) => batch.length)).toEqual([7_000, 7_000, 7_000, 4_001]);
    expect(allRows(segment, 333)).toEqual(pkg.rows);
    expect(() => segment.batches(0).next()).toThrow(RangeError);
  });
});

describe('checkPackage: refusals name the segment and the first bad line', () => {
  const good = lines(0, 6, (i, c, u) => `${i},${c},${u}`);

  it('refuses a duplicated code with both line numbers', () => {
    const text = [...good.slice(0, 4), `4,${good[1]!.split(',')[1]},P.URL.CN/0U.JYJXP3HJI2C98A9O`, good[5]].join('\n');
    const error = checkError(text, 0, 6);
    expect(error.code).toBe('PACKAGE_DUPLICATE_CODE');
    expect(error.details).toMatchObject({ field: 'code', firstLine: 2, secondLine: 5, line: 5 });
    expectTranslated(error, range(0, 6), 5);
    expect(error.localized.en.message).toContain('line 2');
    expect(error.localized['zh-CN'].message).toContain('第 2 行');
  });

  it('refuses a duplicated code_url, in the url-only layout too', () => {
    const urls = lines(0, 5, (_, __, u) => u);
    urls[3] = urls[0]!;
    const error = checkError(urls.join('\n'), 0, 5);
    expect(error.code).toBe('PACKAGE_DUPLICATE_CODE');
    expect(error.details).toMatchObject({ field: 'code_url', firstLine: 1, secondLine: 4 });
    expectTranslated(error, range(0, 5), 4);
  });

  it('reports the first repeat by line, whichever field repeats', () => {
    const rows = lines(0, 8, (i, c, u) => `${c} ${u}`);
    rows[6] = `${rows[2]!.split(' ')[0]} ${rows[6]!.split(' ')[1]}`; // code of line 3 again at line 7
    rows[4] = `${rows[4]!.split(' ')[0]} ${rows[1]!.split(' ')[1]}`; // code_url of line 2 again at line 5
    const error = checkError(rows.join('\n'), 0, 8);
    expect(error.details).toMatchObject({ field: 'code_url', firstLine: 2, secondLine: 5 });
  });

  it('refuses a missing line as an index gap when indices are given', () => {
    const text = [...good.slice(0, 3), ...good.slice(4)].join('\n');
    const error = checkError(text, 0, 6);
    expect(error.code).toBe('PACKAGE_INDEX_GAP');
    expect(error.details).toMatchObject({ line: 4, expectedIndex: 3, actualIndex: 4 });
    expectTranslated(error, range(0, 6), 4);
  });

  it('refuses indices out of order or not starting at code_start', () => {
    const swapped = [good[0], good[2], good[1], ...good.slice(3)].join('\n');
    expect(checkError(swapped, 0, 6).details).toMatchObject({ line: 2, expectedIndex: 1, actualIndex: 2 });
    const shifted = checkError(good.join('\n'), 1, 6);
    expect(shifted.code).toBe('PACKAGE_INDEX_GAP');
    expect(shifted.details).toMatchObject({ line: 1, expectedIndex: 1, actualIndex: 0 });
  });

  it('refuses a missing line as a count mismatch when indices are derived', () => {
    const urls = lines(0, 6, (_, __, u) => u);
    urls.splice(2, 1);
    const error = checkError(urls.join('\n'), 0, 6);
    expect(error.code).toBe('PACKAGE_COUNT_MISMATCH');
    expect(error.details).toMatchObject({ expected: 6, actual: 5, line: 6 });
    expectTranslated(error, range(0, 6), 6);
  });

  it('refuses a package whose count differs from its segment, either way', () => {
    const pkg = simulatorPackage('code_url_spaces', 50_000, 1_000);
    const short = packageErrorOf(() => checkPackage(pkg.plaintext, { ...pkg.range, codeEnd: pkg.range.codeEnd + 1 }));
    expect(short.code).toBe('PACKAGE_COUNT_MISMATCH');
    expect(short.details).toMatchObject({ expected: 1_001, actual: 1_000, line: 1_001 });
    const long = packageErrorOf(() => checkPackage(pkg.plaintext, { ...pkg.range, codeEnd: pkg.range.codeEnd - 10 }));
    expect(long.details).toMatchObject({ expected: 990, actual: 1_000, line: 991 });
    expectTranslated(long, { ...pkg.range, codeEnd: pkg.range.codeEnd - 10 }, 991);
    // With indices, extra lines are counted too (not reported as an index gap).
    const indexed = simulatorPackage('index_code_url', 0, 50);
    const extra = packageErrorOf(() => checkPackage(indexed.plaintext, { ...indexed.range, codeEnd: 39 }));
    expect(extra.details).toMatchObject({ expected: 40, actual: 50 });
  });

  it('refuses a package of a huge claimed range without allocating for it', () => {
    const pkg = simulatorPackage('url', 0, 10);
    const error = packageErrorOf(() => checkPackage(pkg.plaintext, { applicationId: 1, codeStart: 0, codeEnd: 2 ** 40 }));
    expect(error.details).toMatchObject({ expected: 2 ** 40 + 1, actual: 10 });
  });

  it('refuses malformed lines with the line number, the reason and a safe excerpt', () => {
    const at = (lineNumber: number, replacement: string) => good.map((line, k) => (k === lineNumber - 1 ? replacement : line)).join('\n');
    const cases: [string, number, string, Record<string, unknown>?][] = [
      [at(3, good[2]!.toLowerCase()), 3, 'character', { column: 13, excerpt: good[2]!.toLowerCase() }],
      [at(2, `1,${good[1]!.split(',')[1]},P.URL.CN/0U.JYJXP3HJI2C98A9`), 2, 'field_shape', { column: 13 }],
      [at(4, `3,,${good[3]!.split(',')[2]}`), 4, 'empty_field', { column: 3 }],
      [at(4, `${good[3]},`), 4, 'empty_field'],
      [at(5, `,${good[4]}`), 5, 'empty_field', { column: 1 }],
      [at(2, `1,${good[1]!.split(',')[1]}`), 2, 'field_count'],
      [at(2, `1,${good[1]!.split(',')[2]},${good[1]!.split(',')[2]}`), 2, 'field_shape', { column: 3 }],
      [at(2, `1,${good[1]!.split(',')[2]},${good[1]!.split(',')[1]}`), 2, 'field_shape'],
      [at(3, good[2]!.split(',').slice(1).join(',')), 3, 'field_shape'],
      [at(3, `${good[2]},EXTRA`), 3, 'field_count', { excerpt: `${good[2]!.slice(0, 40)}…` }],
      [at(3, ''), 3, 'blank_line'],
      [at(6, '0x12,' + good[5]!.slice(2)), 6, 'character'],
      [at(2, `1,${good[1]!.split(',')[1]},${good[1]!.split(',')[2]}\u0000x`), 2, 'character', { excerpt: `${good[1]!.slice(0, 40)}…` }],
    ];
    for (const [text, line, reason, more] of cases) {
      const error = checkError(text, 0, 6);
      expect(error.code, reason).toBe('PACKAGE_BAD_LINE');
      expect(error.details, reason).toMatchObject({ line, reason, ...(more ?? {}) });
      expectTranslated(error, range(0, 6), line);
      expect(error.localized.en.hint).toMatch(/contact support/i);
      expect(error.localized.en.message).toContain(String(error.details?.excerpt));
    }
    // The sampled lines outvote a damaged line 1: it is named, not read in another layout.
    const moved = checkError(at(1, `${good[0]!.split(',')[1]},0,${good[0]!.split(',')[2]}`), 0, 6);
    expect(moved.code).toBe('PACKAGE_BAD_LINE');
    expect(moved.details).toMatchObject({ line: 1, reason: 'field_shape' });
    // The first bad line wins, whatever comes later.
    const twoBad = good.map((line, k) => (k === 1 || k === 4 ? line.toLowerCase() : line)).join('\n');
    expect(checkError(twoBad, 0, 6).details?.line).toBe(2);
  });

  it('escapes control, bidi and invisible characters in the excerpt', () => {
    const error = checkError(`0,123456789,\u202e${URL_A}\t\u0007`, 0, 1);
    expect(error.code).toBe('PACKAGE_BAD_LINE');
    expect(error.details?.excerpt).toBe(`0,123456789,\\u202e${URL_A.slice(0, 27)}…`);
    const control = checkError(`0\u0007,123456789,${URL_A}`, 0, 1);
    expect(control.details?.excerpt).toBe(`0\\x07,123456789,${URL_A.slice(0, 27)}…`);
    expect(control.localized.en.message).toContain('0x07');
  });

  it('refuses an empty or blank-only package', () => {
    for (const text of ['', '\n', ' \r\n\t\n']) {
      const error = checkError(text, 0, 1);
      expect(error.code).toBe('PACKAGE_EMPTY');
      expectTranslated(error, range(0, 1));
    }
  });

  it('refuses an impossible range as a bug', () => {
    const pkg = simulatorPackage('url', 0, 1);
    for (const bad of [
      { applicationId: -1, codeStart: 0, codeEnd: 0 },
      { applicationId: 1, codeStart: 0.5, codeEnd: 0 },
      { applicationId: 1, codeStart: 5, codeEnd: 4 },
      { applicationId: 1, codeStart: 0, codeEnd: Number.NaN },
    ]) {
      const error = packageErrorOf(() => checkPackage(pkg.plaintext, bad));
      expect(error.code).toBe('PACKAGE_BAD_RANGE');
      expectTranslated(error);
      expect(packageErrorOf(() => openSegmentPackage(pkg.buffer, SERVICE_KEY, bad)).code).toBe('PACKAGE_BAD_RANGE');
    }
  });

  it('uses the code generator the tests expect (sanity)', () => {
    expect(generator.codeUrlAt(0)).toHaveLength(28);
    expect(URL_A).toHaveLength(28);
  });
});

describe('checkPackage on a text package built by hand', () => {
  it('round-trips through encryption', () => {
    const pkg = textPackage(lines(5, 3, (i, c, u) => `${i}\t${c}\t${u}`).join('\r\n'), 5, 3);
    expect(allRows(openSegmentPackage(pkg.buffer, SERVICE_KEY, pkg.range))).toEqual(expectedRows(pkg.range, true));
  });
});
