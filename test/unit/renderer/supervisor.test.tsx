// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketcodeApi } from '@shared/api';
import type { Settings } from '@shared/contract';
import type { SupervisorStatus } from '@shared/supervisors-contract';
import { App } from '@renderer/App';
import { useAppStore } from '@renderer/store/app-store';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useSupervisorStore } from '@renderer/store/supervisor-store';
import {
  appError,
  appInfo,
  applicationSummary,
  button,
  cleanup,
  fakeApi,
  refuse,
  renderInto,
  type,
  unknownChannel,
} from './support/render';

const summary = (overrides: Parameters<typeof applicationSummary>[0] = {}) =>
  applicationSummary({ isv_application_id: 'MS-1', label: null, created_by: 'supervisor:Wang', ...overrides });

/**
 * A main that knows supervisors (PIN 246802 for everyone, or the short 2468 set before the 6-digit rule, which
 * unlocks with a change required), refuses batches.apply while locked, and pushes supervisor.changed.
 */
function fakeMain(options: { supervisors?: string[]; unlocked?: SupervisorStatus['unlocked']; settings?: Settings } = {}) {
  const state = { supervisors: options.supervisors ?? ['Wang'], unlocked: options.unlocked ?? null };
  const status = (): SupervisorStatus => ({
    setupNeeded: state.supervisors.length === 0,
    unlocked: state.unlocked,
    supervisors: state.supervisors.map((name) => ({ name, disabled: false })),
  });
  const unlockFor = (name: string, pinChangeRequired = false) => {
    state.unlocked = { name, until: new Date(Date.now() + 10 * 60_000).toISOString(), pinChangeRequired };
    main.push('supervisor.changed', status());
  };
  const main = fakeApi({
    handlers: {
      'app.info': () => appInfo,
      'settings.getAll': () => options.settings ?? { locale: 'en' },
      'supervisor.status': status,
      'supervisor.setup': ({ name }) => {
        state.supervisors.push(name);
        unlockFor(name);
        return status();
      },
      'supervisor.unlock': ({ name, pin }) => {
        if (pin === '2468') {
          unlockFor(name, true);
          return status();
        }
        if (pin !== '246802') {
          return refuse(
            appError('SUPERVISOR_WRONG_PIN', `Wrong PIN for "${name}".`, '“王工”的 PIN 码不正确。', { details: { attempts_left: 4 } }),
          );
        }
        unlockFor(name);
        return status();
      },
      'supervisor.changePin': ({ name, oldPin }) => {
        if (oldPin !== '2468') return refuse(appError('SUPERVISOR_WRONG_PIN', `Wrong PIN for "${name}".`, '“王工”的 PIN 码不正确。'));
        if (state.unlocked?.name === name) state.unlocked = { ...state.unlocked, pinChangeRequired: false };
        main.push('supervisor.changed', status());
        return status();
      },
      'supervisor.lock': () => {
        state.unlocked = null;
        main.push('supervisor.changed', status());
        return status();
      },
      'batches.list': () => [],
      'batches.get': () => ({ application: summary(), segments: [], print_runs: [] }),
      'batches.apply': ({ code_count }) => {
        if (!state.unlocked)
          return refuse(appError('SUPERVISOR_REQUIRED', 'Unlock as a supervisor to apply for codes.', '需要主管解锁才能申请码。'));
        return summary({ code_count });
      },
    },
    unhandled: unknownChannel,
  });
  return { ...main, state };
}

let container: HTMLDivElement;
beforeEach(() => {
  useAppStore.setState({ load: { status: 'loading' }, info: undefined, settings: undefined, screen: 'batches' });
  useSupervisorStore.setState({ status: undefined, statusAt: 0, prompt: null });
  useBatchesStore.setState({ list: { status: 'idle' }, applications: [], progress: {}, selected: undefined, detail: undefined });
});
afterEach(cleanup);

