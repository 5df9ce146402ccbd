// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '@shared/contract';
import type { AppErrorPayload, Locale } from '@shared/errors';
import { VERDICTS, type ScanResult, type ScanSession, type Verdict } from '@shared/verification-contract';
import { VerifyScreen } from '@renderer/screens/verify/VerifyScreen';
import { useActivationStore } from '@renderer/store/activation-store';
import { useAppStore } from '@renderer/store/app-store';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useVerifyStore } from '@renderer/store/verify-store';
import { appError, button, cleanup, fakeApi, productFixture, refuse, renderInto, startReady, type, type Handlers } from './support/render';

function payload(code: string, en: string, zh: string, hint?: { en: string; zh: string }): AppErrorPayload {
  return {
    code,
    message: en,
    localized: { 'zh-CN': { message: zh, ...(hint ? { hint: hint.zh } : {}) }, en: { message: en, ...(hint ? { hint: hint.en } : {}) } },
  };
}

const WRONG_PRODUCT_REASON = payload(
  'VERIFY_WRONG_PRODUCT',
  'This code is activated for “Milk 250ml ×12”, but this line packs “Orange soda 330ml ×24”.',
  '这个码激活的是“纯牛奶”，本线包装的是“橙味汽水”。',
  { en: 'Take the carton off the line and give it to the team lead.', zh: '请把纸箱拿下线，交给班组长。' },
);
const ACK_REQUIRED = appError(
  'VERIFY_ACK_REQUIRED',
  'Acknowledge the last failure before scanning on.',
  '请先确认上一个不合格，再继续扫码。',
);

function counts(values: Partial<Record<Verdict, number>> = {}): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((verdict) => [verdict, values[verdict] ?? 0])) as Record<Verdict, number>;
}

function session(overrides: Partial<ScanSession> = {}): ScanSession {
  return {
    id: 7,
    station: 'line-pc-3',
    line: 'Line 3',
    product_code: '6901234567892',
    product_title: 'Orange soda 330ml ×24',
    activation_id: null,
    started_by: 'supervisor:Wang',
    started_at: '2025-01-02T08:00:00.000Z',
    ended_by: null,
    ended_at: null,
    counts: counts(),
    total: 0,
    unacknowledged: 0,
    unconfirmed: 0,
    ...overrides,
  };
}

function scanResult(id: number, input: string, verdict: Verdict = 'PASS', overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    id,
    session_id: 7,
    source: 'wedge',
    input,
    normalized: input.toUpperCase(),
    kind: 'code',
    application_id: 502,
    code_index: id,
    activation_id: 3,
    local_verdict: verdict,
    verdict,
    remote: verdict === 'PASS' ? 'pending' : 'skipped',
    reason: verdict === 'PASS' ? null : WRONG_PRODUCT_REASON,
    needs_ack: verdict !== 'PASS',
    acknowledged_by: null,
    scanned_at: '2025-01-02T08:05:00.000Z',
    ...overrides,
  };
}

interface FakeOptions {
  session?: ScanSession | null;
  recent?: ScanResult[];
  /** verify.scan's verdict per input (PASS otherwise). */
  verdicts?: Record<string, Verdict>;
  scanError?: AppErrorPayload;
  /** WeChat's confirmation comes (as an event) before the answer to verify.scan. */
  confirmAtOnce?: boolean;
}

