import { describe, expect, it } from 'vitest';
import {
  effectiveConnection,
  missingForLive,
  savedConnection,
  secretsSetAfter,
  storedSecret,
  tokenProviderPlan,
  type SecretsSet,
} from '@main/connection/connection-rules';
import type { StoredConnection } from '@main/connection/connection-store';
import type { EnvironmentConnection } from '@main/connection/environment';

const SAVED: StoredConnection = { mode: 'training', credentialKind: 'secret', appid: 'wx1234567890abcdef', baseUrl: 'https://saved' };
const ENV: EnvironmentConnection = { credentialKind: 'token', appid: '', baseUrl: 'https://env', accessToken: 't' };
const NONE: SecretsSet = { appSecret: false, accessToken: false, tokenUrl: false, serviceKey: false };
const ALL: SecretsSet = { appSecret: true, accessToken: true, tokenUrl: true, serviceKey: true };

describe('effectiveConnection: which settings are in force', () => {
  it.each<[string, EnvironmentConnection | undefined, 'training' | 'live' | undefined, StoredConnection]>([
    ['the saved ones', undefined, undefined, SAVED],
    ['a forced mode over the saved one', undefined, 'live', { ...SAVED, mode: 'live' }],
    [
      'the environment over everything, always Live',
      ENV,
      'training',
      { mode: 'live', credentialKind: 'token', appid: '', baseUrl: 'https://env' },
    ],
  ])('%s', (_name, environment, forced, expected) => {
    expect(effectiveConnection(SAVED, environment, forced)).toEqual(expected);
  });
});

describe('missingForLive: what Live still lacks', () => {
  it.each<[string, StoredConnection, SecretsSet, string[]]>([
    ['nothing with everything set', SAVED, ALL, []],
    ['AppID + secret without either, and no service key', { ...SAVED, appid: '' }, NONE, ['appid', 'appSecret', 'serviceKey']],
    [
      'a pasted token needs no AppID',
      { ...SAVED, credentialKind: 'token', appid: '' },
      { ...NONE, accessToken: true, serviceKey: true },
      [],
    ],
    ['a token URL needs the URL', { ...SAVED, credentialKind: 'tokenUrl' }, { ...NONE, serviceKey: true }, ['tokenUrl']],
    ['the service key always', SAVED, { ...ALL, serviceKey: false }, ['serviceKey']],
  ])('%s', (_name, connection, set, expected) => {
    expect(missingForLive(connection, set)).toEqual(expected);
  });
});

describe('what a save stores', () => {
  it('keeps the saved AppID and base URL unless given, trimmed', () => {
    expect(savedConnection({ mode: 'live', credentialKind: 'token' }, SAVED)).toEqual({ ...SAVED, mode: 'live', credentialKind: 'token' });
    expect(savedConnection({ mode: 'live', credentialKind: 'secret', appid: ' wxabc ', baseUrl: ' https://x ' }, SAVED)).toMatchObject({
      appid: 'wxabc',
      baseUrl: 'https://x',
    });
  });

  it('counts the secrets it brings as set', () => {
    expect(secretsSetAfter({ mode: 'live', credentialKind: 'secret', appSecret: 's', serviceKey: 'k' }, NONE)).toEqual({
      ...NONE,
      appSecret: true,
      serviceKey: true,
    });
  });

  it.each([
    ['appSecret', ' s ', 's'],
    ['tokenUrl', ' https://t ', 'https://t'],
    ['serviceKey', ' key with spaces ', ' key with spaces '],
  ] as const)('stores %s %j as %j', (name, value, stored) => {
    expect(storedSecret(name, value)).toBe(stored);
  });
});

describe('tokenProviderPlan: which provider the credentials call for', () => {
  it.each<[string, StoredConnection, Record<string, string>, ReturnType<typeof tokenProviderPlan>]>([
    ['AppID + secret', SAVED, { appSecret: 's' }, { kind: 'app-secret', baseUrl: 'https://base', appid: SAVED.appid, secret: 's' }],
    ['a pasted token', { ...SAVED, credentialKind: 'token' }, { accessToken: 't' }, { kind: 'static', accessToken: 't' }],
    ['a token URL', { ...SAVED, credentialKind: 'tokenUrl' }, { tokenUrl: 'https://t' }, { kind: 'token-url', url: 'https://t' }],
    [
      'a missing secret is empty, for the provider to refuse',
      SAVED,
      {},
      { kind: 'app-secret', baseUrl: 'https://base', appid: SAVED.appid, secret: '' },
    ],
  ])('%s', (_name, connection, secrets, expected) => {
    expect(tokenProviderPlan(connection, secrets, 'https://base')).toEqual(expected);
  });
});
