/**
 * Products that activations point to. Every write takes the actor to record
 * (the caller decides who may write: supervisors only, checked in the bridge's
 * handlers and the CLI) and commits together with its audit entry. A product
 * used by an activation can be archived and unarchived, never changed or
 * deleted (the ledger refuses too; we check first to say so in words).
 */
import type { Product, ProductExport, ProductImportReport, ProductsChanged } from '../../shared/products-contract';
import type { ProductInput } from '../../shared/validation/product-rules';
import type { AuditLog } from '../audit';
import { TRAINING_DEMO_PRODUCTS } from '../connection/training';
import type { SqliteDatabase } from '../ledger';
import type { Actor } from '../supervisors/actor';
import { findProduct, toProduct, type ProductContext } from './product-context';
import { exportProducts, importProducts } from './product-import';
import { seedDemoProducts } from './product-seed';
import { createProductStore } from './product-store';
import { addProduct, deleteProduct, setProductArchived, updateProduct } from './product-writes';

export interface ProductService {
  /** Active products, or every product (archived last) with `include_archived`. */
  list(request?: { include_archived?: boolean }): Product[];
  /** One product by its code; PRODUCT_NOT_FOUND when there is none. */
  get(code: string): Product;
  /** Adds a new product (trimmed); PRODUCT_INVALID or PRODUCT_EXISTS when it cannot be. */
  add(input: ProductInput, actor: Actor): Product;
  /** Changes a product's details (never its code); PRODUCT_IN_USE while activations use it. */
  update(input: ProductInput, actor: Actor): Product;
  /** Hides a product from new activations; allowed whether or not it is in use. */
  archive(code: string, actor: Actor): Product;
  /** Offers an archived product for activation again. */
  unarchive(code: string, actor: Actor): Product;
  /** Deletes a product no activation uses; PRODUCT_IN_USE naming how many otherwise. */
  delete(code: string, actor: Actor): { product_code: string };
  /** Imports a CSV, all or nothing, reporting every row (docs/products.md). */
  importCsv(text: string, actor: Actor): ProductImportReport;
  /** The products as CSV (active only unless `include_archived`), ready for `importCsv` on another station. */
  exportCsv(request?: { include_archived?: boolean }): ProductExport;
  /** Training's demo products (TRAINING_DEMO_PRODUCTS by default), once per ledger; returns how many were added. */
  seedDemoProducts(actor: Actor, products?: readonly ProductInput[]): number;
}

export interface ProductServiceOptions {
  db: SqliteDatabase;
  audit: AuditLog;
  now?: () => Date;
  onChanged?: (change: ProductsChanged) => void;
}

export function createProductService(options: ProductServiceOptions): ProductService {
  const clock = options.now ?? (() => new Date());
  const context: ProductContext = {
    db: options.db,
    store: createProductStore(options.db),
    audit: options.audit,
    now: () => clock().toISOString(),
    changed: (action, codes) => {
      if (codes.length > 0) options.onChanged?.({ action, product_codes: codes });
    },
  };
  return {
    list: (request = {}) => context.store.list(request.include_archived ?? false).map(toProduct),
    get: (code) => toProduct(findProduct(context, code)),
    add: (input, actor) => addProduct(context, input, actor),
    update: (input, actor) => updateProduct(context, input, actor),
    archive: (code, actor) => setProductArchived(context, code, true, actor),
    unarchive: (code, actor) => setProductArchived(context, code, false, actor),
    delete: (code, actor) => deleteProduct(context, code, actor),
    importCsv: (text, actor) => importProducts(context, text, actor),
    exportCsv: (request = {}) => exportProducts(context, request),
    seedDemoProducts: (actor, products = TRAINING_DEMO_PRODUCTS) => seedDemoProducts(context, products, actor),
  };
}
