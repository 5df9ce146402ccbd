// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketcodeApi } from '../../../src/shared/api';
import type { ApplicationSummary } from '../../../src/shared/batches-contract';
import type { AppInfo, Settings } from '../../../src/shared/contract';
import type { AppErrorPayload } from '../../../src/shared/errors';
import type { SupervisorStatus } from '../../../src/shared/supervisors-contract';
import { App } from '../../../src/renderer/src/App';
import { useAppStore } from '../../../src/renderer/src/store/app-store';
import { useBatchesStore } from '../../../src/renderer/src/store/batches-store';
import { useSupervisorStore } from '../../../src/renderer/src/store/supervisor-store';

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

function failure(code: string, en: string, zh = en, details?: Record<string, string | number>): { ok: false; error: AppErrorPayload } {
  return {
    ok: false,
    error: { code, message: en, localized: { 'zh-CN': { message: zh }, en: { message: en } }, ...(details ? { details } : {}) },
  };
}

function summary(overrides: Partial<ApplicationSummary> = {}): ApplicationSummary {
  return {
    isv_application_id: 'MS-1',
    application_id: null,
    code_count: 20_000,
    label: null,
    state: 'applying',
    remote_status: null,
    segments_total: 0,
    segments_imported: 0,
    segments_failed: 0,
    codes_imported: 0,
    last_error: null,
    next_attempt_at: null,
    created_by: 'supervisor:Wang',
    created_at: '2025-01-01T08:00:00.000Z',
    updated_at: '2025-01-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A main that knows supervisors (PIN 2468 for everyone), refuses batches.apply while locked, and pushes supervisor.changed. */
function fakeMain(options: { supervisors?: string[]; unlocked?: { name: string; until: string } | null; settings?: Settings } = {}) {
  const calls: { channel: string; request: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const state = { supervisors: options.supervisors ?? ['Wang'], unlocked: options.unlocked ?? null };
  const status = (): SupervisorStatus => ({
    setupNeeded: state.supervisors.length === 0,
    unlocked: state.unlocked,
    supervisors: state.supervisors.map((name) => ({ name, disabled: false })),
  });
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  const unlockFor = (name: string) => {
    state.unlocked = { name, until: new Date(Date.now() + 10 * 60_000).toISOString() };
    emit('supervisor.changed', status());
  };
  const api: MarketcodeApi = {
    invoke: (async (channel: string, request: Record<string, unknown>) => {
      calls.push({ channel, request });
      switch (channel) {
        case 'app.info':
          return { ok: true, data: info };
        case 'settings.getAll':
          return { ok: true, data: options.settings ?? { locale: 'en' } };
        case 'supervisor.status':
          return { ok: true, data: status() };
        case 'supervisor.setup':
          state.supervisors.push(String(request.name));
          unlockFor(String(request.name));
          return { ok: true, data: status() };
        case 'supervisor.unlock':
          if (request.pin !== '2468') {
            return failure('SUPERVISOR_WRONG_PIN', `Wrong PIN for "${String(request.name)}".`, '“王工”的 PIN 码不正确。', {
              attempts_left: 4,
            });
          }
          unlockFor(String(request.name));
          return { ok: true, data: status() };
        case 'supervisor.lock':
          state.unlocked = null;
          emit('supervisor.changed', status());
          return { ok: true, data: status() };
        case 'batches.list':
          return { ok: true, data: [] };
        case 'batches.get':
          return { ok: true, data: { application: summary(), segments: [], print_runs: [] } };
        case 'batches.apply':
          if (!state.unlocked)
            return failure('SUPERVISOR_REQUIRED', 'Unlock as a supervisor to apply for codes.', '需要主管解锁才能申请码。');
          return { ok: true, data: summary({ code_count: Number(request.code_count) }) };
        default:
          return failure('UNKNOWN_CHANNEL', channel);
      }
    }) as MarketcodeApi['invoke'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as MarketcodeApi['on'],
  };
  return { api, calls, state };
}

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  useAppStore.setState({ load: { status: 'loading' }, info: undefined, settings: undefined, screen: 'batches' });
  useSupervisorStore.setState({ status: undefined, statusAt: 0, prompt: null });
  useBatchesStore.setState({ list: { status: 'idle' }, applications: [], progress: {}, selected: undefined, detail: undefined });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function renderApp(api: MarketcodeApi) {
  window.api = api;
  await act(async () => root.render(<App />));
}

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

function button(name: string, within: ParentNode = container): HTMLButtonElement {
  const found = [...within.querySelectorAll('button')].find(
    (element) => element.textContent === name || element.getAttribute('aria-label') === name,
  );
  if (!found) throw new Error(`no button "${name}" in: ${within.textContent}`);
  return found;
}

function type(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const dialog = () => container.querySelector<HTMLElement>('[data-testid="unlock-dialog"]');
const chip = () => container.querySelector('[data-testid="supervisor-chip"]')?.textContent;

describe('first-run setup', () => {
  it('replaces every screen but Settings until the first supervisor is set up, with translated checks', async () => {
    const main = fakeMain({ supervisors: [] });
    await renderApp(main.api);
    expect(container.querySelector('[data-testid="supervisor-setup"]')).not.toBeNull();
    expect(container.querySelector('[data-testid="screen-batches"]')).toBeNull();
    expect(chip()).toBeUndefined();

    await act(async () => useAppStore.getState().navigate('settings'));
    expect(container.querySelector('[data-testid="screen-settings"]')).not.toBeNull();
    await act(async () => useAppStore.getState().navigate('batches'));

    const form = container.querySelector('[data-testid="supervisor-setup"]')!;
    const problems = () => [...form.querySelectorAll('[role="alert"]')].map((element) => element.textContent);
    await act(async () => button('Create supervisor').click());
    expect(problems()).toEqual(['Enter a name.', 'Enter a PIN.']);
    type(form.querySelector<HTMLInputElement>('input[name=name]')!, 'Wang');
    type(form.querySelector<HTMLInputElement>('input[name=pin]')!, '24a6');
    expect(form.querySelector<HTMLInputElement>('input[name=pin]')!.value).toBe('246');
    expect(problems()).toEqual(['At least 4 digits.']);
    type(form.querySelector<HTMLInputElement>('input[name=pin]')!, '2468');
    type(form.querySelector<HTMLInputElement>('input[name=pinRepeat]')!, '2469');
    expect(problems()).toEqual(['The two PINs are not the same.']);
    expect(main.calls.some((call) => call.channel === 'supervisor.setup')).toBe(false);

    type(form.querySelector<HTMLInputElement>('input[name=pinRepeat]')!, '2468');
    await act(async () => button('Create supervisor').click());
    expect(main.calls.find((call) => call.channel === 'supervisor.setup')?.request).toEqual({ name: 'Wang', pin: '2468' });
    expect(container.querySelector('[data-testid="supervisor-setup"]')).toBeNull();
    expect(container.querySelector('[data-testid="screen-batches"]')).not.toBeNull();
    expect(chip()).toBe('Supervisor: Wang · 10 minLock');
  });
});

describe('the supervisor chip', () => {
  it('shows who is unlocked and the minutes left, in Chinese too, and locks', async () => {
    const main = fakeMain({
      supervisors: ['王工'],
      unlocked: { name: '王工', until: new Date(Date.now() + 8 * 60_000 - 2_000).toISOString() },
      settings: { locale: 'zh-CN' },
    });
    await renderApp(main.api);
    expect(chip()).toBe('主管：王工 · 8 分钟锁定');
    await act(async () => button('锁定').click());
    expect(chip()).toBe('操作员解锁');
    await act(async () => button('解锁').click());
    expect(dialog()?.getAttribute('role')).toBe('dialog');
    expect(container.querySelector('[data-testid="unlock-reason"]')).toBeNull();
  });
});

describe('the unlock dialog', () => {
  it('opens by itself when an action is refused, shows a wrong PIN, and carries the action out after unlocking', async () => {
    const main = fakeMain();
    await renderApp(main.api);
    expect(chip()).toBe('OperatorUnlock');

    await act(async () => button('Apply for your first batch').click());
    type(container.querySelector<HTMLInputElement>('input[name=code_count]')!, '20000');
    await act(async () => button('Apply').click());
    await settle();

    expect(dialog()).not.toBeNull();
    expect(container.querySelector('[data-testid="unlock-reason"]')?.textContent).toContain('Unlock as a supervisor to apply for codes.');
    expect(button('Wang', dialog()!).getAttribute('aria-checked')).toBe('true');
    const pin = () => dialog()!.querySelector<HTMLInputElement>('input[name=pin]')!;
    expect(document.activeElement).toBe(pin());

    // The on-screen pad: 1 1 1 ⌫ 1 1.
    for (const key of ['1', '1', '1', 'Delete the last digit', '1', '1']) await act(async () => button(key, dialog()!).click());
    expect(pin().value).toBe('1111');
    await act(async () => button('Unlock', dialog()!).click());
    await settle();
    expect(dialog()!.querySelector('[data-error-code="SUPERVISOR_WRONG_PIN"]')?.textContent).toBe('Wrong PIN for "Wang".');
    expect(pin().value).toBe('');

    // The keyboard works too.
    type(pin(), '2468');
    await act(async () => button('Unlock', dialog()!).click());
    await settle();
    await settle();

    expect(dialog()).toBeNull();
    expect(main.calls.filter((call) => call.channel === 'batches.apply')).toHaveLength(2);
    expect(container.querySelector('[data-testid="batches-apply"]')).toBeNull();
    expect(container.querySelector('[data-testid="batches-row"]')?.textContent).toContain('20,000 codes');
    expect(chip()).toBe('Supervisor: Wang · 10 minLock');
  });

  it('checks the PIN length before asking main, and Escape gives up: the refusal is shown where the action was', async () => {
    const main = fakeMain();
    await renderApp(main.api);
    await act(async () => button('Apply for your first batch').click());
    type(container.querySelector<HTMLInputElement>('input[name=code_count]')!, '10000');
    await act(async () => button('Apply').click());
    await settle();

    await act(async () => button('2', dialog()!).click());
    await act(async () => button('Unlock', dialog()!).click());
    expect(dialog()!.querySelector('[role="alert"]')?.textContent).toBe('At least 4 digits.');
    expect(main.calls.some((call) => call.channel === 'supervisor.unlock')).toBe(false);

    const pin = dialog()!.querySelector<HTMLInputElement>('input[name=pin]')!;
    await act(async () => pin.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await settle();
    expect(dialog()).toBeNull();
    expect(container.querySelector('[data-testid="batches-apply-error"] [data-error-code="SUPERVISOR_REQUIRED"]')?.textContent).toBe(
      'Unlock as a supervisor to apply for codes.',
    );
    expect(main.calls.filter((call) => call.channel === 'batches.apply')).toHaveLength(1);
  });
});
