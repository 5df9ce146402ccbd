import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';

const ACCOUNT: SimulatorAccount = { appid: 'wx0a0b0c0d0e0f1011', secret: 'cli-secret', serviceKey: 'CliServiceKey16!' };

let dir: string;
let service: RunningSimulator;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mc-cli-api-'));
  service = await startSimulator({ accounts: [ACCOUNT], finishDelayMs: 0 });
});
afterEach(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data-dir', dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

const liveEnv = () => ({
  MARKETCODE_APPID: ACCOUNT.appid,
  MARKETCODE_SECRET: ACCOUNT.secret,
  MARKETCODE_SERVICE_KEY: ACCOUNT.serviceKey,
  MARKETCODE_BASE_URL: service.baseUrl,
});

describe('marketcode api', () => {
  it('calls the service named by MARKETCODE_* variables and prints its JSON answer', async () => {
    const applied = await run(['api', 'applycode', '--body', '{"code_count":10000,"isv_application_id":"t1"}'], liveEnv());
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const { application_id } = JSON.parse(applied.stdout) as { application_id: number };
    expect(application_id).toBeGreaterThan(0);

    const queried = await run(['api', 'applycodequery', '--body', JSON.stringify({ application_id })], liveEnv());
    expect(JSON.parse(queried.stdout)).toMatchObject({
      status: 'FINISH',
      isv_application_id: 't1',
      code_generate_list: [{ code_start: 0, code_end: 9999 }],
    });
    expect(service.admin.counters().perEndpoint.applycode).toBe(1);
  });

  it('uses the embedded Training simulator without any variables', async () => {
    const applied = await run(['api', 'applycode', '--body', '{"code_count":20000,"isv_application_id":"training-1"}'], {});
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout).application_id).toBeGreaterThan(0);
    expect(service.admin.counters().perEndpoint.applycode ?? 0).toBe(0);
  });

  it('explains bad input in the user’s language and sends nothing', async () => {
    const badCount = await run(['api', 'applycode', '--body', '{"code_count":12345,"isv_application_id":"t1"}'], {
      ...liveEnv(),
      LANG: 'zh_CN.UTF-8',
    });
    expect(badCount.code).toBe(1);
    expect(badCount.stderr).toContain('10,000');
    const badJson = await run(['api', 'applycode', '--body', '{oops'], liveEnv());
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toContain('--body is not valid JSON');
    const unknown = await run(['api', 'frobnicate'], liveEnv());
    expect(unknown.stderr).toContain('Unknown endpoint: frobnicate');
    expect(service.admin.counters().perEndpoint.applycode ?? 0).toBe(0);
  });

  it('reports the service’s refusal with its errcode', async () => {
    const result = await run(['api', 'applycode', '--body', '{"code_count":10000,"isv_application_id":"t1"}'], {
      ...liveEnv(),
      MARKETCODE_SECRET: 'wrong',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('40125');
  });
});
