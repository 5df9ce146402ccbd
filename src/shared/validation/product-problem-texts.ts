/**
 * The words for every product problem (a field rule's, an import row's or the
 * file's), in both languages, written once: main fills them for the CLI and
 * PRODUCT_INVALID, and the renderer's i18n catalogues include them as
 * `products.problem.*` / `products.importProblem.*` (productProblemMessages).
 * Templates name their facts as `{name}`, as the renderer's catalogues do.
 */
import type { Locale } from '../errors';
import type { ImportRowProblem } from '../products-contract';
import { PRODUCT_FIELD_PROBLEMS, PRODUCT_TEXT_MAX, WXA_PATH_MAX, type ProductField, type ProductFieldProblem } from './product-rules';

export type ProblemParams = Record<string, string | number> | undefined;

/** A field problem's text id: a wrong check digit has a second text for when the right digit is not known. */
export type FieldProblemTextId = ProductFieldProblem | 'eanCheckDigitUnknown';

const FIELD_PROBLEM_TEXTS: Record<Locale, Record<FieldProblemTextId, string>> = {
  en: {
    required: 'Required.',
    tooLong: 'At most {max} characters.',
    controlCharacters: 'Must not contain line breaks or other control characters.',
    eanDigits: 'A barcode has digits only.',
    eanLength: 'An EAN barcode has 13 digits (EAN-13) or 8 digits (EAN-8).',
    eanCheckDigit: 'The check digit (the last digit) is wrong: for the digits before it, it should be {digit}. Check the barcode.',
    eanCheckDigitUnknown: 'The check digit (the last digit) is wrong. Check the barcode.',
    appidFormat: 'A Mini Program AppID is "wx" followed by 16 hexadecimal characters.',
    pathLeadingSlash: 'Leave out the leading "/", e.g. pages/index/index.',
    pathFormat:
      'Enter a Mini Program page path (letters, digits, _, - and /), optionally with "?query", e.g. pages/index/index?from=carton.',
    pathCredential: 'The path must not carry a token, secret or password: everyone who scans can read it.',
    wxaType: 'The version is 0 (release), 1 (development) or 2 (trial).',
  },
  'zh-CN': {
    required: '必填。',
    tooLong: '最多 {max} 个字符。',
    controlCharacters: '不能包含换行符或其他控制字符。',
    eanDigits: '条码只能包含数字。',
    eanLength: 'EAN 条码为 13 位（EAN-13）或 8 位（EAN-8）数字。',
    eanCheckDigit: '校验位（最后一位）不对：按前面的数字应为 {digit}。请核对条码。',
    eanCheckDigitUnknown: '校验位（最后一位）不对，请核对条码。',
    appidFormat: '小程序 AppID 为“wx”加 16 位十六进制字符。',
    pathLeadingSlash: '路径开头不要加“/”，例如 pages/index/index。',
    pathFormat: '请输入小程序页面路径（字母、数字、_、- 与 /），可带“?参数”，例如 pages/index/index?from=carton。',
    pathCredential: '路径参数中不能带令牌、密钥或密码：扫码的人都能看到它。',
    wxaType: '版本只能是 0（正式版）、1（开发版）或 2（体验版）。',
  },
};

const IMPORT_PROBLEM_TEXTS: Record<Locale, Record<ImportRowProblem, string>> = {
  en: {
    header: 'The header is wrong: it must name the columns {expected} (wxa_type may be left out).',
    columnCount: 'Expected {expected} columns, found {found}.',
    duplicateInFile: 'The same product code is already on line {line}.',
    inUse: 'Used by {activations} activation(s): it cannot be changed. Archive it and add a new product instead.',
    notUtf8: 'The file is not UTF-8. In Excel, save it as "CSV UTF-8 (Comma delimited)".',
    tooManyRows: 'Too many rows: import at most {max} products at a time.',
    empty: 'The file has no products.',
    unclosedQuote: 'A quote opened on this line is never closed.',
  },
  'zh-CN': {
    header: '表头不对：应包含列 {expected}（wxa_type 可省略）。',
    columnCount: '应有 {expected} 列，实际 {found} 列。',
    duplicateInFile: '同一条码已在第 {line} 行出现。',
    inUse: '该产品已被 {activations} 个激活使用，不能修改；可以归档后新建产品。',
    notUtf8: '文件不是 UTF-8 编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。',
    tooManyRows: '行数过多：一次最多导入 {max} 个产品。',
    empty: '文件中没有产品。',
    unclosedQuote: '引号没有闭合（从这一行开始）。',
  },
};