/** A main with the verification channels: records calls, answers like the engine, pushes its events. */
function fakeMain(options: FakeOptions = {}) {
  let current: ScanSession | null = options.session ?? null;
  let nextId = 100;
  const handlers: Handlers = {
    'verify.currentSession': () => current,
    'verify.recentScans': () => options.recent ?? [],
    'products.list': () => [
      productFixture({ product_brand: 'Demo Drinks', product_title: 'Orange soda 330ml ×24' }),
      productFixture({ product_code: '6909876543212', product_brand: 'Demo Dairy', product_title: 'Milk 250ml ×12' }),
    ],
    'batches.list': () => [],
    'verify.startSession': (request) => {
      current = session({ line: request.line, product_code: request.product_code, activation_id: request.activation_id ?? null });
      return current;
    },
    'verify.endSession': () => {
      current = null;
      return session({
        ended_at: '2025-01-02T09:00:00.000Z',
        ended_by: 'supervisor:Wang',
        counts: counts({ PASS: 2, WRONG_PRODUCT: 1 }),
        total: 3,
      });
    },
    'verify.scan': (request) => {
      if (options.scanError) return refuse(options.scanError);
      const result = scanResult(nextId++, request.input, options.verdicts?.[request.input] ?? 'PASS');
      main.push('verify.scanned', result);
      if (options.confirmAtOnce) main.push('verify.scanUpdated', { ...result, remote: 'confirmed' });
      return result;
    },
    'verify.acknowledge': (request) => scanResult(request.scan_id, 'X', 'WRONG_PRODUCT', { acknowledged_by: 'worker' }),
  };
  const main = fakeApi({ handlers });
  /** Events whose handling plays a sound (a promise): delivered inside an async `act`. */
  const emit = <E extends Parameters<typeof main.push>[0]>(event: E, data: Parameters<typeof main.push<E>>[1]) =>
    act(async () => {
      main.push(event, data);
    });
  /** What main's session (and so its counts) says from now on. */
  const setSession = (next: ScanSession | null) => {
    current = next;
  };
  return { ...main, emit, setSession };
}

