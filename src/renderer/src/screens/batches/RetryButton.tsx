import { useState } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import { CallError } from '@renderer/api/call';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';

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
