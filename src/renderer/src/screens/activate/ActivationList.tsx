import { useState } from 'react';
import type { ActivationSummary } from '@shared/activation-contract';
import type { AppErrorPayload } from '@shared/errors';
import { SUPERVISOR_REQUIRED } from '@renderer/api/error-codes';
import { BusyButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useActivationStore } from '@renderer/store/activation-store';
import { useLocale } from '@renderer/store/app-store';
import { useFormat } from '../batches/use-format';

/** "示例饮料 · 橙味汽水 330ml ×24 · 6901234567892": what a supervisor recognises a product by. */
export function productLine(product: { product_brand: string; product_title: string; product_code: string }): string {
  return `${product.product_brand} · ${product.product_title} · ${product.product_code}`;
}

export function ActivationStateChip({ state }: { state: ActivationSummary['state'] }) {
  const t = useT();
  return (
    <span className={`activation-chip activation-chip--${state}`} data-state={state}>
      {t(`activate.state.${state}`)}
    </span>
  );
}

/** Where the activation stands, in words: waiting for the network, sending, confirmed, refused. */
export function ActivationStatus({ activation }: { activation: ActivationSummary }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const { state, last_error: lastError, confirmation } = activation;

  if (state === 'pending') {
    if (!lastError) return <p className="muted">{t('activate.status.queued')}</p>;
    return (
      <p className="activate-waiting" data-testid="activation-waiting-network">
        {t('activate.status.waitingNetwork', { reason: lastError.localized[locale].message })}
        {activation.next_attempt_at ? ` ${t('activate.status.nextAttempt', { time: format.time(activation.next_attempt_at) })}` : null}
      </p>
    );
  }
  if (state === 'review') {
    return (
      <p className="activate-waiting" data-testid="activation-review">
        {t('activate.status.review', { reason: lastError?.localized[locale].message ?? '' })}
        {activation.next_attempt_at ? ` ${t('activate.status.nextAttempt', { time: format.dateTime(activation.next_attempt_at) })}` : null}
        {lastError?.localized[locale].hint ? ` ${lastError.localized[locale].hint}` : null}
      </p>
    );
  }
  if (state === 'sending') return <p className="muted">{t('activate.status.sending')}</p>;
  if (state === 'active') {
    if (!confirmation) return <p className="ok-text">{t('activate.status.confirming')}</p>;
    if (confirmation.ok) {
      return (
        <p className="ok-text" data-testid="activation-confirmed">
          {t('activate.status.confirmed', { indices: confirmation.checked.map((check) => format.count(check.code_index)).join(', ') })}
        </p>
      );
    }
    return (
      <div className="activate-mismatch" role="alert" data-testid="activation-mismatch">
        <p>{t('activate.status.mismatch')}</p>
        <ul>
          {confirmation.checked
            .filter((check) => !check.ok)
            .map((check) => (
              <li key={check.code_index}>
                {t('activate.status.mismatchAt', { index: format.count(check.code_index), reason: check.reason ?? '—' })}
              </li>
            ))}
        </ul>
      </div>
    );
  }
  if (state === 'failed' || state === 'conflict') {
    return (
      <div className="activate-refused">
        {state === 'conflict' ? <p className="error-message">{t('activate.status.conflict')}</p> : null}
        {lastError ? <ErrorMessage error={lastError} /> : <p className="error-message">{t('activate.status.failed')}</p>}
      </div>
    );
  }
  return <p className="muted">{t('activate.status.cancelled')}</p>;
}

