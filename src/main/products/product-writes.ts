/**
 * The edits of single products. Each commits together with its audit entry,
 * recorded as the actor the caller names; which changes are allowed is
 * decided by product-change-rules.
 */
import { productErrors } from '../../shared/error-catalogue/products';
import type { Product } from '../../shared/products-contract';
import type { ProductInput } from '../../shared/validation/product-rules';
import type { Actor } from '../supervisors/actor';
import { archiveChanges, changeVerdict, mayDelete } from './product-change-rules';
import { detailsOf, findProduct, toProduct, validDetails, type ProductContext } from './product-context';

export function addProduct(context: ProductContext, input: ProductInput, actor: Actor): Product {
  const { db, store, audit } = context;
  const details = validDetails(input);
  const existing = store.get(details.product_code);
  if (existing) throw productErrors.PRODUCT_EXISTS({ product_code: details.product_code, archived: existing.archived_at !== null });
  db.transaction(() => {
    store.insert(details, actor, context.now());
    audit.append({ actor, action: 'product.added', subject: `product:${details.product_code}`, details: { ...details } });
  }).immediate();
  context.changed('added', [details.product_code]);
  return toProduct(findProduct(context, details.product_code));
}

/** New details for a product (its code is its identity and never changes); refused while activations use it. */
export function updateProduct(context: ProductContext, input: ProductInput, actor: Actor): Product {
  const { db, store, audit } = context;
  const details = validDetails(input);
  const row = findProduct(context, details.product_code);
  const decided = changeVerdict(row, details);
  if (decided.verdict === 'unchanged') return toProduct(row);
  if (decided.verdict === 'inUse') {
    throw productErrors.PRODUCT_IN_USE({ product_code: row.product_code, activations: decided.activations, action: 'update' });
  }
  db.transaction(() => {
    store.update(details, context.now());
    audit.append({
      actor,
      action: 'product.updated',
      subject: `product:${row.product_code}`,
      details: { changed: decided.changed, before: { ...detailsOf(row) }, after: { ...details } },
    });
  }).immediate();
  context.changed('updated', [row.product_code]);
  return toProduct(findProduct(context, row.product_code));
}

/** Archives (hides from new activations, in use or not) or unarchives; a product already so is left alone. */
export function setProductArchived(context: ProductContext, code: string, archive: boolean, actor: Actor): Product {
  const { db, store, audit } = context;
  const row = findProduct(context, code);
  if (!archiveChanges(row.archived_at, archive)) return toProduct(row);
  const at = context.now();
  db.transaction(() => {
    store.setArchived(row.product_code, archive ? at : null, at);
    audit.append({
      actor,
      action: archive ? 'product.archived' : 'product.unarchived',
      subject: `product:${row.product_code}`,
      details: archive ? { activations: row.activations } : {},
    });
  }).immediate();
  context.changed(archive ? 'archived' : 'unarchived', [row.product_code]);
  return toProduct(findProduct(context, row.product_code));
}

/** Deletes a product no activation uses; one in use gets PRODUCT_IN_USE naming how many. */
export function deleteProduct(context: ProductContext, code: string, actor: Actor): { product_code: string } {
  const { db, store, audit } = context;
  const row = findProduct(context, code);
  db.transaction(() => {
    // Counted inside the transaction so an activation recorded meanwhile is seen.
    const activations = store.activationCount(row.product_code);
    if (!mayDelete(activations)) throw productErrors.PRODUCT_IN_USE({ product_code: row.product_code, activations, action: 'delete' });
    store.delete(row.product_code);
    audit.append({ actor, action: 'product.deleted', subject: `product:${row.product_code}`, details: { ...detailsOf(row) } });
  }).immediate();
  context.changed('deleted', [row.product_code]);
  return { product_code: row.product_code };
}
