// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivationSummary, ResolvedRange } from '@shared/activation-contract';
import type { MarketcodeApi } from '@shared/api';
import type { ApplicationDetail, ApplicationSummary, PrintRunSummary } from '@shared/batches-contract';
import type { AppErrorPayload, Locale } from '@shared/errors';
import type { Product } from '@shared/products-contract';
import { ActivateScreen } from '@renderer/screens/activate/ActivateScreen';
import { useActivationStore } from '@renderer/store/activation-store';
import { useAppStore } from '@renderer/store/app-store';
import { useBatchesStore } from '@renderer/store/batches-store';
import {
  appError,
  applicationSummary,
  button,
  cleanup,
  fakeApi,
  productFixture,
  refuse,
  renderInto,
  startReady,
  type,
  unmount,
} from './support/render';

const application = (overrides: Partial<ApplicationSummary> = {}) =>
  applicationSummary({
    isv_application_id: 'MS-2',
    application_id: 502,
    state: 'imported',
    remote_status: 'FINISH',
    segments_total: 1,
    segments_imported: 1,
    segments_indexed: 1,
    codes_imported: 20_000,
    created_by: 'supervisor:Wang',
    created_at: '2025-01-02T08:00:00.000Z',
    updated_at: '2025-01-02T08:01:00.000Z',
    ...overrides,
  });

const product = (overrides: Partial<Product> = {}) =>
  productFixture({
    product_brand: 'Demo Drinks',
    product_title: 'Orange soda 330ml ×24',
    activity_name: 'Scan & win',
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  });

function activation(overrides: Partial<ActivationSummary> = {}): ActivationSummary {
  const start = overrides.code_start ?? 0;
  const end = overrides.code_end ?? 999;
  return {
    id: 1,
    application_id: 502,
    code_start: start,
    code_end: end,
    count: end - start + 1,
    product_code: '6901234567892',
    product_brand: 'Demo Drinks',
    product_title: 'Orange soda 330ml ×24',
    activity_name: 'Scan & win',
    wxa_appid: 'wx0123456789abcdef',
    wxa_path: 'pages/scan/index',
    wxa_type: 0,
    print_run_id: null,
    state: 'pending',
    attempts: 0,
    next_attempt_at: null,
    last_error: null,
    confirmation: null,
    confirmed_at: null,
    created_by: 'supervisor:Wang',
    created_at: '2025-01-02T09:00:00.000Z',
    sent_at: null,
    ...overrides,
  };
}

const printRun: PrintRunSummary = {
  id: 4,
  application_id: 502,
  code_start: 1_000,
  code_end: 4_999,
  count: 4_000,
  format: 'csv',
  columns: ['index', 'code', 'code_url'],
  header: true,
  line_ending: 'crlf',
  file_path: '/data/exports/codes-502-1000-4999.csv',
  file_sha256: 'a'.repeat(64),
  actor: 'supervisor:Wang',
  created_at: '2025-01-02T08:30:00.000Z',
};

/** Codes the fake ledger knows: code → [application_id, index]. */
const CODES: Record<string, [number, number]> = { AAAAAAAA0: [502, 0], AAAAAAAA9: [502, 999], BBBBBBBB0: [501, 0] };

