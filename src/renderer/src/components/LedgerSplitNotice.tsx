import { useState } from 'react';
import { useT } from '../i18n/use-t';

/** Said once, in the run whose start moved Training's rows out of a ledger shared by both modes (docs/modes.md). */
export function LedgerSplitNotice({ moved }: { moved: { applications: number; products: number } }) {
  const t = useT();
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  return (
    <div className="ledger-split-notice" role="status" data-testid="ledger-split-notice">
      <span>{t('notice.ledgerSplit', { applications: moved.applications, products: moved.products })}</span>
      <button type="button" onClick={() => setDismissed(true)}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
