import { startSimulator, type RunningSimulator, type SimulatorAccount } from '../../src/main/simulator';
import { expect, lockSupervisor, setUpSupervisor, test, unlockWithPin } from './fixtures';

const LIVE_ACCOUNT: SimulatorAccount = { appid: 'wx00112233445566ff', secret: 'plant-secret-0001', serviceKey: 'PlantServiceK16!' };
const PIN = '246813';

let service: RunningSimulator;
test.beforeEach(async () => {
  service = await startSimulator({ accounts: [LIVE_ACCOUNT] });
});
test.afterEach(async () => {
  await service.close();
});

test('switches to Live with a token URL, tests it, and a wrong secret gets the translated error', async ({ station }) => {
  const { page, target } = station;
  await setUpSupervisor(page, { pin: PIN });
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
  // In Live an address off this PC must be https.
  await panel.locator('input[name=baseUrl]').fill('http://example.test');
  await panel.getByRole('button', { name: '保存' }).click();
  await expect(panel.getByText('正式模式需要 https:// 地址（http:// 只用于 127.0.0.1、::1 或 localhost）。')).toBeVisible();
  await panel.locator('input[name=baseUrl]').fill(service.baseUrl);
  await panel.getByRole('button', { name: '保存' }).click();
  // The switch says what changes and waits for a yes.
  const confirm = panel.getByRole('alertdialog', { name: '切换到正式模式？' });
  await expect(confirm).toContainText(`连接微信（${service.baseUrl}）`);
  await expect(confirm).toContainText('培训模式的申请、导出和扫码记录留在培训模式');
  await expect(panel.getByRole('button', { name: '保存' })).toHaveCount(0);
  await page.screenshot({ path: `test-results/connection-${target}-confirm-live.png`, fullPage: true });
  await confirm.getByRole('button', { name: '切换到正式模式' }).click();
  await expect(confirm).toHaveCount(0);
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

test('switching back to Training asks first; locked, the connection form says a supervisor must unlock', async ({ station }) => {
  const { page, target } = station;
  await setUpSupervisor(page, { pin: PIN });
  await page.getByRole('button', { name: '设置' }).click();
  const panel = page.getByTestId('connection-panel');

  const tokenUrl = `${service.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${LIVE_ACCOUNT.appid}&secret=${LIVE_ACCOUNT.secret}`;
  await panel.getByRole('radio', { name: '正式（微信）' }).click();
  await panel.getByRole('radio', { name: '令牌地址（中控令牌服务）' }).click();
  await panel.locator('input[name=tokenUrl]').fill(tokenUrl);
  await panel.locator('input[name=serviceKey]').fill(LIVE_ACCOUNT.serviceKey);
  await panel.locator('input[name=baseUrl]').fill(service.baseUrl);
  await panel.getByRole('button', { name: '保存' }).click();
  await panel.getByRole('alertdialog', { name: '切换到正式模式？' }).getByRole('button', { name: '切换到正式模式' }).click();
  await expect(panel.getByTestId('connection-status')).toHaveText('已保存。');

  // Back to Training: Cancel keeps Live; confirming switches.
  await panel.getByRole('radio', { name: '培训（内置模拟器）' }).click();
  await panel.getByRole('button', { name: '保存' }).click();
  const confirm = panel.getByRole('alertdialog', { name: '切换到培训模式？' });
  await expect(confirm).toContainText('不会访问微信');
  await expect(confirm).toContainText('正式模式的申请、导出、激活和扫码记录留在正式模式');
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('training-banner')).toHaveCount(0);
  await panel.getByRole('button', { name: '保存' }).click();
  await confirm.getByRole('button', { name: '切换到培训模式' }).click();
  await expect(panel.getByTestId('connection-status')).toHaveText('已保存。');
  await expect(page.getByTestId('training-banner')).toBeVisible();

  // Locked: no form that fails on save, but the reason and a way to unlock.
  await lockSupervisor(page);
  const locked = panel.getByTestId('connection-locked');
  await expect(locked).toContainText('修改或测试连接需要主管');
  await expect(panel.getByRole('button', { name: '保存' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: '测试连接' })).toHaveCount(0);
  await expect(panel.locator('input[name=baseUrl]')).toBeDisabled();
  await expect(panel.getByRole('radio', { name: '正式（微信）' })).toBeDisabled();
  await page.screenshot({ path: `test-results/connection-${target}-locked.png`, fullPage: true });
  await unlockWithPin(page, PIN);
  await expect(locked).toHaveCount(0);
  await expect(panel.getByRole('button', { name: '测试连接' })).toBeEnabled();
  await expect(panel.locator('input[name=baseUrl]')).toBeEnabled();
});
