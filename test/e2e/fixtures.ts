/**
 * `station`: a page showing the app, on either target. Specs use only `page`
 * and `station`, so they run unchanged in Chromium (harness) and in Electron.
 */
import { _electron as electron, chromium, test as base, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ProductInput } from '../../src/shared/validation/product-rules';
import { startHarness } from '../harness/harness-server';
import { CHROMIUM_ARGS, chromiumPath, electronBinary } from './browser';

export type Target = 'harness' | 'electron';

interface StationFixtures {
  station: { page: Page; dataDir: string; target: Target };
}

export const test = base.extend<StationFixtures & { target: Target }>({
  target: ['harness', { option: true }],
  station: async ({ target }, use, testInfo) => {
    if (target === 'electron') {
      const binary = electronBinary();
      if ('skip' in binary) {
        console.log(`[electron] skipped: ${binary.skip}`);
        testInfo.skip(true, binary.skip);
        return;
      }
      const dataDir = mkdtempSync(join(tmpdir(), 'mc-e2e-electron-'));
      const app = await electron.launch({
        executablePath: binary.path,
        args: [resolve('.')],
        env: { ...process.env, MARKETCODE_HOME: dataDir, LANG: 'zh_CN.UTF-8' },
      });
      try {
        const page = await app.firstWindow();
        await use({ page, dataDir, target });
      } finally {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
      return;
    }
    const harness = await startHarness({ systemLocale: 'zh-CN' });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
      await page.goto(harness.url);
      await use({ page, dataDir: harness.dataDir, target });
    } finally {
      await browser.close();
      await harness.close();
    }
  },
});

export const expect = test.expect;

/**
 * A fresh station shows the first-run supervisor setup instead of every screen
 * but Settings. Specs that use other screens call this first: it creates the
 * supervisor through the setup screen (which also unlocks them for the default
 * 10 minutes) and waits for the nav chip to say so. Call it right after the page
 * loads, before navigating away from the first screen.
 */
export async function setUpSupervisor(page: Page, supervisor: { name?: string; pin?: string } = {}): Promise<void> {
  const name = supervisor.name ?? '王工';
  const pin = supervisor.pin ?? '246802';
  const setup = page.getByTestId('supervisor-setup');
  await setup.locator('input[name=name]').fill(name);
  await setup.locator('input[name=pin]').fill(pin);
  await setup.locator('input[name=pinRepeat]').fill(pin);
  await setup.locator('button[type=submit]').click();
  await expect(setup).toHaveCount(0);
  await expect(page.getByTestId('supervisor-chip')).toHaveAttribute('data-state', 'unlocked');
}

/** Locks the supervisor from the nav chip; the station is back to the operator. */
export async function lockSupervisor(page: Page): Promise<void> {
  const chip = page.getByTestId('supervisor-chip');
  await chip.getByRole('button', { name: '锁定', exact: true }).click();
  await expect(chip).toHaveAttribute('data-state', 'locked');
}

/** Presses a PIN on the unlock dialog's on-screen pad, digit by digit as on a touch screen, and checks it landed. */
export async function pressPinPad(dialog: Locator, pin: string): Promise<void> {
  for (const digit of pin) await dialog.getByRole('button', { name: digit, exact: true }).click();
  await expect(dialog.locator('input[name=pin]')).toHaveValue(pin);
}

/**
 * Unlocks a locked station from the nav chip: opens the unlock dialog, picks
 * the supervisor, presses the PIN on the on-screen pad and submits; waits for
 * the dialog to close and the chip to name the supervisor.
 */
export async function unlockWithPin(page: Page, pin: string, name = '王工'): Promise<void> {
  const chip = page.getByTestId('supervisor-chip');
  await expect(chip).toHaveAttribute('data-state', 'locked');
  await chip.getByRole('button', { name: '解锁', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '主管解锁' });
  await expect(dialog).toBeVisible();
  const who = dialog.getByRole('radio', { name, exact: true });
  await who.click();
  await expect(who).toHaveAttribute('aria-checked', 'true');
  await pressPinPad(dialog, pin);
  await dialog.getByRole('button', { name: '解锁', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(chip).toHaveAttribute('data-state', 'unlocked');
  await expect(chip).toContainText(`主管：${name}`);
}

/** Fills the Products screen's add/edit form; the Mini Program version is chosen only when given. */
export async function fillProductForm(form: Locator, product: ProductInput): Promise<void> {
  await form.locator('input[name=product_code]').fill(product.product_code);
  await form.locator('input[name=product_brand]').fill(product.product_brand);
  await form.locator('input[name=product_title]').fill(product.product_title);
  await form.locator('input[name=activity_name]').fill(product.activity_name);
  await form.locator('input[name=wxa_appid]').fill(product.wxa_appid);
  await form.locator('input[name=wxa_path]').fill(product.wxa_path);
  if (product.wxa_type !== undefined) {
    const version = form.getByRole('radio', { name: `（${product.wxa_type}）` });
    await version.click();
    await expect(version).toHaveAttribute('aria-checked', 'true');
  }
}

/**
 * Adds a product on the Products screen (needs an unlocked supervisor) and
 * waits for it to be saved and listed; returns its table row.
 */
export async function addProduct(page: Page, product: ProductInput): Promise<Locator> {
  await page.getByRole('button', { name: '产品', exact: true }).click();
  const screen = page.getByTestId('screen-products');
  await screen.getByRole('button', { name: '添加产品' }).click();
  const form = screen.getByTestId('product-form');
  await fillProductForm(form, product);
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await expect(screen.getByTestId('products-status')).toHaveText(`已保存产品 ${product.product_code}。`);
  const row = screen.locator(`tr[data-product="${product.product_code}"]`);
  await expect(row).toContainText(product.product_title);
  return row;
}
