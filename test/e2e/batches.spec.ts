import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, setUpSupervisor, test } from './fixtures';

test('applies for 20,000 codes, watches the import finish, exports 0–9,999 and the file checks out', async ({ station }) => {
  test.setTimeout(60_000);
  const { page, dataDir, target } = station;
  await setUpSupervisor(page);
  await page.getByRole('button', { name: '码批次', exact: true }).click();
  const screen = page.getByTestId('screen-batches');
  await expect(screen.getByTestId('batches-empty')).toContainText('还没有码批次');

  // Validation speaks before anything is sent.
  await screen.getByRole('button', { name: '申请第一批码' }).click();
  const form = screen.getByTestId('batches-apply');
  await form.locator('input[name=code_count]').fill('25000');
  await form.getByRole('button', { name: '提交申请' }).click();
  await expect(form.getByRole('alert')).toHaveText('必须是 10,000 的整数倍，例如 20,000 或 30,000。');
  await expect(screen.getByTestId('batches-row')).toHaveCount(0);

  await form.locator('input[name=code_count]').fill('20000');
  await form.locator('input[name=label]').fill('E2E 三号线');
  await form.getByRole('button', { name: '提交申请' }).click();
  await expect(form).toHaveCount(0);

  // The Training simulator generates the codes in about 1.5 s; 20,000 codes are one segment.
  const row = screen.getByTestId('batches-row');
  await expect(row).toContainText('E2E 三号线');
  await expect(row).toContainText('20,000 个码');
  const bar = row.getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuemax', '20000');
  await expect(bar).toHaveAttribute('aria-valuenow', '20000', { timeout: 20_000 });
  await expect(row).toHaveAttribute('data-state', 'imported');
  await expect(row).toContainText('已导入');
  await expect(row.getByTestId('batches-row-segments')).toHaveText('码段 1 / 1');

  // The application opened on apply: its segment and the strip.
  const detail = screen.getByTestId('batches-detail');
  await expect(detail.getByTestId('batches-detail-application-id')).toHaveText(/^\d+$/);
  const segments = detail.getByTestId('batches-segments');
  await expect(segments.locator('tbody tr')).toHaveCount(1);
  await expect(segments.locator('tbody tr').first()).toContainText('0–19,999');
  await expect(segments.locator('tbody tr').first()).toContainText('已导入');
  const strip = detail.getByTestId('batches-strip');
  await expect(strip.locator('.strip-part')).toHaveCount(1);
  await expect(strip.locator('.strip-part[data-kind="imported"]')).toHaveAttribute('title', '0–19,999（20,000 个码）：已导入未导出');

  // Export 0–9,999 as CSV with every column and a header.
  await detail.getByRole('button', { name: '导出打印…' }).click();
  const exportForm = detail.getByTestId('batches-export');
  await exportForm.locator('input[name=code_start]').fill('0');
  await exportForm.locator('input[name=code_end]').fill('20000');
  await exportForm.getByRole('button', { name: '导出', exact: true }).click();
  await expect(exportForm.getByRole('alert')).toHaveText('超出本申请的范围：序号只能在 0 到 19,999 之间。');
  await exportForm.locator('input[name=code_end]').fill('9999');
  await expect(exportForm).toContainText('将导出 10,000 个码。');
  await exportForm.getByRole('radio', { name: 'CSV（逗号分隔）' }).click();
  for (const column of ['序号', '码（9 位）', '码链接（用于二维码）']) {
    await expect(exportForm.getByRole('checkbox', { name: column })).toBeChecked();
  }
  await exportForm.getByRole('radio', { name: '包含表头' }).click();
  await exportForm.getByRole('button', { name: '导出', exact: true }).click();

  const result = exportForm.getByTestId('batches-export-result');
  await expect(result).toContainText('已导出 10,000 个码。');
  const filePath = (await result.getByTestId('batches-export-file').textContent()) ?? '';
  const sha = (await result.getByTestId('batches-export-sha').textContent()) ?? '';
  expect(sha).toMatch(/^[0-9a-f]{64}$/);

  // The print run shows in the list and on the strip.
  await expect(detail.getByTestId('batches-print-runs').locator('tbody tr')).toHaveCount(1);
  await expect(detail.getByTestId('batches-print-runs')).toContainText('0–9,999');
  await expect(strip.locator('.strip-part[data-kind="exported"]')).toHaveAttribute('title', '0–9,999（10,000 个码）：已导出打印');
  await expect(strip.locator('.strip-part[data-kind="imported"]')).toHaveAttribute('title', '10,000–19,999（10,000 个码）：已导入未导出');
  // The form moves on to the next range.
  await expect(exportForm.locator('input[name=code_start]')).toHaveValue('10000');
  await expect(exportForm.locator('input[name=code_end]')).toHaveValue('19999');

  await page.screenshot({ path: `test-results/batches-${target}.png`, fullPage: true });

  // In Node: the file and its manifest, under Training's <dataDir>/training/exports/ (the harness has no save dialog),
  // marked as training in its name, on every line and in the manifest (docs/modes.md).
  const exportsDir = join(dataDir, 'training', 'exports');
  const fileName = basename(filePath);
  expect(fileName).toMatch(/^TRAINING-/);
  expect(filePath).toBe(join(exportsDir, fileName));
  expect(existsSync(filePath)).toBe(true);
  expect(readdirSync(exportsDir).sort()).toEqual([fileName, `${fileName}.manifest.json`].sort());
  const text = readFileSync(filePath, 'utf8');
  const lines = text.split('\r\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(10_001);
  expect(lines[0]).toBe('TRAINING,code_index,code,code_url');
  expect(lines[1]).toMatch(/^TRAINING,0,[^,]{9},[^,]{28}$/);
  expect(lines[10_000]).toMatch(/^TRAINING,9999,/);
  const manifest = JSON.parse(readFileSync(`${filePath}.manifest.json`, 'utf8')) as Record<string, unknown>;
  expect(manifest).toMatchObject({
    count: 10_000,
    code_start: 0,
    code_end: 9_999,
    format: 'csv',
    header: true,
    file_sha256: sha,
    mode: 'training',
  });
});
