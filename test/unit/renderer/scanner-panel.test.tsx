// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketcodeApi } from '@shared/api';
import type { HidDevice, ScannerStatus } from '@shared/scanner-contract';
import { ScannerPanel } from '@renderer/screens/settings/ScannerPanel';
import { useAppStore } from '@renderer/store/app-store';
import { appInfo, throughContract } from './support/render';

// The support module also turns on React's act() environment.
const info = appInfo;

const DEVICES: HidDevice[] = [
  { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', product: 'Xenon 1950g', usagePage: 0x8c, usage: 2, hidPos: true },
  { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw2', product: 'Xenon 1950g', usagePage: 0x01, usage: 6, hidPos: false },
  { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0', product: 'USB Optical Mouse', usagePage: 0x01, usage: 2, hidPos: false },
];

function fakeMain(initial: ScannerStatus) {
  const calls: { channel: string; request: unknown }[] = [];
  const listeners = new Set<(payload: unknown) => void>();
  let status = initial;
  const api: MarketcodeApi = {
    invoke: throughContract((async (channel: string, request: Record<string, unknown>) => {
      calls.push({ channel, request });
      switch (channel) {
        case 'scanner.status':
          return { ok: true, data: status };
        case 'scanner.listDevices':
          return { ok: true, data: status.available ? DEVICES : [] };
        case 'scanner.select':
          status = {
            available: true,
            state: 'connected',
            selected: { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', product: 'Xenon 1950g', usagePage: 0x8c },
          };
          return { ok: true, data: status };
        case 'scanner.forget':
          status = { available: true, state: 'idle' };
          return { ok: true, data: status };
        default:
          throw new Error(`unexpected ${channel}`);
      }
    }) as MarketcodeApi['invoke']),
    on: ((event: string, listener: (payload: unknown) => void) => {
      if (event === 'scanner.status') listeners.add(listener);
      return () => listeners.delete(listener);
    }) as MarketcodeApi['on'],
  };
  return { api, calls, push: (next: ScannerStatus) => listeners.forEach((listener) => listener(next)) };
}

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  useAppStore.setState({ load: { status: 'ready' }, info, settings: { locale: 'en' }, screen: 'settings' });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function render(main: ReturnType<typeof fakeMain>) {
  window.api = main.api;
  await act(async () => root.render(<ScannerPanel />));
}

const text = (selector: string) => container.querySelector(selector)?.textContent ?? '';
const buttonNamed = (name: string) => [...container.querySelectorAll('button')].find((button) => button.textContent === name);

describe('Settings → Barcode scanner', () => {
  it('lists HID POS scanners first (others behind a toggle), selects one and follows its pushed state', async () => {
    const main = fakeMain({ available: true, state: 'idle' });
    await render(main);
    expect(text('[data-testid="scanner-state"]')).toBe('No scanner chosen.');
    const hidPos = container.querySelectorAll('[data-testid="scanner-hidpos-list"] [data-testid="scanner-device"]');
    expect(hidPos).toHaveLength(1);
    expect(hidPos[0]?.textContent).toContain('Xenon 1950g');
    expect(hidPos[0]?.textContent).toContain('HID POS');
    expect(hidPos[0]?.textContent).toContain('USB 0c2e:0b87 · usage page 0x8c');
    expect(container.querySelector('[data-testid="scanner-other-list"]')).toBeNull();

    await act(async () => buttonNamed('Show other HID devices (2)')?.click());
    expect(container.querySelectorAll('[data-testid="scanner-other-list"] [data-testid="scanner-device"]')).toHaveLength(2);

    await act(async () => hidPos[0]?.querySelector('button')?.click());
    expect(main.calls.find((call) => call.channel === 'scanner.select')?.request).toEqual({
      vendorId: 0x0c2e,
      productId: 0x0b87,
      path: '/dev/hidraw3',
    });
    expect(text('[data-testid="scanner-state"]')).toBe('Connected: Xenon 1950g');
    expect(text('[data-testid="scanner-hidpos-list"]')).toContain('In use');

    await act(async () =>
      main.push({
        available: true,
        state: 'disconnected',
        selected: { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', product: 'Xenon 1950g' },
        last_error: {
          code: 'HID_SCANNER_DISCONNECTED',
          message: 'The scanner Xenon 1950g (0c2e:0b87) was disconnected (could not read from HID device).',
          localized: {
            'zh-CN': { message: '扫码枪已断开。' },
            en: {
              message: 'The scanner Xenon 1950g (0c2e:0b87) was disconnected (could not read from HID device).',
              hint: 'Check the cable.',
            },
          },
        },
      }),
    );
    expect(container.querySelector('[data-testid="scanner-state"]')?.getAttribute('data-state')).toBe('disconnected');
    expect(text('[data-testid="scanner-state"]')).toBe('Not connected: Xenon 1950g. Trying again every 2 seconds.');
    expect(container.querySelector('[data-error-code="HID_SCANNER_DISCONNECTED"]')?.textContent).toContain('Check the cable.');

    await act(async () => buttonNamed('Forget this scanner')?.click());
    expect(text('[data-testid="scanner-state"]')).toBe('No scanner chosen.');
  });

  it('says why HID is unavailable, and keeps the Linux udev note', async () => {
    await render(fakeMain({ available: false, reason: 'node-hid could not be loaded: libusb missing', state: 'idle' }));
    expect(text('[data-testid="scanner-unavailable"]')).toBe(
      'HID scanning is off: node-hid could not be loaded: libusb missing. Keyboard-wedge scanners still work.',
    );
    expect(container.querySelector('[data-testid="scanner-hidpos-list"]')).toBeNull();
    expect(text('[data-testid="scanner-panel"]')).toContain('/dev/hidraw*');
  });

  it('tells the operator to switch the scanner to HID POS mode when none is found', async () => {
    const main = fakeMain({ available: true, state: 'idle' });
    main.api.invoke = throughContract((async (channel: string) =>
      channel === 'scanner.listDevices'
        ? { ok: true, data: [] }
        : { ok: true, data: { available: true, state: 'idle' } }) as MarketcodeApi['invoke']);
    await render(main);
    expect(text('[data-testid="scanner-panel"]')).toContain('No HID POS scanner found.');
  });
});
