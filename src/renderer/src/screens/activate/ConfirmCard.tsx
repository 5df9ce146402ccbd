import { useState } from 'react';
import type { ActivationSummary, ResolvedRange } from '@shared/activation-contract';
import type { ApplicationSummary } from '@shared/batches-contract';
import type { Product } from '@shared/products-contract';
import { SUPERVISOR_REQUIRED } from '@renderer/api/error-codes';
import { BusyButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { Segmented } from '@renderer/components/Segmented';
import { useAction } from '@renderer/components/use-action';
import type { MessageKey } from '@renderer/i18n';
import { useT } from '@renderer/i18n/use-t';
import { useActivationStore } from '@renderer/store/activation-store';
import { applicationName } from '../batches/ApplicationRow';
import { useFormat } from '../batches/use-format';
import { productLine } from './ActivationList';

type WxaType = 0 | 1 | 2;
const WXA_TYPES: readonly WxaType[] = [0, 1, 2];
const WXA_LABEL: Record<WxaType, MessageKey> = {
  0: 'activate.wxaType.0',
  1: 'activate.wxaType.1',
  2: 'activate.wxaType.2',
};

function wxaLabel(value: number): MessageKey {
  return value === 0 || value === 1 || value === 2 ? WXA_LABEL[value] : WXA_LABEL[0];
}

/** Everything the activation will say, one more look, and the big Confirm: records it as pending and returns at once. */
export function ConfirmCard({
  range,
  application,
  product,
  onRecorded,
}: {
  range: ResolvedRange;
  application: ApplicationSummary | undefined;
  product: Product | undefined;
  onRecorded: (activation: ActivationSummary) => void;
}) {
  const t = useT();
  const format = useFormat();
  const create = useActivationStore((state) => state.create);
  const [wxaType, setWxaType] = useState<WxaType | undefined>();
  // A refused unlock needs no second message: the unlock dialog said it.
  const action = useAction({ silent: [SUPERVISOR_REQUIRED] });

  async function confirm() {
    if (!product) return;
    const recorded = await action.run(() =>
      create({
        application_id: range.application_id,
        code_start: range.code_start,
        code_end: range.code_end,
        product_code: product.product_code,
        ...(wxaType === undefined ? {} : { wxa_type: wxaType }),
        ...(range.print_run_id === null ? {} : { print_run_id: range.print_run_id }),
      }),
    );
    if (recorded.ok) onRecorded(recorded.value);
  }

  return (
    <section className="card activate-confirm" data-testid="activate-confirm" aria-label={t('activate.confirm.title')}>
      <h2>{t('activate.confirm.title')}</h2>
      <dl className="facts activate-confirm__facts">
        <dt>{t('activate.confirm.application')}</dt>
        <dd>
          {application ? applicationName(application) : range.isv_application_id}{' '}
          <span className="muted">{t('activate.applicationNo', { id: range.application_id })}</span>
        </dd>
        <dt>{t('activate.confirm.range')}</dt>
        <dd className="activate-confirm__big" data-testid="activate-confirm-range">
          {format.range(range.code_start, range.code_end)}
        </dd>
        <dt>{t('activate.confirm.count')}</dt>
        <dd className="activate-confirm__big" data-testid="activate-confirm-count">
          {format.count(range.count)}
        </dd>
        <dt>{t('activate.confirm.product')}</dt>
        <dd data-testid="activate-confirm-product">
          {product ? (
            <>
              <strong>{productLine(product)}</strong>
              <br />
              <span className="muted">{t('activate.confirm.activity', { activity: product.activity_name, path: product.wxa_path })}</span>
            </>
          ) : (
            <span className="form-field__problem">{t('activate.confirm.noProduct')}</span>
          )}
        </dd>
        {range.print_run_id !== null ? (
          <>
            <dt>{t('activate.confirm.printRun')}</dt>
            <dd>{t('activate.item.printRun', { id: range.print_run_id })}</dd>
          </>
        ) : null}
      </dl>
      {product ? (
        <div className="form-row">
          <span className="form-field__label">{t('activate.confirm.wxaType')}</span>
          <Segmented<WxaType | undefined>
            label={t('activate.confirm.wxaType')}
            options={[
              { value: undefined, label: t('activate.wxaType.product', { type: t(wxaLabel(product.wxa_type)) }) },
              ...WXA_TYPES.map((value) => ({ value, label: t(WXA_LABEL[value]) })),
            ]}
            value={wxaType}
            onChange={setWxaType}
          />
        </div>
      ) : null}
      <p className="muted">{t('activate.confirm.note')}</p>
      <div className="actions">
        <BusyButton
          className="button button--primary activate-confirm__button"
          data-testid="activate-confirm-button"
          busy={action.busy}
          disabled={!product}
          label={t('activate.confirm.submit', { count: format.count(range.count) })}
          busyLabel={t('activate.confirm.submitting')}
          onClick={() => void confirm()}
        />
      </div>
      {action.error ? (
        <div className="batches-status" data-testid="activate-confirm-error">
          <ErrorMessage error={action.error} />
        </div>
      ) : null}
    </section>
  );
}
