import { useEffect, useState } from 'react';
import { shortAuditHash, type LogAuditHead } from '@shared/log-contract';
import { call } from '@renderer/api/call';
import { useT } from '@renderer/i18n/use-t';
import { useFormat } from '../batches/use-format';

/**
 * "Audit log: 1,234 entries, last 3f9a…c2": the chain's head, as export manifests and shift reports
 * record it. Read again whenever `refreshKey` changes (the Log reloads); a failed read shows nothing.
 */
export function AuditHeadLine({ refreshKey }: { refreshKey: string }) {
  const t = useT();
  const format = useFormat();
  const [head, setHead] = useState<LogAuditHead | undefined>();
  useEffect(() => {
    let current = true;
    call('log.auditHead', {}).then(
      (answer) => current && setHead(answer),
      () => current && setHead(undefined),
    );
    return () => {
      current = false;
    };
  }, [refreshKey]);
  if (head === undefined) return null;
  return (
    <p className="muted log-audit-head" data-testid="log-audit-head" title={t('log.auditHead.hint')}>
      {head === null
        ? t('log.auditHead.empty')
        : t('log.auditHead', { count: format.count(head.entries), hash: shortAuditHash(head.hash) })}
    </p>
  );
}
