import { afterEach, describe, expect, it } from 'vitest';
import { describeImportProblem, parseCsv } from '@main/products';
import { ACTOR, CRISPS, csv, csvRow, insertActivation, MILK, productFixture } from './helpers';

let fixture: ReturnType<typeof productFixture>;
afterEach(() => fixture?.db.close());

describe('CSV import', () => {
  it('imports a good file: adds, updates changed products, skips identical ones', async () => {
    fixture = productFixture();
    const { products, handlers, audit, changes } = fixture;
    products.add(CRISPS, ACTOR);
    products.add({ ...MILK, product_title: 'old title' }, ACTOR);
    const file = csv([csvRow(CRISPS), csvRow(MILK), ['73513537', 'Alpha', 'Water 500ml', 'Summer', 'wx00112233445566ff', 'pages/a/b', '']]);
    const report = await handlers.importCsv(file);
    expect(report).toEqual({
      imported: true,
      added: 1,
      updated: 1,
      unchanged: 1,
      invalid: 0,
      rows: [
        { line: 2, product_code: CRISPS.product_code, outcome: 'unchanged', problems: [] },
        { line: 3, product_code: MILK.product_code, outcome: 'updated', problems: [] },
        { line: 4, product_code: '73513537', outcome: 'added', problems: [] },
      ],
    });
    expect(products.get(MILK.product_code).product_title).toBe(MILK.product_title);
    expect(products.get('73513537')).toMatchObject({ wxa_type: 0, created_by: 'supervisor:王工' });
    expect(audit.list().map((entry) => entry.action)).toEqual([
      'product.added',
      'product.added',
      'product.updated',
      'product.added',
      'products.imported',
    ]);
    expect(audit.list({ action: 'products.imported' })[0]!.details).toEqual({ rows: 3, added: 1, updated: 1, unchanged: 1 });
    expect(changes.at(-1)).toEqual({ action: 'imported', product_codes: [MILK.product_code, '73513537'] });
    expect(fixture.asked.at(-1)).toBe('products.import');
  });

  it('is all or nothing: every bad row is reported with its line number and reasons, and nothing is written', () => {
    fixture = productFixture();
    const { products, audit } = fixture;
    const file = csv([
      csvRow(CRISPS), // line 2: fine
      ['4006381333932', 'B', 'T', 'A', 'wx0123456789abcdef', 'pages/index/index', 0], // line 3: check digit
      ['12345', '', 'T', 'A', 'wx12', '/pages/index', 5], // line 4: four problems
      csvRow(MILK), // line 5: fine
      ['40063812', 'B', 'T', 'A', 'wx0123456789abcdef', 'pages/index/index', 0], // line 6: duplicate of line 5
      ['73513537', 'B', 'T'], // line 7: too few columns
    ]);
    const report = products.importCsv(file, ACTOR);
    expect(report.imported).toBe(false);
    expect(report.invalid).toBe(4);
    const bad = report.rows.filter((row) => row.outcome === 'invalid');
    expect(bad).toEqual([
      {
        line: 3,
        product_code: '4006381333932',
        outcome: 'invalid',
        problems: [{ field: 'product_code', problem: 'eanCheckDigit', params: { digit: 1 } }],
      },
      {
        line: 4,
        product_code: '12345',
        outcome: 'invalid',
        problems: [
          { field: 'product_code', problem: 'eanLength' },
          { field: 'product_brand', problem: 'required' },
          { field: 'wxa_appid', problem: 'appidFormat' },
          { field: 'wxa_path', problem: 'pathLeadingSlash' },
          { field: 'wxa_type', problem: 'wxaType' },
        ],
      },
      {
        line: 6,
        product_code: '40063812',
        outcome: 'invalid',
        problems: [{ field: 'product_code', problem: 'duplicateInFile', params: { line: 5 } }],
      },
      {
        line: 7,
        product_code: '73513537',
        outcome: 'invalid',
        problems: [{ field: null, problem: 'columnCount', params: { expected: 7, found: 3 } }],
      },
    ]);
    expect(products.list({ include_archived: true })).toEqual([]);
    expect(audit.list()).toEqual([]);
    // The reasons read well in both languages.
    expect(describeImportProblem(bad[0]!.problems[0]!, 'en')).toBe(
      'product code (product_code): The check digit (the last digit) is wrong: for the digits before it, it should be 1. Check the barcode.',
    );
    expect(describeImportProblem(bad[2]!.problems[0]!, 'zh-CN')).toBe('商品条码（product_code）：同一条码已在第 5 行出现。');
  });

  it('refuses to change a product in use, but an identical row for it is fine', () => {
    fixture = productFixture();
    const { products, db } = fixture;
    products.add(CRISPS, ACTOR);
    insertActivation(db, CRISPS.product_code);
    expect(products.importCsv(csv([csvRow(CRISPS)]), ACTOR)).toMatchObject({ imported: true, unchanged: 1 });
    const report = products.importCsv(csv([csvRow({ ...CRISPS, product_title: 'Renamed' }), csvRow(MILK)]), ACTOR);
    expect(report.imported).toBe(false);
    expect(report.rows[0]).toEqual({
      line: 2,
      product_code: CRISPS.product_code,
      outcome: 'invalid',
      problems: [{ field: null, problem: 'inUse', params: { activations: 1 } }],
    });
    expect(report.rows[1]).toMatchObject({ outcome: 'added' });
    expect(() => products.get(MILK.product_code)).toThrow(expect.objectContaining({ code: 'PRODUCT_NOT_FOUND' }));
  });

  it('reports file-level problems at their line', () => {
    fixture = productFixture();
    const { products } = fixture;
    const problemOf = (text: string) => {
      const report = products.importCsv(text, ACTOR);
      expect(report.imported).toBe(false);
      return report.rows.map((row) => [row.line, row.problems.map((problem) => problem.problem).join()]);
    };
    expect(problemOf('')).toEqual([[1, 'empty']]);
    expect(problemOf('\n\n')).toEqual([[1, 'empty']]);
    expect(problemOf(csv([]))).toEqual([[1, 'empty']]);
    expect(problemOf('code,brand\n1,2\n')).toEqual([[1, 'header']]);
    expect(problemOf(csv([], 'product_code,product_brand,product_title,activity_name,wxa_appid,wxa_appid,wxa_path'))).toEqual([
      [1, 'header'],
    ]);
    expect(problemOf(`${csv([csvRow(CRISPS)])}40063812,"unclosed,T,A,wx0123456789abcdef,p,0\n`)).toEqual([[3, 'unclosedQuote']]);
    expect(problemOf(`${csv([csvRow(CRISPS)])}40063812,\uFFFD\uFFFD,T,A,wx0123456789abcdef,p,0\n`)).toEqual([[3, 'notUtf8']]);
  });

  it('reads Excel-style files: BOM, CRLF, quoted fields, any column order, no wxa_type column, blank lines', () => {
    fixture = productFixture();
    const { products } = fixture;
    const text =
      '\uFEFFWXA_PATH, product_code ,product_brand,product_title,activity_name,wxa_appid\r\n' +
      '\r\n' +
      'pages/index/index,40063812,"Brand, Inc.","Title with ""quotes""",Activity,wx0123456789abcdef\r\n' +
      ',,,,,\r\n' +
      'pages/a/b,73513537, Spaced ,T,A,wx0123456789abcdef\r\n';
    const report = products.importCsv(text, ACTOR);
    expect(report).toMatchObject({ imported: true, added: 2 });
    expect(report.rows.map((row) => row.line)).toEqual([3, 5]);
    expect(products.get('40063812')).toMatchObject({ product_brand: 'Brand, Inc.', product_title: 'Title with "quotes"', wxa_type: 0 });
    expect(products.get('73513537').product_brand).toBe('Spaced');
  });

  it('counts lines across quoted line breaks', () => {
    const parsed = parseCsv('a,b\n"multi\nline",x\nc,d\n');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['multi\nline', 'x'] },
        { line: 4, fields: ['c', 'd'] },
      ],
    });
    fixture = productFixture();
    const report = fixture.products.importCsv(
      csv([['40063812', '"two\nlines"', 'T', 'A', 'wx0123456789abcdef', 'p', 0], csvRow(CRISPS).map(String)]),
      ACTOR,
    );
    expect(report.rows.map((row) => [row.line, row.outcome, row.problems[0]?.problem])).toEqual([
      [2, 'invalid', 'controlCharacters'],
      [4, 'added', undefined],
    ]);
  });
});
