import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp, SECRETS_FILE, type ComposedApp } from '@main/compose';
import { connectionFromEnvironment } from '@main/connection';
import { DEMO_ACCOUNT, startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';
import type { ConnectionInfo } from '@shared/contract';

const LIVE_ACCOUNT: SimulatorAccount = { appid: 'wx1234567890abcdef', secret: 'live-secret-value-123', serviceKey: 'LiveServiceKey16' };

let dir: string;
let app: ComposedApp | undefined;
let otherService: RunningSimulator | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-connection-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await otherService?.close();
  otherService = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Connection settings and the connection test are a supervisor's: these tests act as one (the refusal is in the role walk). */
const supervisorGate = () => ({ requireSupervisor: () => 'supervisor:test', currentActor: () => 'supervisor:test' });

async function compose(): Promise<ComposedApp> {
  app = await composeApp({ dataDir: dir, clientOptions: { sleep: async () => undefined }, gate: supervisorGate });
  return app;
}

async function ok<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const envelope = await promise;
  if (!envelope.ok) throw new Error(`expected ok, got ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

describe('connection', () => {
  it('starts in Training mode and its connection test reaches the embedded simulator', async () => {
    const composed = await compose();
    const info = await ok<ConnectionInfo>(composed.dispatch('connection.get', {}));
    expect(info).toMatchObject({ mode: 'training', liveReady: false, fromEnvironment: false });
    expect(composed.services.connection.trainingSimulator()).toBeUndefined(); // lazy: nothing started yet
    const result = await ok<{ mode: string; baseUrl: string }>(composed.dispatch('connection.test', {}));
    expect(result.mode).toBe('training');
    expect(result.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const counters = composed.services.connection.trainingSimulator()!.admin.counters();
    expect(counters.perEndpoint.stable_token).toBe(1);
  });

  it('keeps Training state in the data directory across restarts', async () => {
    const first = await compose();
    const { client } = await first.services.connection.active();
    const { application_id } = await client.applyCode({ code_count: 10_000, isv_application_id: 'persist-1' });
    await first.close();
    app = undefined;
    const second = await compose();
    const again = await (await second.services.connection.active()).client.queryApplication({ application_id });
    expect(again.isv_application_id).toBe('persist-1');
  });

  it('switches to Live with a token URL, tests it, and never returns or logs a secret', async () => {
    otherService = await startSimulator({ accounts: [LIVE_ACCOUNT] });
    const composed = await compose();
    const tokenUrl = `${otherService.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${LIVE_ACCOUNT.appid}&secret=${LIVE_ACCOUNT.secret}`;
    const saved = await ok<ConnectionInfo>(
      composed.dispatch('connection.save', {
        mode: 'live',
        credentialKind: 'tokenUrl',
        tokenUrl,
        serviceKey: LIVE_ACCOUNT.serviceKey,
        baseUrl: otherService.baseUrl,
      }),
    );
    expect(saved).toMatchObject({
      mode: 'live',
      credentialKind: 'tokenUrl',
      liveReady: true,
      secretsSet: { tokenUrl: true, serviceKey: true, appSecret: false },
    });
    expect(JSON.stringify(saved)).not.toContain(LIVE_ACCOUNT.secret);
    expect(JSON.stringify(await composed.dispatch('app.info', {}))).toContain('"mode":"live"');

    const tested = await ok<{ mode: string; tokenSource: string }>(composed.dispatch('connection.test', {}));
    expect(tested).toMatchObject({ mode: 'live', tokenSource: 'tokenUrl' });
    expect(otherService.admin.counters().perEndpoint.token).toBe(1);

    const active = await composed.services.connection.active();
    expect(active.serviceKey).toBe(LIVE_ACCOUNT.serviceKey);
    await active.client.applyCode({ code_count: 10_000, isv_application_id: 'live-1' });

    const secretsFile = join(dir, SECRETS_FILE);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const logs = readdirSync(join(dir, 'logs'))
      .map((name) => readFileSync(join(dir, 'logs', name), 'utf8'))
      .join('\n');
    expect(logs).toContain('connection saved');
    expect(logs).not.toContain(LIVE_ACCOUNT.secret);
    expect(logs).not.toContain(LIVE_ACCOUNT.serviceKey);
  });

  it('a wrong secret fails the connection test with the translated WeChat error', async () => {
    otherService = await startSimulator({ accounts: [LIVE_ACCOUNT] });
    const composed = await compose();
    await ok(
      composed.dispatch('connection.save', {
        mode: 'live',
        credentialKind: 'secret',
        appid: LIVE_ACCOUNT.appid,
        appSecret: 'not-the-secret',
        serviceKey: LIVE_ACCOUNT.serviceKey,
        baseUrl: otherService.baseUrl,
      }),
    );
    const envelope = await composed.dispatch('connection.test', {});
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('WECHAT_40125');
      expect(envelope.error.localized['zh-CN'].message).toMatch(/AppSecret|密钥/);
      expect(envelope.error.localized.en.hint).toBeTruthy();
      expect(JSON.stringify(envelope.error)).not.toContain('not-the-secret');
    }
  });

  it('refuses Live with missing credentials and changes nothing', async () => {
    const composed = await compose();
    const envelope = await composed.dispatch('connection.save', { mode: 'live', credentialKind: 'secret', appid: LIVE_ACCOUNT.appid });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('CONNECTION_INCOMPLETE');
      expect(envelope.error.localized.en.message).toBe('Live mode is missing: app secret, service key.');
      expect(envelope.error.localized['zh-CN'].message).toBe('正式模式缺少：AppSecret、服务密钥。');
    }
    expect(composed.services.connection.info()).toMatchObject({ mode: 'training', appid: '' });
  });

  it.each([
    ['an appid of the wrong shape', { appid: 'wx123' }, 'appid', 'appidFormat'],
    ['a service key of 15 characters', { serviceKey: 'FifteenChars123' }, 'serviceKey', 'serviceKeyFormat'],
    ['a service key with a space', { serviceKey: 'Sixteen chars 16' }, 'serviceKey', 'serviceKeyFormat'],
    ['a token URL that is not http(s)', { tokenUrl: 'ftp://tokens.example' }, 'tokenUrl', 'urlFormat'],
    ['an empty secret', { appSecret: '   ' }, 'appSecret', 'required'],
  ])('rejects %s at the bridge', async (_label, fields, field, problem) => {
    const composed = await compose();
    const envelope = await composed.dispatch('connection.save', { mode: 'training', credentialKind: 'secret', ...fields });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('INVALID_REQUEST');
      expect(envelope.error.details?.field).toBe(field);
      expect(envelope.error.message).toContain(problem);
    }
  });

  it('takes Live credentials from the environment for the CLI, without storing them', async () => {
    otherService = await startSimulator({ accounts: [LIVE_ACCOUNT] });
    const environment = connectionFromEnvironment({
      MARKETCODE_APPID: LIVE_ACCOUNT.appid,
      MARKETCODE_SECRET: LIVE_ACCOUNT.secret,
      MARKETCODE_SERVICE_KEY: LIVE_ACCOUNT.serviceKey,
      MARKETCODE_BASE_URL: otherService.baseUrl,
    });
    expect(environment?.credentialKind).toBe('secret');
    app = await composeApp({ dataDir: dir, environment, gate: supervisorGate });
    expect(app.services.connection.info()).toMatchObject({
      mode: 'live',
      liveReady: true,
      fromEnvironment: true,
      secretStore: 'environment',
    });
    await app.services.connection.test('supervisor:test');
    expect(otherService.admin.counters().perEndpoint.stable_token).toBe(1);
    const refused = await app.dispatch('connection.save', { mode: 'training', credentialKind: 'secret' });
    expect(refused.ok).toBe(false);
    expect(readdirSync(dir)).not.toContain(SECRETS_FILE);
  });

  it('uses the demo account only in Training', async () => {
    const composed = await compose();
    expect((await composed.services.connection.active()).serviceKey).toBe(DEMO_ACCOUNT.serviceKey);
  });
});
