import type { ImportProblem, ImportRowProblem } from '../../shared/products-contract';
import { AppError, type Locale } from '../../shared/errors';
import {
  PRODUCT_TEXT_MAX,
  WXA_PATH_MAX,
  type ProductField,
  type ProductFieldProblem,
  type ProductProblems,
} from '../../shared/validation/product-rules';

/** Field names as the CLI and main's messages show them (the renderer has its own, in its i18n catalogues). */
const FIELD_NAMES: Record<ProductField, Record<Locale, string>> = {
  product_code: { 'zh-CN': '商品条码（product_code）', en: 'product code (product_code)' },
  product_brand: { 'zh-CN': '品牌（product_brand）', en: 'brand (product_brand)' },
  product_title: { 'zh-CN': '产品名称（product_title）', en: 'title (product_title)' },
  activity_name: { 'zh-CN': '活动名称（activity_name）', en: 'activity name (activity_name)' },
  wxa_appid: { 'zh-CN': '小程序 AppID（wxa_appid）', en: 'Mini Program appid (wxa_appid)' },
  wxa_path: { 'zh-CN': '小程序路径（wxa_path）', en: 'Mini Program path (wxa_path)' },
  wxa_type: { 'zh-CN': '小程序版本（wxa_type）', en: 'Mini Program version (wxa_type)' },
};

type Params = Record<string, string | number> | undefined;

function maxOf(field: ProductField | null): number {
  if (field === 'wxa_path') return WXA_PATH_MAX;
  if (field === 'product_brand' || field === 'product_title' || field === 'activity_name') return PRODUCT_TEXT_MAX[field];
  return 0;
}

/** One problem in words, in one language (main's counterpart of the renderer's `products.problem.*`). */
export function describeProblem(
  field: ProductField | null,
  problem: ProductFieldProblem | ImportRowProblem,
  locale: Locale,
  params: Params = undefined,
): string {
  const zh = locale === 'zh-CN';
  const p = (name: string) => String(params?.[name] ?? '');
  switch (problem) {
    case 'required':
      return zh ? '必填。' : 'Required.';
    case 'tooLong':
      return zh ? `最多 ${maxOf(field)} 个字符。` : `At most ${maxOf(field)} characters.`;
    case 'controlCharacters':
      return zh ? '不能包含换行符或其他控制字符。' : 'Must not contain line breaks or other control characters.';
    case 'eanDigits':
      return zh ? '条码只能包含数字。' : 'A barcode has digits only.';
    case 'eanLength':
      return zh ? 'EAN 条码为 13 位（EAN-13）或 8 位（EAN-8）数字。' : 'An EAN barcode has 13 digits (EAN-13) or 8 digits (EAN-8).';
    case 'eanCheckDigit':
      return params?.digit !== undefined
        ? zh
          ? `校验位（最后一位）不对：按前面的数字应为 ${p('digit')}。请核对条码。`
          : `The check digit (the last digit) is wrong: for the digits before it, it should be ${p('digit')}. Check the barcode.`
        : zh
          ? '校验位（最后一位）不对，请核对条码。'
          : 'The check digit (the last digit) is wrong. Check the barcode.';
    case 'appidFormat':
      return zh ? '小程序 AppID 为 “wx” 加 16 位十六进制字符。' : 'A Mini Program appid is "wx" followed by 16 hexadecimal characters.';
    case 'pathLeadingSlash':
      return zh ? '路径开头不要加 “/”，例如 pages/index/index。' : 'Leave out the leading "/", e.g. pages/index/index.';
    case 'pathFormat':
      return zh
        ? '路径应为小程序页面路径（字母、数字、_、- 与 /），可带 “?参数”，例如 pages/index/index?from=carton。'
        : 'Enter a Mini Program page path (letters, digits, _, - and /), optionally with "?query", e.g. pages/index/index?from=carton.';
    case 'pathCredential':
      return zh
        ? '路径参数中不能带令牌、密钥或密码：扫码的人都能看到它。'
        : 'The path must not carry a token, secret or password: everyone who scans can read it.';
    case 'wxaType':
      return zh ? '版本只能是 0（正式版）、1（开发版）或 2（体验版）。' : 'The version is 0 (release), 1 (development) or 2 (trial).';
    case 'header':
      return zh
        ? `表头不对：应包含列 ${p('expected')}（wxa_type 可省略）。`
        : `The header is wrong: it must name the columns ${p('expected')} (wxa_type may be left out).`;
    case 'columnCount':
      return zh ? `应有 ${p('expected')} 列，实际 ${p('found')} 列。` : `Expected ${p('expected')} columns, found ${p('found')}.`;
    case 'duplicateInFile':
      return zh ? `同一条码已在第 ${p('line')} 行出现。` : `The same product code is already on line ${p('line')}.`;
    case 'inUse':
      return zh
        ? `该产品已被 ${p('activations')} 个激活使用，不能修改；可以归档后新建。`
        : `Used by ${p('activations')} activation(s): it cannot be changed. Archive it and add a new product instead.`;
    case 'notUtf8':
      return zh
        ? '文件不是 UTF-8 编码。请在 Excel 中另存为 “CSV UTF-8（逗号分隔）”。'
        : 'The file is not UTF-8. In Excel, save it as "CSV UTF-8 (Comma delimited)".';
    case 'tooManyRows':
      return zh ? `行数过多：一次最多导入 ${p('max')} 个产品。` : `Too many rows: import at most ${p('max')} products at a time.`;
    case 'empty':
      return zh ? '文件是空的。' : 'The file is empty.';
    case 'unclosedQuote':
      return zh ? '引号没有闭合（从这一行开始）。' : 'A quote opened on this line is never closed.';
  }
}

