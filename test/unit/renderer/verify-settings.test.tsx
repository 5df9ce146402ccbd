// @vitest-environment jsdom
import { act, createElement, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '@shared/contract';
import { useWedgeScanner, type WedgeOptions, type WedgeScan } from '@renderer/scan-input';
import { VerifyPanel } from '@renderer/screens/settings/VerifyPanel';
import { useAppStore } from '@renderer/store/app-store';
import { button, cleanup, fakeApi, renderInto, startReady, type } from './support/render';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

let container: HTMLDivElement;
const $ = <T extends Element = HTMLElement>(selector: string) => container.querySelector<T>(selector);

describe('Settings → Verify station', () => {
  /** Main's settings.set: answers with the settings as they stand after the change. */
  function fakeMain() {
    return fakeApi({
      handlers: { 'settings.set': (update) => ({ ...useAppStore.getState().settings!, [update.key]: update.value }) },
    });
  }

  async function renderPanel(api: ReturnType<typeof fakeMain>['api'], settings: Settings = { locale: 'en' }) {
    startReady(api, 'en', 'settings');
    useAppStore.setState({ settings });
    container = await renderInto(<VerifyPanel />);
  }

  it('shows the DESIGN defaults, refuses out-of-range figures, and saves only what changed', async () => {
    const main = fakeMain();
    await renderPanel(main.api);
    expect($<HTMLInputElement>('input[name=wedgeMaxInterKeyMs]')!.value).toBe('35');
    expect($<HTMLInputElement>('input[name=wedgeIdleTimeoutMs]')!.value).toBe('150');
    expect($<HTMLInputElement>('input[name=wedgeMinLength]')!.value).toBe('9');
    expect($('[data-terminator=Enter]')!.getAttribute('aria-pressed')).toBe('true');
    expect($('[data-terminator=Tab]')!.getAttribute('aria-pressed')).toBe('true');
    expect($('[data-ack-mode=button]')!.getAttribute('aria-checked')).toBe('true');
    expect($<HTMLInputElement>('input[name=soundVolume]')!.value).toBe('80');
    expect(button('Save').disabled).toBe(true);

    type($<HTMLInputElement>('input[name=wedgeMaxInterKeyMs]')!, '500');
    expect(container.textContent).toContain('A whole number from 5 to 200.');
    expect(button('Save').disabled).toBe(true);
    type($<HTMLInputElement>('input[name=wedgeMaxInterKeyMs]')!, '40');
    await act(async () => button('Tab').click());
    await act(async () => $<HTMLButtonElement>('[data-ack-mode=ack_code]')!.click());
    expect($<HTMLInputElement>('input[name=ackCode]')!.value).toBe('ACK-OK');
    type($<HTMLInputElement>('input[name=ackCode]')!, ' LINE3-ACK ');
    await act(async () => button('Save').click());
    expect(main.sent('settings.set')).toEqual([
      { key: 'wedgeMaxInterKeyMs', value: 40 },
      { key: 'wedgeTerminators', value: ['Enter'] },
      { key: 'ackMode', value: 'ack_code' },
      { key: 'ackCode', value: 'LINE3-ACK' },
    ]);
    expect(container.textContent).toContain('Saved.');
    expect(useAppStore.getState().settings).toMatchObject({
      wedgeMaxInterKeyMs: 40,
      wedgeTerminators: ['Enter'],
      ackMode: 'ack_code',
      ackCode: 'LINE3-ACK',
    });
    expect(button('Save').disabled).toBe(true);
  });

  it('plays the sounds at the chosen volume', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    await renderPanel(fakeMain().api, { locale: 'en', soundVolume: 30 });
    await act(async () => button('Play FAIL').click());
    const audio = play.mock.contexts[0] as HTMLAudioElement;
    expect(audio.src).toMatch(/sounds\/fail\.wav$/);
    expect(audio.volume).toBeCloseTo(0.3);
  });
});

describe('useWedgeScanner', () => {
  function Probe({ options, onScan }: { options: WedgeOptions; onScan: (scan: WedgeScan) => void }) {
    const [enabled] = useState(true);
    useWedgeScanner({ options, onScan, enabled });
    return createElement('button', { type: 'button' }, 'focus me');
  }

  const keydown = (key: string, target: EventTarget = document.body) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

  it('judges a burst without a terminator once it goes idle', async () => {
    const scans: WedgeScan[] = [];
    const options: WedgeOptions = { maxInterKeyMs: 35, idleTimeoutMs: 20, minLength: 9, terminators: [] };
    await renderInto(createElement(Probe, { options, onScan: (scan) => scans.push(scan) }));
    act(() => {
      for (const key of '123456789A') keydown(key);
    });
    expect(scans).toEqual([]);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 80)));
    expect(scans.map((scan) => [scan.text, scan.terminated])).toEqual([['123456789A', false]]);
  });

  it('leaves slow typing and its Enter to the page', async () => {
    const scans: WedgeScan[] = [];
    const options: WedgeOptions = { maxInterKeyMs: 35, idleTimeoutMs: 150, minLength: 3, terminators: ['Enter'] };
    await renderInto(createElement(Probe, { options, onScan: (scan) => scans.push(scan) }));
    for (const key of 'abcd') {
      keydown(key);
      await new Promise((resolve) => setTimeout(resolve, 45));
    }
    expect(keydown('Enter')).toBe(true);
    expect(scans).toEqual([]);
  });
});
