import type { ImportProblem } from '@shared/products-contract';
import {
  checkProduct,
  expectedCheckDigit,
  PRODUCT_TEXT_MAX,
  WXA_PATH_MAX,
  type ProductField,
  type ProductFieldProblem,
  type ProductInput,
} from '@shared/validation/product-rules';
import type { Translate } from '@renderer/i18n';

type Params = Record<string, string | number> | undefined;

function maxFor(field: ProductField | null): number {
  if (field === 'wxa_path') return WXA_PATH_MAX;
  if (field === 'product_brand' || field === 'product_title' || field === 'activity_name') return PRODUCT_TEXT_MAX[field];
  return 0;
}

/** One field problem in the user's language; a wrong check digit names the digit it should be. */
export function fieldProblemText(
  t: Translate,
  field: ProductField | null,
  problem: ProductFieldProblem,
  params: Params = undefined,
): string {
  if (problem === 'tooLong') return t('products.problem.tooLong', { max: maxFor(field) });
  if (problem === 'eanCheckDigit' && params?.digit !== undefined) return t('products.problem.eanCheckDigit', { digit: params.digit });
  if (problem === 'eanCheckDigit') return t('products.problem.eanCheckDigitUnknown');
  return t(`products.problem.${problem}`);
}

const FIELD_PROBLEMS: ReadonlySet<string> = new Set<ProductFieldProblem>([
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
]);

/** A problem from an import report: "Field: what is wrong", or the row's or file's problem alone. */
export function importProblemText(t: Translate, problem: ImportProblem): string {
  const params = problem.params ?? {};
  const text = FIELD_PROBLEMS.has(problem.problem)
    ? fieldProblemText(t, problem.field, problem.problem as ProductFieldProblem, params)
    : t(`products.importProblem.${problem.problem as Exclude<ImportProblem['problem'], ProductFieldProblem>}`, params);
  return problem.field ? t('products.report.fieldProblem', { field: t(`products.fieldShort.${problem.field}`), problem: text }) : text;
}

/** The translated problem of each field of a draft, as the form shows them. */
export function draftProblems(t: Translate, input: ProductInput): Partial<Record<ProductField, string>> {
  const messages: Partial<Record<ProductField, string>> = {};
  for (const [field, problem] of Object.entries(checkProduct(input)) as [ProductField, ProductFieldProblem][]) {
    const digit = problem === 'eanCheckDigit' ? expectedCheckDigit(input.product_code) : undefined;
    messages[field] = fieldProblemText(t, field, problem, digit === undefined ? undefined : { digit });
  }
  return messages;
}
