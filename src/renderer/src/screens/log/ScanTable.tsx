import type { LogScan } from '@shared/log-contract';
import { useT } from '@renderer/i18n/use-t';
import { useLocale } from '@renderer/store/app-store';
import { useFormat } from '../batches/use-format';

/** A verdict as a chip, coloured like the Verify screen: green for PASS, red for every failure. */
export function VerdictChip({ verdict }: { verdict: LogScan['verdict'] }) {
  const t = useT();
  return (
    <span className={`log-verdict log-verdict--${verdict === 'PASS' ? 'pass' : 'fail'}`} data-verdict={verdict} title={verdict}>
      {t(`log.verdict.${verdict}`)}
    </span>
  );
}

export function ScanTable({ scans }: { scans: readonly LogScan[] }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  return (
    <div className="log-table-wrap">
      <table className="log-table" aria-label={t('log.scans.label')}>
        <thead>
          <tr>
            <th scope="col">{t('log.column.time')}</th>
            <th scope="col">{t('log.column.verdict')}</th>
            <th scope="col">{t('log.column.code')}</th>
            <th scope="col">{t('log.column.application')}</th>
            <th scope="col">{t('log.column.session')}</th>
            <th scope="col">{t('log.column.station')}</th>
            <th scope="col">{t('log.column.ack')}</th>
          </tr>
        </thead>
        <tbody>
          {scans.map((scan) => (
            <tr key={scan.id} data-scan={scan.id} data-verdict={scan.verdict}>
              <td className="log-nowrap">{format.dateTime(scan.scanned_at)}</td>
              <td>
                <VerdictChip verdict={scan.verdict} />
                <div className="muted log-small">{t(`log.remote.${scan.remote}`)}</div>
                {scan.local_verdict !== scan.verdict ? (
                  <div className="muted log-small">{t('log.scan.local', { verdict: t(`log.verdict.${scan.local_verdict}`) })}</div>
                ) : null}
                {scan.reason ? <div className="log-reason">{scan.reason.localized[locale].message}</div> : null}
              </td>
              <td>
                <div className="mono">{scan.normalized}</div>
                {scan.input !== scan.normalized ? (
                  <div className="mono muted log-small">{t('log.scan.input', { input: scan.input })}</div>
                ) : null}
              </td>
              <td className="log-nowrap">
                {scan.application_id !== null ? <div className="mono">{scan.application_id}</div> : '—'}
                {scan.code_index !== null ? (
                  <div className="muted">{t('log.scan.index', { index: format.count(scan.code_index) })}</div>
                ) : null}
              </td>
              <td>
                {scan.session_id !== null ? (
                  <>
                    <div>{t('log.scan.session', { id: scan.session_id, line: scan.line ?? '—' })}</div>
                    <div className="muted">{scan.product_title ?? scan.product_code}</div>
                  </>
                ) : (
                  <span className="muted">{t('log.scan.noSession')}</span>
                )}
              </td>
              <td>{scan.station}</td>
              <td>{scan.acknowledged_by ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
