// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectivityStatusPayload } from '../../../src/shared/activation-contract';
import type { MarketcodeApi } from '../../../src/shared/api';
import type { AppInfo, Settings } from '../../../src/shared/contract';
import type { Locale } from '../../../src/shared/errors';
import { ConnectivityChip } from '../../../src/renderer/src/components/ConnectivityChip';
import { useAppStore } from '../../../src/renderer/src/store/app-store';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const info: AppInfo = {
  productName: 'Marketcode Station',
  version: '0.1.0',
  mode: 'training',
  dataDir: '/data',
  liveCredentialsSet: false,
  systemLocale: 'en-US',
  hid: { available: true },
};

const offline: ConnectivityStatusPayload = {
  state: 'offline',
  since: '2025-01-02T09:00:00.000Z',
  last_error: {
    code: 'NETWORK_UNREACHABLE',
    message: 'offline',
    localized: { 'zh-CN': { message: '无法连接微信服务器' }, en: { message: 'Cannot reach the WeChat server' } },
  },
};

function fakeApi(answer: { ok: true; data: ConnectivityStatusPayload } | { ok: false }) {
  const listeners = new Set<(payload: unknown) => void>();
  const api: MarketcodeApi = {
    invoke: (async (channel: string) => {
      if (channel !== 'connectivity.get') throw new Error(`unexpected channel ${channel}`);
      if (answer.ok) return answer;
      return {
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: channel, localized: { 'zh-CN': { message: channel }, en: { message: channel } } },
      };
    }) as MarketcodeApi['invoke'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      if (event !== 'connectivity.changed') return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as MarketcodeApi['on'],
  };
  const emit = (payload: ConnectivityStatusPayload) => act(() => listeners.forEach((listener) => listener(payload)));
  return { api, emit, listeners };
}

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function render(api: MarketcodeApi, locale: Locale = 'en') {
  window.api = api;
  const settings: Settings = { locale };
  useAppStore.setState({ load: { status: 'ready' }, info, settings });
  await act(async () => root.render(<ConnectivityChip />));
}

const chip = () => container.querySelector<HTMLElement>('[data-testid="connectivity-chip"]')!;

describe('Connectivity chip', () => {
  it('shows offline with since-when and the last error on hover, then follows connectivity.changed', async () => {
    const fake = fakeApi({ ok: true, data: offline });
    await render(fake.api);
    expect(chip().dataset.state).toBe('offline');
    expect(chip().textContent).toBe('Offline');
    const title = chip().title.split('\n');
    expect(title[0]).toBe('The service cannot be reached. Work is saved on this station and sent when the network is back.');
    expect(title[1]).toMatch(/^Since .+/);
    expect(title[2]).toBe('Last error: Cannot reach the WeChat server');

    fake.emit({ state: 'degraded', since: '2025-01-02T09:01:00.000Z', last_error: null });
    expect(chip().textContent).toBe('Service degraded');
    fake.emit({ ...offline, state: 'online' });
    expect(chip().dataset.state).toBe('online');
    expect(chip().textContent).toBe('Online');
    // The last error stays readable after recovery.
    expect(chip().title).toContain('Last error: Cannot reach the WeChat server');
  });

  it('speaks Chinese, stays "unknown" when main cannot answer, and unsubscribes on unmount', async () => {
    const fake = fakeApi({ ok: false });
    await render(fake.api, 'zh-CN');
    expect(chip().dataset.state).toBe('unknown');
    expect(chip().textContent).toBe('网络：未检测');
    expect(fake.listeners.size).toBe(1);
    act(() => root.unmount());
    expect(fake.listeners.size).toBe(0);
    root = createRoot(container);
  });
});