let play: ReturnType<typeof vi.fn>;
beforeEach(() => {
  useVerifyStore.setState({ load: { status: 'loading' }, session: null, scans: [], refusal: undefined, summary: undefined });
  useActivationStore.setState({ byId: {}, loads: {}, products: [], productsLoad: { status: 'loading' } });
  useBatchesStore.setState({ list: { status: 'idle' }, applications: [] });
  play = vi.fn(async () => undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(play as unknown as () => Promise<void>);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

let container: HTMLDivElement;
async function renderScreen(api: ReturnType<typeof fakeMain>['api'], settings: Partial<Settings> = {}, locale: Locale = 'en') {
  startReady(api, locale, 'verify');
  useAppStore.setState({ settings: { locale, ...settings } });
  container = await renderInto(<VerifyScreen />);
  await act(async () => undefined);
}

const $ = <T extends Element = HTMLElement>(selector: string) => container.querySelector<T>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
const text = (selector: string) => $(selector)?.textContent ?? null;
const panel = () => $('[data-testid="verify-verdict"]')!;
const count = (name: string) => $(`[data-testid="verify-count-${name}"]`)?.dataset.count;

async function click(element: HTMLElement) {
  await act(async () => element.click());
}

/** A keyboard-wedge burst: every key in the same instant, then Enter, at whatever has focus. Returns whether Enter's default survived. */
async function wedge(code: string, target: EventTarget = document.activeElement ?? document.body): Promise<boolean> {
  let enterDefault = true;
  await act(async () => {
    for (const key of code) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    enterDefault = target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
  await act(async () => undefined);
  return enterDefault;
}

describe('Verify: starting a session', () => {
  it('asks a supervisor for the line and the product, then starts the session', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    const form = $('[data-testid="verify-start"]')!;
    expect([...$<HTMLSelectElement>('select[name=product]')!.options].map((option) => option.textContent)).toEqual([
      'Choose the product',
      'Demo Drinks · Orange soda 330ml ×24 · 6901234567892',
      'Demo Dairy · Milk 250ml ×12 · 6909876543212',
    ]);
    await click(button('Start verifying', form));
    expect(form.textContent).toContain('Give the line a name.');
    expect(form.textContent).toContain('Choose the product being packed.');
    expect(main.sent('verify.startSession')).toEqual([]);

    type($<HTMLInputElement>('input[name=line]')!, '  Line 3 ');
    type($<HTMLSelectElement>('select[name=product]')!, '6901234567892');
    await click(button('Start verifying', form));
    expect(main.sent('verify.startSession')).toEqual([{ line: 'Line 3', product_code: '6901234567892' }]);
    expect(text('[data-testid="verify-session"]')).toContain('Line Line 3');
    expect(text('[data-testid="verify-session"]')).toContain('Orange soda 330ml ×24 · 6901234567892');
    expect(panel().dataset.state).toBe('idle');
    expect(text('[data-testid="verify-headline"]')).toBe('Scan a carton');
  });

  it('leaves keys typed into the form alone (no session, no scanner)', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    const line = $<HTMLInputElement>('input[name=line]')!;
    line.focus();
    await wedge('012345678901', line);
    expect(main.sent('verify.scan')).toEqual([]);
  });

  it('shows the running session after a restart, with its counters and recent scans', async () => {
    const recent = [scanResult(2, 'BBBBBBBB2', 'WRONG_PRODUCT', { acknowledged_by: 'worker' }), scanResult(1, 'AAAAAAAA1')];
    await renderScreen(fakeMain({ session: session({ counts: counts({ PASS: 1, WRONG_PRODUCT: 1 }), total: 2 }), recent }).api);
    expect(count('PASS')).toBe('1');
    expect(count('WRONG_PRODUCT')).toBe('1');
    expect(count('total')).toBe('2');
    expect($$('[data-testid="verify-recent-row"]').map((row) => row.dataset.input)).toEqual(['BBBBBBBB2', 'AAAAAAAA1']);
    // The acknowledged FAIL is history: the panel waits for the next carton.
    expect(panel().dataset.state).toBe('idle');
    expect(text('[data-testid="verify-previous"]')).toBe('FAIL · Wrong product · Acknowledged by worker');
    // Nothing sounds for what was already there.
    expect(play).not.toHaveBeenCalled();
  });
});

describe('Verify: scanning', () => {
  it('sends a wedge burst wherever focus is, shows PASS, counts it and consumes the Enter', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api, { soundVolume: 40 });
    const end = button('End session');
    end.focus();
    const enterDefault = await wedge('AAAAAAAA1', end);
    expect(enterDefault).toBe(false);
    expect(main.sent('verify.scan')).toEqual([{ input: 'AAAAAAAA1', source: 'wedge' }]);
    // The Enter did not press the focused End button.
    expect($('[role=alertdialog]')).toBeNull();
    expect(panel().dataset.state).toBe('pass');
    expect(text('[data-testid="verify-headline"]')).toBe('PASS');
    expect(panel().textContent).toContain('Scanned: AAAAAAAA1');
    expect(text('[data-testid="verify-remote"]')).toBe('Checking with WeChat…');
    expect(count('PASS')).toBe('1');
    expect(count('total')).toBe('1');
    expect(play).toHaveBeenCalledTimes(1);
    const audio = play.mock.contexts[0] as HTMLAudioElement;
    expect(audio.src).toMatch(/sounds\/pass\.wav$/);
    expect(audio.volume).toBeCloseTo(0.4);
  });

  it('shows a FAIL in red with the reason in words, blocks until acknowledged with the button', async () => {
    const main = fakeMain({ session: session(), verdicts: { BBBBBBBB2: 'WRONG_PRODUCT' } });
    await renderScreen(main.api);
    await wedge('BBBBBBBB2');
    expect(panel().dataset.state).toBe('fail');
    expect(text('[data-testid="verify-headline"]')).toBe('FAIL Wrong product');
    expect(text('[data-testid="verify-reason"]')).toBe(
      'This code is activated for “Milk 250ml ×12”, but this line packs “Orange soda 330ml ×24”.Take the carton off the line and give it to the team lead.',
    );
    expect(text('[data-testid="verify-ack"]')).toContain('Once the carton is off the line, press Acknowledge.');
    expect(count('WRONG_PRODUCT')).toBe('1');
    expect((play.mock.contexts[0] as HTMLAudioElement).src).toMatch(/fail\.wav$/);
    expect($('[data-testid="verify-recent-row"]')!.textContent).toContain('needs acknowledging');

    await click(button('Acknowledge'));
    expect(main.sent('verify.acknowledge')).toEqual([{ scan_id: 100, via: 'button' }]);
    expect(panel().dataset.state).toBe('idle');
    expect(text('[data-testid="verify-previous"]')).toBe('FAIL · Wrong product · Acknowledged by worker');
  });

  it('says a scan was not counted while a FAIL waits, and keeps the FAIL on screen', async () => {
    const blocking = scanResult(5, 'BBBBBBBB2', 'WRONG_PRODUCT');
    const main = fakeMain({
      session: session({ counts: counts({ WRONG_PRODUCT: 1 }), total: 1 }),
      recent: [blocking],
      scanError: ACK_REQUIRED,
    });
    await renderScreen(main.api);
    await wedge('AAAAAAAA1');
    expect(panel().dataset.state).toBe('fail');
    expect(text('[data-testid="verify-refusal"]')).toContain('Scan not counted');
    expect(text('[data-testid="verify-refusal"]')).toContain('Acknowledge the last failure before scanning on.');
    expect(count('total')).toBe('1');
    expect((play.mock.contexts[0] as HTMLAudioElement).src).toMatch(/fail\.wav$/);
  });

  it('asks for the ACK code in ack_code mode, keeping a smaller button for a supervisor', async () => {
    const main = fakeMain({ session: session(), recent: [scanResult(5, 'BBBBBBBB2', 'DUPLICATE')] });
    await renderScreen(main.api, { ackMode: 'ack_code' });
    expect(text('[data-testid="verify-ack"]')).toContain('Scan the ACK code to go on.');
    expect(button('Acknowledge').className).toContain('verdict__ack-button--small');
    await wedge('ACK-OK-CODE');
    // The ACK code is a scan like any other: main recognises it.
    expect(main.sent('verify.scan')).toEqual([{ input: 'ACK-OK-CODE', source: 'wedge' }]);
  });

  it('follows WeChat: offline, then a mismatch that turns the PASS into a FAIL', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    await wedge('AAAAAAAA1');
    const scanned = scanResult(100, 'AAAAAAAA1');
    await main.emit('verify.scanUpdated', { ...scanned, remote: 'offline' });
    expect(text('[data-testid="verify-remote"]')).toBe('Offline — not yet confirmed by WeChat');
    expect($('[data-testid="verify-recent-row"]')!.textContent).toContain('offline');
    await main.emit('verify.scanUpdated', {
      ...scanned,
      remote: 'mismatch',
      verdict: 'REMOTE_MISMATCH',
      needs_ack: true,
      reason: payload('VERIFY_REMOTE_MISMATCH', 'WeChat disagrees with the ledger.', '微信与本地账本不一致。'),
    });
    expect(panel().dataset.state).toBe('fail');
    expect(text('[data-testid="verify-headline"]')).toBe('FAIL WeChat mismatch');
    expect(text('[data-testid="verify-remote"]')).toBe('WeChat disagrees with the ledger');
    expect(count('PASS')).toBe('0');
    expect(count('REMOTE_MISMATCH')).toBe('1');
    expect(count('total')).toBe('1');
    expect(play).toHaveBeenCalledTimes(2);
  });

  it('keeps the confirmation when the answer to the scan lands after it', async () => {
    await renderScreen(fakeMain({ session: session(), confirmAtOnce: true }).api);
    await wedge('AAAAAAAA1');
    expect(text('[data-testid="verify-remote"]')).toBe('Confirmed by WeChat ✓');
    expect(count('PASS')).toBe('1');
  });

  it('asks main for the counts when a scan older than the loaded ones changes its verdict', async () => {
    const recent = [scanResult(60, 'AAAAAAAA1')];
    const main = fakeMain({ session: session({ counts: counts({ PASS: 70 }), total: 70 }), recent });
    await renderScreen(main.api);
    main.setSession(session({ counts: counts({ PASS: 69, REMOTE_MISMATCH: 1 }), total: 70 }));
    await main.emit('verify.scanUpdated', scanResult(3, 'OLD000003', 'REMOTE_MISMATCH', { remote: 'mismatch', acknowledged_by: 'worker' }));
    expect(count('PASS')).toBe('69');
    expect(count('REMOTE_MISMATCH')).toBe('1');
    expect(count('total')).toBe('70');
  });

  it('shows scans from the HID scanner too, and refusals of them', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    await main.emit('verify.scanned', scanResult(40, 'CCCCCCCC3', 'PASS', { source: 'hid' }));
    expect(panel().dataset.input).toBe('CCCCCCCC3');
    expect($('[data-testid="verify-recent-row"]')!.textContent).toContain('HID');
    expect(count('PASS')).toBe('1');
    await main.emit('verify.scanRefused', { input: 'DDDDDDDD4', source: 'hid', error: ACK_REQUIRED });
    expect(text('[data-testid="verify-refusal"]')).toContain('Acknowledge the last failure');
  });

  it('keeps the last 50 scans, newest first, and counts each scan once however it arrives', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    for (let index = 0; index < 55; index++) await wedge(`CODE${String(index).padStart(5, '0')}`);
    const rows = $$('[data-testid="verify-recent-row"]');
    expect(rows).toHaveLength(50);
    expect(rows[0]!.dataset.input).toBe('CODE00054');
    expect(rows[49]!.dataset.input).toBe('CODE00005');
    expect(count('PASS')).toBe('55');
    expect(count('total')).toBe('55');
  });

  it('ignores keys typed into a text field outside the scan flow', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    const field = document.createElement('input');
    container.append(field);
    field.focus();
    await wedge('AAAAAAAA1', field);
    expect(main.sent('verify.scan')).toEqual([]);
  });

  it('warns while an input method composes, and when its full-width output shows up in a scan', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    await act(async () => document.body.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true })));
    expect(text('[data-testid="verify-ime-warning"]')).toContain('An input method is active');
    await act(async () => document.body.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true })));
    expect($('[data-testid="verify-ime-warning"]')).toBeNull();

    await wedge('ＡＡＡＡＡＡＡＡ１');
    expect(main.sent('verify.scan')).toEqual([{ input: 'AAAAAAAA1', source: 'wedge' }]);
    expect($('[data-testid="verify-ime-warning"]')).not.toBeNull();
    await wedge('AAAAAAAA2');
    expect($('[data-testid="verify-ime-warning"]')).toBeNull();
  });

  it('says when the browser blocks the sound', async () => {
    play.mockImplementation(async () => {
      throw new DOMException('no gesture', 'NotAllowedError');
    });
    await renderScreen(fakeMain({ session: session() }).api);
    await wedge('AAAAAAAA1');
    expect(panel().dataset.state).toBe('pass');
    expect(container.textContent).toContain('Sound is off until someone touches the screen once.');
  });

  it('reads in Chinese for a Chinese station', async () => {
    const main = fakeMain({ session: session(), verdicts: { BBBBBBBB2: 'WRONG_PRODUCT' } });
    await renderScreen(main.api, {}, 'zh-CN');
    await wedge('BBBBBBBB2');
    expect(text('[data-testid="verify-headline"]')).toBe('不合格 产品不符');
    expect(text('[data-testid="verify-reason"]')).toBe('这个码激活的是“纯牛奶”，本线包装的是“橙味汽水”。请把纸箱拿下线，交给班组长。');
    expect(button('确认')).toBeTruthy();
  });
});

