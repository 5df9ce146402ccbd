/**
 * Layouts found in practice (DESIGN §2, "What public implementations and community threads
 * add"): four columns with a WeChat code, header lines, semicolons, unknown extra columns,
 * and a column mapping set by hand where detection cannot tell.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackageError, checkPackage, openSegmentPackage, parseColumnMapping, type ColumnRole, type ParsedCode } from '@main/packages';
import { encryptPackage } from '@main/simulator';
import { SERVICE_KEY, allRows, expectTranslated, expectedRows, generator, packageErrorOf } from './support';

const range = (codeStart: number, count: number) => ({ applicationId: 590_000_001, codeStart, codeEnd: codeStart + count - 1 });
const rows = (codeStart: number, count: number) => expectedRows(range(codeStart, count), true);

describe('layouts from practice', () => {
  it('reads the four-column layout of the community answer (WeChat code, code, index, code_url)', () => {
    const text = rows(0, 5)
      .map((row, k) => `88888888888${k} ${row.code} ${row.codeIndex} ${row.codeUrl}`)
      .join('\n');
    const segment = checkPackage(Buffer.from(text), range(0, 5));
    expect(segment.layout).toBe('extra+code+index+url');
    expect(segment.separator).toBe('spaces');
    expect(allRows(segment)).toEqual(rows(0, 5).map((row, k) => ({ ...row, extras: [`88888888888${k}`] })));
  });

  it.each([
    ['索引,原始码,二维码', (r: ParsedCode) => `${r.codeIndex},${r.code},${r.codeUrl}`, 'index+code+url'],
    ['微信码,原始码,索引,二维码', (r: ParsedCode) => `W${r.codeIndex},${r.code},${r.codeIndex},${r.codeUrl}`, 'extra+code+index+url'],
    ['index\tcode\tcode_url', (r: ParsedCode) => `${r.codeIndex}\t${r.code}\t${r.codeUrl}`, 'index+code+url'],
    ['"code_url";"code"', (r: ParsedCode) => `${r.codeUrl};${r.code}`, 'url+code'],
  ])('skips and records the header %s', (header, format, layout) => {
    const text = `\ufeff${header}\r\n${rows(100, 4).map(format).join('\r\n')}\r\n`;
    const segment = checkPackage(Buffer.from(text), range(100, 4));
    expect(segment.layout).toBe(layout);
    // Recorded as a safe excerpt: a tab shows as \t.
    expect(segment.header).toBe(header.replaceAll('\t', '\\t'));
    expect(allRows(segment).map(({ extras: _, ...row }) => row)).toEqual(rows(100, 4));
  });

  it('still names the line after a header when it is bad, counting the header as line 1', () => {
    const lines = rows(0, 3).map((r) => `${r.codeIndex},${r.code},${r.codeUrl}`);
    lines[1] = lines[1]!.toLowerCase();
    const error = packageErrorOf(() => checkPackage(Buffer.from(['索引,原始码,二维码', ...lines].join('\n')), range(0, 3)));
    expect(error.code).toBe('PACKAGE_BAD_LINE');
    expect(error.details).toMatchObject({ line: 3 });
    expectTranslated(error, range(0, 3), 3);
  });

  it('keeps extra columns of any text, with blanks inside between commas, and reads the separators', () => {
    const cases: [string, (r: ParsedCode) => string, string, string[]][] = [
      ['semicolon', (r) => `${r.codeIndex};${r.code};${r.codeUrl};lot 7`, 'semicolon', ['lot 7']],
      ['comma', (r) => `${r.codeUrl} , 批次 A ,${r.code}`, 'comma', ['批次 A']],
      ['tab', (r) => `x-${r.codeIndex}\t${r.codeUrl}\t${r.code}\t2026-12-01`, 'tab', [`x-`, '2026-12-01']],
    ];
    for (const [name, format, separator, extras] of cases) {
      const segment = checkPackage(Buffer.from(rows(0, 3).map(format).join('\n')), range(0, 3));
      expect(segment.separator, name).toBe(separator);
      const read = allRows(segment);
      expect(
        read.map(({ extras: _, ...row }) => row),
        name,
      ).toEqual(rows(0, 3));
      if (name === 'tab') expect(read[2]!.extras).toEqual(['x-2', '2026-12-01']);
      else expect(read[0]!.extras, name).toEqual(extras);
    }
  });

  it('leaves ParsedCode without extras when the package has none (the common path adds nothing)', () => {
    const segment = checkPackage(
      Buffer.from(
        rows(0, 2)
          .map((r) => `${r.codeIndex},${r.code},${r.codeUrl}`)
          .join('\n'),
      ),
      range(0, 2),
    );
    expect(allRows(segment).every((row) => !('extras' in row))).toBe(true);
  });
});

describe('a column mapping set by hand', () => {
  /** A 9-character WeChat code looks like a second code: detection cannot tell which is which. */
  const ambiguous = rows(0, 6)
    .map((r) => `W${String(r.codeIndex).padStart(8, '0')},${r.code},${r.codeIndex},${r.codeUrl}`)
    .join('\n');

  it('is what makes an undetectable layout import', () => {
    const error = packageErrorOf(() => checkPackage(Buffer.from(ambiguous), range(0, 6)));
    expect(error.code).toBe('PACKAGE_LAYOUT_UNDETECTED');
    expect(error.details).toMatchObject({ line: 1, problem: 'ambiguous', field: 'code', columns: '1,2' });
    expectTranslated(error, range(0, 6), 1);
    expect(error.localized.en.hint).toContain('Package layout');
    expect(error.localized['zh-CN'].hint).toContain('码包格式');

    const mapping = parseColumnMapping('extra, code, index, code_url')!;
    const segment = openSegmentPackage(encryptPackage(Buffer.from(ambiguous), SERVICE_KEY), SERVICE_KEY, range(0, 6), mapping);
    expect(segment.manualLayout).toBe(true);
    expect(segment.layout).toBe('extra+code+index+url');
    expect(allRows(segment)).toEqual(rows(0, 6).map((r) => ({ ...r, extras: [`W${String(r.codeIndex).padStart(8, '0')}`] })));
  });

  it('is held to every line as strictly as a detected one', () => {
    const wrongOrder = parseColumnMapping('extra,code,url,index')!;
    const error = packageErrorOf(() => checkPackage(Buffer.from(ambiguous), range(0, 6), wrongOrder));
    expect(error.code).toBe('PACKAGE_BAD_LINE');
    expect(error.details).toMatchObject({ line: 1, reason: 'field_shape', column: 21 });
    const tooFew = packageErrorOf(() => checkPackage(Buffer.from(ambiguous), range(0, 6), ['code', 'code_url']));
    expect(tooFew.code).toBe('PACKAGE_LAYOUT_UNDETECTED');
    expect(tooFew.details).toMatchObject({ line: 1, problem: 'mapping_mismatch' });
  });

  it.each<[string, ColumnRole[] | undefined]>([
    ['extra,code,index,code_url', ['extra', 'code', 'index', 'code_url']],
    ['INDEX+CODE+URL', ['index', 'code', 'code_url']],
    ['url', ['code_url']],
    ['code,index', undefined],
    ['url,url', undefined],
    ['index,index,url', undefined],
    ['index,serial,url', undefined],
    ['', undefined],
  ])('parses %j', (text, expected) => {
    expect(parseColumnMapping(text)).toEqual(expected);
  });
});

