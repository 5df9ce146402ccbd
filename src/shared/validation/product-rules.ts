/**
 * Rules for product fields, shared so the renderer can explain a bad value in
 * the user's language before main (which enforces the same rules, in its zod
 * schemas and again in the product service) sees it. Each check returns a
 * problem code (translated by the renderer, worded by main for the CLI) or
 * undefined when the value is fine. Checks look at the trimmed value; callers
 * store the trimmed value (`normaliseProductInput`).
 */
import type { ProductDetails } from '../products-contract';

/** The fields of `ProductDetails`, in the order forms, CSV columns and messages list them. */
export const PRODUCT_FIELDS = [
  'product_code',
  'product_brand',
  'product_title',
  'activity_name',
  'wxa_appid',
  'wxa_path',
  'wxa_type',
] as const satisfies readonly (keyof ProductDetails)[];
export type ProductField = (typeof PRODUCT_FIELDS)[number];
/** Fails to compile when ProductDetails gains a field PRODUCT_FIELDS does not list. */
const everyDetailListed: Record<Exclude<keyof ProductDetails, ProductField>, never> = {};
void everyDetailListed;

/** Longest texts we accept, in characters (code points). WeChat documents none; these fit every label we have seen. */
export const PRODUCT_TEXT_MAX = { product_brand: 64, product_title: 128, activity_name: 64 } as const;
/** Mini Program page paths are short; 1024 matches the longest path WeChat takes anywhere (wxacode.get). */
export const WXA_PATH_MAX = 1024;
/** `wx` + 16 hexadecimal characters; the `wx` is always lower case. */
export const WXA_APPID_PATTERN = /^wx[0-9a-fA-F]{16}$/;
export const WXA_TYPES = [0, 1, 2] as const;
export type WxaType = (typeof WXA_TYPES)[number];

export type ProductFieldProblem =
  | 'required'
  | 'tooLong'
  | 'controlCharacters'
  | 'eanDigits'
  | 'eanLength'
  | 'eanCheckDigit'
  | 'appidFormat'
  | 'pathLeadingSlash'
  | 'pathFormat'
  | 'pathCredential'
  | 'wxaType';

/** Every problem code, for exhaustive translation tables. */
export const PRODUCT_FIELD_PROBLEMS = [
  'required',
  'tooLong',
  'controlCharacters',
  'eanDigits',
  'eanLength',
  'eanCheckDigit',
  'appidFormat',
  'pathLeadingSlash',
  'pathFormat',
  'pathCredential',
  'wxaType',
] as const satisfies readonly ProductFieldProblem[];

/**
 * The GS1 check digit for the digits before it (EAN-8: 7 digits, EAN-13: 12):
 * weights 3, 1, 3, … from the rightmost digit, then the amount to the next multiple of 10.
 */
export function eanCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** EAN-13 or EAN-8: digits only, with a correct GS1 check digit. */
export function checkProductCode(value: string): ProductFieldProblem | undefined {
  const code = value.trim();
  if (code === '') return 'required';
  if (!/^[0-9]+$/.test(code)) return 'eanDigits';
  if (code.length !== 13 && code.length !== 8) return 'eanLength';
  return eanCheckDigit(code.slice(0, -1)) === Number(code.slice(-1)) ? undefined : 'eanCheckDigit';
}

