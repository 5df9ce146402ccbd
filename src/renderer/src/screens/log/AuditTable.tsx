import type { LogAuditEntry } from '@shared/log-contract';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from '../batches/use-format';

export function AuditTable({ entries }: { entries: readonly LogAuditEntry[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="log-table-wrap">
      <table className="log-table" aria-label={t('log.audit.label')}>
        <thead>
          <tr>
            <th scope="col">{t('log.column.time')}</th>
            <th scope="col">{t('log.column.actor')}</th>
            <th scope="col">{t('log.column.action')}</th>
            <th scope="col">{t('log.column.subject')}</th>
            <th scope="col">{t('log.column.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-seq={entry.seq} data-action={entry.action}>
              <td className="log-nowrap">{format.dateTime(entry.at)}</td>
              <td>{entry.actor}</td>
              <td className="mono log-nowrap">{entry.action}</td>
              <td className="mono log-nowrap">{entry.subject ?? '—'}</td>
              <td className="mono log-details">{Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
