/**
 * Live transport (DESIGN §6): https only, plain http to loopback only, refused at save and at use
 * (saved settings and environment variables alike); no redirect is ever followed, so a token
 * endpoint answering 307 cannot make the station post its secret somewhere else.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp, SECRETS_FILE, type ComposedApp } from '@main/compose';
import { connectionFromEnvironment } from '@main/connection';
import { connectionChange, liveTransportProblem } from '@main/connection/connection-rules';
import type { StoredConnection } from '@main/connection/connection-store';
import { createAppSecretTokenProvider, createTokenUrlProvider, isWechatError } from '@main/wechat';
import { liveUrlProblem } from '@shared/validation/connection-rules';
import type { Envelope } from '@shared/envelope';
import { startScriptedServer } from '../wechat/support/scripted-server';

const APPID = 'wx00112233445566ff';
const SECRET = 'plant-secret-must-stay-home-0001';
const SERVICE_KEY = 'PlantServiceK16!';
const supervisorGate = () => ({ requireSupervisor: () => 'supervisor:李工', currentActor: () => 'supervisor:李工' });

describe('liveUrlProblem: which URLs may carry Live traffic', () => {
  it.each<[string, ReturnType<typeof liveUrlProblem>]>([
    ['https://api.weixin.qq.com', undefined],
    ['https://tokens.plant.example:8443/token?key=x', undefined],
    [' https://api.weixin.qq.com ', undefined],
    ['http://127.0.0.1:5180', undefined],
    ['http://localhost:8080/cgi-bin', undefined],
    ['http://LOCALHOST', undefined],
    ['http://[::1]:9000', undefined],
    ['http://example.test', { problem: 'insecureScheme', scheme: 'http', host: 'example.test' }],
    ['http://api.weixin.qq.com', { problem: 'insecureScheme', scheme: 'http', host: 'api.weixin.qq.com' }],
    ['http://127.0.0.2', { problem: 'insecureScheme', scheme: 'http', host: '127.0.0.2' }],
    ['http://localhost.example.test', { problem: 'insecureScheme', scheme: 'http', host: 'localhost.example.test' }],
    ['http://192.168.1.10:8080', { problem: 'insecureScheme', scheme: 'http', host: '192.168.1.10' }],
    ['ftp://tokens.example', { problem: 'insecureScheme', scheme: 'ftp', host: 'tokens.example' }],
    ['tokens.example', { problem: 'notUrl' }],
  ])('%s', (url, expected) => {
    expect(liveUrlProblem(url)).toEqual(expected);
  });
});

const LIVE: StoredConnection = { mode: 'live', credentialKind: 'secret', appid: APPID, baseUrl: 'https://api.weixin.qq.com' };

describe('liveTransportProblem: the first URL of the settings Live may not use', () => {
  it.each<[string, StoredConnection, string | undefined, ReturnType<typeof liveTransportProblem>]>([
    ['https base URL', LIVE, undefined, undefined],
    ['http base URL', { ...LIVE, baseUrl: 'http://example.test' }, undefined, { field: 'baseUrl', scheme: 'http', host: 'example.test' }],
    ['Training is never refused', { ...LIVE, mode: 'training', baseUrl: 'http://example.test' }, undefined, undefined],
    ['loopback http (simulator, tests)', { ...LIVE, baseUrl: 'http://127.0.0.1:4000' }, undefined, undefined],
    [
      'an http token URL in use',
      { ...LIVE, credentialKind: 'tokenUrl' },
      'http://tokens.example.test/t?key=k',
      { field: 'tokenUrl', scheme: 'http', host: 'tokens.example.test' },
    ],
    ['a token URL not in use', LIVE, 'http://tokens.example.test/t', undefined],
    ['a base URL that is no URL', { ...LIVE, baseUrl: 'api.weixin.qq.com' }, undefined, { field: 'baseUrl', scheme: '', host: '' }],
  ])('%s', (_name, connection, tokenUrl, expected) => {
    expect(liveTransportProblem(connection, tokenUrl)).toEqual(expected);
  });
});

describe('connectionChange: what a save records', () => {
  const TRAINING: StoredConnection = { mode: 'training', credentialKind: 'secret', appid: '', baseUrl: 'https://api.weixin.qq.com' };
  it.each<[string, StoredConnection, Parameters<typeof connectionChange>[2], ReturnType<typeof connectionChange>]>([
    [
      'Training to Live with AppID, secret and service key',
      { ...LIVE, baseUrl: TRAINING.baseUrl },
      { mode: 'live', credentialKind: 'secret', appid: APPID, appSecret: SECRET, serviceKey: SERVICE_KEY },
      {
        mode_from: 'training',
        mode_to: 'live',
        credential_kind_from: 'secret',
        credential_kind_to: 'secret',
        appid_from: '',
        appid_to: APPID,
        replaced: ['appSecret', 'serviceKey'],
      },
    ],
    [
      'a token URL: only its origin; a base URL: origin and path; never user info or query',
      { ...TRAINING, credentialKind: 'tokenUrl', baseUrl: 'https://gw:pw@proxy.example/wx?key=k' },
      {
        mode: 'training',
        credentialKind: 'tokenUrl',
        tokenUrl: 'https://ops:pw@tokens.example:8443/t?secret=abc',
        baseUrl: 'https://gw:pw@proxy.example/wx?key=k',
      },
      {
        mode_from: 'training',
        mode_to: 'training',
        credential_kind_from: 'secret',
        credential_kind_to: 'tokenUrl',
        base_url_from: 'https://api.weixin.qq.com',
        base_url_to: 'https://proxy.example/wx',
        replaced: ['tokenUrl'],
        credential_service_to: 'https://tokens.example:8443',
      },
    ],
  ])('%s', (_name, after, update, expected) => {
    expect(connectionChange(TRAINING, after, update)).toEqual(expected);
  });
});

/** A token endpoint answering every request with `status` and a location on `target`, and the listener it points to. */
async function redirectingPair(status = 307) {
  const second = await startScriptedServer(() => ({ json: { access_token: 'STOLEN', expires_in: 7200 } }));
  const first = await startScriptedServer((request) => ({
    status,
    json: {},
    headers: { location: `${second.baseUrl}${request.path}${Object.keys(request.query).length > 0 ? '?x=1' : ''}` },
  }));
  return { first, second, close: () => Promise.all([first.close(), second.close()]) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('redirects are never followed', () => {
  let pair: Awaited<ReturnType<typeof redirectingPair>>;
  afterEach(async () => {
    await pair.close();
  });

  it.each([307, 308, 302, 301])(
    'a %i from stable_token: refused (no fallback to /cgi-bin/token), and the secret never reaches the second listener',
    async (status) => {
      pair = await redirectingPair(status);
      const provider = createAppSecretTokenProvider({ baseUrl: pair.first.baseUrl, appid: APPID, secret: SECRET });
      const error = await rejection(provider.getToken());
      expect(isWechatError(error) && error.code).toBe('WECHAT_REDIRECT_REFUSED');
      expect(pair.first.requests.map((request) => request.path)).toEqual(['/cgi-bin/stable_token']);
      expect(pair.second.requests).toEqual([]);
      if (isWechatError(error)) {
        expect(error.localized.en.message).toContain(`HTTP ${status}`);
        expect(error.localized.en.message).toContain(pair.second.baseUrl);
        expect(error.localized['zh-CN'].message).toContain('重定向');
        expect(JSON.stringify(error.toPayload())).not.toContain(SECRET);
      }
    },
  );

  it('the token URL provider: refused the same way, even to the same origin', async () => {
    pair = await redirectingPair();
    const elsewhere = createTokenUrlProvider({ url: `${pair.first.baseUrl}/token?key=central-service-key-1` });
    const refused = await rejection(elsewhere.getToken());
    expect(isWechatError(refused) && refused.code).toBe('WECHAT_REDIRECT_REFUSED');
    expect(JSON.stringify(isWechatError(refused) ? refused.toPayload() : refused)).not.toContain('central-service-key-1');
    const sameOrigin = await startScriptedServer((request) =>
      request.path === '/moved'
        ? { json: { access_token: 'T', expires_in: 7200 } }
        : { status: 307, json: {}, headers: { location: '/moved' } },
    );
    try {
      const error = await rejection(createTokenUrlProvider({ url: `${sameOrigin.baseUrl}/token` }).getToken());
      expect(isWechatError(error) && error.code).toBe('WECHAT_REDIRECT_REFUSED');
      expect(sameOrigin.requests.map((request) => request.path)).toEqual(['/token']);
    } finally {
      await sameOrigin.close();
    }
    expect(pair.second.requests).toEqual([]);
  });
});

describe('the WeChat layer holds every request to the same rule', () => {
  it('an http:// token URL or base URL off this PC is refused before fetch is called', async () => {
    const fetched: string[] = [];
    const fetch = (url: string) => {
      fetched.push(url);
      return Promise.reject(new Error('must not be called'));
    };
    const byUrl = await rejection(createTokenUrlProvider({ url: 'http://example.test/token?key=central-key-123', fetch }).getToken());
    const bySecret = await rejection(
      createAppSecretTokenProvider({ baseUrl: 'http://example.test', appid: APPID, secret: SECRET, fetch }).getToken(),
    );
    for (const error of [byUrl, bySecret]) {
      expect(isWechatError(error) && error.code).toBe('WECHAT_INSECURE_URL');
      expect(isWechatError(error) && error.localized.en.message).toContain('http:// to example.test is not allowed');
    }
    expect(fetched).toEqual([]);
  });
});

describe('the connection refuses insecure Live URLs', () => {
  let dir: string;
  let app: ComposedApp | undefined;
  let pair: Awaited<ReturnType<typeof redirectingPair>> | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mc-transport-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await pair?.close();
    pair = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const errorOf = (envelope: Envelope<unknown>) => (envelope.ok ? undefined : envelope.error);

  it.each([
    ['base URL', { credentialKind: 'secret', appid: APPID, appSecret: SECRET, baseUrl: 'http://example.test' }, 'service address'],
    ['token URL', { credentialKind: 'tokenUrl', tokenUrl: 'http://example.test/token?key=k' }, 'token URL'],
  ] as const)('an http:// %s at save: a translated refusal naming the scheme, and nothing saved', async (_name, fields, word) => {
    app = await composeApp({ dataDir: dir, gate: supervisorGate });
    const head = app.services.audit.head();
    const error = errorOf(await app.dispatch('connection.save', { mode: 'live', serviceKey: SERVICE_KEY, ...fields }));
    expect(error?.code).toBe('CONNECTION_INSECURE_URL');
    expect(error?.localized.en.message).toBe(`Live mode cannot use the ${word} over http:// (example.test): only https:// is allowed.`);
    expect(error?.localized['zh-CN'].message).toContain('http://（example.test）');
    expect(error?.localized.en.hint).toContain('127.0.0.1');
    expect(app.services.connection.info()).toMatchObject({
      mode: 'training',
      secretsSet: { appSecret: false, tokenUrl: false, serviceKey: false },
    });
    expect(existsSync(join(dir, SECRETS_FILE))).toBe(false);
    expect(app.services.audit.head()).toEqual(head);
  });

  it('an http:// base URL from the environment is refused at use, before anything is sent', async () => {
    const environment = connectionFromEnvironment({
      MARKETCODE_APPID: APPID,
      MARKETCODE_SECRET: SECRET,
      MARKETCODE_SERVICE_KEY: SERVICE_KEY,
      MARKETCODE_BASE_URL: 'http://example.test',
    });
    app = await composeApp({ dataDir: dir, environment, gate: supervisorGate });
    const error = errorOf(await app.dispatch('connection.test', {}));
    expect(error?.code).toBe('CONNECTION_INSECURE_URL');
    expect(error?.details).toMatchObject({ field: 'baseUrl', scheme: 'http', host: 'example.test' });
    await expect(app.services.connection.active()).rejects.toMatchObject({ code: 'CONNECTION_INSECURE_URL' });
    // The failed test is audited with who asked and why; never the secret.
    const [entry] = app.services.audit.list({ action: 'connection.tested' });
    expect(entry).toMatchObject({ actor: 'supervisor:李工', details: { outcome: 'failed', error_code: 'CONNECTION_INSECURE_URL' } });
  });

  it('a token endpoint answering 307 to another listener: the connection test fails clearly and the secret stays home', async () => {
    pair = await redirectingPair();
    app = await composeApp({ dataDir: dir, gate: supervisorGate, clientOptions: { sleep: async () => undefined } });
    const saved = await app.dispatch('connection.save', {
      mode: 'live',
      credentialKind: 'secret',
      appid: APPID,
      appSecret: SECRET,
      serviceKey: SERVICE_KEY,
      baseUrl: pair.first.baseUrl,
    });
    expect(saved.ok).toBe(true);
    const error = errorOf(await app.dispatch('connection.test', {}));
    expect(error?.code).toBe('WECHAT_REDIRECT_REFUSED');
    expect(error?.localized['zh-CN'].hint).toBeTruthy();
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(pair.first.requests).toHaveLength(1);
    expect(pair.second.requests).toEqual([]);
  });
});
