import type { ImportProblem } from '@shared/products-contract';
import { fieldProblemTextOf, isFieldProblem, type ProblemParams } from '@shared/validation/product-problem-texts';
import {
  checkProduct,
  expectedCheckDigit,
  type ProductField,
  type ProductFieldProblem,
  type ProductInput,
} from '@shared/validation/product-rules';
import type { Translate } from '@renderer/i18n';

/** One field problem in the user's language; a wrong check digit names the digit it should be (the texts are shared with main). */
export function fieldProblemText(
  t: Translate,
  field: ProductField | null,
  problem: ProductFieldProblem,
  params: ProblemParams = undefined,
): string {
  const text = fieldProblemTextOf(field, problem, params);
  return t(`products.problem.${text.id}`, text.params);
}

/** A problem from an import report: "Field: what is wrong", or the row's or file's problem alone. */
export function importProblemText(t: Translate, problem: ImportProblem): string {
  const params = problem.params ?? {};
  const text = isFieldProblem(problem.problem)
    ? fieldProblemText(t, problem.field, problem.problem, params)
    : t(`products.importProblem.${problem.problem}`, params);
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
