import { useState } from 'react';
import type { AppErrorPayload } from '../../../../shared/errors';
import { CallError } from '../../api/call';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useT } from '../../i18n/use-t';
import { useBatchesStore } from '../../store/batches-store';

/** Puts failed segments (or a failed application) back in the queue; main's refusal shows beside it. */
export function RetryButton({ isv }: { isv: string }) {
  const t = useT();
  const retry = useBatchesStore((state) => state.retry);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | undefined>();

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      await retry(isv);
    } catch (caught) {
      if (!(caught instanceof CallError)) throw caught;
      setError(caught.payload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="batches-retry">
      <button type="button" className="button batches-button--warn" disabled={busy} onClick={() => void run()}>
        {busy ? t('batches.retrying') : t('batches.retry')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </span>
  );
}
