import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { MarketcodeApi } from '../../src/shared/api';
import { expect, fillProductForm, test } from './fixtures';

const SUPERVISOR = { name: '王工', pin: '246802' };

/**
 * Editing products needs an unlocked supervisor. A fresh station has none, so
 * the first one is set up through the contract (which also unlocks them, as the
 * first-run screen does); the page is reloaded to pick up the new status.
 */
async function unlockAsSupervisor(page: Page): Promise<void> {
  const result = await page.evaluate(
    // Runs in the page, where the bridge is `window.api` (globalThis: this file is type-checked for Node).
    (credentials) => (globalThis as unknown as { api: MarketcodeApi }).api.invoke('supervisor.setup', credentials),
    SUPERVISOR,
  );
  expect(result.ok, JSON.stringify(result)).toBe(true);
  await page.reload();
}

test('adds a product: a wrong check digit gets the translated message, the fixed one is listed', async ({ station }) => {
  const { page, target } = station;
  await unlockAsSupervisor(page);
  await page.getByRole('button', { name: '产品', exact: true }).click();
  const screen = page.getByTestId('screen-products');
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('产品');

  // Training mode comes with demo products.
  await expect(screen.locator('tr[data-product="6901234567892"]')).toContainText('橙味汽水 330ml ×24');
  await expect(screen.locator('tr[data-product="96385074"]')).toContainText('Sea-salt crisps');

  await screen.getByRole('button', { name: '添加产品' }).click();
  const form = screen.getByTestId('product-form');
  await fillProductForm(form, {
    product_code: '6923450657710',
    product_brand: '测试饮料',
    product_title: '柠檬茶 500ml ×15',
    activity_name: '夏季扫码有礼',
    wxa_appid: 'wx0123456789abcdef',
    wxa_path: '/pages/index/index',
  });
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.locator('[data-field="product_code"]')).toHaveText('校验位（最后一位）不对：按前面的数字应为 3。请核对条码。');
  await expect(form.locator('[data-field="wxa_path"]')).toHaveText('路径开头不要加“/”，例如 pages/index/index。');
  await expect(screen.locator('tr[data-product="6923450657710"]')).toHaveCount(0);

  await form.locator('input[name=product_code]').fill('6923450657713');
  await form.locator('input[name=wxa_path]').fill('pages/index/index?from=carton');
  await expect(form.locator('[role=alert]')).toHaveCount(0);
  await form.getByRole('radio', { name: '体验版（2）' }).click();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await expect(screen.getByTestId('products-status')).toHaveText('已保存产品 6923450657713。');
  const row = screen.locator('tr[data-product="6923450657713"]');
  await expect(row).toContainText('柠檬茶 500ml ×15');
  await expect(row).toContainText('测试饮料');
  await expect(row).toContainText('pages/index/index?from=carton');
  await expect(row).toContainText('体验版（2）');
  await expect(row).toContainText('可用');
  await page.screenshot({ path: `test-results/products-${target}.png`, fullPage: true });

  // The CSV export downloads through a Blob link and carries the new product.
  const [download] = await Promise.all([page.waitForEvent('download'), screen.getByRole('button', { name: '导出 CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('6923450657713,测试饮料,柠檬茶 500ml ×15,夏季扫码有礼,wx0123456789abcdef,pages/index/index?from=carton,2\r\n');
  await expect(screen.getByTestId('products-status')).toContainText('已导出 4 个产品');

  // Delete asks first.
  await row.getByRole('button', { name: '删除' }).click();
  const dialog = screen.getByRole('alertdialog');
  await expect(dialog).toContainText('删除产品 6923450657713？');
  await dialog.getByRole('button', { name: '删除' }).click();
  await expect(screen.getByTestId('products-status')).toHaveText('已删除产品 6923450657713。');
  await expect(row).toHaveCount(0);
});
