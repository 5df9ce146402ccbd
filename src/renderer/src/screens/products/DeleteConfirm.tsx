import type { Product } from '@shared/products-contract';
import { useT } from '@renderer/i18n/use-t';

/** "Delete this product?": one more look before main deletes it (only products never used can be). */
export function DeleteConfirm({
  product,
  busy,
  onConfirm,
  onCancel,
}: {
  product: Product;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <div className="card products-confirm" role="alertdialog" aria-labelledby="product-delete-title" aria-describedby="product-delete-body">
      <h2 id="product-delete-title">{t('products.confirmDelete.title', { code: product.product_code })}</h2>
      <p id="product-delete-body">{t('products.confirmDelete.body', { title: product.product_title, brand: product.product_brand })}</p>
      <div className="actions">
        <button type="button" className="button products-button--danger" disabled={busy} onClick={onConfirm}>
          {t('products.confirmDelete.confirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('products.confirmDelete.cancel')}
        </button>
      </div>
    </div>
  );
}
