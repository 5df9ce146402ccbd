import type { ProductDetails } from '../../shared/products-contract';
import { PRODUCT_FIELDS } from '../../shared/validation/product-rules';

/** The seven fields an activation copies from its product (and sends to codeactive), from any row that has them. */
export function productDetailsOf(source: ProductDetails): ProductDetails {
  return Object.fromEntries(PRODUCT_FIELDS.map((field) => [field, source[field]])) as ProductDetails;
}
