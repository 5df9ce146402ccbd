// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MarketcodeApi } from '@shared/api';
import type { ApplicationSummary } from '@shared/batches-contract';
import type { Settings } from '@shared/contract';
import type { AppErrorPayload, Locale } from '@shared/errors';
import type { LogAuditEntry, LogScan } from '@shared/log-contract';
import { LogScreen } from '@renderer/screens/log/LogScreen';
import { reportPeriod, resolveRange } from '@renderer/screens/log/time-range';
import { useAppStore } from '@renderer/store/app-store';
import { DEFAULT_FILTERS, useLogStore } from '@renderer/store/log-store';
import { appInfo, throughContract } from './support/render';

// The support module also turns on React's act() environment.
const info = appInfo;

function scan(id: number, overrides: Partial<LogScan> = {}): LogScan {
  return {
    id,
    scanned_at: new Date(Date.UTC(2025, 2, 1, 8, 0, id)).toISOString(),
    station: 'LINE-PC-1',
    session_id: 3,
    line: 'L1',
    product_code: '6901234567892',
    product_title: '橙味汽水 330ml ×24',
    source: 'wedge',
    input: `]Q1P.URL.CN/0U.JYJXP3HJI2C98A9${id % 10}`,
    normalized: `P.URL.CN/0U.JYJXP3HJI2C98A9${id % 10}`,
    kind: 'code_url',
    application_id: 581865877,
    code_index: 1000 + id,
    local_verdict: 'PASS',
    verdict: 'PASS',
    remote: 'confirmed',
    reason: null,
    acknowledged_by: null,
    acknowledged_at: null,
    confirmed_at: null,
    ...overrides,
  };
}

const NOT_ACTIVATED: AppErrorPayload = {
  code: 'SCAN_NOT_ACTIVATED',
  message: 'This code is not activated.',
  localized: { 'zh-CN': { message: '此码尚未激活。' }, en: { message: 'This code is not activated.' } },
};

const entry = (seq: number, action: string): LogAuditEntry => ({
  seq,
  at: new Date(Date.UTC(2025, 2, 1, 7, 0, seq)).toISOString(),
  actor: 'system',
  action,
  subject: 'application:581865877',
  details: { activation_id: seq },
});

const application = (id: number, label: string | null): ApplicationSummary => ({
  isv_application_id: `isv-${id}`,
  application_id: id,
  code_count: 10_000,
  label,
  state: 'imported',
  remote_status: 'FINISH',
  segments_total: 1,
  segments_imported: 1,
  segments_indexed: 1,
  segments_failed: 0,
  codes_imported: 10_000,
  last_error: null,
  next_attempt_at: null,
  created_by: 'supervisor:王工',
  created_at: '2025-03-01T00:00:00.000Z',
  updated_at: '2025-03-01T00:00:00.000Z',
});

