import type { Product } from '@shared/products-contract';
import { LoadFailed } from '@renderer/components/LoadFailed';
import { useT } from '@renderer/i18n/use-t';
import { useProductsStore } from '@renderer/store/products-store';

export interface ProductRowActions {
  /** True while any product action runs: the row's buttons wait. */
  busy: boolean;
  onEdit: (product: Product) => void;
  onArchive: (product: Product) => void;
  onUnarchive: (product: Product) => void;
  onDelete: (product: Product) => void;
}

/** The products table: code, names, campaign, Mini Program, status, and each row's actions. */
export function ProductsTable({ products, ...actions }: { products: readonly Product[] } & ProductRowActions) {
  const t = useT();
  return (
    <div className="products-table-wrap">
      <table className="products-table" aria-label={t('products.list.label')}>
        <thead>
          <tr>
            <th scope="col">{t('products.column.code')}</th>
            <th scope="col">{t('products.column.product')}</th>
            <th scope="col">{t('products.column.activity')}</th>
            <th scope="col">{t('products.column.miniProgram')}</th>
            <th scope="col">{t('products.column.status')}</th>
            <th scope="col">{t('products.column.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <ProductRow key={product.product_code} product={product} {...actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProductRow({ product, ...actions }: { product: Product } & ProductRowActions) {
  const t = useT();
  const inUse = product.activations > 0;
  const code = product.product_code;
  return (
    <tr data-product={code} className={product.archived_at ? 'products-row--archived' : undefined}>
      <td className="mono products-code">{code}</td>
      <td>
        <strong>{product.product_title}</strong>
        <div className="muted">{product.product_brand}</div>
      </td>
      <td>{product.activity_name}</td>
      <td>
        <div className="mono">{product.wxa_appid}</div>
        <div className="mono muted">{product.wxa_path}</div>
        <div className="muted">{t(`products.wxaType.${product.wxa_type as 0 | 1 | 2}`)}</div>
      </td>
      <td>
        <span className={product.archived_at ? 'products-chip products-chip--archived' : 'products-chip'}>
          {product.archived_at ? t('products.status.archived') : t('products.status.active')}
        </span>
        {inUse ? <div className="products-in-use">{t('products.status.inUse', { count: product.activations })}</div> : null}
      </td>
      <td>
        <RowActions product={product} inUse={inUse} {...actions} />
        {inUse ? <p className="muted products-note">{t('products.inUseNote')}</p> : null}
      </td>
    </tr>
  );
}

function RowActions({
  product,
  inUse,
  busy,
  onEdit,
  onArchive,
  onUnarchive,
  onDelete,
}: { product: Product; inUse: boolean } & ProductRowActions) {
  const t = useT();
  return (
    <div className="products-row-actions">
      <button
        type="button"
        className="button"
        disabled={inUse}
        title={inUse ? t('products.inUseNote') : undefined}
        onClick={() => onEdit(product)}
      >
        {t('products.edit')}
      </button>
      {product.archived_at ? (
        <button type="button" className="button" disabled={busy} onClick={() => onUnarchive(product)}>
          {t('products.unarchive')}
        </button>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => onArchive(product)}>
          {t('products.archive')}
        </button>
      )}
      <button type="button" className="button products-button--danger" disabled={busy} onClick={() => onDelete(product)}>
        {t('products.delete')}
      </button>
    </div>
  );
}

/** The list as it stands: its load error, loading, empty (or all archived), or the table. */
export function ProductsList({ shown, ...actions }: { shown: readonly Product[] } & ProductRowActions) {
  const t = useT();
  const list = useProductsStore((state) => state.list);
  const products = useProductsStore((state) => state.products);
  const load = useProductsStore((state) => state.load);
  return (
    <>
      {list.status === 'failed' ? <LoadFailed error={list.error} reloadLabel={t('products.reload')} onReload={() => void load()} /> : null}
      {list.status === 'loading' ? <p className="muted">{t('products.loading')}</p> : null}

      {list.status === 'ready' && shown.length === 0 ? (
        <div className="card products-empty" data-testid="products-empty">
          <h2>{t('products.empty.title')}</h2>
          <p>{products.length > 0 ? t('products.empty.allArchived') : t('products.empty.body')}</p>
        </div>
      ) : null}

      {shown.length > 0 ? <ProductsTable products={shown} {...actions} /> : null}
    </>
  );
}
