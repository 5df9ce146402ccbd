import { useEffect, useState } from 'react';
import type { ConnectivityStatusPayload } from '@shared/activation-contract';
import { call } from '../api/call';
import { useT } from '../i18n/use-t';
import { useLocale } from '../store/app-store';
import { useFormat } from '../screens/batches/use-format';

/**
 * Online / offline / degraded as main's connectivity monitor sees every call to
 * the service; the last error and since when on hover. Until main answers (or
 * when it cannot), the state is unknown.
 */
export function ConnectivityChip() {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const [status, setStatus] = useState<ConnectivityStatusPayload | undefined>();

  useEffect(() => {
    let current = true;
    // An event may overtake the answer: the answer only fills in when nothing newer came.
    const unsubscribe = window.api.on('connectivity.changed', (payload) => {
      current = false;
      setStatus(payload);
    });
    call('connectivity.get', {}).then(
      (payload) => {
        if (current) setStatus(payload);
      },
      () => undefined,
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  const state = status?.state ?? 'unknown';
  const lines = [t(`connectivity.hint.${state}`)];
  if (status && state !== 'unknown') lines.push(t('connectivity.since', { time: format.dateTime(status.since) }));
  if (status?.last_error) lines.push(t('connectivity.lastError', { message: status.last_error.localized[locale].message }));

  return (
    <span
      className={`connectivity-chip connectivity-chip--${state}`}
      data-testid="connectivity-chip"
      data-state={state}
      role="status"
      title={lines.join('\n')}
    >
      <span className="connectivity-chip__dot" aria-hidden="true" />
      {t(`connectivity.state.${state}`)}
    </span>
  );
}