/** A window.api answering the Log's channels: three scans, paged two at a time. */
function fakeApi() {
  const calls: { channel: string; request: Record<string, unknown> }[] = [];
  const all = [
    scan(3, { verdict: 'NOT_ACTIVATED', local_verdict: 'NOT_ACTIVATED', reason: NOT_ACTIVATED, remote: 'offline' }),
    scan(2),
    scan(1, { verdict: 'REMOTE_MISMATCH', local_verdict: 'PASS', remote: 'mismatch', acknowledged_by: 'operator', session_id: null }),
  ];
  const api: MarketcodeApi = {
    invoke: throughContract((async (channel: string, request: Record<string, unknown>) => {
      calls.push({ channel, request });
      switch (channel) {
        case 'log.scans': {
          const verdicts = request.verdicts as string[] | undefined;
          const matching = all.filter((item) => !verdicts || verdicts.includes(item.verdict));
          const start = request.before_id === undefined ? 0 : matching.findIndex((item) => item.id === request.before_id) + 1;
          const page = matching.slice(start, start + 2);
          return { ok: true, data: { scans: page, next_before_id: start + 2 < matching.length ? page[1]!.id : null } };
        }
        case 'log.audit':
          return { ok: true, data: { entries: [entry(9, 'activation.sent'), entry(8, 'activation.recorded')], next_before_seq: null } };
        case 'log.shiftReport':
          return { ok: true, data: { filename: 'shift-report-20250301-0000-20250301-0800.csv', csv: '\uFEFFShift report\r\n', scans: 3 } };
        case 'log.auditHead':
          return { ok: true, data: { entries: 1234, seq: 1234, hash: `3f9a${'0'.repeat(58)}c2` } };
        case 'batches.list':
          return { ok: true, data: [application(581865877, 'March cartons'), application(700000001, null)] };
        default:
          throw new Error(`unexpected channel ${channel}`);
      }
    }) as MarketcodeApi['invoke']),
    on: (() => () => undefined) as MarketcodeApi['on'],
  };
  return { api, calls, of: (channel: string) => calls.filter((call) => call.channel === channel).map((call) => call.request) };
}

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  useLogStore.setState({
    tab: 'scans',
    filters: DEFAULT_FILTERS,
    scans: { state: { status: 'idle' }, items: [], next: null, loadingMore: false, moreError: undefined, range: {} },
    audit: { state: { status: 'idle' }, items: [], next: null, loadingMore: false, moreError: undefined, range: {} },
    applications: [],
  });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

async function renderScreen(api: MarketcodeApi, locale: Locale = 'en') {
  window.api = api;
  const settings: Settings = { locale };
  useAppStore.setState({ load: { status: 'ready' }, info, settings, screen: 'log' });
  await act(async () => root.render(<LogScreen />));
}

function button(name: string, scope: ParentNode = container): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((element) => element.textContent === name);
  if (!found) throw new Error(`no button "${name}" in: ${container.textContent}`);
  return found;
}

async function click(element: HTMLElement) {
  await act(async () => element.click());
}

