import { expect, setUpSupervisor, test } from './fixtures';

test('opens in Chinese with version and Training mode from main, switches to English and back', async ({ station }) => {
  const { page, target } = station;
  await setUpSupervisor(page);
  const footer = page.getByTestId('shell-footer');
  await expect(footer).toContainText('培训');
  await expect(footer).toContainText(/v\d+\.\d+\.\d+/);
  await expect(page.getByTestId('training-banner')).toContainText('培训模式');
  await expect(page.getByRole('navigation')).toContainText('码批次');
  await expect(page.getByTestId('screen-batches')).toContainText('还没有码批次');

  await page.getByRole('button', { name: '设置' }).click();
  await expect(page.getByTestId('app-mode')).toHaveText('培训');
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await page.screenshot({ path: `test-results/shell-${target}-zh-CN.png` });

  await page.getByRole('radio', { name: 'English' }).click();
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(page.getByTestId('training-banner')).toContainText('Training mode');
  await expect(page.getByTestId('app-mode')).toHaveText('Training');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: `test-results/shell-${target}-en.png` });

  // The choice is stored in main: a reload keeps English.
  await page.reload();
  await expect(page.getByTestId('shell-footer')).toContainText('Training');

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: '简体中文' }).click();
  await expect(page.getByRole('radio', { name: '简体中文' })).toBeChecked();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  await expect(page.getByTestId('training-banner')).toContainText('培训模式');
});

test('every navigation entry opens its own screen, and none is a placeholder', async ({ station }) => {
  const { page } = station;
  await setUpSupervisor(page);
  for (const [name, label] of [
    ['batches', '码批次'],
    ['activate', '激活'],
    ['verify', '校验'],
    ['products', '产品'],
    ['log', '日志'],
    ['settings', '设置'],
  ] as const) {
    await page.getByRole('navigation').getByRole('button', { name: label, exact: true }).click();
    await expect(page.getByTestId(`screen-${name}`)).toBeVisible();
    await expect(page.getByText('此页面将在后续版本提供')).toHaveCount(0);
  }
});
