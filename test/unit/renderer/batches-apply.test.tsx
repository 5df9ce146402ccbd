// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketcodeApi } from '@shared/api';
import type { ApplicationSummary, ImportProgress } from '@shared/batches-contract';
import type { AppErrorPayload, Locale } from '@shared/errors';
import { BatchesScreen } from '@renderer/screens/batches/BatchesScreen';
import { useBatchesStore } from '@renderer/store/batches-store';
import { applicationSummary as summary, button, cleanup, fakeApi, refuse, renderInto, startReady, type, unmount } from './support/render';

/** A window.api that answers the Batches channels from scripted results and lets the test push events. */
function fakeMain(options: { applyError?: AppErrorPayload; list?: ApplicationSummary[] } = {}) {
  return fakeApi({
    handlers: {
      'batches.list': () => options.list ?? [],
      'batches.apply': ({ code_count, label }) =>
        options.applyError ? refuse(options.applyError) : summary({ code_count, label: label ?? null }),
      'batches.get': () => ({ application: summary(), segments: [], print_runs: [] }),
    },
  });
}

let container: HTMLDivElement;
beforeEach(() => useBatchesStore.setState(useBatchesStore.getInitialState()));
afterEach(cleanup);

async function renderScreen(api: MarketcodeApi, locale: Locale = 'en') {
  startReady(api, locale, 'batches');
  container = await renderInto(<BatchesScreen />);
}

const codeCountInput = () => container.querySelector<HTMLInputElement>('input[name=code_count]')!;
const problem = () => container.querySelector('[data-testid="batches-apply"] [role="alert"]')?.textContent;

async function submitWith(value: string) {
  type(codeCountInput(), value);
  await act(async () => button('Apply').click());
}

describe('Batches: apply form', () => {
  it('starts empty with a call to action, and checks the code count before sending', async () => {
    const { api, calls } = fakeMain();
    await renderScreen(api);
    expect(container.querySelector('[data-testid="batches-empty"]')?.textContent).toContain('No code batches yet');
    await act(async () => button('Apply for your first batch').click());

    await act(async () => button('Apply').click());
    expect(problem()).toBe('Enter how many codes you need.');
    await submitWith('5000');
    expect(problem()).toBe('Must be at least 10,000.');
    await submitWith('30000000');
    expect(problem()).toBe('Must be at most 20,000,000.');
    await submitWith('12345');
    expect(problem()).toBe('Must be a multiple of 10,000, e.g. 10,000 or 20,000.');
    await submitWith('10000.5');
    expect(problem()).toBe('Enter a whole number of codes.');
    expect(codeCountInput().getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((call) => call.channel === 'batches.apply')).toEqual([]);
  });

  it('speaks Chinese with thousands separators', async () => {
    await renderScreen(fakeMain().api, 'zh-CN');
    await act(async () => button('申请第一批码').click());
    type(codeCountInput(), '1234567');
    await act(async () => button('提交申请').click());
    expect(problem()).toBe('必须是 10,000 的整数倍，例如 1,230,000 或 1,240,000。');
  });

  it('quick picks fill the count; a valid request is sent and the new application opens', async () => {
    const { api, calls } = fakeMain();
    await renderScreen(api);
    await act(async () => button('Apply for your first batch').click());
    await act(async () => button('100,000').click());
    expect(codeCountInput().value).toBe('100000');
    expect(container.textContent).toContain('Applies for 100,000 codes.');
    type(codeCountInput(), '20000');
    type(container.querySelector<HTMLInputElement>('input[name=label]')!, '  Line 3  ');
    await act(async () => button('Apply').click());

    expect(calls.find((call) => call.channel === 'batches.apply')?.request).toEqual({ code_count: 20_000, label: 'Line 3' });
    expect(container.querySelector('[data-testid="batches-apply"]')).toBeNull();
    const row = container.querySelector('[data-testid="batches-row"]')!;
    expect(row.textContent).toContain('Line 3');
    expect(row.textContent).toContain('20,000 codes');
    expect(row.textContent).toContain('Sending the application to WeChat…');
    expect(calls.some((call) => call.channel === 'batches.get')).toBe(true);
    expect(container.querySelector('[data-testid="batches-detail"]')).not.toBeNull();
  });

  it('shows main’s refusal through ErrorMessage and keeps the form open', async () => {
    const applyError: AppErrorPayload = {
      code: 'WECHAT_45009',
      message: 'quota',
      localized: { 'zh-CN': { message: '调用次数超限' }, en: { message: 'The daily quota is used up.', hint: 'Try again tomorrow.' } },
    };
    await renderScreen(fakeMain({ applyError }).api);
    await act(async () => button('Apply for your first batch').click());
    await submitWith('10000');
    const error = container.querySelector('[data-testid="batches-apply-error"] [data-error-code="WECHAT_45009"]');
    expect(error?.textContent).toBe('The daily quota is used up.Try again tomorrow.');
    expect(container.querySelector('[data-testid="batches-apply"]')).not.toBeNull();
  });
});

