// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketcodeApi } from '@shared/api';
import type { AppInfo, Settings } from '@shared/contract';
import type { AppErrorPayload } from '@shared/errors';
import { App } from '@renderer/App';
import { useAppStore } from '@renderer/store/app-store';
import { cleanup, fakeApi, refuse, renderInto, unknownChannel } from './support/render';

function fakeMain(info: AppInfo, settings: Settings): MarketcodeApi {
  return fakeApi({ handlers: { 'app.info': () => info, 'settings.getAll': () => settings }, unhandled: unknownChannel }).api;
}

const baseInfo: AppInfo = {
  productName: 'Marketcode Station',
  version: '9.8.7',
  mode: 'training',
  dataDir: '/data',
  liveCredentialsSet: false,
  systemLocale: 'zh-CN',
  hid: { available: false, reason: 'libusb missing' },
};

let container: HTMLDivElement;
beforeEach(() => {
  useAppStore.setState({ load: { status: 'loading' }, info: undefined, settings: undefined, screen: 'batches' });
});
afterEach(cleanup);

async function renderApp(api: MarketcodeApi) {
  window.api = api;
  container = await renderInto(<App />);
}

describe('App shell', () => {
  it('shows the Training banner and the version from main, in Chinese for a Chinese system', async () => {
    await renderApp(fakeMain(baseInfo, { locale: null }));
    expect(container.querySelector('[data-testid="training-banner"]')?.textContent).toContain('培训模式');
    expect(container.querySelector('[data-testid="shell-footer"]')?.textContent).toContain('v9.8.7');
  });

  it('hides the banner once Live credentials are set, and honours the chosen language', async () => {
    await renderApp(fakeMain({ ...baseInfo, mode: 'live', liveCredentialsSet: true }, { locale: 'en' }));
    expect(container.querySelector('[data-testid="training-banner"]')).toBeNull();
    expect(container.querySelector('nav')?.textContent).toContain('Batches');
    expect(container.querySelector('[data-testid="shell-footer"]')?.textContent).toContain('Live');
  });

  it('shows why HID scanning is off in Settings', async () => {
    await renderApp(fakeMain(baseInfo, { locale: 'en' }));
    await act(async () => useAppStore.getState().navigate('settings'));
    expect(container.querySelector('[data-testid="hid-status"]')?.textContent).toBe(
      'HID scanning is off: libusb missing. Keyboard-wedge scanners still work.',
    );
  });

  it('shows main’s error in the browser’s language when start-up fails before settings load', async () => {
    const tooNew: AppErrorPayload = {
      code: 'LEDGER_TOO_NEW',
      message: 'too new',
      localized: { 'zh-CN': { message: '数据库版本太新', hint: '请升级' }, en: { message: 'too new' } },
    };
    await renderApp(fakeApi({ unhandled: () => refuse(tooNew) }).api);
    // jsdom's navigator.language is en-US: no settings yet, so that decides.
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('too new');
    expect(container.querySelector('[data-error-code]')?.getAttribute('data-error-code')).toBe('LEDGER_TOO_NEW');
  });

  it('says once, in the user’s language, what the upgrade moved into the Training ledger, and can be dismissed', async () => {
    await renderApp(fakeMain({ ...baseInfo, ledgerSplit: { applications: 2, products: 3 } }, { locale: null }));
    const notice = () => container.querySelector<HTMLElement>('[data-testid="ledger-split-notice"]');
    expect(notice()?.textContent).toContain('2 个培训申请和 3 个演示产品已移入培训账本');
    await act(async () => notice()!.querySelector('button')!.click());
    expect(notice()).toBeNull();
  });

  it('shows no upgrade notice on an ordinary start', async () => {
    await renderApp(fakeMain(baseInfo, { locale: 'en' }));
    expect(container.querySelector('[data-testid="ledger-split-notice"]')).toBeNull();
  });
});
