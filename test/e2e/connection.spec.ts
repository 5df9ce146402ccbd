import { startSimulator, type RunningSimulator, type SimulatorAccount } from '../../src/main/simulator';
import { expect, test } from './fixtures';

const LIVE_ACCOUNT: SimulatorAccount = { appid: 'wx00112233445566ff', secret: 'plant-secret-0001', serviceKey: 'PlantServiceK16!' };

let service: RunningSimulator;
test.beforeEach(async () => {
  service = await startSimulator({ accounts: [LIVE_ACCOUNT] });
});
test.afterEach(async () => {
  await service.close();
});

test('switches to Live with a token URL, tests it, and a wrong secret gets the translated error', async ({ station }) => {
  const { page, target } = station;
  await page.getByRole('button', { name: '设置' }).click();
  const panel = page.getByTestId('connection-panel');

  // Training works out of the box against the built-in simulator.
  await panel.getByRole('button', { name: '测试连接' }).click();
  await expect(panel.getByTestId('connection-status')).toContainText('连接成功');
  await expect(panel.getByTestId('connection-status')).toContainText('内置模拟器');

  // Validation speaks before anything is sent.
  await panel.getByRole('radio', { name: '正式（微信）' }).click();
  await panel.getByRole('radio', { name: '令牌地址（中控令牌服务）' }).click();
  await panel.locator('input[name=tokenUrl]').fill('tokens.example');
  await panel.locator('input[name=serviceKey]').fill('short');
  await panel.getByRole('button', { name: '保存' }).click();
  await expect(panel.getByText('请输入以 https:// 或 http:// 开头的完整地址。')).toBeVisible();
  await expect(panel.getByText('服务密钥必须正好 16 个字符（字母、数字或符号，不含空格）。')).toBeVisible();

  const tokenUrl = `${service.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${LIVE_ACCOUNT.appid}&secret=${LIVE_ACCOUNT.secret}`;
  await panel.locator('input[name=tokenUrl]').fill(tokenUrl);
  await panel.locator('input[name=serviceKey]').fill(LIVE_ACCOUNT.serviceKey);
  await panel.locator('input[name=baseUrl]').fill(service.baseUrl);
  await panel.getByRole('button', { name: '保存' }).click();
  await expect(panel.getByTestId('connection-status')).toHaveText('已保存。');
  await expect(page.getByTestId('training-banner')).toHaveCount(0);
  await expect(page.getByTestId('shell-footer')).toContainText('正式');
  // Secrets never come back to the page.
  await expect(panel.locator('input[name=serviceKey]')).toHaveValue('');
  expect(await page.content()).not.toContain(LIVE_ACCOUNT.serviceKey);

  await panel.getByRole('button', { name: '测试连接' }).click();
  await expect(panel.getByTestId('connection-status')).toContainText(`连接成功`);
  await expect(panel.getByTestId('connection-status')).toContainText(service.baseUrl);
  expect(service.admin.counters().perEndpoint.token).toBe(1);

  // AppID + a wrong secret: the service's refusal, in words.
  await panel.getByRole('radio', { name: 'AppID + AppSecret' }).click();
  await panel.locator('input[name=appid]').fill(LIVE_ACCOUNT.appid);
  await panel.locator('input[name=appSecret]').fill('not-the-secret');
  await panel.getByRole('button', { name: '保存' }).click();
  await expect(panel.getByTestId('connection-status')).toHaveText('已保存。');
  await panel.getByRole('button', { name: '测试连接' }).click();
  const error = panel.locator('[data-error-code="WECHAT_40125"]');
  await expect(error).toBeVisible();
  await expect(error).toContainText('AppSecret');
  await page.screenshot({ path: `test-results/connection-${target}-wrong-secret.png`, fullPage: true });
});