describe('Batches: live list', () => {
  it('follows batches.changed and batches.progress: progress bar, segments, speed and time left', async () => {
    const fake = fakeMain({ list: [summary({ application_id: 77, state: 'waiting', remote_status: 'GENERATING' })] });
    await renderScreen(fake.api);
    const row = () => container.querySelector('[data-testid="batches-row"]')!;
    expect(row().textContent).toContain('WeChat is generating the codes (GENERATING).');

    fake.emit(
      'batches.changed',
      summary({ application_id: 77, state: 'downloading', segments_total: 2, updated_at: '2025-01-01T08:00:05.000Z' }),
    );
    const progress: ImportProgress = {
      isv_application_id: 'mc-20250101-0001',
      application_id: 77,
      phase: 'importing',
      codes_imported: 10_000,
      code_count: 20_000,
      segments_imported: 0,
      segments_total: 2,
      codes_per_second: 125_000,
      seconds_left: 75,
      indexed_percent: 0,
    };
    fake.emit('batches.progress', progress);
    const bar = row().querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('10000');
    expect(bar.getAttribute('aria-valuemax')).toBe('20000');
    expect(row().querySelector('[data-testid="batches-row-segments"]')?.textContent).toBe('Segments 0 / 2');
    expect(row().querySelector('[data-testid="batches-speed"]')?.textContent).toBe('125,000 codes/s · about 1 min 15 s left');

    fake.emit(
      'batches.changed',
      summary({
        application_id: 77,
        state: 'imported',
        segments_total: 2,
        segments_imported: 2,
        segments_indexed: 2,
        codes_imported: 20_000,
        updated_at: '2025-01-01T08:00:06.000Z',
      }),
    );
    expect(row().querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('20000');
    expect(row().textContent).toContain('All codes are imported and ready to export.');
    expect(row().querySelector('[data-testid="batches-speed"]')).toBeNull();
  });

  it('says when an application waits for the network, and unsubscribes on unmount', async () => {
    const lastError: AppErrorPayload = {
      code: 'NETWORK_UNREACHABLE',
      message: 'offline',
      localized: { 'zh-CN': { message: '无法连接微信服务器' }, en: { message: 'Cannot reach the WeChat server' } },
    };
    const fake = fakeMain({ list: [summary({ last_error: lastError, next_attempt_at: '2025-01-01T08:01:00.000Z' })] });
    await renderScreen(fake.api, 'zh-CN');
    expect(container.querySelector('[data-testid="batches-waiting-network"]')?.textContent).toMatch(
      /^等待网络：无法连接微信服务器 将于 .+ 再次尝试。$/,
    );
    expect(fake.listenerCount('batches.changed')).toBe(1);
    unmount();
    expect(fake.listenerCount('batches.changed')).toBe(0);
    expect(fake.listenerCount('batches.progress')).toBe(0);
  });

  it('says "paused", not "waiting for the network", when the pause came from this PC (the import thread, the disk)', async () => {
    const lastError: AppErrorPayload = {
      code: 'IMPORT_STEP_FAILED',
      message: 'disk full',
      localized: {
        'zh-CN': { message: '导入未能完成：database or disk is full。' },
        en: { message: 'The import could not go on: database or disk is full.' },
      },
    };
    const fake = fakeMain({
      list: [summary({ state: 'downloading', last_error: lastError, next_attempt_at: '2025-01-01T08:01:00.000Z' })],
    });
    await renderScreen(fake.api, 'en');
    expect(container.querySelector('[data-testid="batches-waiting-network"]')?.textContent).toMatch(
      /^Paused: The import could not go on: database or disk is full\. Next try at .+\.$/,
    );
  });
});