/** A main with one imported application (and an older one) unless given `applications`, two products, and scripted activation answers. */
function fakeMain(
  options: {
    applications?: ApplicationSummary[];
    activations?: ActivationSummary[];
    createError?: AppErrorPayload;
    resolveError?: AppErrorPayload;
  } = {},
) {
  let nextId = 10;
  const detail: ApplicationDetail = {
    application: application(),
    segments: [
      {
        code_start: 0,
        code_end: 19_999,
        state: 'imported',
        plaintext_sha256: 'b'.repeat(64),
        layout: 'tsv',
        error: null,
        kept_buffer_path: null,
        imported_at: '2025-01-02T08:01:00.000Z',
        indexed_at: '2025-01-02T08:01:00.000Z',
      },
    ],
    print_runs: [printRun],
  };
  return fakeApi({
    handlers: {
      'batches.list': () =>
        options.applications ?? [
          application(),
          application({ isv_application_id: 'MS-1', application_id: 501, label: null, created_at: '2025-01-01T08:00:00.000Z' }),
          application({
            isv_application_id: 'MS-3',
            application_id: null,
            state: 'applying',
            codes_imported: 0,
            created_at: '2025-01-03T08:00:00.000Z',
          }),
        ],
      'batches.get': () => detail,
      'products.list': () => [
        product(),
        product({ product_code: '96385074', product_brand: 'Demo Snacks', product_title: 'Crisps', wxa_type: 2 }),
      ],
      'activation.list': () => options.activations ?? [],
      'activation.resolveRange': (source) => {
        if (options.resolveError) return refuse(options.resolveError);
        let range: Omit<ResolvedRange, 'count' | 'isv_application_id'>;
        if (source.by === 'codes') {
          const [first, last] = [CODES[source.first], CODES[source.last]];
          if (!first || !last) return refuse(appError('ACTIVATION_CODE_UNKNOWN', 'The scanned code is not in any downloaded package.'));
          range = { application_id: first[0], code_start: first[1], code_end: last[1], print_run_id: null };
        } else if (source.by === 'printRun') {
          range = { application_id: 502, code_start: printRun.code_start, code_end: printRun.code_end, print_run_id: printRun.id };
        } else {
          range = { application_id: 502, code_start: source.code_start, code_end: source.code_end, print_run_id: null };
        }
        return { ...range, isv_application_id: 'MS-2', count: range.code_end - range.code_start + 1 };
      },
      'activation.create': (request) => {
        if (options.createError) return refuse(options.createError);
        return activation({ id: nextId++, ...request, print_run_id: request.print_run_id ?? null });
      },
      'activation.retry': ({ id }) => activation({ id, state: 'pending', attempts: 1 }),
      'activation.cancel': ({ id }) => activation({ id, state: 'cancelled', attempts: 1 }),
    },
  });
}

let container: HTMLDivElement;
beforeEach(() => {
  useBatchesStore.setState(useBatchesStore.getInitialState());
  useActivationStore.setState(useActivationStore.getInitialState());
});
afterEach(cleanup);

async function renderScreen(api: MarketcodeApi, locale: Locale = 'en') {
  startReady(api, locale, 'activate');
  container = await renderInto(<ActivateScreen />);
  // Let the chained loads (list → detail, activations) settle.
  await act(async () => undefined);
}

const $ = <T extends Element = HTMLElement>(selector: string) => container.querySelector<T>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
const text = (selector: string) => $(selector)?.textContent ?? null;

async function click(element: HTMLElement) {
  await act(async () => element.click());
}

