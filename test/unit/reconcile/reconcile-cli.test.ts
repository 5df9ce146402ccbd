/** `marketcode reconcile`: lists findings in both languages, applies a repair, and says when nothing differs. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { activationWorld } from '../activation/helpers';
import { record, type World } from './helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

async function cli(w: World, argv: string[], lang = 'en') {
  let stdout = '';
  let stderr = '';
  const env = { ...w.environment(), MARKETCODE_LANG: lang };
  const code = await runCli([...argv, '--data-dir', w.dataDir], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
  });
  return { code, stdout, stderr };
}

describe('marketcode reconcile', () => {
  it('lists a difference with its repairs, applies one, then reports agreement', async () => {
    const w = (world = await activationWorld(10_000));
    record(w.app, w, 0, 99);
    expect(await w.drain()).toBe('idle');
    // Someone renames the product in WeChat's console: WeChat no longer holds what the ledger recorded.
    w.simulator().admin.alterActivation({
      application_id: w.applicationId,
      code_index: 0,
      changes: { product_title: 'Renamed in the console' },
    });

    const zh = await cli(w, ['reconcile'], 'zh_CN.UTF-8');
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('微信中这些码的激活与账本不同');
    expect(zh.stdout).toContain('--adopt 1');

    const json = await cli(w, ['reconcile', '--json']);
    const report = JSON.parse(json.stdout) as { open: { id: number; kind: string; repairs: string[] }[]; run: { outcome: string } };
    expect(report.run.outcome).toBe('complete');
    expect(report.open).toMatchObject([{ id: 1, kind: 'differs_remotely', repairs: ['adopt', 'investigated'] }]);

    const refused = await cli(w, ['reconcile', '--investigated', '1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('needs a note');

    const noted = await cli(w, ['reconcile', '--investigated', '1', '--note', 'renamed on purpose by marketing']);
    expect(noted.code).toBe(0);
    expect(noted.stdout).toContain('investigated (cli): renamed on purpose by marketing');
    expect(w.app.services.audit.list({ action: 'reconcile.investigated' })).toMatchObject([{ actor: 'cli' }]);
    // Looked into: the same difference is not raised again.
    const again = await cli(w, ['reconcile']);
    expect(again.stdout).toContain('no open findings');
    expect(again.code).toBe(0);
  });

  it('says so when the ledger agrees with WeChat', async () => {
    const w = (world = await activationWorld(10_000));
    record(w.app, w, 0, 99);
    expect(await w.drain()).toBe('idle');
    const agreed = await cli(w, ['reconcile']);
    expect(agreed.stdout).toContain('no open findings');
    expect(agreed.stdout).toMatch(/asked WeChat \d+ times, compared 1 activations; everything was asked/);
    expect(agreed.code).toBe(0);
  });
});