describe('property: random column orders with one extra column of random shape', () => {
  const EXTRA_CHARACTERS = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:abc_#中'];
  const scenario = fc.record({
    codeStart: fc.integer({ min: 0, max: 19_999_000 }),
    count: fc.integer({ min: 1, max: 12 }),
    serialBase: fc.integer({ min: 0, max: 900_000_000 }),
    withIndex: fc.boolean(),
    withCode: fc.boolean(),
    order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    // The extra column: a fixed shape (possibly that of a code, an index or a code_url) or random text.
    extra: fc.oneof(
      fc.constantFrom('code-like', 'index-like', 'url-like', 'constant'),
      fc.string({ unit: fc.constantFrom(...EXTRA_CHARACTERS), minLength: 1, maxLength: 30 }),
    ),
    separator: fc.constantFrom(',', ';', '\t', ' ', ' , '),
    header: fc.constantFrom(null, '序号,码,链接,备注', 'index,code,url,extra'),
  });

  it('imports the right rows or fails with a named line; never a wrong code_url', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const expected = Array.from({ length: s.count }, (_, k) => ({
          codeIndex: s.codeStart + k,
          code: s.withCode ? generator.codeAt(s.serialBase + k) : null,
          codeUrl: generator.codeUrlAt(s.serialBase + k),
        }));
        const extraOf = (k: number): string => {
          if (s.extra === 'code-like') return generator.codeAt((s.serialBase + k + 7) % 900_000_000);
          if (s.extra === 'index-like') return String(s.codeStart + k);
          if (s.extra === 'url-like') return generator.codeUrlAt((s.serialBase + k + 7) % 900_000_000);
          if (s.extra === 'constant') return 'LOT42';
          return s.extra;
        };
        const fields = ['url', 'extra', ...(s.withIndex ? ['index'] : []), ...(s.withCode ? ['code'] : [])];
        const order = fields.map((field, k) => ({ field, key: s.order[k]! })).sort((a, b) => a.key - b.key);
        const lines = expected.map((row, k) =>
          order
            .map(({ field }) =>
              field === 'url' ? row.codeUrl : field === 'code' ? row.code! : field === 'index' ? String(row.codeIndex) : extraOf(k),
            )
            .join(s.separator),
        );
        const text = [...(s.header === null ? [] : [s.header]), ...lines].join('\n');
        let read: ParsedCode[];
        try {
          read = allRows(checkPackage(Buffer.from(text), range(s.codeStart, s.count)));
        } catch (error) {
          expect(error).toBeInstanceOf(PackageError);
          expect((error as PackageError).details?.line, (error as PackageError).message).toBeGreaterThanOrEqual(1);
          return;
        }
        // Whatever it read, every code_url sits at its own index.
        expect(read.map((row) => [row.codeIndex, row.codeUrl])).toEqual(expected.map((row) => [row.codeIndex, row.codeUrl]));
        // A package's own code is read right; without one, an extra column shaped exactly like a code
        // cannot be told from one (nothing could), so it is read as the code.
        for (const [k, row] of read.entries()) {
          expect([expected[k]!.code, ...(s.withCode ? [] : [null, extraOf(k)])]).toContain(row.code);
        }
      }),
      { numRuns: 400, seed: 20_261_204 },
    );
  });
});
