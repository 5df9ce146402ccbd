/**
 * Errors of the products area. `PRODUCT_NOT_FOUND({ product_code })` is the one
 * "no such product" error: activation and verification reuse it.
 */
import { defineErrors, type CodeOf } from '../define-errors';
import type { ErrorDetails, Locale } from '../errors';
import { describeFieldProblem } from '../validation/product-problem-texts';
import type { ProductField, ProductFieldProblem, ProductProblems } from '../validation/product-rules';

interface InvalidProduct {
  /** Every bad field's problem. */
  problems: ProductProblems;
  /** The check digit the code should end with, when only that is wrong. */
  digit?: number | undefined;
}

function problemList(p: InvalidProduct, locale: Locale): string {
  const params = p.digit === undefined ? undefined : { digit: p.digit };
  return (Object.entries(p.problems) as [ProductField, ProductFieldProblem][])
    .map(([field, problem]) => describeFieldProblem(field, problem, locale, params))
    .join(locale === 'zh-CN' ? '；' : '; ');
}

type ChangeAction = 'update' | 'delete';

export const productErrors = defineErrors({
  PRODUCT_INVALID: {
    en: (p: InvalidProduct) => `The product is not valid: ${problemList(p, 'en')}`,
    'zh-CN': (p) => `产品信息有误：${problemList(p, 'zh-CN')}`,
    hint: { en: 'Correct it and try again.', 'zh-CN': '请改正后重试。' },
    // Field → problem code, as the renderer's form reads them.
    details: (p): ErrorDetails => ({ ...p.problems }),
  },
  PRODUCT_NOT_FOUND: {
    en: (p: { product_code: string }) => `There is no product with the code ${p.product_code}.`,
    'zh-CN': (p) => `没有条码为 ${p.product_code} 的产品。`,
    hint: {
      en: 'Check the code, or add the product on the Products screen ("marketcode product list --archived" lists them all).',
      'zh-CN': '请检查条码，或先在“产品”页面添加该产品（用 "marketcode product list --archived" 查看全部产品）。',
    },
  },
  PRODUCT_EXISTS: {
    en: (p: { product_code: string; archived: boolean }) =>
      `A product with the code ${p.product_code} already exists${p.archived ? ' (archived)' : ''}.`,
    'zh-CN': (p) => `条码 ${p.product_code} 的产品已存在${p.archived ? '（已归档）' : ''}。`,
    hint: {
      en: (p) => (p.archived ? 'Unarchive it to use it again, or edit it.' : 'Edit that product to change it.'),
      'zh-CN': (p) => (p.archived ? '可以取消归档后继续使用，或修改它。' : '如需修改，请编辑该产品。'),
    },
  },
  /** Changing or deleting a product that activations point to: what was sent to WeChat must stay as it was. */
  PRODUCT_IN_USE: {
    en: (p: { product_code: string; activations: number; action: ChangeAction }) =>
      `Product ${p.product_code} is used by ${p.activations} activation(s) and cannot be ${p.action === 'delete' ? 'deleted' : 'changed'}.`,
    'zh-CN': (p) => `产品 ${p.product_code} 已被 ${p.activations} 个激活使用，不能${p.action === 'delete' ? '删除' : '修改'}。`,
    hint: {
      en: (p) =>
        p.action === 'delete'
          ? 'Archive it instead: archived products are no longer offered for activation.'
          : 'Archive it instead and add a new product with the new details.',
      'zh-CN': (p) =>
        p.action === 'delete' ? '可以将它归档：归档后不再出现在激活的产品列表中。' : '可以将它归档，再用新的条码或信息新建产品。',
    },
  },
});
export type ProductErrorCode = CodeOf<typeof productErrors>;
