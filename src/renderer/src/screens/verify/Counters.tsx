import { VERDICTS, type ScanSession, type Verdict } from '@shared/verification-contract';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from '../batches/use-format';

/** One large counter per verdict, PASS first, and the session's total. */
export function Counters({ session }: { session: ScanSession }) {
  const t = useT();
  const format = useFormat();
  const value = (verdict: Verdict) => session.counts[verdict] ?? 0;
  return (
    <section className="verify-counters" aria-label={t('verify.counts.title')} data-testid="verify-counters">
      {VERDICTS.map((verdict) => (
        <div
          key={verdict}
          className={`verify-counter verify-counter--${verdict === 'PASS' ? 'pass' : 'fail'}`}
          data-testid={`verify-count-${verdict}`}
          data-count={value(verdict)}
          data-zero={value(verdict) === 0 || undefined}
        >
          <span className="verify-counter__value">{format.count(value(verdict))}</span>
          <span className="verify-counter__label">{t(`verify.verdict.${verdict}`)}</span>
        </div>
      ))}
      <div className="verify-counter verify-counter--total" data-testid="verify-count-total" data-count={session.total}>
        <span className="verify-counter__value">{format.count(session.total)}</span>
        <span className="verify-counter__label">{t('verify.counts.total')}</span>
      </div>
    </section>
  );
}