async function renderApp(api: MarketcodeApi) {
  window.api = api;
  container = await renderInto(<App />);
}

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

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
    expect(problems()).toEqual(['At least 6 digits.']);
    type(form.querySelector<HTMLInputElement>('input[name=pin]')!, '24680');
    expect(problems()).toEqual(['At least 6 digits.']);
    type(form.querySelector<HTMLInputElement>('input[name=pin]')!, '246802');
    type(form.querySelector<HTMLInputElement>('input[name=pinRepeat]')!, '246803');
    expect(problems()).toEqual(['The two PINs are not the same.']);
    expect(main.calls.some((call) => call.channel === 'supervisor.setup')).toBe(false);

    type(form.querySelector<HTMLInputElement>('input[name=pinRepeat]')!, '246802');
    await act(async () => button('Create supervisor').click());
    expect(main.calls.find((call) => call.channel === 'supervisor.setup')?.request).toEqual({ name: 'Wang', pin: '246802' });
    expect(container.querySelector('[data-testid="supervisor-setup"]')).toBeNull();
    expect(container.querySelector('[data-testid="screen-batches"]')).not.toBeNull();
    expect(chip()).toBe('Supervisor: Wang · 10 minLock');
  });
});

describe('the supervisor chip', () => {
  it('shows who is unlocked and the minutes left, in Chinese too, and locks', async () => {
    const main = fakeMain({
      supervisors: ['王工'],
      unlocked: { name: '王工', until: new Date(Date.now() + 8 * 60_000 - 2_000).toISOString(), pinChangeRequired: false },
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
    type(pin(), '246802');
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

  it('after an unlock with a PIN shorter than 6 digits, shows the change-PIN form at once and closes when it is changed', async () => {
    const main = fakeMain();
    await renderApp(main.api);
    await act(async () => button('Unlock').click());
    // The unlock dialog still takes the older 4-digit PIN.
    type(dialog()!.querySelector<HTMLInputElement>('input[name=pin]')!, '2468');
    await act(async () => button('Unlock', dialog()!).click());
    await settle();

    const forced = () => container.querySelector<HTMLElement>('[data-testid="pin-change-dialog"]');
    expect(dialog()).toBeNull();
    expect(forced()?.getAttribute('role')).toBe('dialog');
    expect(forced()!.textContent).toContain('The PIN of Wang is shorter than 6 digits.');
    const form = forced()!.querySelector('[data-testid="supervisor-change-pin"]')!;
    type(form.querySelector<HTMLInputElement>('input[name=oldPin]')!, '2468');
    type(form.querySelector<HTMLInputElement>('input[name=newPin]')!, '13579');
    type(form.querySelector<HTMLInputElement>('input[name=newPinRepeat]')!, '13579');
    await act(async () => button('Change PIN', forced()!).click());
    expect(form.querySelector('[role="alert"]')?.textContent).toBe('At least 6 digits.');
    expect(main.calls.some((call) => call.channel === 'supervisor.changePin')).toBe(false);

    type(form.querySelector<HTMLInputElement>('input[name=newPin]')!, '135790');
    type(form.querySelector<HTMLInputElement>('input[name=newPinRepeat]')!, '135790');
    await act(async () => button('Change PIN', forced()!).click());
    await settle();
    expect(main.calls.find((call) => call.channel === 'supervisor.changePin')?.request).toEqual({
      name: 'Wang',
      oldPin: '2468',
      newPin: '135790',
    });
    expect(forced()).toBeNull();
    expect(chip()).toBe('Supervisor: Wang · 10 minLock');
  });

  it('the forced change-PIN form offers locking instead', async () => {
    const main = fakeMain({ unlocked: { name: 'Wang', until: new Date(Date.now() + 60_000).toISOString(), pinChangeRequired: true } });
    await renderApp(main.api);
    const forced = container.querySelector<HTMLElement>('[data-testid="pin-change-dialog"]')!;
    await act(async () => button('Lock instead', forced).click());
    await settle();
    expect(container.querySelector('[data-testid="pin-change-dialog"]')).toBeNull();
    expect(chip()).toBe('OperatorUnlock');
  });
});
