// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectivityStatusPayload } from '@shared/activation-contract';
import type { MarketcodeApi } from '@shared/api';
import type { Locale } from '@shared/errors';
import { ConnectivityChip } from '@renderer/components/ConnectivityChip';
import { cleanup, fakeApi, renderInto, startReady, unknownChannel, unmount } from './support/render';

const offline: ConnectivityStatusPayload = {
  state: 'offline',
  since: '2025-01-02T09:00:00.000Z',
  last_error: {
    code: 'NETWORK_UNREACHABLE',
    message: 'offline',
    localized: { 'zh-CN': { message: '无法连接微信服务器' }, en: { message: 'Cannot reach the WeChat server' } },
  },
};

/** A main answering connectivity.get with `status` (or refusing, for null) and pushing connectivity.changed. */
function fakeMain(status: ConnectivityStatusPayload | null) {
  return fakeApi({ handlers: { 'connectivity.get': () => status ?? unknownChannel('connectivity.get') } });
}

let container: HTMLDivElement;
afterEach(cleanup);

async function render(api: MarketcodeApi, locale: Locale = 'en') {
  startReady(api, locale);
  container = await renderInto(<ConnectivityChip />);
}

const chip = () => container.querySelector<HTMLElement>('[data-testid="connectivity-chip"]')!;

describe('Connectivity chip', () => {
  it('shows offline with since-when and the last error on hover, then follows connectivity.changed', async () => {
    const fake = fakeMain(offline);
    await render(fake.api);
    expect(chip().dataset.state).toBe('offline');
    expect(chip().textContent).toBe('Offline');
    const title = chip().title.split('\n');
    expect(title[0]).toBe('The service cannot be reached. Work is saved on this station and sent when the network is back.');
    expect(title[1]).toMatch(/^Since .+/);
    expect(title[2]).toBe('Last error: Cannot reach the WeChat server');

    fake.emit('connectivity.changed', { state: 'degraded', since: '2025-01-02T09:01:00.000Z', last_error: null });
    expect(chip().textContent).toBe('Service degraded');
    fake.emit('connectivity.changed', { ...offline, state: 'online' });
    expect(chip().dataset.state).toBe('online');
    expect(chip().textContent).toBe('Online');
    // The last error stays readable after recovery.
    expect(chip().title).toContain('Last error: Cannot reach the WeChat server');
  });

  it('speaks Chinese, stays "unknown" when main cannot answer, and unsubscribes on unmount', async () => {
    const fake = fakeMain(null);
    await render(fake.api, 'zh-CN');
    expect(chip().dataset.state).toBe('unknown');
    expect(chip().textContent).toBe('网络：未检测');
    expect(fake.listenerCount('connectivity.changed')).toBe(1);
    unmount();
    expect(fake.listenerCount('connectivity.changed')).toBe(0);
  });
});
