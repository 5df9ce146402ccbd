import type { ApplicationSummary } from '@shared/batches-contract';
import type { Product } from '@shared/products-contract';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useActivationStore } from '@renderer/store/activation-store';
import { useAppStore } from '@renderer/store/app-store';
import { applicationName } from '../batches/ApplicationRow';
import { useFormat } from '../batches/use-format';
import { productLine } from './ActivationList';

/** Which application and which product: the two choices above the range. */
export function ChooseCard({
  eligible,
  applicationId,
  product,
  productMissing,
  onApplication,
}: {
  /** Applications with imported codes, newest first. */
  eligible: readonly ApplicationSummary[];
  applicationId: number | undefined;
  product: Product | undefined;
  /** A range is resolved but no product is chosen yet. */
  productMissing: boolean;
  onApplication: (applicationId: number) => void;
}) {
  const t = useT();
  const format = useFormat();
  const navigate = useAppStore((state) => state.navigate);
  const products = useActivationStore((state) => state.products);
  const productsLoad = useActivationStore((state) => state.productsLoad);
  const chooseProduct = useActivationStore((state) => state.chooseProduct);
  return (
    <section className="card activate-choose" aria-label={t('activate.choose.title')}>
      <h2>{t('activate.choose.title')}</h2>
      <div className="form-grid">
        <label className="form-field">
          <span className="form-field__label">{t('activate.choose.application')}</span>
          <select
            name="application"
            className="activate-select"
            value={applicationId ?? ''}
            onChange={(event) => onApplication(Number(event.target.value))}
          >
            {eligible.map((item) => (
              <option key={item.isv_application_id} value={item.application_id ?? ''}>
                {`${applicationName(item)} · ${t('activate.applicationNo', { id: item.application_id ?? '' })} · ${t(
                  'activate.item.count',
                  {
                    count: format.count(item.codes_imported),
                  },
                )}`}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-field__label">{t('activate.choose.product')}</span>
          <select
            name="product"
            className="activate-select"
            value={product?.product_code ?? ''}
            aria-invalid={productMissing ? true : undefined}
            onChange={(event) => chooseProduct(event.target.value === '' ? undefined : event.target.value)}
          >
            <option value="">{t('activate.choose.productNone')}</option>
            {products.map((item) => (
              <option key={item.product_code} value={item.product_code}>
                {productLine(item)}
              </option>
            ))}
          </select>
          {productsLoad.status === 'failed' ? <ErrorMessage error={productsLoad.error} /> : null}
          {productsLoad.status === 'ready' && products.length === 0 ? (
            <span className="muted">
              {t('activate.choose.noProducts')}{' '}
              <button type="button" className="link-button" onClick={() => navigate('products')}>
                {t('activate.choose.toProducts')}
              </button>
            </span>
          ) : null}
          {product ? (
            <span className="muted" data-testid="activate-product-details">
              {t('activate.confirm.activity', { activity: product.activity_name, path: product.wxa_path })}
            </span>
          ) : null}
        </label>
      </div>
    </section>
  );
}
