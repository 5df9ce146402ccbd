import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ActivationSummary } from '@shared/activation-contract';
import { SUPERVISOR_REQUIRED } from '@renderer/api/error-codes';
import { SubmitButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { FormField } from '@renderer/components/FormField';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useActivationStore } from '@renderer/store/activation-store';
import { useAppStore } from '@renderer/store/app-store';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useVerifyStore } from '@renderer/store/verify-store';
import { productLine } from '../activate/ActivationList';
import { useFormat } from '../batches/use-format';

const PACKABLE = new Set(['pending', 'sending', 'active']);

/**
 * Activations a session can pack for the product: pending, sending or active,
 * newest first, from every application with imported codes.
 */
function usePackableActivations(productCode: string) {
  const applications = useBatchesStore((state) => state.applications);
  const loadList = useBatchesStore((state) => state.loadList);
  const byId = useActivationStore((state) => state.byId);
  const loadActivations = useActivationStore((state) => state.load);
  const subscribe = useActivationStore((state) => state.subscribe);
  const applicationIds = applications
    .filter((item) => item.application_id !== null && item.codes_imported > 0)
    .map((item) => item.application_id!)
    .join(',');

  useEffect(() => subscribe(), [subscribe]);
  useEffect(() => void loadList(), [loadList]);
  useEffect(() => {
    for (const id of applicationIds === '' ? [] : applicationIds.split(',')) void loadActivations(Number(id));
  }, [applicationIds, loadActivations]);

  return useMemo(
    () =>
      Object.values(byId)
        .filter((activation) => activation.product_code === productCode && PACKABLE.has(activation.state))
        .sort((a, b) => b.id - a.id),
    [byId, productCode],
  );
}

/** The supervisor's card: the line, the product being packed and, optionally, the carton run's activation. */
export function StartSessionCard() {
  const t = useT();
  const products = useActivationStore((state) => state.products);
  const loadProducts = useActivationStore((state) => state.loadProducts);
  const subscribeProducts = useActivationStore((state) => state.subscribeProducts);
  const startSession = useVerifyStore((state) => state.startSession);
  const [line, setLine] = useState('');
  const [productCode, setProductCode] = useState('');
  const [activationId, setActivationId] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  // A refused unlock needs no second message: the unlock dialog said it.
  const action = useAction({ silent: [SUPERVISOR_REQUIRED] });
  const activations = usePackableActivations(productCode);

  useEffect(() => {
    const unsubscribe = subscribeProducts();
    void loadProducts();
    return unsubscribe;
  }, [subscribeProducts, loadProducts]);

  const problems = {
    line: line.trim() === '' ? t('verify.problem.line') : undefined,
    product: products.some((product) => product.product_code === productCode) ? undefined : t('verify.problem.product'),
  };
  const chosenActivation = activations.some((activation) => String(activation.id) === activationId) ? Number(activationId) : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    action.clearError();
    if (problems.line || problems.product) return;
    await action.run(() =>
      startSession({
        line: line.trim(),
        product_code: productCode,
        ...(chosenActivation === undefined ? {} : { activation_id: chosenActivation }),
      }),
    );
  }

  return (
    <form className="card verify-start" data-testid="verify-start" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{t('verify.start.title')}</h2>
      <p className="muted">{t('verify.start.hint')}</p>
      <div className="verify-start__fields">
        <FormField label={t('verify.start.line')} problem={showProblems ? problems.line : undefined}>
          <input
            name="line"
            type="text"
            autoComplete="off"
            maxLength={64}
            value={line}
            placeholder={t('verify.start.linePlaceholder')}
            aria-invalid={showProblems && problems.line ? true : undefined}
            onChange={(event) => setLine(event.target.value)}
          />
        </FormField>
        <ProductField
          productCode={productCode}
          problem={showProblems ? problems.product : undefined}
          onChange={(code) => {
            setProductCode(code);
            setActivationId('');
          }}
        />
        <ActivationField activations={activations} chosen={chosenActivation} disabled={productCode === ''} onChange={setActivationId} />
      </div>
      <div className="actions">
        <SubmitButton
          className="button button--primary verify-big-button"
          busy={action.busy}
          label={t('verify.start.submit')}
          busyLabel={t('verify.start.starting')}
        />
        <span className="muted">{t('verify.start.needsSupervisor')}</span>
      </div>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </form>
  );
}

/** The product being packed; says where to add one when there is none. */
function ProductField({
  productCode,
  problem,
  onChange,
}: {
  productCode: string;
  problem: string | undefined;
  onChange: (code: string) => void;
}) {
  const t = useT();
  const navigate = useAppStore((state) => state.navigate);
  const products = useActivationStore((state) => state.products);
  const productsLoad = useActivationStore((state) => state.productsLoad);
  return (
    <label className="form-field">
      <span className="form-field__label">{t('verify.start.product')}</span>
      <select
        name="product"
        className="verify-select"
        value={productCode}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{t('verify.start.productNone')}</option>
        {products.map((product) => (
          <option key={product.product_code} value={product.product_code}>
            {productLine(product)}
          </option>
        ))}
      </select>
      {problem ? (
        <span className="form-field__problem" role="alert">
          {problem}
        </span>
      ) : null}
      {productsLoad.status === 'failed' ? <ErrorMessage error={productsLoad.error} /> : null}
      {productsLoad.status === 'ready' && products.length === 0 ? (
        <span className="muted">
          {t('verify.start.noProducts')}{' '}
          <button type="button" className="link-button" onClick={() => navigate('products')}>
            {t('verify.start.toProducts')}
          </button>
        </span>
      ) : null}
    </label>
  );
}

/** Optionally, the carton run's activation among the product's packable ones. */
function ActivationField({
  activations,
  chosen,
  disabled,
  onChange,
}: {
  activations: readonly ActivationSummary[];
  chosen: number | undefined;
  disabled: boolean;
  onChange: (id: string) => void;
}) {
  const t = useT();
  const format = useFormat();
  return (
    <label className="form-field">
      <span className="form-field__label">{t('verify.start.activation')}</span>
      <select
        name="activation"
        className="verify-select"
        value={chosen === undefined ? '' : String(chosen)}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{t('verify.start.activationAny')}</option>
        {activations.map((activation) => (
          <option key={activation.id} value={activation.id}>
            {t('verify.start.activationItem', {
              id: activation.id,
              range: format.range(activation.code_start, activation.code_end),
              state: t(`activate.state.${activation.state}`),
            })}
          </option>
        ))}
      </select>
    </label>
  );
}
