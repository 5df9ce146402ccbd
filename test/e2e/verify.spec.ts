import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, setUpSupervisor, test } from './fixtures';

const PRODUCT_A = '6901234567892'; // 示例饮料 · 橙味汽水 330ml ×24 (Training demo product)
const PRODUCT_B = '6909876543212'; // 示例乳业 · 纯牛奶 250ml ×12

/** Codes and code_urls at given indexes of the (only) imported application, read from the ledger the station writes. */
function codesFromLedger(dataDir: string, indexes: number[]): { code: string; code_url: string }[] {
  const db = new Database(join(dataDir, 'training', 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const { application_id: applicationId } = db
      .prepare("SELECT application_id FROM applications WHERE state = 'imported' ORDER BY created_at DESC LIMIT 1")
      .get() as { application_id: number };
    const byIndex = db.prepare('SELECT code, code_url FROM codes WHERE application_id = ? AND code_index = ?');
    return indexes.map((index) => byIndex.get(applicationId, index) as { code: string; code_url: string });
  } finally {
    db.close();
  }
}

/** Activates indexes start–end for a product through the Activate screen's index tab. */
async function activate(page: Page, productCode: string, start: number, end: number): Promise<void> {
  const screen = page.getByTestId('screen-activate');
  await screen.locator('select[name=product]').selectOption(productCode);
  await screen.getByRole('tab', { name: '输入序号' }).click();
  await screen.locator('input[name=code_start]').fill(String(start));
  await screen.locator('input[name=code_end]').fill(String(end));
  await screen.getByRole('button', { name: '检查序号段' }).click();
  await screen
    .getByTestId('activate-confirm')
    .getByRole('button', { name: `确认：激活 ${end - start + 1} 个码` })
    .click();
  await expect(screen.getByTestId('activate-recorded')).toBeVisible();
}

/** What a keyboard-wedge scanner does: the code as fast keystrokes, then Enter. */
async function wedgeScan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

test('a session: five wedge scans with a wrong product and a duplicate, verdicts and counters on screen, FAILs acknowledged', async ({
  station,
}) => {
  test.setTimeout(120_000);
  const { page, dataDir, target } = station;
  await setUpSupervisor(page);

  // 20,000 codes from the Training simulator.
  await page.getByRole('button', { name: '码批次', exact: true }).click();
  const batches = page.getByTestId('screen-batches');
  await batches.getByRole('button', { name: '申请第一批码' }).click();
  const form = batches.getByTestId('batches-apply');
  await form.locator('input[name=code_count]').fill('20000');
  await form.locator('input[name=label]').fill('校验 E2E 三号线');
  await form.getByRole('button', { name: '提交申请' }).click();
  await expect(batches.getByTestId('batches-row')).toHaveAttribute('data-state', 'imported', { timeout: 30_000 });

  // Indexes 0–99 for product A (packed on this line), 100–199 for product B (a carton from another line).
  await page.getByRole('button', { name: '激活', exact: true }).click();
  await activate(page, PRODUCT_A, 0, 99);
  await activate(page, PRODUCT_B, 100, 199);
  const items = page.getByTestId('screen-activate').getByTestId('activation-item');
  await expect(items).toHaveCount(2);
  for (const item of await items.all()) await expect(item).toHaveAttribute('data-state', 'active', { timeout: 20_000 });

  const [first, second, third, other] = codesFromLedger(dataDir, [0, 1, 2, 150]) as [
    { code: string; code_url: string },
    { code: string; code_url: string },
    { code: string; code_url: string },
    { code: string; code_url: string },
  ];

  // The supervisor starts the session for the line and product A.
  await page.getByRole('button', { name: '校验', exact: true }).click();
  const screen = page.getByTestId('screen-verify');
  const start = screen.getByTestId('verify-start');
  await start.locator('input[name=line]').fill('三号线');
  await start.locator('select[name=product]').selectOption(PRODUCT_A);
  await start.getByRole('button', { name: '开始校验' }).click();
  const header = screen.getByTestId('verify-session');
  await expect(header).toContainText('产线 三号线');
  await expect(header).toContainText('橙味汽水 330ml ×24 · 6901234567892');

  const verdict = screen.getByTestId('verify-verdict');
  const headline = verdict.getByTestId('verify-headline');
  const count = (name: string) => screen.getByTestId(`verify-count-${name}`);
  await expect(headline).toHaveText('请扫描纸箱');

  // 1: a code of product A — PASS.
  await wedgeScan(page, first.code);
  await expect(verdict).toHaveAttribute('data-state', 'pass');
  await expect(headline).toHaveText('合格');
  await expect(verdict).toContainText(`扫描内容：${first.code}`);
  await expect(count('PASS')).toHaveAttribute('data-count', '1');

  // 2: the next carton, its code_url scanned (with the https:// prefix a QR code carries) — PASS.
  await wedgeScan(page, `https://${second.code_url}`);
  await expect(count('PASS')).toHaveAttribute('data-count', '2');
  await expect(verdict).toHaveAttribute('data-input', `https://${second.code_url}`);
  await expect(headline).toHaveText('合格');

  // 3: a carton of product B — FAIL, wrong product, with the reason in words; it must be acknowledged.
  await wedgeScan(page, other.code);
  await expect(verdict).toHaveAttribute('data-state', 'fail');
  await expect(verdict).toHaveAttribute('data-verdict', 'WRONG_PRODUCT');
  await expect(headline).toContainText('不合格');
  await expect(headline).toContainText('产品不符');
  await expect(verdict.getByTestId('verify-reason')).toContainText('本线包装的是“橙味汽水 330ml ×24”（6901234567892）');
  await expect(verdict.getByTestId('verify-reason')).toContainText('请把纸箱拿下线');
  await expect(count('WRONG_PRODUCT')).toHaveAttribute('data-count', '1');
  const rows = screen.getByTestId('verify-recent-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('待确认');
  await page.screenshot({ path: `test-results/verify-${target}.png`, fullPage: true });

  // While the FAIL waits, a scan does not count: the panel says so and the FAIL stays.
  await wedgeScan(page, third.code);
  await expect(verdict.getByTestId('verify-refusal')).toContainText('请先确认上一个不合格');
  await expect(verdict).toHaveAttribute('data-state', 'fail');
  await expect(count('total')).toHaveAttribute('data-count', '3');

  await verdict.getByRole('button', { name: '确认', exact: true }).click();
  await expect(verdict).toHaveAttribute('data-state', 'idle');
  await expect(headline).toHaveText('请扫描纸箱');
  await expect(verdict.getByTestId('verify-previous')).toContainText('产品不符 · 已由');
  await expect(rows.first()).toContainText('已确认');

  // 4: the first carton again — FAIL, duplicate; acknowledged with the button.
  await wedgeScan(page, first.code);
  await expect(verdict).toHaveAttribute('data-verdict', 'DUPLICATE');
  await expect(headline).toContainText('重复扫码');
  await expect(verdict.getByTestId('verify-reason')).toContainText('本次会话中已经扫过这个码');
  await expect(count('DUPLICATE')).toHaveAttribute('data-count', '1');
  await verdict.getByRole('button', { name: '确认', exact: true }).click();
  await expect(verdict).toHaveAttribute('data-state', 'idle');

  // 5: the third carton — PASS.
  await wedgeScan(page, third.code);
  await expect(verdict).toHaveAttribute('data-state', 'pass');
  await expect(count('PASS')).toHaveAttribute('data-count', '3');
  await expect(count('WRONG_PRODUCT')).toHaveAttribute('data-count', '1');
  await expect(count('DUPLICATE')).toHaveAttribute('data-count', '1');
  await expect(count('NOT_ACTIVATED')).toHaveAttribute('data-count', '0');
  await expect(count('total')).toHaveAttribute('data-count', '5');
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'PASS');
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'DUPLICATE');
  await expect(rows.nth(2)).toHaveAttribute('data-verdict', 'WRONG_PRODUCT');
  // WeChat (the Training simulator) confirms the PASS.
  await expect(verdict.getByTestId('verify-remote')).toHaveText('微信已核对 ✓', { timeout: 15_000 });
  await page.screenshot({ path: `test-results/verify-${target}-pass.png`, fullPage: true });

  // The session survives a reload (a restart of the window).
  await page.reload();
  await page.getByRole('button', { name: '校验', exact: true }).click();
  await expect(count('total')).toHaveAttribute('data-count', '5');
  await expect(rows).toHaveCount(5);

  // Ending it shows (and main stores) the summary.
  await screen.getByRole('button', { name: '结束会话' }).click();
  await screen.getByRole('button', { name: '确定结束' }).click();
  const summary = screen.getByTestId('verify-summary');
  await expect(summary.getByTestId('verify-summary-total')).toHaveText('5');
  await expect(summary.getByTestId('verify-summary-PASS')).toHaveAttribute('data-count', '3');
  await expect(summary.getByTestId('verify-summary-WRONG_PRODUCT')).toHaveAttribute('data-count', '1');
  await expect(summary.getByTestId('verify-summary-rate')).toHaveText('60.0 %');
  await summary.getByRole('button', { name: '完成' }).click();
  await expect(screen.getByTestId('verify-start')).toBeVisible();
});
