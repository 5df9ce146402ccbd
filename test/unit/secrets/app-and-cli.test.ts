import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { composeApp } from '@main/compose';
import { noKeychain } from '@main/secrets';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';
import type { ConnectionInfo } from '@shared/contract';

const LIVE_ACCOUNT: SimulatorAccount = { appid: 'wx1234567890abcdef', secret: 'live-secret-value-123', serviceKey: 'LiveServiceKey16' };

let dir: string;
let simulator: RunningSimulator;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mc-one-store-'));
  simulator = await startSimulator({ accounts: [LIVE_ACCOUNT] });
});
afterEach(async () => {
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], lang: 'en' | 'zh') {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--data-dir', dir], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { MARKETCODE_LANG: lang, MARKETCODE_SECRET_STORE: 'file' },
  });
  return { code, stdout, stderr };
}

describe('one secret store for the app and the CLI', () => {
  it('the CLI reads the Live credentials the app saved, and warns that they sit in a plain file', async () => {
    // An unlocked supervisor saves the connection (connection settings are a supervisor action).
    const unlocked = { requireSupervisor: () => 'supervisor:王工', currentActor: () => 'supervisor:王工' };
    const app = await composeApp({ dataDir: dir, secretKeys: noKeychain('no secret service'), gate: () => unlocked });
    try {
      const saved = await app.dispatch('connection.save', {
        mode: 'live',
        credentialKind: 'secret',
        appid: LIVE_ACCOUNT.appid,
        appSecret: LIVE_ACCOUNT.secret,
        serviceKey: LIVE_ACCOUNT.serviceKey,
        baseUrl: simulator.baseUrl,
      });
      expect(saved.ok).toBe(true);
      const info = (saved as { data: ConnectionInfo }).data;
      expect(info).toMatchObject({ secretProtection: 'owner-only-file', liveReady: true, secretNotices: [] });
      expect(JSON.stringify(info)).not.toContain(LIVE_ACCOUNT.secret);
    } finally {
      await app.close();
    }

    const applied = await cli(['api', 'applycode', '--body', '{"code_count":10000,"isv_application_id":"one-store"}'], 'en');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ application_id: expect.any(Number) });
    expect(simulator.admin.counters().perEndpoint.applycode).toBe(1);
    expect(applied.stderr).toContain('Warning: no usable OS keychain here');

    const en = await cli(['info'], 'en');
    expect(en.stdout).toContain('plain file readable by this user only');
    const zh = await cli(['info'], 'zh');
    expect(zh.stdout).toContain('明文文件，仅当前用户可读');
    expect(zh.stderr).toContain('警告：本机没有可用的系统钥匙串');
  });

  it('stays quiet about the plain file while it holds no secret, but reports an app file it cannot open', async () => {
    const first = await cli(['info'], 'en');
    expect(first.stderr).toBe('');
    writeFileSync(
      join(dir, 'secrets.sealed.json'),
      JSON.stringify({ cipher: 'safeStorage:gnome_libsecret', values: { appSecret: 'AAAA' } }),
    );
    const second = await cli(['info'], 'en');
    expect(second.stderr).toContain('secrets.sealed.json can only be opened by the desktop app');
  });
});
