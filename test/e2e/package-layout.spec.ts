/**
 * Issue 13 on screen (Chromium, harness only: it starts the Training simulator in the
 * undetectable layout): a failed segment's "Inspect package" shows the columns masked and
 * the verdict; Settings → Connection → Package layout saves the column order; Retry imports.
 */
import { chromium } from '@playwright/test';
import { startHarness } from '../harness/harness-server';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { expect, setUpSupervisor, test } from './fixtures';

test('a package the importer cannot read is inspected, its layout set by hand, and imported', async ({ target }) => {
  test.skip(target !== 'harness', 'needs the Training simulator in a chosen package layout');
  test.setTimeout(90_000);
  const harness = await startHarness({
    systemLocale: 'zh-CN',
    trainingOptions: { finishDelayMs: 0, segmentSize: 10_000, packageLayout: 'short_wechat_code_4col' },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(harness.url);
    await setUpSupervisor(page);
    await page.getByRole('button', { name: '码批次', exact: true }).click();
    const screen = page.getByTestId('screen-batches');
    await screen.getByRole('button', { name: '申请第一批码' }).click();
    const form = screen.getByTestId('batches-apply');
    await form.locator('input[name=code_count]').fill('10000');
    await form.getByRole('button', { name: '提交申请' }).click();

    const detail = screen.getByTestId('batches-detail');
    const failedRow = detail.locator('tr[data-state="failed"]');
    await expect(failedRow).toContainText('失败', { timeout: 30_000 });
    await expect(detail.getByTestId('batches-segments')).toContainText('无法从第 1 行识别');

    await detail.getByRole('button', { name: '检查码包' }).click();
    const report = detail.getByTestId('segment-inspection');
    await expect(report).toContainText('10,000');
    await expect(report).toContainText('制表符');
    const columns = report.getByTestId('inspection-columns');
    await expect(columns.locator('tbody tr')).toHaveCount(4);
    await expect(columns.locator('tbody tr').first()).toContainText('W*******0');
    await expect(columns.locator('tbody tr').nth(3)).toContainText(/P\*{26}/);
    await expect(report.getByTestId('inspection-verdict')).toContainText('导入程序拒绝导入');

    await page.getByRole('button', { name: '设置', exact: true }).click();
    const layout = page.getByTestId('package-layout');
    await expect(layout.getByTestId('package-layout-current')).toHaveText('当前：自动识别。');
    await layout.locator('input[name=package-layout]').fill('extra,code,code');
    await layout.getByRole('button', { name: '保存格式' }).click();
    await expect(layout.getByRole('alert')).toContainText('恰有一个 code_url');
    await layout.locator('input[name=package-layout]').fill('extra,code,index,code_url');
    await layout.getByRole('button', { name: '保存格式' }).click();
    await expect(layout.getByTestId('package-layout-status')).toContainText('已保存');
    await expect(layout.getByTestId('package-layout-current')).toHaveText('当前：手动设置 — extra, code, index, code_url。');

    await page.getByRole('button', { name: '码批次', exact: true }).click();
    await screen.getByRole('button', { name: '重试' }).first().click();
    const row = screen.getByTestId('batches-row');
    await expect(row).toHaveAttribute('data-state', 'imported', { timeout: 30_000 });
  } finally {
    await browser.close();
    await harness.close();
  }
});