type ProblemMessages = { [K in FieldProblemTextId as `products.problem.${K}`]: string } & {
  [K in ImportRowProblem as `products.importProblem.${K}`]: string;
};

/** The problem texts of one language under the renderer's i18n keys, for its catalogues to include. */
export function productProblemMessages(locale: Locale): ProblemMessages {
  const messages: Record<string, string> = {};
  for (const [id, text] of Object.entries(FIELD_PROBLEM_TEXTS[locale])) messages[`products.problem.${id}`] = text;
  for (const [id, text] of Object.entries(IMPORT_PROBLEM_TEXTS[locale])) messages[`products.importProblem.${id}`] = text;
  return messages as ProblemMessages;
}

const FIELD_PROBLEMS: ReadonlySet<string> = new Set<string>(PRODUCT_FIELD_PROBLEMS);

/** A field rule's problem, as opposed to an import row's or the file's. */
export function isFieldProblem(problem: string): problem is ProductFieldProblem {
  return FIELD_PROBLEMS.has(problem);
}

/** The longest value a field takes, for `tooLong` (0 for fields without a length rule). */
function maxLengthOf(field: ProductField | null): number {
  if (field === 'wxa_path') return WXA_PATH_MAX;
  if (field === 'product_brand' || field === 'product_title' || field === 'activity_name') return PRODUCT_TEXT_MAX[field];
  return 0;
}

/** Which text says a field problem, and the facts it needs: the field's limit, the right check digit when known. */
export function fieldProblemTextOf(
  field: ProductField | null,
  problem: ProductFieldProblem,
  params: ProblemParams = undefined,
): { id: FieldProblemTextId; params: Record<string, string | number> } {
  if (problem === 'tooLong') return { id: 'tooLong', params: { max: maxLengthOf(field) } };
  if (problem === 'eanCheckDigit') {
    return params?.digit !== undefined
      ? { id: 'eanCheckDigit', params: { digit: params.digit } }
      : { id: 'eanCheckDigitUnknown', params: {} };
  }
  return { id: problem, params: {} };
}

/** `{name}` filled from params; a fact that is missing becomes empty. */
function fill(template: string, params: ProblemParams): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => String(params?.[name] ?? ''));
}

/** One problem in words, in one language. */
export function describeProblem(
  field: ProductField | null,
  problem: ProductFieldProblem | ImportRowProblem,
  locale: Locale,
  params: ProblemParams = undefined,
): string {
  if (!isFieldProblem(problem)) return fill(IMPORT_PROBLEM_TEXTS[locale][problem], params);
  const text = fieldProblemTextOf(field, problem, params);
  return fill(FIELD_PROBLEM_TEXTS[locale][text.id], text.params);
}

/** Field names as the CLI and main's messages show them (the renderer labels fields with its own, shorter names). */
const FIELD_NAMES: Record<ProductField, Record<Locale, string>> = {
  product_code: { 'zh-CN': '商品条码（product_code）', en: 'product code (product_code)' },
  product_brand: { 'zh-CN': '品牌（product_brand）', en: 'brand (product_brand)' },
  product_title: { 'zh-CN': '产品名称（product_title）', en: 'title (product_title)' },
  activity_name: { 'zh-CN': '活动名称（activity_name）', en: 'activity name (activity_name)' },
  wxa_appid: { 'zh-CN': '小程序 AppID（wxa_appid）', en: 'Mini Program appid (wxa_appid)' },
  wxa_path: { 'zh-CN': '小程序路径（wxa_path）', en: 'Mini Program path (wxa_path)' },
  wxa_type: { 'zh-CN': '小程序版本（wxa_type）', en: 'Mini Program version (wxa_type)' },
};

/** "field: problem" in one language, or the problem alone when it is the row's or the file's. */
export function describeFieldProblem(
  field: ProductField | null,
  problem: ProductFieldProblem | ImportRowProblem,
  locale: Locale,
  params: ProblemParams = undefined,
): string {
  const text = describeProblem(field, problem, locale, params);
  return field ? `${FIELD_NAMES[field][locale]}${locale === 'zh-CN' ? '：' : ': '}${text}` : text;
}

/** A problem of an import report in words, as the CLI lists it. */
export function describeImportProblem(
  problem: { field: ProductField | null; problem: ProductFieldProblem | ImportRowProblem; params?: ProblemParams },
  locale: Locale,
): string {
  return describeFieldProblem(problem.field, problem.problem, locale, problem.params);
}