/** What a keyboard-wedge scanner does: the characters, then Enter, into whatever has focus. */
async function scan(code: string) {
  const input = document.activeElement as HTMLInputElement;
  type(input, input.value + code);
  await act(async () => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
}

describe('Activate: choosing and scanning', () => {
  it('offers imported applications (newest first) and active products, and starts on the scan tab with the first field focused', async () => {
    await renderScreen(fakeMain().api);
    const applications = [...$<HTMLSelectElement>('select[name=application]')!.options].map((option) => option.textContent);
    expect(applications).toEqual(['Line 3 · No. 502 · 20,000 codes', 'MS-1 · No. 501 · 20,000 codes']);
    const products = [...$<HTMLSelectElement>('select[name=product]')!.options].map((option) => option.textContent);
    expect(products).toEqual([
      '— Choose the product on these cartons —',
      'Demo Drinks · Orange soda 330ml ×24 · 6901234567892',
      'Demo Snacks · Crisps · 96385074',
    ]);
    expect($('[role=tab][aria-selected=true]')?.textContent).toBe('Scan first and last code');
    expect(document.activeElement).toBe($('input[name=first_code]'));
    // The range map of the chosen application: imported, with its print run.
    expect($$('[data-testid="activate-range-map"] .strip-part').map((part) => part.dataset.kind)).toEqual([
      'imported',
      'exported',
      'imported',
    ]);
  });

  it('scans first and last code like a wedge scanner, confirms, and shows the new activation as pending at once', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    await scan('AAAAAAAA0');
    expect(document.activeElement).toBe($('input[name=last_code]'));
    expect(main.sent('activation.resolveRange')).toEqual([]);
    await scan('AAAAAAAA9');
    expect(main.sent('activation.resolveRange')).toEqual([{ by: 'codes', first: 'AAAAAAAA0', last: 'AAAAAAAA9' }]);
    expect(text('[data-testid="activate-resolved"]')).toBe('Indexes 0–999: 1,000 codes.');

    // The confirmation card waits for the product; the map outlines the range.
    expect(text('[data-testid="activate-confirm-count"]')).toBe('1,000');
    expect(text('[data-testid="activate-confirm-product"]')).toBe('Choose the product above first.');
    expect($<HTMLButtonElement>('[data-testid="activate-confirm-button"]')!.disabled).toBe(true);
    expect($('[data-testid="activate-range-map-highlight"]')?.getAttribute('title')).toBe('To activate: 0–999 (1,000 codes)');
    type($<HTMLSelectElement>('select[name=product]')!, '6901234567892');
    expect(text('[data-testid="activate-confirm-product"]')).toContain('Demo Drinks · Orange soda 330ml ×24 · 6901234567892');

    await click(button('Trial', $('[data-testid="activate-confirm"]')!));
    await click($<HTMLButtonElement>('[data-testid="activate-confirm-button"]')!);
    expect(main.sent('activation.create')).toEqual([
      { application_id: 502, code_start: 0, code_end: 999, product_code: '6901234567892', wxa_type: 2 },
    ]);
    const item = $('[data-testid="activation-item"]')!;
    expect(item.dataset.state).toBe('pending');
    expect(item.textContent).toContain('0–999');
    expect(item.textContent).toContain('Queued: it is sent to WeChat as soon as the network allows.');
    expect(text('[data-testid="activate-recorded"]')).toContain('Activation #10 recorded: 0–999, 1,000 codes.');
    // Ready for the next carton run: empty fields, the cursor in the first one, no confirmation card.
    expect($<HTMLInputElement>('input[name=first_code]')!.value).toBe('');
    expect(document.activeElement).toBe($('input[name=first_code]'));
    expect($('[data-testid="activate-confirm"]')).toBeNull();
    expect($('[data-testid="activate-range-map"] .strip-part[data-kind="pending"]')?.dataset.activationId).toBe('10');
  });

  it('shows the ledger’s refusal in the user’s language and offers no confirmation', async () => {
    const refusal = appError(
      'ACTIVATION_OVERLAP',
      'Overlaps activation #3 (indices 0–499, Orange soda, active).',
      '与激活 #3（序号 0–499，橙味汽水，状态 active）重叠。',
    );
    await renderScreen(fakeMain({ resolveError: refusal }).api, 'zh-CN');
    await scan('AAAAAAAA0');
    await scan('AAAAAAAA9');
    expect($('[data-testid="activate-refusal"] [data-error-code="ACTIVATION_OVERLAP"]')?.textContent).toBe(
      '与激活 #3（序号 0–499，橙味汽水，状态 active）重叠。',
    );
    expect($('[data-testid="activate-confirm"]')).toBeNull();
    // Editing a field clears the old answer.
    type($<HTMLInputElement>('input[name=last_code]')!, 'AAAAAAAA');
    expect($('[data-testid="activate-refusal"]')).toBeNull();
  });

  it('follows the application the scanned codes belong to', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    await scan('BBBBBBBB0');
    await scan('BBBBBBBB0');
    expect($<HTMLSelectElement>('select[name=application]')!.value).toBe('501');
    expect(main.sent('activation.list')).toContainEqual({ application_id: 501 });
    expect(text('[data-testid="activate-confirm"]')).toContain('MS-1');
  });

  it('warns when an input method is composing in a scan field', async () => {
    await renderScreen(fakeMain().api);
    await act(async () => $('input[name=first_code]')!.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true })));
    expect(text('[data-testid="activate-ime-warning"]')).toContain('Switch the keyboard to English');
  });

  it('takes the range from a print run, sending its id with the activation', async () => {
    const main = fakeMain({ activations: [activation({ id: 3, code_start: 1_000, code_end: 1_999, state: 'active' })] });
    await renderScreen(main.api);
    await click(button('Print run'));
    const run = $('[data-testid="activate-print-run"]')!;
    expect(run.textContent).toContain('1,000–4,999');
    expect(run.textContent).toContain('Already in activation #3 (Active)');
    await click(run);
    expect(main.sent('activation.resolveRange')).toEqual([{ by: 'printRun', print_run_id: 4 }]);
    expect(run.getAttribute('aria-checked')).toBe('true');
    type($<HTMLSelectElement>('select[name=product]')!, '96385074');
    expect(button('As the product says (Trial)').getAttribute('aria-checked')).toBe('true');
    await click($<HTMLButtonElement>('[data-testid="activate-confirm-button"]')!);
    expect(main.sent('activation.create')).toEqual([
      { application_id: 502, code_start: 1_000, code_end: 4_999, product_code: '96385074', print_run_id: 4 },
    ]);
  });

  it('checks typed indexes before asking the ledger', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    await click(button('Type indexes'));
    type($<HTMLInputElement>('input[name=code_start]')!, '10');
    type($<HTMLInputElement>('input[name=code_end]')!, '1.5');
    await click(button('Check range'));
    expect($$('[data-testid="activate-range"] [role=alert]').map((alert) => alert.textContent)).toEqual([
      'Enter a whole number, 0 or more.',
    ]);
    expect(main.sent('activation.resolveRange')).toEqual([]);
    type($<HTMLInputElement>('input[name=code_end]')!, '19');
    await click(button('Check range'));
    expect(main.sent('activation.resolveRange')).toEqual([{ by: 'indices', application_id: 502, code_start: 10, code_end: 19 }]);
    expect(text('[data-testid="activate-resolved"]')).toBe('Indexes 10–19: 10 codes.');
  });

  it('shows main’s refusal of the activation itself, but leaves SUPERVISOR_REQUIRED to the unlock dialog', async () => {
    const main = fakeMain({ createError: appError('ACTIVATION_PRODUCT_ARCHIVED', 'Product 6901234567892 is archived.') });
    await renderScreen(main.api);
    type($<HTMLSelectElement>('select[name=product]')!, '6901234567892');
    await scan('AAAAAAAA0');
    await scan('AAAAAAAA9');
    await click($<HTMLButtonElement>('[data-testid="activate-confirm-button"]')!);
    expect(text('[data-testid="activate-confirm-error"]')).toBe('Product 6901234567892 is archived.');

    const locked = fakeMain({ createError: appError('SUPERVISOR_REQUIRED', 'Unlock as a supervisor to activate codes.') });
    unmount();
    await renderScreen(locked.api);
    await scan('AAAAAAAA0');
    await scan('AAAAAAAA9');
    await click($<HTMLButtonElement>('[data-testid="activate-confirm-button"]')!);
    expect(locked.sent('activation.create')).toHaveLength(1);
    expect($('[data-testid="activate-confirm-error"]')).toBeNull();
    expect($('[data-testid="activate-confirm"]')).not.toBeNull();
  });
});

