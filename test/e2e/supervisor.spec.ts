import Database from 'better-sqlite3';
import { join } from 'node:path';
import { hashPinSync } from '../../src/main/supervisors/pin-hash';
import { expect, lockSupervisor, pressPinPad, setUpSupervisor, test, unlockWithPin } from './fixtures';

test('first run sets up 王工; locked, applying for codes opens the unlock dialog; a wrong PIN is refused, the right one lets the application through', async ({
  station,
}) => {
  test.setTimeout(60_000);
  const { page, dataDir, target } = station;

  // First run: the setup replaces the screens, but Settings stays open for IT.
  const setup = page.getByTestId('supervisor-setup');
  await expect(setup.getByRole('heading', { level: 1 })).toHaveText('设置第一位主管');
  await expect(page.getByTestId('screen-batches')).toHaveCount(0);
  await page.getByRole('button', { name: '设置', exact: true }).click();
  await expect(page.getByTestId('screen-settings')).toBeVisible();
  await expect(setup).toHaveCount(0);
  await page.getByRole('button', { name: '码批次', exact: true }).click();

  await setup.locator('input[name=name]').fill('王工');
  await setup.locator('input[name=pin]').fill('246802');
  await setup.locator('input[name=pinRepeat]').fill('248602');
  await setup.getByRole('button', { name: '创建主管' }).click();
  await expect(setup.getByRole('alert')).toHaveText('两次输入的 PIN 码不一致。');
  await setup.locator('input[name=pinRepeat]').fill('246802');
  await setup.getByRole('button', { name: '创建主管' }).click();

  const chip = page.getByTestId('supervisor-chip');
  await expect(chip).toContainText('主管：王工 · 10 分钟');
  await lockSupervisor(page);
  await expect(chip).toContainText('操作员');

  // Locked: applying for codes on the Batches screen asks for a supervisor.
  const screen = page.getByTestId('screen-batches');
  await screen.getByRole('button', { name: '申请第一批码' }).click();
  const form = screen.getByTestId('batches-apply');
  await form.locator('input[name=code_count]').fill('20000');
  await form.locator('input[name=label]').fill('主管解锁 E2E');
  await form.getByRole('button', { name: '提交申请' }).click();

  const dialog = page.getByRole('dialog', { name: '主管解锁' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('unlock-reason')).toContainText('需要主管解锁才能申请码。');
  await expect(dialog.getByRole('radio', { name: '王工' })).toHaveAttribute('aria-checked', 'true');

  // A wrong PIN on the on-screen pad.
  await pressPinPad(dialog, '135702');
  await dialog.getByRole('button', { name: '解锁', exact: true }).click();
  const wrong = dialog.locator('[data-error-code="SUPERVISOR_WRONG_PIN"]');
  await expect(wrong).toContainText('“王工”的 PIN 码不正确。');
  await expect(wrong).toContainText('还可再试 4 次，之后将暂停解锁 60 秒。');
  await expect(dialog.locator('input[name=pin]')).toHaveValue('');
  await expect(screen.getByTestId('batches-row')).toHaveCount(0);
  await page.screenshot({ path: `test-results/supervisor-${target}-wrong-pin.png`, fullPage: true });

  // The right PIN from the keyboard: the dialog closes and the application goes through.
  await page.keyboard.type('246802');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  const row = screen.getByTestId('batches-row');
  await expect(row).toContainText('主管解锁 E2E');
  await expect(row).toContainText('20,000 个码');
  await expect(form).toHaveCount(0);
  await expect(chip).toContainText('主管：王工 · 10 分钟');
  await page.screenshot({ path: `test-results/supervisor-${target}.png`, fullPage: true });

  // The ledgers name who did what; no PIN anywhere in either audit log. Supervisor entries are the station's
  // (ledger.sqlite), the application is Training's own ledger (docs/modes.md).
  const entries = (file: string) => {
    const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare(
          "SELECT actor, action, subject, details_json FROM audit_log WHERE action LIKE 'supervisor.%' OR action = 'application.requested' ORDER BY seq",
        )
        .all() as { actor: string; action: string; subject: string; details_json: string }[];
    } finally {
      db.close();
    }
  };
  const stationEntries = entries('ledger.sqlite');
  const training = entries(join('training', 'ledger.sqlite'));
  expect(stationEntries.map(({ actor, action }) => [actor, action])).toEqual([
    ['operator', 'supervisor.created'],
    ['supervisor:王工', 'supervisor.unlocked'],
    ['supervisor:王工', 'supervisor.locked'],
    ['operator', 'supervisor.unlock_failed'],
    ['supervisor:王工', 'supervisor.unlocked'],
  ]);
  expect(training.map(({ actor, action }) => [actor, action])).toEqual([['supervisor:王工', 'application.requested']]);
  const text = JSON.stringify([...stationEntries, ...training]);
  expect(text).not.toContain('246802');
  expect(text).not.toContain('135702');
});

test('a supervisor whose PIN is from before the 6-digit rule unlocks, is shown the change-PIN form at once, and can act once it is changed', async ({
  station,
}) => {
  test.setTimeout(60_000);
  const { page, dataDir } = station;
  await setUpSupervisor(page);
  await lockSupervisor(page);
  // As an older version left it: a 4-digit PIN's hash (scrypt, cheap parameters are read from the string).
  const db = new Database(join(dataDir, 'ledger.sqlite'), { fileMustExist: true });
  try {
    db.prepare("UPDATE supervisors SET pin_hash = ? WHERE name = '王工'").run(hashPinSync('2468', { N: 1024, r: 8, p: 1 }));
  } finally {
    db.close();
  }

  await unlockWithPin(page, '2468');
  const forced = page.getByTestId('pin-change-dialog');
  await expect(forced).toBeVisible();
  await expect(forced).toContainText('王工 的 PIN 码少于 6 位。');
  await forced.locator('input[name=oldPin]').fill('2468');
  await forced.locator('input[name=newPin]').fill('13579');
  await forced.locator('input[name=newPinRepeat]').fill('13579');
  await forced.getByRole('button', { name: '修改 PIN 码', exact: true }).click();
  await expect(forced.getByRole('alert')).toHaveText('至少 6 位数字。');
  await forced.locator('input[name=newPin]').fill('135790');
  await forced.locator('input[name=newPinRepeat]').fill('135790');
  await forced.getByRole('button', { name: '修改 PIN 码', exact: true }).click();
  await expect(forced).toHaveCount(0);
  await page.screenshot({ path: `test-results/supervisor-${station.target}-pin-changed.png`, fullPage: true });

  // Supervisor actions go through again: applying for codes needs no further unlock.
  const screen = page.getByTestId('screen-batches');
  await screen.getByRole('button', { name: '申请第一批码' }).click();
  const form = screen.getByTestId('batches-apply');
  await form.locator('input[name=code_count]').fill('10000');
  await form.getByRole('button', { name: '提交申请' }).click();
  await expect(screen.getByTestId('batches-row')).toContainText('10,000 个码');
  await expect(page.getByRole('dialog', { name: '主管解锁' })).toHaveCount(0);
});
