import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Channel, ChannelRequest, ChannelResponse } from '../../src/shared/contract';
import { expect, setUpSupervisor, test } from './fixtures';

/** One bridge call from the page, as the renderer makes it; throws main's refusal. */
async function invoke<C extends Channel>(page: Page, channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const envelope = await page.evaluate(([name, body]) => window.api.invoke(name as C, body as ChannelRequest<C>), [
    channel,
    request,
  ] as const);
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data as ChannelResponse<C>;
}

test('the Activate screen lists an activation WeChat holds but the ledger lost, and adopting it makes it active again', async ({
  station,
}) => {
  test.setTimeout(120_000);
  const { page, dataDir } = station;
  await setUpSupervisor(page);

  // 20,000 codes from the Training simulator, and one carton run activated for a demo product.
  await invoke(page, 'batches.apply', { code_count: 20_000, label: '对账 E2E' });
  await expect.poll(async () => (await invoke(page, 'batches.list', {}))[0]?.state, { timeout: 60_000 }).toBe('imported');
  const [application] = await invoke(page, 'batches.list', {});
  const [product] = await invoke(page, 'products.list', {});
  const applicationId = application!.application_id!;
  const recorded = await invoke(page, 'activation.create', {
    application_id: applicationId,
    code_start: 0,
    code_end: 999,
    product_code: product!.product_code,
  });
  await expect
    .poll(async () => (await invoke(page, 'activation.list', { application_id: applicationId }))[0]?.confirmed_at ?? null, {
      timeout: 30_000,
    })
    .not.toBeNull();

  // The power-loss stand-in: the ledger (Training's own, docs/modes.md) no longer holds what WeChat accepted.
  const ledger = new Database(join(dataDir, 'training', 'ledger.sqlite'), { fileMustExist: true });
  try {
    expect(ledger.prepare('DELETE FROM activations WHERE id = ?').run(recorded.id).changes).toBe(1);
  } finally {
    ledger.close();
  }

  await page.getByRole('button', { name: '激活', exact: true }).click();
  const card = page.getByTestId('reconcile-card');
  await expect(card).toContainText('与微信对账');
  await expect(card).toContainText('本工作站尚未对账。');
  await card.getByTestId('reconcile-run').click();

  const finding = card.getByTestId('reconcile-finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-kind', 'unknown_to_ledger');
  await expect(finding).toContainText('微信中有一个本账本没有的激活');
  await expect(finding).toContainText(product!.product_code);
  await expect(card.getByTestId('reconcile-last')).toHaveAttribute('data-outcome', 'complete');

  await finding.getByRole('button', { name: '采纳微信的激活' }).click();
  await expect(finding).toHaveCount(0);
  await expect(card.getByTestId('reconcile-none')).toBeVisible();

  const list = page.getByTestId('activate-list');
  await page.getByRole('button', { name: '码批次', exact: true }).click();
  await page.getByRole('button', { name: '激活', exact: true }).click();
  await expect(list.getByTestId('activation-item')).toHaveCount(1);
  await expect(list.getByTestId('activation-item')).toHaveAttribute('data-state', 'active');
  const activations = await invoke(page, 'activation.list', { application_id: applicationId });
  expect(activations.map((a) => [a.code_start, a.code_end, a.state, a.created_by])).toEqual([[0, 999, 'active', 'supervisor:王工']]);
});