describe('Activate: the live list and the range map', () => {
  it('follows activation.changed from pending through sending to active and confirmed, on the list and the map', async () => {
    const main = fakeMain({ activations: [activation({ id: 1 })] });
    await renderScreen(main.api);
    const item = () => $('[data-testid="activation-item"]')!;
    expect(item().dataset.state).toBe('pending');

    main.emit('activation.changed', activation({ id: 1, state: 'sending', attempts: 1 }));
    expect(item().textContent).toContain('Sending to WeChat…');
    main.emit('activation.changed', activation({ id: 1, state: 'active', attempts: 1 }));
    expect(item().textContent).toContain('Active. Checking with WeChat…');
    main.emit(
      'activation.changed',
      activation({
        id: 1,
        state: 'active',
        attempts: 1,
        confirmation: {
          ok: true,
          checked: [
            { code_index: 0, ok: true, reason: null },
            { code_index: 999, ok: true, reason: null },
            { code_index: 517, ok: true, reason: null },
          ],
        },
        confirmed_at: '2025-01-02T09:00:02.000Z',
      }),
    );
    expect(item().querySelector('[data-testid="activation-confirmed"]')?.textContent).toBe(
      'Active, confirmed by WeChat ✓ (checked indexes 0, 999, 517)',
    );
    const part = $('[data-testid="activate-range-map"] .strip-part[data-kind="active"]')!;
    expect(part.dataset.confirmed).toBe('true');
    expect(part.title).toBe(
      [
        '0–999 (1,000 codes): Active (live)',
        'Activation #1 (0–999): Active',
        'Demo Drinks · Orange soda 330ml ×24 · 6901234567892',
        'Confirmed by WeChat ✓',
      ].join('\n'),
    );
    const legend = $$('[data-testid="activate-range-map"] .strip-legend__item').map((entry) => entry.textContent);
    expect(legend).toEqual([
      'Active (live)1,000',
      'Activation pending0',
      'Exported for print4,000',
      'Imported, not exported15,000',
      'Not imported0',
    ]);
  });

  it('says when an activation waits for the network, with the reason and the next try, and lets a supervisor cancel it', async () => {
    const offline = appError('NETWORK_UNREACHABLE', 'Cannot reach the WeChat server', '无法连接微信服务器');
    const main = fakeMain({
      activations: [activation({ id: 2, attempts: 1, last_error: offline, next_attempt_at: '2025-01-02T09:05:00.000Z' })],
    });
    await renderScreen(main.api, 'zh-CN');
    expect(text('[data-testid="activation-waiting-network"]')).toMatch(/^等待网络：无法连接微信服务器 将于 .+ 再次尝试。$/);
    expect(text('[data-testid="activate-queue-waiting"]')).toContain('1 个激活正在等待网络');
    await click(button('取消激活'));
    expect(main.sent('activation.cancel')).toEqual([]);
    await click(button('确定取消'));
    expect(main.sent('activation.cancel')).toEqual([{ id: 2 }]);
    expect($('[data-testid="activation-item"]')!.dataset.state).toBe('cancelled');
  });

  it('shows a failure’s translated reason with Retry and Cancel, a conflict too, and a mismatch as a warning', async () => {
    const quota = appError('WECHAT_45009', 'The daily quota is used up.', '调用次数超限', { hint: 'Try again tomorrow.' });
    const conflict = appError('WECHAT_9990001', 'WeChat holds other details for this range.');
    const main = fakeMain({
      activations: [
        activation({ id: 5, code_start: 0, code_end: 99, state: 'failed', attempts: 3, last_error: quota }),
        activation({ id: 6, code_start: 100, code_end: 199, state: 'conflict', attempts: 1, last_error: conflict }),
        activation({
          id: 7,
          code_start: 200,
          code_end: 299,
          state: 'active',
          attempts: 1,
          confirmation: { ok: false, checked: [{ code_index: 250, ok: false, reason: 'product_title: Other' }] },
        }),
      ],
    });
    await renderScreen(main.api);
    const item = (id: number) => $(`[data-testid="activation-item"][data-id="${id}"]`)!;
    expect(item(5).querySelector('[data-error-code="WECHAT_45009"]')?.textContent).toBe('The daily quota is used up.Try again tomorrow.');
    expect(item(6).textContent).toContain('WeChat already holds different details for part of this range.');
    expect(item(7).querySelector('[data-testid="activation-mismatch"]')?.textContent).toContain('Index 250: product_title: Other');
    expect($$('[data-testid="activate-range-map"] .strip-part').map((part) => [part.dataset.kind, part.dataset.activationId])).toEqual([
      ['activationFailed', '5'],
      ['activationFailed', '6'],
      ['active', '7'],
      ['imported', undefined],
      ['exported', undefined],
      ['imported', undefined],
    ]);

    await click(button('Retry', item(5)));
    expect(main.sent('activation.retry')).toEqual([{ id: 5 }]);
    expect(item(5).dataset.state).toBe('pending');
    expect(() => button('Retry', item(6))).not.toThrow();
    expect(() => button('Cancel activation', item(6))).not.toThrow();
  });

  it('keeps an event that overtook the answer to create', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    const store = useActivationStore.getState();
    const answer = store.create({ application_id: 502, code_start: 0, code_end: 9, product_code: '6901234567892' });
    main.emit('activation.changed', activation({ id: 10, code_start: 0, code_end: 9, state: 'sending', attempts: 1 }));
    await act(async () => {
      await answer;
    });
    expect(useActivationStore.getState().byId[10]?.state).toBe('sending');
  });

  it('reloads products on products.changed and lets go of every event on unmount', async () => {
    const main = fakeMain();
    await renderScreen(main.api);
    expect(main.sent('products.list')).toHaveLength(1);
    main.emit('products.changed', { action: 'archived', product_codes: ['96385074'] });
    await act(async () => undefined);
    expect(main.sent('products.list')).toHaveLength(2);
    unmount();
    for (const event of ['activation.changed', 'products.changed', 'batches.changed', 'batches.progress'] as const) {
      expect(main.listenerCount(event), event).toBe(0);
    }
  });

  it('sends people to Batches when nothing is imported yet', async () => {
    await renderScreen(fakeMain({ applications: [] }).api);
    expect(text('[data-testid="activate-empty"]')).toContain('No imported codes to activate');
    await click(button('Go to Batches'));
    expect(useAppStore.getState().screen).toBe('batches');
  });
});