/** The check digit the code should end with, when only that is wrong (for a helpful message). */
export function expectedCheckDigit(value: string): number | undefined {
  const code = value.trim();
  if (checkProductCode(code) !== 'eanCheckDigit') return undefined;
  return eanCheckDigit(code.slice(0, -1));
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function checkText(value: string, max: number): ProductFieldProblem | undefined {
  const text = value.trim();
  if (text === '') return 'required';
  if (CONTROL_CHARACTERS.test(text)) return 'controlCharacters';
  return [...text].length > max ? 'tooLong' : undefined;
}

export const checkProductBrand = (value: string) => checkText(value, PRODUCT_TEXT_MAX.product_brand);
export const checkProductTitle = (value: string) => checkText(value, PRODUCT_TEXT_MAX.product_title);
export const checkActivityName = (value: string) => checkText(value, PRODUCT_TEXT_MAX.activity_name);

/** The Mini Program's appid: `wx` + 16 hex characters (either case). */
export function checkWxaAppid(value: string): ProductFieldProblem | undefined {
  const appid = value.trim();
  if (appid === '') return 'required';
  return WXA_APPID_PATTERN.test(appid) ? undefined : 'appidFormat';
}

/** Page segments as Mini Program projects name their folders and files: letters, digits, `_` and `-`. */
const PAGE_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
/** The query: printable ASCII without spaces (non-ASCII values must be percent-encoded, as in a URL). */
const QUERY = /^[\x21-\x7e]*$/;
/** Parameters that look like credentials: the path is sent to WeChat and handed to everyone who scans. */
const CREDENTIAL_PARAMETER = /(^|[?&])[^=&]*(token|secret|password|passwd|service_key)[^=&]*=/i;

/**
 * The Mini Program page a scan opens, as in WeChat's own examples: a page path
 * relative to the project root with no leading `/` (e.g. `pages/index/index`),
 * optionally followed by `?` and a query string (`pages/index/index?from=carton`).
 */
export function checkWxaPath(value: string): ProductFieldProblem | undefined {
  const path = value.trim();
  if (path === '') return 'required';
  if ([...path].length > WXA_PATH_MAX) return 'tooLong';
  if (path.startsWith('/')) return 'pathLeadingSlash';
  const mark = path.indexOf('?');
  const page = mark < 0 ? path : path.slice(0, mark);
  const query = mark < 0 ? '' : path.slice(mark + 1);
  if (!PAGE_PATH.test(page) || !QUERY.test(query)) return 'pathFormat';
  return CREDENTIAL_PARAMETER.test(query) ? 'pathCredential' : undefined;
}

/** 0 release, 1 development, 2 trial. */
export function checkWxaType(value: unknown): ProductFieldProblem | undefined {
  return value === 0 || value === 1 || value === 2 ? undefined : 'wxaType';
}

/** The text rule for each string field. */
export const PRODUCT_TEXT_RULES = {
  product_code: checkProductCode,
  product_brand: checkProductBrand,
  product_title: checkProductTitle,
  activity_name: checkActivityName,
  wxa_appid: checkWxaAppid,
  wxa_path: checkWxaPath,
} as const satisfies Record<Exclude<ProductField, 'wxa_type'>, (value: string) => ProductFieldProblem | undefined>;

/** What a person enters for a product (before trimming); wxa_type defaults to 0 (release). */
export type ProductInput = Omit<ProductDetails, 'wxa_type'> & { wxa_type?: number | undefined };

export type ProductProblems = Partial<Record<ProductField, ProductFieldProblem>>;

/** Every field's problem; an empty object when the product is fine. */
export function checkProduct(input: ProductInput): ProductProblems {
  const problems: ProductProblems = {};
  for (const [field, rule] of Object.entries(PRODUCT_TEXT_RULES) as [
    keyof typeof PRODUCT_TEXT_RULES,
    (value: string) => ProductFieldProblem | undefined,
  ][]) {
    const problem = rule(typeof input[field] === 'string' ? input[field] : '');
    if (problem) problems[field] = problem;
  }
  const typeProblem = checkWxaType(input.wxa_type ?? 0);
  if (typeProblem) problems.wxa_type = typeProblem;
  return problems;
}

/** The product as stored: every text trimmed, wxa_type defaulted. */
export function normaliseProductInput(input: ProductInput): ProductDetails {
  return {
    product_code: input.product_code.trim(),
    product_brand: input.product_brand.trim(),
    product_title: input.product_title.trim(),
    activity_name: input.activity_name.trim(),
    wxa_appid: input.wxa_appid.trim(),
    wxa_path: input.wxa_path.trim(),
    wxa_type: input.wxa_type ?? 0,
  };
}
