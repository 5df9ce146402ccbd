import type { Product } from '@shared/products-contract';
import type { Outcome } from '@renderer/components/use-outcome';
import { useT } from '@renderer/i18n/use-t';
import { useProductsStore } from '@renderer/store/products-store';

export interface ProductCommands {
  archive(product: Product): Promise<boolean>;
  unarchive(product: Product): Promise<boolean>;
  /** Deletes it and closes the confirmation, whether main agreed or not. */
  remove(product: Product): Promise<boolean>;
}

/** The per-product changes of the Products screen, each announcing its result on the screen's outcome line. */
export function useProductCommands(outcome: Outcome, closePanel: () => void): ProductCommands {
  const t = useT();
  const archive = useProductsStore((state) => state.archive);
  const unarchive = useProductsStore((state) => state.unarchive);
  const remove = useProductsStore((state) => state.remove);
  return {
    archive: ({ product_code: code }) =>
      outcome.attempt(async () => {
        await archive(code);
        return t('products.archived', { code });
      }, `archive:${code}`),
    unarchive: ({ product_code: code }) =>
      outcome.attempt(async () => {
        await unarchive(code);
        return t('products.unarchived', { code });
      }, `unarchive:${code}`),
    remove: ({ product_code: code }) =>
      outcome.attempt(async () => {
        try {
          await remove(code);
        } finally {
          closePanel();
        }
        return t('products.deleted', { code });
      }, `delete:${code}`),
  };
}
