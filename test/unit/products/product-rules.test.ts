import { describe, expect, it } from 'vitest';
import { productInputSchema } from '@shared/products-contract';
import {
  checkActivityName,
  checkProduct,
  checkProductBrand,
  checkProductCode,
  checkProductTitle,
  checkWxaAppid,
  checkWxaPath,
  checkWxaType,
  eanCheckDigit,
  expectedCheckDigit,
  normaliseProductInput,
} from '@shared/validation/product-rules';
import { TRAINING_DEMO_PRODUCTS } from '@main/connection';

describe('EAN-13 and EAN-8 (GS1 mod-10 check digit)', () => {
  // Published examples: Wikipedia's EAN-13 and EAN-8 figures, a GS1 Poland sample and an ISBN-13.
  it.each([
    ['4006381333931', 'EAN-13'],
    ['5901234123457', 'EAN-13'],
    ['9780306406157', 'EAN-13 (ISBN)'],
    ['6901234567892', 'EAN-13 (China prefix)'],
    ['0000000000000', 'EAN-13 all zeros'],
    ['96385074', 'EAN-8'],
    ['73513537', 'EAN-8'],
    ['40063812', 'EAN-8'],
    ['00000000', 'EAN-8 all zeros'],
    [' 4006381333931 ', 'EAN-13 with surrounding spaces'],
  ])('accepts %s (%s)', (code) => {
    expect(checkProductCode(code)).toBeUndefined();
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['4006381333932', 'eanCheckDigit'],
    ['4006381333930', 'eanCheckDigit'],
    ['5901234123450', 'eanCheckDigit'],
    ['96385075', 'eanCheckDigit'],
    ['73513530', 'eanCheckDigit'],
    ['400638133393A', 'eanDigits'],
    ['ABCDEFGH', 'eanDigits'],
    ['4006-381333931', 'eanDigits'],
    ['4006381 333931', 'eanDigits'],
    ['４００６３８１３３３９３１', 'eanDigits'], // full-width digits are not digits here
    ['-96385074', 'eanDigits'],
    ['1e7', 'eanDigits'],
    ['400638133393', 'eanLength'], // 12 digits (UPC-A without its zero): not EAN
    ['40063813339311', 'eanLength'], // 14 digits (GTIN-14)
    ['9638507', 'eanLength'],
    ['963850745', 'eanLength'],
    ['1', 'eanLength'],
  ])('refuses %j with %s', (code, problem) => {
    expect(checkProductCode(code)).toBe(problem);
  });

  it('computes check digits and names the expected one when only it is wrong', () => {
    expect(eanCheckDigit('400638133393')).toBe(1);
    expect(eanCheckDigit('9638507')).toBe(4);
    expect(expectedCheckDigit('4006381333932')).toBe(1);
    expect(expectedCheckDigit('96385070')).toBe(4);
    expect(expectedCheckDigit('4006381333931')).toBeUndefined();
    expect(expectedCheckDigit('12ab')).toBeUndefined();
  });

  it('a single wrong digit anywhere is always caught', () => {
    const good = '5901234123457';
    for (let position = 0; position < good.length; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const wrong = good.slice(0, position) + digit + good.slice(position + 1);
        if (wrong !== good) expect(checkProductCode(wrong)).toBe('eanCheckDigit');
      }
    }
  });
});

describe('wxa_appid: "wx" + 16 hexadecimal characters', () => {
  it.each(['wx0123456789abcdef', 'wxFEDCBA9876543210', 'wx00112233445566ff', 'wxAbCdEf0123456789', '  wx0123456789abcdef  '])(
    'accepts %j',
    (appid) => {
      expect(checkWxaAppid(appid)).toBeUndefined();
    },
  );
  it.each([
    ['', 'required'],
    ['wx0123456789abcde', 'appidFormat'], // 15 hex
    ['wx0123456789abcdef0', 'appidFormat'], // 17 hex
    ['wx0123456789abcdeg', 'appidFormat'], // g is not hex
    ['WX0123456789abcdef', 'appidFormat'], // the prefix is lower case
    ['Wx0123456789abcdef', 'appidFormat'],
    ['0123456789abcdef01', 'appidFormat'],
    ['wx 0123456789abcdef', 'appidFormat'],
    ['wx3sxjifjwojfsffef', 'appidFormat'], // the official page's example is not a real appid
    ['gh_0123456789ab', 'appidFormat'], // an original id, not an appid
  ])('refuses %j with %s', (appid, problem) => {
    expect(checkWxaAppid(appid)).toBe(problem);
  });
});

