/**
 * `station`: a page showing the app, on either target. Specs use only `page`
 * and `station`, so they run unchanged in Chromium (harness) and in Electron.
 */
import { _electron as electron, chromium, test as base, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
  const pin = supervisor.pin ?? '2468';
  const setup = page.getByTestId('supervisor-setup');
  await setup.locator('input[name=name]').fill(name);
  await setup.locator('input[name=pin]').fill(pin);
  await setup.locator('input[name=pinRepeat]').fill(pin);
  await setup.locator('button[type=submit]').click();
  await expect(setup).toHaveCount(0);
  await expect(page.getByTestId('supervisor-chip')).toHaveAttribute('data-state', 'unlocked');
}