async function type(element: HTMLInputElement | HTMLSelectElement, value: string) {
  const prototype = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')!.set!;
  await act(async () => {
    setter.call(element, value);
    element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

const rows = () => [...container.querySelectorAll<HTMLTableRowElement>('tr[data-scan]')];
const chip = (name: string) => container.querySelector<HTMLButtonElement>(`[data-verdict-chip="${name}"]`)!;

describe('Log screen: the audit chain head', () => {
  it('says in plain words how many entries the audit log holds and its last hash, in both languages', async () => {
    const { api, of } = fakeApi();
    await renderScreen(api);
    expect(container.querySelector('[data-testid="log-audit-head"]')?.textContent).toBe('Audit log: 1,234 entries, last 3f9a…c2');
    expect(of('log.auditHead')).toEqual([{}]);
  });

  it('says it in Chinese too', async () => {
    const { api } = fakeApi();
    await renderScreen(api, 'zh-CN');
    expect(container.querySelector('[data-testid="log-audit-head"]')?.textContent).toBe('审计日志：共 1,234 条记录，最新 3f9a…c2');
  });
});

describe('Log screen: scans', () => {
  it('opens on this shift, shows verdict chips coloured like Verify, and loads more with the cursor', async () => {
    const { api, of } = fakeApi();
    const before = Date.now();
    await renderScreen(api);

    const [first] = of('log.scans');
    expect(Object.keys(first!).sort()).toEqual(['from']);
    const from = Date.parse(first!.from as string);
    expect(from).toBeGreaterThanOrEqual(before - 8 * 3_600_000 - 1000);
    expect(from).toBeLessThanOrEqual(Date.now() - 8 * 3_600_000);

    expect(rows().map((row) => row.dataset.verdict)).toEqual(['NOT_ACTIVATED', 'PASS']);
    const failed = rows()[0]!;
    expect(failed.querySelector('.log-verdict')?.className).toContain('log-verdict--fail');
    expect(failed.querySelector('.log-verdict')?.textContent).toBe('Not activated');
    expect(failed.textContent).toContain('This code is not activated.');
    expect(failed.textContent).toContain('Offline verdict, not yet confirmed');
    expect(failed.textContent).toContain('Session #3 · line L1');
    expect(rows()[1]!.querySelector('.log-verdict')?.className).toContain('log-verdict--pass');
    expect(container.querySelector('[data-testid="log-more"]')?.textContent).toContain('2 shown');

    await click(button('Load more'));
    expect(of('log.scans').at(-1)).toEqual({ from: first!.from, before_id: 2 });
    expect(rows().map((row) => row.dataset.scan)).toEqual(['3', '2', '1']);
    const last = rows()[2]!;
    expect(last.textContent).toContain('WeChat disagrees');
    expect(last.textContent).toContain('Local verdict: Pass');
    expect(last.textContent).toContain('Scanned as ]Q1P.URL.CN');
    expect(last.textContent).toContain('No session');
    expect(last.textContent).toContain('operator');
    expect(container.querySelector('[data-testid="log-more"]')?.textContent).toContain('That is everything for these filters.');
  });

  it('sends the chosen verdicts, "all failures", station, application and time quick picks', async () => {
    const { api, of } = fakeApi();
    await renderScreen(api);
    const options = [...container.querySelectorAll<HTMLOptionElement>('select[name=application] option')].map(
      (option) => option.textContent,
    );
    expect(options).toEqual(['All applications', '581865877 (March cartons)', '700000001']);

    await click(chip('REMOTE_MISMATCH'));
    await click(chip('NOT_ACTIVATED'));
    // Verdicts go in the contract's order, whatever order they were picked in.
    expect(of('log.scans').at(-1)?.verdicts).toEqual(['NOT_ACTIVATED', 'REMOTE_MISMATCH']);
    expect(chip('NOT_ACTIVATED').getAttribute('aria-pressed')).toBe('true');
    expect(chip('all').getAttribute('aria-pressed')).toBe('false');
    expect(rows().map((row) => row.dataset.scan)).toEqual(['3', '1']);

    await click(chip('NOT_ACTIVATED'));
    expect(of('log.scans').at(-1)?.verdicts).toEqual(['REMOTE_MISMATCH']);
    await click(chip('failures'));
    expect(of('log.scans').at(-1)?.verdicts).toEqual([
      'NOT_ACTIVATED',
      'WRONG_PRODUCT',
      'DUPLICATE',
      'UNKNOWN_CODE',
      'INVALID',
      'REMOTE_MISMATCH',
    ]);
    expect(chip('failures').getAttribute('aria-pressed')).toBe('true');
    await click(chip('all'));
    expect(of('log.scans').at(-1)?.verdicts).toBeUndefined();

    await type(container.querySelector<HTMLInputElement>('input[name=station]')!, 'LINE-PC-2 ');
    expect(of('log.scans').at(-1)?.station).toBe('LINE-PC-2');
    await type(container.querySelector<HTMLSelectElement>('select[name=application]')!, '581865877');
    expect(of('log.scans').at(-1)).toMatchObject({ station: 'LINE-PC-2', application_id: 581865877 });

    await click(button('Yesterday'));
    const yesterday = of('log.scans').at(-1)!;
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    expect(yesterday.to).toBe(midnight.toISOString());
    expect(yesterday.from).toBe(new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() - 1).toISOString());
    await click(button('Today'));
    expect(of('log.scans').at(-1)?.from).toBe(midnight.toISOString());

    await click(button('Custom'));
    const fromInput = container.querySelector<HTMLInputElement>('input[name=from]')!;
    await type(fromInput, '2025-03-01T08:00');
    await type(container.querySelector<HTMLInputElement>('input[name=to]')!, '2025-03-01T16:00');
    expect(of('log.scans').at(-1)).toMatchObject({
      from: new Date(2025, 2, 1, 8, 0).toISOString(),
      to: new Date(2025, 2, 1, 16, 0).toISOString(),
    });
  });

  it('downloads the shift report through a Blob link, for the chosen time, station and language', async () => {
    const { api, of } = fakeApi();
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:report';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    await renderScreen(api, 'zh-CN');
    await type(container.querySelector<HTMLInputElement>('input[name=station]')!, 'LINE-PC-1');
    await click(container.querySelector<HTMLButtonElement>('[data-testid="log-report"]')!);

    const [request] = of('log.shiftReport');
    expect(request).toMatchObject({ locale: 'zh-CN', station: 'LINE-PC-1', time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    expect(Date.parse(request!.to as string) - Date.parse(request!.from as string)).toBeCloseTo(8 * 3_600_000, -4);
    expect(clicked).toEqual([{ download: 'shift-report-20250301-0000-20250301-0800.csv', href: 'blob:report' }]);
    expect(new Uint8Array(await blobs[0]!.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(container.querySelector('[data-testid="log-status"]')?.textContent).toBe(
      '已保存 shift-report-20250301-0000-20250301-0800.csv：3 条扫描记录。',
    );

    // A custom range without a start cannot be reported.
    await click(button('自定义'));
    expect(container.querySelector<HTMLButtonElement>('[data-testid="log-report"]')!.disabled).toBe(true);
    expect(container.textContent).toContain('请选择开始时间');
  });
});

describe('Log screen: audit', () => {
  it('switches tabs and sends actor, action prefix and application', async () => {
    const { api, of } = fakeApi();
    await renderScreen(api);
    const auditTab = [...container.querySelectorAll<HTMLButtonElement>('[role=tab]')].find((tab) => tab.textContent === 'Audit log')!;
    await click(auditTab);
    expect(auditTab.getAttribute('aria-selected')).toBe('true');
    expect(Object.keys(of('log.audit').at(-1)!)).toEqual(['from']);
    expect([...container.querySelectorAll('tr[data-seq]')].map((row) => row.getAttribute('data-action'))).toEqual([
      'activation.sent',
      'activation.recorded',
    ]);
    expect(container.querySelector('tr[data-seq="9"]')?.textContent).toContain('{"activation_id":9}');
    expect(container.querySelector('[data-verdict-chip]')).toBeNull();

    await type(container.querySelector<HTMLInputElement>('input[name=actor]')!, 'supervisor:王工');
    await type(container.querySelector<HTMLInputElement>('input[name=action]')!, 'Activation');
    await type(container.querySelector<HTMLSelectElement>('select[name=application]')!, '700000001');
    expect(of('log.audit').at(-1)).toMatchObject({ actor: 'supervisor:王工', action_prefix: 'activation', application_id: 700000001 });
    expect(of('log.scans')).toHaveLength(1);
  });
});

describe('time ranges', () => {
  const now = new Date(2025, 2, 10, 14, 30);
  const none = { from: '', to: '' };
  it('resolves quick picks in local time', () => {
    expect(resolveRange('shift', now, none)).toEqual({ from: new Date(2025, 2, 10, 6, 30).toISOString() });
    expect(resolveRange('today', now, none)).toEqual({
      from: new Date(2025, 2, 10).toISOString(),
      to: new Date(2025, 2, 11).toISOString(),
    });
    expect(resolveRange('yesterday', now, none)).toEqual({
      from: new Date(2025, 2, 9).toISOString(),
      to: new Date(2025, 2, 10).toISOString(),
    });
    expect(resolveRange('custom', now, { from: '2025-03-01T08:00', to: '' })).toEqual({ from: new Date(2025, 2, 1, 8).toISOString() });
    expect(resolveRange('custom', now, { from: 'nonsense', to: '' })).toEqual({});
  });
  it('closes an open end at now for the report, and refuses a period without a start or running backwards', () => {
    expect(reportPeriod({ from: new Date(2025, 2, 10, 6, 30).toISOString() }, now)).toEqual({
      from: new Date(2025, 2, 10, 6, 30).toISOString(),
      to: now.toISOString(),
    });
    expect(reportPeriod({ to: now.toISOString() }, now)).toBeUndefined();
    expect(reportPeriod({ from: now.toISOString(), to: now.toISOString() }, now)).toBeUndefined();
  });
});