describe('Verify: ending a session', () => {
  it('asks first, then shows the stored summary until Done', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    await click(button('End session'));
    expect(text('[role=alertdialog]')).toContain('End verifying on line Line 3?');
    await click(button('Keep scanning'));
    expect(main.sent('verify.endSession')).toEqual([]);
    await click(button('End session'));
    await click(button('Yes, end it'));
    expect(main.sent('verify.endSession')).toEqual([{ session_id: 7 }]);
    expect(text('[data-testid="verify-summary-total"]')).toBe('3');
    expect(text('[data-testid="verify-summary-rate"]')).toBe('66.7 %');
    expect($('[data-testid="verify-summary-WRONG_PRODUCT"]')!.dataset.count).toBe('1');
    // No session: scans go nowhere.
    await wedge('AAAAAAAA1');
    expect(main.sent('verify.scan')).toEqual([]);
    await click(button('Done'));
    expect($('[data-testid="verify-start"]')).not.toBeNull();
  });

  it('shows the summary when the session is ended elsewhere', async () => {
    const main = fakeMain({ session: session() });
    await renderScreen(main.api);
    await main.emit('verify.sessionChanged', session({ ended_at: '2025-01-02T09:00:00.000Z', ended_by: 'cli', total: 0 }));
    expect($('[data-testid="verify-summary"]')).not.toBeNull();
    expect(text('[data-testid="verify-summary-rate"]')).toBe('—');
  });
});