/** Retry (failed, conflict) and Cancel (those, and pending ones waiting for the network); cancelling asks once more. */
function ActivationActions({ activation }: { activation: ActivationSummary }) {
  const t = useT();
  const retry = useActivationStore((state) => state.retry);
  const cancel = useActivationStore((state) => state.cancel);
  const [askingCancel, setAskingCancel] = useState(false);
  // A refused unlock needs no second message: the unlock dialog said it.
  const action = useAction({ silent: [SUPERVISOR_REQUIRED] });
  const { busy, error } = action;
  const finalFailure = activation.state === 'failed' || activation.state === 'conflict';
  const waiting = (activation.state === 'pending' && activation.last_error !== null) || activation.state === 'review';
  if (!finalFailure && !waiting) return null;

  async function run(change: (id: number) => Promise<unknown>) {
    const done = await action.run(() => change(activation.id));
    if (done.ok) setAskingCancel(false);
  }

  return (
    <div className="activate-actions">
      {askingCancel ? (
        <div className="actions activate-cancel-ask" role="group" aria-label={t('activate.cancelAsk', { id: activation.id })}>
          <span>{t('activate.cancelAsk', { id: activation.id })}</span>
          <BusyButton
            className="button batches-button--warn"
            busy={busy}
            label={t('activate.cancelYes')}
            busyLabel={t('activate.cancelling')}
            onClick={() => void run(cancel)}
          />
          <button type="button" className="button" disabled={busy} onClick={() => setAskingCancel(false)}>
            {t('activate.cancelNo')}
          </button>
        </div>
      ) : (
        <div className="actions">
          {finalFailure ? (
            <BusyButton
              className="button button--primary"
              busy={busy}
              label={t('activate.retry')}
              busyLabel={t('activate.retrying')}
              onClick={() => void run(retry)}
            />
          ) : null}
          <button type="button" className="button" disabled={busy} onClick={() => setAskingCancel(true)}>
            {t('activate.cancel')}
          </button>
        </div>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

function ActivationItem({ activation }: { activation: ActivationSummary }) {
  const t = useT();
  const format = useFormat();
  return (
    <li
      className={`activation-item activation-item--${activation.state}`}
      data-testid="activation-item"
      data-id={activation.id}
      data-state={activation.state}
    >
      <div className="activation-item__head">
        <div className="activation-item__what">
          <strong>{t('activate.item.id', { id: activation.id })}</strong>
          <span className="activation-item__range">{format.range(activation.code_start, activation.code_end)}</span>
          <span className="muted">{t('activate.item.count', { count: format.count(activation.count) })}</span>
        </div>
        <ActivationStateChip state={activation.state} />
      </div>
      <div className="activation-item__product">{productLine(activation)}</div>
      <div className="activation-item__status">
        <ActivationStatus activation={activation} />
      </div>
      <div className="activation-item__foot">
        <span className="muted">
          {t('activate.item.recorded', { time: format.dateTime(activation.created_at), actor: activation.created_by })}
          {activation.attempts > 0 ? ` · ${t('activate.item.attempts', { count: activation.attempts })}` : null}
          {activation.print_run_id !== null ? ` · ${t('activate.item.printRun', { id: activation.print_run_id })}` : null}
        </span>
        <ActivationActions activation={activation} />
      </div>
    </li>
  );
}

/** The application's activations, newest first, live; a line on top when some wait for the network. */
export function ActivationList({ activations, error }: { activations: readonly ActivationSummary[]; error: AppErrorPayload | undefined }) {
  const t = useT();
  const waiting = activations.filter((activation) => activation.state === 'pending' && activation.last_error !== null).length;
  return (
    <section className="card activate-list" data-testid="activate-list" aria-label={t('activate.list.title')}>
      <h2>{t('activate.list.title')}</h2>
      {error ? <ErrorMessage error={error} /> : null}
      {waiting > 0 ? (
        <p className="activate-waiting" data-testid="activate-queue-waiting">
          {t('activate.list.waiting', { count: waiting })}
        </p>
      ) : null}
      {activations.length === 0 && !error ? <p className="muted">{t('activate.list.none')}</p> : null}
      {activations.length > 0 ? (
        <ul className="activation-items">
          {activations.map((activation) => (
            <ActivationItem key={activation.id} activation={activation} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
