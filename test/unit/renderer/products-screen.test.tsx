// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketcodeApi } from '@shared/api';
import type { AppErrorPayload, Locale } from '@shared/errors';
import type { Product, ProductImportReport } from '@shared/products-contract';
import { ProductsScreen } from '@renderer/screens/products/ProductsScreen';
import { useProductsStore } from '@renderer/store/products-store';
import { button, cleanup, fakeApi, productFixture as product, refuse, renderInto, startReady, type } from './support/render';

const IN_USE_ERROR: AppErrorPayload = {
  code: 'PRODUCT_IN_USE',
  message: 'Product 6901234567892 is used by 3 activation(s) and cannot be deleted.',
  localized: {
    'zh-CN': { message: '产品 6901234567892 已被 3 个激活使用，不能删除。', hint: '可以将它归档：归档后不再出现在激活的产品列表中。' },
    en: {
      message: 'Product 6901234567892 is used by 3 activation(s) and cannot be deleted.',
      hint: 'Archive it instead: archived products are no longer offered for activation.',
    },
  },
};

/** A window.api answering the Products channels from a small in-memory table. */
function fakeMain(options: { products?: Product[]; deleteError?: AppErrorPayload; importReport?: ProductImportReport } = {}) {
  let products = [...(options.products ?? [])];
  return fakeApi({
    handlers: {
      'products.list': () => products,
      'products.add': (request) => {
        const added = product({ ...request, wxa_type: request.wxa_type ?? 0 });
        products = [...products, added];
        return added;
      },
      'products.archive': ({ product_code: code }) => {
        const archived = product({ ...products.find((item) => item.product_code === code), archived_at: '2025-03-02T08:00:00.000Z' });
        products = products.map((item) => (item.product_code === code ? archived : item));
        return archived;
      },
      'products.delete': ({ product_code: code }) => {
        if (options.deleteError) return refuse(options.deleteError);
        products = products.filter((item) => item.product_code !== code);
        return { product_code: code };
      },
      'products.import': () => options.importReport!,
    },
  });
}

let container: HTMLDivElement;
beforeEach(() => {
  useProductsStore.setState({ list: { status: 'idle' }, products: [], showArchived: false });
});
afterEach(cleanup);

async function renderScreen(api: MarketcodeApi, locale: Locale = 'en') {
  startReady(api, locale, 'products');
  container = await renderInto(<ProductsScreen />);
}

const form = () => container.querySelector<HTMLFormElement>('[data-testid="product-form"]')!;
const input = (name: string) => form().querySelector<HTMLInputElement>(`input[name=${name}]`)!;
const problems = () =>
  Object.fromEntries(
    [...form().querySelectorAll<HTMLElement>('[role="alert"][data-field]')].map((element) => [element.dataset.field, element.textContent]),
  );

async function fillGood(code = '96385074') {
  type(input('product_code'), code);
  type(input('product_brand'), 'Demo Snacks');
  type(input('product_title'), 'Sea-salt crisps');
  type(input('activity_name'), 'Scan & win');
  type(input('wxa_appid'), 'wxfedcba9876543210');
  type(input('wxa_path'), 'pages/index/index');
}

describe('Products screen: the form', () => {
  it('shows translated problems per field only after submit, and sends nothing until they are fixed', async () => {
    const { api, calls } = fakeMain();
    await renderScreen(api);
    expect(container.querySelector('[data-testid="products-empty"]')?.textContent).toContain('No products');
    await act(async () => button('Add product').click());
    expect(problems()).toEqual({});

    type(input('product_code'), '96385075');
    type(input('wxa_appid'), 'WX0123');
    type(input('wxa_path'), '/pages/index/index');
    expect(problems()).toEqual({});
    await act(async () => button('Save').click());
    expect(problems()).toEqual({
      product_code: 'The check digit (the last digit) is wrong: for the digits before it, it should be 4. Check the barcode.',
      product_brand: 'Required.',
      product_title: 'Required.',
      activity_name: 'Required.',
      wxa_appid: 'A Mini Program AppID is "wx" followed by 16 hexadecimal characters.',
      wxa_path: 'Leave out the leading "/", e.g. pages/index/index.',
    });
    expect(input('product_code').getAttribute('aria-invalid')).toBe('true');

    // Problems follow the typing once shown.
    type(input('product_code'), '9638507A');
    expect(problems().product_code).toBe('A barcode has digits only.');
    type(input('product_code'), '963850749');
    expect(problems().product_code).toBe('An EAN barcode has 13 digits (EAN-13) or 8 digits (EAN-8).');
    type(input('product_title'), 'x'.repeat(129));
    expect(problems().product_title).toBe('At most 128 characters.');
    expect(calls.filter((call) => call.channel === 'products.add')).toEqual([]);

    await fillGood();
    await act(async () => button('Trial (2)').click());
    await act(async () => button('Save').click());
    expect(calls.filter((call) => call.channel === 'products.add').map((call) => call.request)).toEqual([
      {
        product_code: '96385074',
        product_brand: 'Demo Snacks',
        product_title: 'Sea-salt crisps',
        activity_name: 'Scan & win',
        wxa_appid: 'wxfedcba9876543210',
        wxa_path: 'pages/index/index',
        wxa_type: 2,
      },
    ]);
    expect(container.querySelector('[data-testid="product-form"]')).toBeNull();
    expect(container.querySelector('[data-testid="products-status"]')?.textContent).toBe('Saved product 96385074.');
    expect(container.querySelector('tr[data-product="96385074"]')?.textContent).toContain('Sea-salt crisps');
  });

  it('speaks Chinese', async () => {
    const { api } = fakeMain();
    await renderScreen(api, 'zh-CN');
    await act(async () => button('添加产品').click());
    type(input('product_code'), '6901234567890');
    await act(async () => button('保存').click());
    expect(problems()).toMatchObject({
      product_code: '校验位（最后一位）不对：按前面的数字应为 2。请核对条码。',
      product_brand: '必填。',
    });
  });
});

