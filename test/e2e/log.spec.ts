import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { MarketcodeApi } from '../../src/shared/api';
import type { Channel, ChannelRequest, ChannelResponse } from '../../src/shared/contract';
import { expect, setUpSupervisor, test } from './fixtures';

const PRODUCT = '6901234567892'; // Training demo product: 示例饮料 · 橙味汽水 330ml ×24

/** Calls a contract channel in the page, as the renderer does (globalThis: this file is type-checked for Node). */
async function invoke<C extends Channel>(page: Page, channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const envelope = await page.evaluate(
    ([name, body]) => (globalThis as unknown as { api: MarketcodeApi }).api.invoke(name as C, body as ChannelRequest<C>),
    [channel, request] as const,
  );
  if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.data as ChannelResponse<C>;
}

/** The codes at some indexes of an imported application, read from the ledger the station writes. */
function codesAt(dataDir: string, applicationId: number, indexes: number[]): string[] {
  const db = new Database(join(dataDir, 'training', 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const byIndex = db.prepare('SELECT code FROM codes WHERE application_id = ? AND code_index = ?').pluck();
    return indexes.map((index) => byIndex.get(applicationId, index) as string);
  } finally {
    db.close();
  }
}

test('the Log lists the shift’s scans, filters them by verdict and station, shows the audit log and exports the shift report', async ({
  station,
}) => {
  test.setTimeout(90_000);
  const { page, dataDir, target } = station;
  await setUpSupervisor(page);

  // Codes from the Training simulator; indexes 0–1 activated for the demo product.
  const applied = await invoke(page, 'batches.apply', { code_count: 10_000, label: '日志 E2E' });
  await expect
    .poll(
      async () => (await invoke(page, 'batches.list', {})).find((item) => item.isv_application_id === applied.isv_application_id)?.state,
      {
        timeout: 30_000,
      },
    )
    .toBe('imported');
  const applicationId = (await invoke(page, 'batches.list', {})).find(
    (item) => item.isv_application_id === applied.isv_application_id,
  )!.application_id!;
  const activation = await invoke(page, 'activation.create', {
    application_id: applicationId,
    code_start: 0,
    code_end: 1,
    product_code: PRODUCT,
  });
  await expect
    .poll(
      async () =>
        (await invoke(page, 'activation.list', { application_id: applicationId })).find((item) => item.id === activation.id)?.state,
      {
        timeout: 20_000,
      },
    )
    .toBe('active');

  // Five scans through the verification engine, as a scanner would send them (no session: nothing blocks on a FAIL).
  const [first, second, notActivated] = codesAt(dataDir, applicationId, [0, 1, 5]) as [string, string, string];
  const verdicts: string[] = [];
  for (const input of [first, second, notActivated, 'HELLO-CARTON', 'ZZZZZZZZZ']) {
    verdicts.push((await invoke(page, 'verify.scan', { input, source: 'wedge' })).verdict);
  }
  expect(verdicts).toEqual(['PASS', 'PASS', 'NOT_ACTIVATED', 'INVALID', 'UNKNOWN_CODE']);

  await page.getByRole('button', { name: '日志', exact: true }).click();
  const screen = page.getByTestId('screen-log');
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('日志');
  await expect(screen.locator('[data-pick="shift"]')).toHaveAttribute('aria-pressed', 'true');
  const rows = screen.locator('tr[data-scan]');
  await expect(rows).toHaveCount(5);
  // Newest first.
  await expect(rows.first()).toHaveAttribute('data-verdict', 'UNKNOWN_CODE');
  await expect(rows.last()).toHaveAttribute('data-verdict', 'PASS');
  await expect(rows.first().locator('.log-verdict')).toHaveText('未知码');
  await expect(rows.last().locator('.log-verdict')).toHaveClass(/log-verdict--pass/);
  await expect(rows.last()).toContainText(first);

  // Failures only, then two chosen verdicts.
  await screen.locator('[data-verdict-chip="failures"]').click();
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) await expect(row.locator('.log-verdict')).toHaveClass(/log-verdict--fail/);
  await screen.locator('[data-verdict-chip="all"]').click();
  await screen.locator('[data-verdict-chip="NOT_ACTIVATED"]').click();
  await screen.locator('[data-verdict-chip="INVALID"]').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'INVALID');
  await expect(rows.nth(0)).toContainText('HELLO-CARTON');
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'NOT_ACTIVATED');
  await expect(rows.nth(1)).toContainText(notActivated);
  await page.screenshot({ path: `test-results/log-${target}.png`, fullPage: true });

  // A station that never scanned has nothing; this one has everything.
  await screen.locator('[data-verdict-chip="all"]').click();
  const stationInput = screen.locator('input[name=station]');
  await stationInput.fill('别的工作站');
  await expect(screen.getByTestId('log-empty')).toHaveText('没有符合筛选条件的扫描记录。');
  const stationName = await (async () => {
    const db = new Database(join(dataDir, 'training', 'ledger.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT station FROM scans LIMIT 1').pluck().get() as string;
    } finally {
      db.close();
    }
  })();
  await stationInput.fill(stationName);
  await expect(rows).toHaveCount(5);

  // The shift report for this station: a BOM, the totals per verdict, one row per scan.
  const [download] = await Promise.all([page.waitForEvent('download'), screen.getByTestId('log-report').click()]);
  expect(download.suggestedFilename()).toMatch(/^shift-report-.*\d{8}-\d{4}-\d{8}-\d{4}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8').slice(1);
  expect(csv.startsWith('班次报告\r\n')).toBe(true);
  expect(csv).toContain(`工作站,${stationName}\r\n`);
  for (const line of [
    'PASS,通过,2',
    'NOT_ACTIVATED,未激活,1',
    'INVALID,不是营销码,1',
    'UNKNOWN_CODE,未知码,1',
    'DUPLICATE,重复扫描,0',
    '合计,,5',
  ]) {
    expect(csv).toContain(`\r\n${line}\r\n`);
  }
  const scanLines = csv.slice(csv.indexOf('\r\n扫描记录\r\n')).split('\r\n').slice(3).filter(Boolean);
  expect(scanLines).toHaveLength(5);
  expect(scanLines[0]).toContain(`,${first},`);
  expect(scanLines[4]).toContain(',UNKNOWN_CODE,未知码,');
  await expect(screen.getByTestId('log-status')).toContainText('5 条扫描记录');

  // The audit log: the activation, by action prefix.
  await screen.getByRole('tab', { name: '审计日志' }).click();
  const entries = screen.locator('tr[data-seq]');
  await expect(entries.first()).toBeVisible();
  await screen.locator('input[name=action]').fill('activation');
  await expect(entries.first()).toHaveAttribute('data-action', /^activation\./);
  for (const entry of await entries.all()) await expect(entry).toHaveAttribute('data-action', /^activation\./);
  await expect(screen.locator('tr[data-action="activation.recorded"]')).toContainText('supervisor:王工');
  await page.screenshot({ path: `test-results/log-${target}-audit.png`, fullPage: true });
});
