import { BusyButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useBatchesStore } from '@renderer/store/batches-store';

/** Puts failed segments (or a failed application) back in the queue; main's refusal shows beside it. */
export function RetryButton({ isv }: { isv: string }) {
  const t = useT();
  const retry = useBatchesStore((state) => state.retry);
  const action = useAction();

  return (
    <span className="batches-retry">
      <BusyButton
        className="button batches-button--warn"
        busy={action.busy}
        label={t('batches.retry')}
        busyLabel={t('batches.retrying')}
        onClick={() => void action.run(() => retry(isv))}
      />
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </span>
  );
}
