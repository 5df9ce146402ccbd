/** Training mode's demo products, once per ledger. */
import type { ProductInput } from '../../shared/validation/product-rules';
import type { Actor } from '../supervisors/actor';
import { validDetails, type ProductContext } from './product-context';

/** The actor recorded for what the app does by itself (the Training seed). */
export const SYSTEM_ACTOR: Actor = 'system';

/**
 * Adds the demo products only while the table is empty and no earlier seed is
 * in the audit log, so demo products a trainer deleted stay deleted. Returns how many were added.
 */
export function seedDemoProducts(context: ProductContext, products: readonly ProductInput[], actor: Actor): number {
  const { db, store, audit } = context;
  if (store.count() > 0) return 0;
  if (audit.list({ action: 'products.seeded', limit: 1 }).length > 0) return 0;
  const seeded = products.map(validDetails);
  const codes = seeded.map((details) => details.product_code);
  db.transaction(() => {
    const at = context.now();
    for (const details of seeded) store.insert(details, actor, at);
    audit.append({ actor, action: 'products.seeded', subject: null, details: { mode: 'training', product_codes: codes } });
  }).immediate();
  context.changed('seeded', codes);
  return seeded.length;
}
