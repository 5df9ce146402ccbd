import { describe, expect, it, vi } from 'vitest';
import { createBridge, type BridgeTransport } from '@preload/bridge';
import { CHANNEL_NAMES, contract, EVENT_NAMES, events } from '@shared/contract';
import { ENVELOPE_ERROR } from '@shared/envelope';
import type { MarketcodeApi } from '@shared/api';

function fakeTransport() {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const transport: BridgeTransport = {
    invoke: vi.fn(async (channel: string) => ({ ok: true, data: channel })),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, push: (event: string, payload: unknown) => listeners.forEach((listener) => listener(event, payload)) };
}

describe('preload bridge', () => {
  it('forwards contract channels to the transport', async () => {
    const { transport } = fakeTransport();
    const api = createBridge(transport);
    expect(await api.invoke('app.info', {})).toEqual({ ok: true, data: 'app.info' });
    expect(transport.invoke).toHaveBeenCalledWith('app.info', {});
  });

  it.each(['ipcRenderer', 'app.quit', 'settings', '', 'toString'])(
    'refuses channel %j outside the contract without calling main',
    async (channel) => {
      const { transport } = fakeTransport();
      const api = createBridge(transport) as unknown as { invoke(channel: string, request: unknown): ReturnType<MarketcodeApi['invoke']> };
      const envelope = await api.invoke(channel, {});
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(envelope.error.code).toBe(ENVELOPE_ERROR.unknownChannel);
      expect(transport.invoke).not.toHaveBeenCalled();
    },
  );

  it('delivers only the subscribed event and unsubscribes', () => {
    const { transport, push } = fakeTransport();
    const api = createBridge(transport);
    const seen: unknown[] = [];
    const off = api.on('settings.changed', (payload) => seen.push(payload));
    push('settings.changed', { locale: 'en' });
    push('other.event', { locale: 'zh-CN' });
    off();
    push('settings.changed', { locale: null });
    expect(seen).toEqual([{ locale: 'en' }]);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    const api = createBridge(fakeTransport().transport) as unknown as { on(event: string, cb: () => void): () => void };
    expect(() => api.on('ipc:anything', () => undefined)).toThrow(/Unknown event/);
  });

  it('keeps the zod-free allow-lists identical to the contract', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });
});
