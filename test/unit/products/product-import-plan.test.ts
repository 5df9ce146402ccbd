import { describe, expect, it } from 'vitest';
import { headerIsValid, MAX_IMPORT_ROWS, planImport, readImportFile } from '@main/products/product-import-plan';
import type { StoredProductFacts } from '@main/products/product-change-rules';
import { CRISPS, csv, csvRow, MILK } from './helpers';

const HEADER = 'product_code,product_brand,product_title,activity_name,wxa_appid,wxa_path,wxa_type';
const nothingStored = () => undefined;

describe('import plan: the file as a whole', () => {
  it.each([
    ['not UTF-8', `${HEADER}\nbad \uFFFD row\n`, 'notUtf8', 2],
    ['an unclosed quote', `${HEADER}\n"open,b\n`, 'unclosedQuote', 2],
    ['no text', '', 'empty', 1],
    ['a header only', `${HEADER}\n`, 'empty', 1],
    ['an unknown column', 'product_code,colour\n1,2\n', 'header', 1],
    ['a column twice', `${HEADER},product_code\n`, 'header', 1],
    ['a required column missing', 'product_code,product_brand\n', 'header', 1],
  ])('refuses %s', (_name, text, problem, line) => {
    const read = readImportFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.rows).toMatchObject([{ line, product_code: null, outcome: 'invalid', problems: [{ field: null, problem }] }]);
  });

  it('refuses more rows than one import may carry, at the first row too many', () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => csvRow(CRISPS));
    const read = readImportFile(csv(rows));
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.rows[0]).toMatchObject({
        line: MAX_IMPORT_ROWS + 2,
        problems: [{ problem: 'tooManyRows', params: { max: MAX_IMPORT_ROWS } }],
      });
  });

  it.each([
    [['product_code', 'product_brand', 'product_title', 'activity_name', 'wxa_appid', 'wxa_path', 'wxa_type'], true],
    [['wxa_path', 'product_code', 'product_brand', 'product_title', 'activity_name', 'wxa_appid'], true],
    [['product_code', 'product_brand', 'product_title', 'activity_name', 'wxa_appid'], false],
    [['product_code', 'product_brand', 'product_title', 'activity_name', 'wxa_appid', 'wxa_path', 'notes'], false],
  ])('header %j valid: %s', (columns, valid) => {
    expect(headerIsValid(columns)).toBe(valid);
  });
});

describe('import plan: each row', () => {
  const storedMilk =
    (activations: number) =>
    (code: string): StoredProductFacts | undefined =>
      code === MILK.product_code ? { ...MILK, wxa_type: MILK.wxa_type ?? 0, activations } : undefined;

  it.each([
    ['a new product', csvRow(CRISPS), nothingStored, 'added', []],
    ['an identical product', csvRow(MILK), storedMilk(1), 'unchanged', []],
    ['a changed product not in use', csvRow({ ...MILK, product_title: 'new' }), storedMilk(0), 'updated', []],
    [
      'a changed product in use',
      csvRow({ ...MILK, product_title: 'new' }),
      storedMilk(2),
      'invalid',
      [{ field: null, problem: 'inUse', params: { activations: 2 } }],
    ],
    [
      'too few cells',
      ['73513537', 'B', 'T'],
      nothingStored,
      'invalid',
      [{ field: null, problem: 'columnCount', params: { expected: 7, found: 3 } }],
    ],
    [
      'a wrong check digit',
      csvRow({ ...CRISPS, product_code: '4006381333932' }),
      nothingStored,
      'invalid',
      [{ field: 'product_code', problem: 'eanCheckDigit', params: { digit: 1 } }],
    ],
    [
      'a version that is not one digit',
      [...csvRow(CRISPS).slice(0, 6), '10'],
      nothingStored,
      'invalid',
      [{ field: 'wxa_type', problem: 'wxaType' }],
    ],
  ])('%s', (_name, row, lookup, outcome, problems) => {
    const [planned] = planImport(csv([row]), lookup);
    expect(planned).toMatchObject({ line: 2, outcome, problems });
  });

  it('names the line of the first copy of a code', () => {
    const planned = planImport(csv([csvRow(CRISPS), csvRow(MILK), csvRow(CRISPS)]), nothingStored);
    expect(planned.map((row) => row.outcome)).toEqual(['added', 'added', 'invalid']);
    expect(planned[2]!.problems).toEqual([{ field: 'product_code', problem: 'duplicateInFile', params: { line: 2 } }]);
  });
});
