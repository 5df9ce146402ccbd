import { VERDICTS, type ScanSession } from '@shared/verification-contract';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from '../batches/use-format';

/** What an ended session counted, as main stored it at its end. */
export function SessionSummary({ summary, onClose }: { summary: ScanSession; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const pass = summary.counts.PASS ?? 0;
  const rate = summary.total === 0 ? '—' : `${((pass / summary.total) * 100).toFixed(1)} %`;
  return (
    <section className="card verify-summary" data-testid="verify-summary" aria-label={t('verify.summary.title')}>
      <h2>
        {t('verify.summary.title')} · {t('verify.summary.session', { id: summary.id })}
      </h2>
      <dl className="facts">
        <dt>{t('verify.summary.line')}</dt>
        <dd>{summary.line}</dd>
        <dt>{t('verify.summary.product')}</dt>
        <dd>{t('verify.session.product', { title: summary.product_title, code: summary.product_code })}</dd>
        <dt>{t('verify.summary.started')}</dt>
        <dd>{t('verify.summary.by', { time: format.dateTime(summary.started_at), who: summary.started_by })}</dd>
        {summary.ended_at ? (
          <>
            <dt>{t('verify.summary.ended')}</dt>
            <dd>{t('verify.summary.by', { time: format.dateTime(summary.ended_at), who: summary.ended_by ?? '—' })}</dd>
          </>
        ) : null}
        <dt>{t('verify.summary.total')}</dt>
        <dd data-testid="verify-summary-total">{format.count(summary.total)}</dd>
        <dt>{t('verify.summary.passRate')}</dt>
        <dd data-testid="verify-summary-rate">{rate}</dd>
      </dl>
      <ul className="verify-summary__counts">
        {VERDICTS.map((verdict) => (
          <li key={verdict} data-testid={`verify-summary-${verdict}`} data-count={summary.counts[verdict] ?? 0}>
            <span>{t(`verify.verdict.${verdict}`)}</span>
            <strong>{format.count(summary.counts[verdict] ?? 0)}</strong>
          </li>
        ))}
      </ul>
      {summary.unconfirmed > 0 ? <p className="muted">{t('verify.summary.unconfirmed', { count: summary.unconfirmed })}</p> : null}
      <div className="actions">
        <button type="button" className="button button--primary verify-big-button" onClick={onClose}>
          {t('verify.summary.close')}
        </button>
      </div>
    </section>
  );
}