describe('wxa_path: a Mini Program page path', () => {
  it.each([
    'pages/index/index',
    'pages/scan/index',
    'index',
    'packageA/pages/detail-page/detail_page',
    'pages/index/index?from=carton',
    'pages/index/index?from=carton&line=3',
    'pages/index/index?q=%E4%B8%AD',
    'pages/index/index?',
  ])('accepts %j', (path) => {
    expect(checkWxaPath(path)).toBeUndefined();
  });
  it.each([
    ['', 'required'],
    ['/pages/index/index', 'pathLeadingSlash'],
    ['pages//index', 'pathFormat'],
    ['pages/index/', 'pathFormat'],
    ['pages/../secret', 'pathFormat'],
    ['https://example.com/pages/index', 'pathFormat'],
    ['pages/index/index.html', 'pathFormat'],
    ['pages/首页/index', 'pathFormat'],
    ['pages/index/index?q=a b', 'pathFormat'],
    ['pages/index/index?q=中', 'pathFormat'],
    ['pages/index/index?access_token=abc', 'pathCredential'],
    ['pages/index/index?from=x&appSecret=1', 'pathCredential'],
    ['pages/index/index?password=1', 'pathCredential'],
    [`pages/${'a'.repeat(1020)}`, 'tooLong'],
  ])('refuses %j with %s', (path, problem) => {
    expect(checkWxaPath(path)).toBe(problem);
  });
});

describe('texts and wxa_type', () => {
  it('brand, title and activity are trimmed, required, single-line and bounded', () => {
    expect(checkProductBrand('  示例饮料 ')).toBeUndefined();
    expect(checkProductBrand(' \u3000 ')).toBe('required');
    expect(checkProductBrand('a'.repeat(64))).toBeUndefined();
    expect(checkProductBrand('a'.repeat(65))).toBe('tooLong');
    expect(checkProductBrand('饮'.repeat(64))).toBeUndefined();
    expect(checkProductTitle('a'.repeat(128))).toBeUndefined();
    expect(checkProductTitle('a'.repeat(129))).toBe('tooLong');
    expect(checkProductTitle('two\nlines')).toBe('controlCharacters');
    expect(checkActivityName('tab\there')).toBe('controlCharacters');
    expect(checkActivityName('a'.repeat(65))).toBe('tooLong');
    // Characters, not UTF-16 units: 64 emoji are 64 characters.
    expect(checkActivityName('🎁'.repeat(64))).toBeUndefined();
  });

  it('wxa_type is 0, 1 or 2', () => {
    for (const ok of [0, 1, 2]) expect(checkWxaType(ok)).toBeUndefined();
    for (const bad of [3, -1, 0.5, NaN, '0', null, undefined]) expect(checkWxaType(bad)).toBe('wxaType');
  });

  it('checkProduct reports every bad field at once', () => {
    expect(
      checkProduct({
        product_code: '4006381333932',
        product_brand: '',
        product_title: 'ok',
        activity_name: 'ok',
        wxa_appid: 'wx123',
        wxa_path: '/pages/index/index',
        wxa_type: 7,
      }),
    ).toEqual({
      product_code: 'eanCheckDigit',
      product_brand: 'required',
      wxa_appid: 'appidFormat',
      wxa_path: 'pathLeadingSlash',
      wxa_type: 'wxaType',
    });
  });

  it('Training demo products pass every rule', () => {
    for (const product of TRAINING_DEMO_PRODUCTS) expect(checkProduct(product)).toEqual({});
  });

  it('the contract schema uses the same rules (problem code as message) and trims', () => {
    const bad = productInputSchema.safeParse({
      product_code: '96385075',
      product_brand: 'B',
      product_title: 'T',
      activity_name: 'A',
      wxa_appid: 'wx0123456789abcdef',
      wxa_path: 'pages/index/index',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['product_code', 'eanCheckDigit']]);
    const good = productInputSchema.parse({
      product_code: ' 96385074 ',
      product_brand: ' B ',
      product_title: 'T',
      activity_name: 'A',
      wxa_appid: 'wx0123456789abcdef',
      wxa_path: 'pages/index/index',
    });
    expect(good).toMatchObject({ product_code: '96385074', product_brand: 'B' });
    expect(normaliseProductInput({ ...good, product_title: ' T ' })).toMatchObject({ product_title: 'T', wxa_type: 0 });
  });
});