/** "field: problem" in one language. */
export function describeImportProblem(problem: ImportProblem, locale: Locale): string {
  const text = describeProblem(problem.field, problem.problem, locale, problem.params);
  return problem.field ? `${FIELD_NAMES[problem.field][locale]}${locale === 'zh-CN' ? '：' : ': '}${text}` : text;
}

export function productInvalidError(problems: ProductProblems, params: Params = undefined): AppError {
  const entries = Object.entries(problems) as [ProductField, ProductFieldProblem][];
  const list = (locale: Locale) =>
    entries
      .map(
        ([field, problem]) =>
          `${FIELD_NAMES[field][locale]}${locale === 'zh-CN' ? '：' : ': '}${describeProblem(field, problem, locale, params)}`,
      )
      .join(locale === 'zh-CN' ? '；' : '; ');
  const details: Record<string, string> = {};
  for (const [field, problem] of entries) details[field] = problem;
  return new AppError(
    'PRODUCT_INVALID',
    {
      'zh-CN': { message: `产品信息有误：${list('zh-CN')}`, hint: '请改正后重试。' },
      en: { message: `The product is not valid: ${list('en')}`, hint: 'Correct it and try again.' },
    },
    details,
  );
}

export function productNotFoundError(code: string): AppError {
  return new AppError(
    'PRODUCT_NOT_FOUND',
    {
      'zh-CN': { message: `没有条码为 ${code} 的产品。`, hint: '请检查条码；用 "marketcode product list --archived" 查看全部产品。' },
      en: {
        message: `There is no product with the code ${code}.`,
        hint: 'Check the code; "marketcode product list --archived" lists them all.',
      },
    },
    { product_code: code },
  );
}

export function productExistsError(code: string, archived: boolean): AppError {
  return new AppError(
    'PRODUCT_EXISTS',
    {
      'zh-CN': {
        message: `条码 ${code} 的产品已存在${archived ? '（已归档）' : ''}。`,
        hint: archived ? '可以取消归档后继续使用，或修改它。' : '如需修改，请编辑该产品。',
      },
      en: {
        message: `A product with the code ${code} already exists${archived ? ' (archived)' : ''}.`,
        hint: archived ? 'Unarchive it to use it again, or edit it.' : 'Edit that product to change it.',
      },
    },
    { product_code: code, archived },
  );
}

/** Changing or deleting a product that activations point to: what was sent to WeChat must stay as it was. */
export function productInUseError(code: string, activations: number, action: 'update' | 'delete'): AppError {
  const zhVerb = action === 'delete' ? '删除' : '修改';
  const enVerb = action === 'delete' ? 'deleted' : 'changed';
  return new AppError(
    'PRODUCT_IN_USE',
    {
      'zh-CN': {
        message: `产品 ${code} 已被 ${activations} 个激活使用，不能${zhVerb}。`,
        hint: action === 'delete' ? '可以将它归档：归档后不再出现在激活的产品列表中。' : '可以将它归档，再用新的条码或信息新建产品。',
      },
      en: {
        message: `Product ${code} is used by ${activations} activation(s) and cannot be ${enVerb}.`,
        hint:
          action === 'delete'
            ? 'Archive it instead: archived products are no longer offered for activation.'
            : 'Archive it instead and add a new product with the new details.',
      },
    },
    { product_code: code, activations, action },
  );
}