describe('Products screen: the table', () => {
  it('asks before deleting and shows main’s translated refusal for a product in use', async () => {
    const { api, calls } = fakeMain({ products: [product({ activations: 3 })], deleteError: IN_USE_ERROR });
    await renderScreen(api, 'zh-CN');
    const row = container.querySelector('tr[data-product="6901234567892"]')!;
    expect(row.textContent).toContain('已被 3 个激活使用');
    expect(button('编辑', row).disabled).toBe(true);

    await act(async () => button('删除', row).click());
    const dialog = container.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('删除产品 6901234567892？');
    expect(calls.some((call) => call.channel === 'products.delete')).toBe(false);
    await act(async () => button('删除', dialog).click());
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
    const status = container.querySelector('[data-testid="products-status"]')!;
    expect(status.querySelector('[data-error-code="PRODUCT_IN_USE"]')?.textContent).toContain(
      '产品 6901234567892 已被 3 个激活使用，不能删除。',
    );
    expect(container.querySelector('tr[data-product="6901234567892"]')).not.toBeNull();

    // Archiving is allowed; archived products hide until asked for.
    await act(async () => button('归档', container.querySelector('tr[data-product="6901234567892"]')!).click());
    expect(container.querySelector('tr[data-product="6901234567892"]')).toBeNull();
    expect(container.querySelector('[data-testid="products-empty"]')?.textContent).toContain('所有产品都已归档');
    await act(async () => button('显示已归档（1）').click());
    expect(container.querySelector('tr[data-product="6901234567892"]')?.textContent).toContain('已归档');
  });

  it('shows an import refusal row by row, translated', async () => {
    const importReport: ProductImportReport = {
      imported: false,
      added: 1,
      updated: 0,
      unchanged: 0,
      invalid: 2,
      rows: [
        { line: 2, product_code: '96385074', outcome: 'added', problems: [] },
        {
          line: 3,
          product_code: '96385075',
          outcome: 'invalid',
          problems: [{ field: 'product_code', problem: 'eanCheckDigit', params: { digit: 4 } }],
        },
        {
          line: 5,
          product_code: '96385074',
          outcome: 'invalid',
          problems: [
            { field: 'product_code', problem: 'duplicateInFile', params: { line: 2 } },
            { field: 'wxa_path', problem: 'pathLeadingSlash' },
          ],
        },
      ],
    };
    const { api, calls } = fakeMain({ importReport });
    await renderScreen(api);
    await act(async () => button('Import CSV').click());
    const panel = container.querySelector<HTMLElement>('[data-testid="product-import"]')!;
    await act(async () => button('Import', panel).click());
    expect(panel.textContent).toContain('Choose a file or paste CSV text first.');

    type(panel.querySelector('textarea')!, 'product_code,…');
    await act(async () => button('Import', panel).click());
    expect(calls.at(-1)).toEqual({ channel: 'products.import', request: { csv: 'product_code,…' } });
    const report = panel.querySelector('[data-testid="product-import-report"]')!;
    expect(report.textContent).toContain('Nothing was imported: 2 row(s) have problems.');
    const lines = [...report.querySelectorAll('tr[data-line]')].map((row) => row.textContent);
    expect(lines).toEqual([
      '396385075Product code: The check digit (the last digit) is wrong: for the digits before it, it should be 4. Check the barcode.',
      '596385074Product code: The same product code is already on line 2.Path: Leave out the leading "/", e.g. pages/index/index.',
    ]);
  });
});
