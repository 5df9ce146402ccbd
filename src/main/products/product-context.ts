/** What the product operations share: the ledger, its product SQL, the audit log, the clock and the change event. */
import { productErrors } from '../../shared/error-catalogue/products';
import { productSchema, type Product, type ProductDetails, type ProductsChanged } from '../../shared/products-contract';
import {
  checkProduct,
  expectedCheckDigit,
  normaliseProductInput,
  PRODUCT_FIELDS,
  type ProductInput,
} from '../../shared/validation/product-rules';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { ProductRowWithUse, ProductStore } from './product-store';

export interface ProductContext {
  db: SqliteDatabase;
  store: ProductStore;
  audit: AuditLog;
  /** Now, as the ISO text rows and file names carry. */
  now: () => string;
  /** Tells listeners which products changed (nothing when none did). */
  changed: (action: ProductsChanged['action'], codes: string[]) => void;
}

/** The stored product under a code (trimmed); PRODUCT_NOT_FOUND when there is none. */
export function findProduct(context: Pick<ProductContext, 'store'>, code: string): ProductRowWithUse {
  const row = context.store.get(code.trim());
  if (!row) throw productErrors.PRODUCT_NOT_FOUND({ product_code: code.trim() });
  return row;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = source[key];
  return picked;
}

const PRODUCT_KEYS = productSchema.keyof().options;

/** A row as the contract shows it (only the contract's fields, whatever else a query returns). */
export function toProduct(row: ProductRowWithUse): Product {
  return pick(row, PRODUCT_KEYS);
}

/** Just the seven details, e.g. for an audit entry's before/after. */
export function detailsOf(row: ProductDetails): ProductDetails {
  return pick(row, PRODUCT_FIELDS);
}

/** Validates (shared rules) and trims; throws PRODUCT_INVALID naming every bad field. */
export function validDetails(input: ProductInput): ProductDetails {
  const problems = checkProduct(input);
  if (Object.keys(problems).length > 0) {
    throw productErrors.PRODUCT_INVALID({ problems, digit: expectedCheckDigit(input.product_code ?? '') });
  }
  return normaliseProductInput(input);
}
