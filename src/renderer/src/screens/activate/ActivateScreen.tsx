import { useEffect, useMemo, useRef, useState } from 'react';
import type { ActivationSummary, RangeSource } from '@shared/activation-contract';
import { CallError } from '@renderer/api/call';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useActivationStore } from '@renderer/store/activation-store';
import { useAppStore } from '@renderer/store/app-store';
import { useBatchesStore } from '@renderer/store/batches-store';
import { applicationName } from '../batches/ApplicationRow';
import { StripDiagram } from '../batches/StripDiagram';
import { useFormat } from '../batches/use-format';
import { ActivationList, ActivationStateChip, productLine } from './ActivationList';
import { ConfirmCard } from './ConfirmCard';
import { RangePanel, type RangeTab, type Resolution } from './RangePanel';
import { useApplicationActivations, useApplicationDetail } from './use-activations';

/**
 * Activate: a supervisor picks the application and the product, gives the range
 * printed on the carton run (scan, print run or indices), confirms, and watches
 * the activation go pending → sending → active on the list and the range map.
 */
export function ActivateScreen() {
  const t = useT();
  const format = useFormat();
  const navigate = useAppStore((state) => state.navigate);
  const applications = useBatchesStore((state) => state.applications);
  const list = useBatchesStore((state) => state.list);
  const loadList = useBatchesStore((state) => state.loadList);
  const subscribeBatches = useBatchesStore((state) => state.subscribe);
  const products = useActivationStore((state) => state.products);
  const productsLoad = useActivationStore((state) => state.productsLoad);
  const loadProducts = useActivationStore((state) => state.loadProducts);
  const subscribeProducts = useActivationStore((state) => state.subscribeProducts);
  const chosenApplication = useActivationStore((state) => state.applicationId);
  const chooseApplication = useActivationStore((state) => state.chooseApplication);
  const productCode = useActivationStore((state) => state.productCode);
  const chooseProduct = useActivationStore((state) => state.chooseProduct);
  const resolveRange = useActivationStore((state) => state.resolveRange);
  const byId = useActivationStore((state) => state.byId);

  const [tab, setTab] = useState<RangeTab>('scan');
  const [resolution, setResolution] = useState<Resolution>({ status: 'idle' });
  /** Bumped after each recorded activation: the range fields start empty for the next carton run. */
  const [run, setRun] = useState(0);
  const [recordedId, setRecordedId] = useState<number | undefined>();
  const lookup = useRef(0);

  useEffect(() => {
    const unsubscribers = [subscribeBatches(), subscribeProducts()];
    void loadList();
    void loadProducts();
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [subscribeBatches, subscribeProducts, loadList, loadProducts]);

  // Only applications with imported codes can be activated; the newest is the default.
  const eligible = useMemo(() => applications.filter((item) => item.application_id !== null && item.codes_imported > 0), [applications]);
  const application = eligible.find((item) => item.application_id === chosenApplication) ?? eligible[0];
  const applicationId = application?.application_id ?? undefined;
  const { activations, error: activationsError } = useApplicationActivations(applicationId);
  const { detail, error: detailError } = useApplicationDetail(application?.isv_application_id, application?.updated_at);
  const product = products.find((item) => item.product_code === productCode);
  const range = resolution.status === 'resolved' ? resolution.range : undefined;
  const recorded = recordedId === undefined ? undefined : byId[recordedId];

  async function resolve(source: RangeSource) {
    const mine = ++lookup.current;
    setResolution({ status: 'resolving' });
    setRecordedId(undefined);
    try {
      const resolved = await resolveRange(source);
      if (mine !== lookup.current) return;
      // Scanned codes say which application they belong to.
      if (resolved.application_id !== applicationId) chooseApplication(resolved.application_id);
      setResolution({ status: 'resolved', range: resolved });
    } catch (error) {
      if (mine !== lookup.current) return;
      if (!(error instanceof CallError)) throw error;
      setResolution({ status: 'refused', error: error.payload });
    }
  }

  function clear() {
    lookup.current++;
    setResolution((previous) => (previous.status === 'idle' ? previous : { status: 'idle' }));
  }

  function onRecorded(activation: ActivationSummary) {
    setRecordedId(activation.id);
    clear();
    setRun((value) => value + 1);
  }

  const header = (
    <div className="batches-header">
      <h1>{t('activate.title')}</h1>
    </div>
  );

  if (list.status !== 'ready' || eligible.length === 0) {
    return (
      <section className="screen activate" data-testid="screen-activate">
        {header}
        {list.status === 'failed' ? (
          <div className="card">
            <ErrorMessage error={list.error} />
            <div className="actions">
              <button type="button" className="button" onClick={() => void loadList()}>
                {t('activate.reload')}
              </button>
            </div>
          </div>
        ) : list.status === 'ready' ? (
          <div className="card batches-empty" data-testid="activate-empty">
            <h2>{t('activate.empty.title')}</h2>
            <p>{t('activate.empty.body')}</p>
            <button type="button" className="button button--primary" onClick={() => navigate('batches')}>
              {t('activate.empty.action')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('activate.loading')}</p>
        )}
      </section>
    );
  }

  return (
    <section className="screen activate" data-testid="screen-activate">
      {header}
      <div className="activate-layout">
        <div className="activate-column">
          <section className="card activate-choose" aria-label={t('activate.choose.title')}>
            <h2>{t('activate.choose.title')}</h2>
            <div className="form-grid">
              <label className="form-field">
                <span className="form-field__label">{t('activate.choose.application')}</span>
                <select
                  name="application"
                  className="activate-select"
                  value={applicationId ?? ''}
                  onChange={(event) => {
                    chooseApplication(Number(event.target.value));
                    setRecordedId(undefined);
                    clear();
                  }}
                >
                  {eligible.map((item) => (
                    <option key={item.isv_application_id} value={item.application_id ?? ''}>
                      {`${applicationName(item)} · ${t('activate.applicationNo', { id: item.application_id ?? '' })} · ${t(
                        'activate.item.count',
                        { count: format.count(item.codes_imported) },
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
                  aria-invalid={range && !product ? true : undefined}
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

          <RangePanel
            key={run}
            tab={tab}
            onTab={setTab}
            applicationId={applicationId}
            printRuns={detail?.print_runs}
            activations={activations}
            resolution={resolution}
            onResolve={(source) => void resolve(source)}
            onClear={clear}
          />

          {recorded ? (
            <p className="card activate-recorded" data-testid="activate-recorded" role="status">
              {t('activate.recorded', {
                id: recorded.id,
                range: format.range(recorded.code_start, recorded.code_end),
                count: format.count(recorded.count),
              })}{' '}
              <ActivationStateChip state={recorded.state} />
            </p>
          ) : null}

          {range ? (
            <ConfirmCard
              key={`${range.application_id}:${range.code_start}:${range.code_end}`}
              range={range}
              application={applications.find((item) => item.application_id === range.application_id)}
              product={product}
              onRecorded={onRecorded}
            />
          ) : null}
        </div>

        <div className="activate-column">
          <section className="card activate-map" aria-label={t('rangeMap.title')}>
            <h2>{t('rangeMap.title')}</h2>
            {application ? (
              <p className="muted">
                {applicationName(application)} · {t('activate.applicationNo', { id: application.application_id ?? '' })}
              </p>
            ) : null}
            {detailError ? <ErrorMessage error={detailError} /> : null}
            {detail && application ? (
              <StripDiagram
                testId="activate-range-map"
                codeCount={application.code_count}
                segments={detail.segments}
                printRuns={detail.print_runs}
                activations={activations}
                highlight={range && range.application_id === applicationId ? { start: range.code_start, end: range.code_end } : undefined}
              />
            ) : detailError ? null : (
              <p className="muted">{t('activate.loading')}</p>
            )}
          </section>
          <ActivationList activations={activations} error={activationsError} />
        </div>
      </div>
    </section>
  );
}
