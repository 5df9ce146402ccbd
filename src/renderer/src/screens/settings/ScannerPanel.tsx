import { useEffect, useState } from 'react';
import type { HidDevice, HidScannerChoice, ScannerStatus } from '@shared/scanner-contract';
import { call } from '@renderer/api/call';
import { showRefusal } from '@renderer/api/refusal';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import type { Translate } from '@renderer/i18n';

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function deviceName(device: Pick<HidDevice, 'product' | 'vendorId' | 'productId'>, t: Translate): string {
  return device.product ?? t('scanner.unnamed', { ids: `${hex4(device.vendorId)}:${hex4(device.productId)}` });
}

function isSelected(device: HidDevice, selected: HidScannerChoice | undefined): boolean {
  return !!selected && selected.vendorId === device.vendorId && selected.productId === device.productId && selected.path === device.path;
}

/** The scanner's state and, when HID is available, the devices to choose from. */
async function loadScanner(): Promise<{ status: ScannerStatus; devices: HidDevice[] }> {
  const status = await call('scanner.status', {});
  return { status, devices: status.available ? await call('scanner.listDevices', {}) : [] };
}

/** Settings → Barcode scanner: HID POS devices (usage page 0x8C first), choose or forget one, its connection state. */
export function ScannerPanel() {
  const t = useT();
  const [status, setStatus] = useState<ScannerStatus | undefined>();
  const [devices, setDevices] = useState<HidDevice[] | undefined>();
  const [showOthers, setShowOthers] = useState(false);
  const { run, busy, error, fail } = useAction();

  const refresh = () =>
    run(async () => {
      const loaded = await loadScanner();
      setStatus(loaded.status);
      setDevices(loaded.devices);
    });

  useEffect(() => {
    loadScanner().then((loaded) => {
      setStatus(loaded.status);
      setDevices(loaded.devices);
    }, showRefusal(fail));
    return window.api.on('scanner.status', setStatus);
  }, [fail]);

  const select = (device: HidDevice) =>
    run(async () => setStatus(await call('scanner.select', { vendorId: device.vendorId, productId: device.productId, path: device.path })));
  const forget = () => run(async () => setStatus(await call('scanner.forget', {})));

  const hidPos = devices?.filter((device) => device.hidPos) ?? [];
  const others = devices?.filter((device) => !device.hidPos) ?? [];
  const selected = status?.selected;

  function row(device: HidDevice) {
    const chosen = isSelected(device, selected);
    return (
      <li key={`${device.path}|${device.usagePage}|${device.usage}`} className="scanner-list__row" data-testid="scanner-device">
        <span className="scanner-list__name">{deviceName(device, t)}</span>
        {device.hidPos ? <span className="scanner-chip">{t('scanner.hidPos')}</span> : null}
        <span className="muted mono">
          {t('scanner.ids', {
            ids: `${hex4(device.vendorId)}:${hex4(device.productId)}`,
            page: device.usagePage.toString(16).padStart(2, '0'),
          })}
        </span>
        {chosen ? (
          <span className="ok-text">{t('scanner.inUse')}</span>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void select(device)}>
            {t('scanner.select')}
          </button>
        )}
      </li>
    );
  }

  return (
    <div className="card scanner-panel" data-testid="scanner-panel">
      <h2>{t('scanner.title')}</h2>
      <p className="muted">{t('scanner.intro')}</p>

      {status && !status.available ? (
        <p data-testid="scanner-unavailable">{t('scanner.unavailable', { reason: status.reason ?? '' })}</p>
      ) : null}

      {status?.available ? (
        <>
          <div className="actions scanner-panel__state">
            <span
              className={`scanner-state scanner-state--${status.state}`}
              data-testid="scanner-state"
              data-state={status.state}
              aria-live="polite"
            >
              {status.state === 'idle'
                ? t('scanner.state.idle')
                : t(status.state === 'connected' ? 'scanner.state.connected' : 'scanner.state.disconnected', {
                    device: selected ? deviceName(selected, t) : '',
                  })}
            </span>
            {selected ? (
              <button type="button" className="button" disabled={busy} onClick={() => void forget()}>
                {t('scanner.forget')}
              </button>
            ) : null}
          </div>
          {status.last_error ? <ErrorMessage error={status.last_error} /> : null}

          <h3>{t('scanner.devices')}</h3>
          {devices && hidPos.length === 0 ? <p className="muted">{t('scanner.noHidPos')}</p> : null}
          <ul className="scanner-list" data-testid="scanner-hidpos-list">
            {hidPos.map(row)}
          </ul>
          {others.length > 0 ? (
            <>
              <button type="button" className="button" aria-expanded={showOthers} onClick={() => setShowOthers(!showOthers)}>
                {t(showOthers ? 'scanner.hideOthers' : 'scanner.showOthers', { count: others.length })}
              </button>
              {showOthers ? (
                <ul className="scanner-list scanner-list--others" data-testid="scanner-other-list">
                  {others.map(row)}
                </ul>
              ) : null}
            </>
          ) : null}
          <div className="actions">
            <button type="button" className="button" disabled={busy} onClick={() => void refresh()}>
              {t('scanner.refresh')}
            </button>
          </div>
        </>
      ) : null}

      {error ? <ErrorMessage error={error} /> : null}
      <p className="muted">{t('settings.hidNote')}</p>
    </div>
  );
}
