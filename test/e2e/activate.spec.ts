import Database from 'better-sqlite3';
import { join } from 'node:path';
import { addProduct, expect, lockSupervisor, setUpSupervisor, test, unlockWithPin } from './fixtures';

const PIN = '246802';

/** A new product: a valid EAN-13 (check digit 2) and a `wx` + 16 hex appid. */
const PRODUCT = {
  product_code: '6934567890122',
  product_brand: '激活测试食品',
  product_title: '海苔脆片 35g ×40',
  activity_name: '开箱扫码领红包',
  wxa_appid: 'wx5a7c9e1b3d2f4680',
  wxa_path: 'pages/activate/index',
};
const PRODUCT_LINE = `${PRODUCT.product_brand} · ${PRODUCT.product_title} · ${PRODUCT.product_code}`;

/** Codes at given indexes of the (only) imported application, read from the ledger the station writes. */
function codesFromLedger(dataDir: string, indexes: number[]): { applicationId: number; codes: string[] } {
  const db = new Database(join(dataDir, 'training', 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const { application_id: applicationId } = db
      .prepare("SELECT application_id FROM applications WHERE state = 'imported' ORDER BY created_at DESC LIMIT 1")
      .get() as { application_id: number };
    const byIndex = db.prepare('SELECT code FROM codes WHERE application_id = ? AND code_index = ?');
    const codes = indexes.map((index) => (byIndex.get(applicationId, index) as { code: string }).code);
    return { applicationId, codes };
  } finally {
    db.close();
  }
}

/** Who did what, in order: supervisor events, adding PRODUCT, and recording activations. */
function auditTrail(dataDir: string, ledger: 'station' | 'training'): [string, string][] {
  // Supervisor entries are the station's (ledger.sqlite); the product and activation are Training's own ledger (docs/modes.md).
  const file = ledger === 'station' ? join(dataDir, 'ledger.sqlite') : join(dataDir, 'training', 'ledger.sqlite');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'supervisor.%' OR (action = 'product.added' AND subject = ?) OR action = 'activation.recorded' ORDER BY seq",
      )
      .all(`product:${PRODUCT.product_code}`) as { actor: string; action: string }[];
    return rows.map(({ actor, action }) => [actor, action]);
  } finally {
    db.close();
  }
}

