import { memo } from 'react';
import type { ScanResult } from '@shared/verification-contract';
import { useT } from '@renderer/i18n/use-t';
import { RECENT_SCANS } from '@renderer/store/verify-store';
import { useFormat } from '../batches/use-format';

const Row = memo(function Row({ scan }: { scan: ScanResult }) {
  const t = useT();
  const format = useFormat();
  const pass = scan.verdict === 'PASS';
  return (
    <li
      className={`verify-recent__row verify-recent__row--${pass ? 'pass' : 'fail'}`}
      data-testid="verify-recent-row"
      data-scan-id={scan.id}
      data-verdict={scan.verdict}
      data-input={scan.input}
    >
      <span className="verify-recent__time">{format.time(scan.scanned_at)}</span>
      <span className={`verify-chip verify-chip--${pass ? 'pass' : 'fail'}`}>{t(`verify.verdict.${scan.verdict}`)}</span>
      <span className="verify-recent__code mono">{scan.normalized || scan.input}</span>
      <span className="verify-recent__flags">
        {scan.source === 'hid' ? <span className="verify-flag">{t('verify.recent.hid')}</span> : null}
        {scan.remote === 'offline' ? <span className="verify-flag verify-flag--warn">{t('verify.recent.offline')}</span> : null}
        {scan.needs_ack && scan.acknowledged_by === null ? (
          <span className="verify-flag verify-flag--fail">{t('verify.recent.needsAck')}</span>
        ) : null}
        {scan.needs_ack && scan.acknowledged_by !== null ? <span className="verify-flag">{t('verify.recent.acknowledged')}</span> : null}
      </span>
    </li>
  );
});

/** The session's last scans, newest first. */
export function RecentScans({ scans }: { scans: readonly ScanResult[] }) {
  const t = useT();
  return (
    <section className="card verify-recent" aria-label={t('verify.recent.title', { count: RECENT_SCANS })}>
      <h2>{t('verify.recent.title', { count: RECENT_SCANS })}</h2>
      {scans.length === 0 ? <p className="muted">{t('verify.recent.empty')}</p> : null}
      <ol className="verify-recent__list" data-testid="verify-recent">
        {scans.map((scan) => (
          <Row key={scan.id} scan={scan} />
        ))}
      </ol>
    </section>
  );
}
