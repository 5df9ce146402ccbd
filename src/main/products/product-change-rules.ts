/**
 * Which product change is allowed, given how the product is used: pure
 * decisions over plain facts, shared by the edit form's update, delete, archive
 * and CSV import. A product activations point to keeps the details that were
 * sent to WeChat: it may be archived and unarchived, never changed or deleted.
 */
import type { ProductDetails } from '../../shared/products-contract';
import { PRODUCT_FIELDS, type ProductField } from '../../shared/validation/product-rules';

/** A stored product as far as these rules care: its details and how many activations use it. */
export type StoredProductFacts = ProductDetails & { activations: number };

/** The fields that differ between stored details and new ones, in field order. */
export function changedFields(before: ProductDetails, after: ProductDetails): ProductField[] {
  return PRODUCT_FIELDS.filter((field) => before[field] !== after[field]);
}

export type ChangeVerdict =
  { verdict: 'unchanged' } | { verdict: 'inUse'; activations: number } | { verdict: 'change'; changed: ProductField[] };

/** New details for a stored product: nothing to do when identical, refused while in use, else these fields change. */
export function changeVerdict(stored: StoredProductFacts, details: ProductDetails): ChangeVerdict {
  const changed = changedFields(stored, details);
  if (changed.length === 0) return { verdict: 'unchanged' };
  if (stored.activations > 0) return { verdict: 'inUse', activations: stored.activations };
  return { verdict: 'change', changed };
}

export type ImportVerdict = { verdict: 'add' } | ChangeVerdict;

/** A CSV row's details: added when the code is new, otherwise as an update would be. */
export function importVerdict(stored: StoredProductFacts | undefined, details: ProductDetails): ImportVerdict {
  return stored ? changeVerdict(stored, details) : { verdict: 'add' };
}

/** A product may be deleted only while no activation uses it (counted inside the deleting transaction). */
export function mayDelete(activations: number): boolean {
  return activations === 0;
}

/** Whether archiving (or unarchiving) writes anything: doing it twice is harmless and audited once. */
export function archiveChanges(archivedAt: string | null, archive: boolean): boolean {
  return archive ? archivedAt === null : archivedAt !== null;
}