test('unlocks with the PIN, adds a product, scans the first and last printed code like a wedge scanner, confirms, and sees the run go live and confirmed on the range map', async ({
  station,
}) => {
  test.setTimeout(120_000);
  const { page, dataDir, target } = station;
  await setUpSupervisor(page, { name: '王工', pin: PIN });

  // The shift starts locked; the supervisor unlocks with the PIN on the on-screen pad.
  await lockSupervisor(page);
  await unlockWithPin(page, PIN, '王工');

  // A product of our own (not one of Training's demo products) to activate the run for.
  const productRow = await addProduct(page, PRODUCT);
  await expect(productRow).toContainText(PRODUCT.product_brand);
  await expect(productRow).toContainText('可用');

  // 20,000 codes from the Training simulator: one segment, imported in a few seconds.
  await page.getByRole('button', { name: '码批次', exact: true }).click();
  const batches = page.getByTestId('screen-batches');
  await batches.getByRole('button', { name: '申请第一批码' }).click();
  const form = batches.getByTestId('batches-apply');
  await form.locator('input[name=code_count]').fill('20000');
  await form.locator('input[name=label]').fill('激活 E2E 五号线');
  await form.getByRole('button', { name: '提交申请' }).click();
  await expect(batches.getByTestId('batches-row')).toHaveAttribute('data-state', 'imported', { timeout: 30_000 });

  const { applicationId, codes } = codesFromLedger(dataDir, [0, 999]);
  const [first, last] = codes as [string, string];
  expect(first).toMatch(/^[0-9A-Z]{9}$/);

  await page.getByRole('button', { name: '激活', exact: true }).click();
  const screen = page.getByTestId('screen-activate');
  await expect(screen.locator('select[name=application]')).toHaveValue(String(applicationId));
  await expect(screen.locator('select[name=application] option:checked')).toHaveText(
    `激活 E2E 五号线 · 编号 ${applicationId} · 20,000 个码`,
  );
  // The product just added is offered alongside Training's demo products.
  const productSelect = screen.locator('select[name=product]');
  await expect(productSelect.locator(`option[value="${PRODUCT.product_code}"]`)).toHaveText(PRODUCT_LINE);
  await productSelect.selectOption(PRODUCT.product_code);
  await expect(screen.getByTestId('activate-product-details')).toHaveText(`活动“${PRODUCT.activity_name}”，小程序页面 ${PRODUCT.wxa_path}`);

  const map = screen.getByTestId('activate-range-map');
  await expect(map.locator('.strip-part')).toHaveCount(1);
  await expect(map.locator('.strip-part[data-kind="imported"]')).toHaveAttribute('title', '0–19,999（20,000 个码）：已导入未导出');

  // The scanner: the first code and Enter, fast; the cursor moves on; the last code and Enter.
  const firstField = screen.locator('input[name=first_code]');
  await firstField.click();
  await page.keyboard.type(first, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(screen.locator('input[name=last_code]')).toBeFocused();
  await page.keyboard.type(last, { delay: 5 });
  await page.keyboard.press('Enter');

  await expect(screen.getByTestId('activate-resolved')).toHaveText('序号 0–999：共 1,000 个码。');
  const confirm = screen.getByTestId('activate-confirm');
  await expect(confirm.getByTestId('activate-confirm-range')).toHaveText('0–999');
  await expect(confirm.getByTestId('activate-confirm-count')).toHaveText('1,000');
  await expect(confirm.getByTestId('activate-confirm-product')).toContainText(PRODUCT_LINE);
  await expect(map.getByTestId('activate-range-map-highlight')).toHaveAttribute('title', '待激活：0–999（1,000 个码）');
  await confirm.getByRole('button', { name: '确认：激活 1,000 个码' }).click();

  // Recorded at once; the outbox sends it to the simulator, then confirms it with codeactivequery.
  await expect(screen.getByTestId('activate-recorded')).toContainText('0–999，共 1,000 个码');
  await expect(firstField).toHaveValue('');
  await expect(firstField).toBeFocused();
  const item = screen.getByTestId('activation-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-state', 'active', { timeout: 20_000 });
  await expect(item).toContainText(PRODUCT_LINE);
  await expect(item.getByTestId('activation-confirmed')).toContainText('已激活，微信核对无误 ✓', { timeout: 20_000 });

  const live = map.locator('.strip-part[data-kind="active"]');
  await expect(live).toHaveAttribute('data-confirmed', 'true');
  await expect(live).toHaveAttribute('data-start', '0');
  await expect(live).toHaveAttribute('data-end', '999');
  const title = await live.getAttribute('title');
  expect(title?.split('\n')).toEqual([
    '0–999（1,000 个码）：已激活（生效）',
    expect.stringMatching(/^激活 #\d+（0–999）：已激活$/),
    PRODUCT_LINE,
    '微信已核对 ✓',
  ]);
  await expect(map.locator('.strip-part[data-kind="imported"]')).toHaveAttribute('data-start', '1000');
  await expect(map.locator('.strip-legend__item[data-kind="active"]')).toContainText('1,000');
  await expect(page.getByTestId('connectivity-chip')).toHaveAttribute('data-state', 'online');
  await page.screenshot({ path: `test-results/activate-${target}.png`, fullPage: true });

  // The same range again is refused, naming the live activation.
  await firstField.click();
  await page.keyboard.type(first, { delay: 5 });
  await page.keyboard.press('Enter');
  await page.keyboard.type(last, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(screen.getByTestId('activate-refusal')).toContainText(/与激活 #\d+（序号 0–999/);
  await expect(screen.getByTestId('activate-confirm')).toHaveCount(0);

  // The Batches detail shows the same range map.
  await page.getByRole('button', { name: '码批次', exact: true }).click();
  const detail = page.getByTestId('batches-detail');
  await expect(detail.getByTestId('batches-strip').locator('.strip-part[data-kind="active"]')).toHaveAttribute('data-end', '999');

  // The ledger: the PIN unlock made 王工 the one who added the product and recorded the activation.
  expect(auditTrail(dataDir, 'station')).toEqual([
    ['operator', 'supervisor.created'],
    ['supervisor:王工', 'supervisor.unlocked'],
    ['supervisor:王工', 'supervisor.locked'],
    ['supervisor:王工', 'supervisor.unlocked'],
  ]);
  expect(auditTrail(dataDir, 'training')).toEqual([
    ['supervisor:王工', 'product.added'],
    ['supervisor:王工', 'activation.recorded'],
  ]);
});
