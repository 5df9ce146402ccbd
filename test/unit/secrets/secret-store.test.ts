import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFileSecretStore,
  decideSealing,
  keychainCipher,
  KEYCHAIN_CIPHER_NAME,
  noKeychain,
  openSecretStore,
  PLAIN_CIPHER,
  type SealingDecision,
  type SealingFacts,
  type SecretCipher,
  type SecretKeyProvider,
} from '@main/secrets';
import { isAppError } from '@shared/errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Stands in for the OS keychain: one key per account, kept as long as the object lives. */
function fakeKeychain(): SecretKeyProvider & { keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  return {
    keys,
    loadOrCreateKey(account) {
      const existing = keys.get(account);
      if (existing) return { key: existing, created: false };
      const key = Buffer.alloc(32, keys.size + 7);
      keys.set(account, key);
      return { key, created: true };
    },
  };
}

const open = (keys: SecretKeyProvider, legacy: Parameters<typeof openSecretStore>[0]['legacy'] = []) =>
  openSecretStore({ dataDir: dir, fileName: 'secrets.json', keys, legacy });

function expectError(code: string, read: () => unknown): void {
  try {
    read();
  } catch (error) {
    expect(isAppError(error) && error.code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('decideSealing', () => {
  const available = (keyCreated = false): SealingFacts['keychain'] => ({ available: true, keyCreated });
  const missing: SealingFacts['keychain'] = { available: false, reason: 'no secret service' };
  const table: Array<[string, SealingFacts, SealingDecision]> = [
    [
      'keychain, fresh folder',
      { keychain: available(true), storedCipher: undefined },
      { seal: 'keychain', resealPlainFile: false, setAsideUnreadable: false },
    ],
    [
      'keychain, sealed file',
      { keychain: available(), storedCipher: KEYCHAIN_CIPHER_NAME },
      { seal: 'keychain', resealPlainFile: false, setAsideUnreadable: false },
    ],
    [
      'keychain, old plain file',
      { keychain: available(), storedCipher: 'plain' },
      { seal: 'keychain', resealPlainFile: true, setAsideUnreadable: false },
    ],
    [
      'keychain lost its key',
      { keychain: available(true), storedCipher: KEYCHAIN_CIPHER_NAME },
      { seal: 'keychain', resealPlainFile: false, setAsideUnreadable: true },
    ],
    ['no keychain, fresh folder', { keychain: missing, storedCipher: undefined }, { seal: 'owner-only-file', reason: 'no secret service' }],
    ['no keychain, plain file', { keychain: missing, storedCipher: 'plain' }, { seal: 'owner-only-file', reason: 'no secret service' }],
    [
      'no keychain now, sealed file',
      { keychain: missing, storedCipher: KEYCHAIN_CIPHER_NAME },
      { seal: 'keychain-unreachable', reason: 'no secret service' },
    ],
  ];
  it.each(table)('%s', (_name, facts, decision) => expect(decideSealing(facts)).toEqual(decision));
});

describe('keychainCipher', () => {
  const key = Buffer.alloc(32, 1);
  it('round-trips, with a fresh iv each time', () => {
    const cipher = keychainCipher(key);
    const a = cipher.seal('secret-value');
    expect(a).not.toBe(cipher.seal('secret-value'));
    expect(cipher.open(a)).toBe('secret-value');
  });
  it('refuses a tampered value and a wrong key', () => {
    const sealed = Buffer.from(keychainCipher(key).seal('secret-value'), 'base64');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => keychainCipher(key).open(sealed.toString('base64'))).toThrow();
    expect(() => keychainCipher(Buffer.alloc(32, 2)).open(keychainCipher(key).seal('x'))).toThrow();
  });
});

describe('openSecretStore', () => {
  it('seals with the keychain key: nothing readable on disk, 0600, readable again by the next process', () => {
    const keychain = fakeKeychain();
    const store = open(keychain);
    expect(store.protection).toBe('keychain');
    store.set('appSecret', 'live-secret-value-123');
    const file = join(dir, 'secrets.json');
    expect(readFileSync(file, 'utf8')).not.toContain('live-secret-value-123');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(open(keychain).get('appSecret')).toBe('live-secret-value-123');
  });

  it('falls back to the owner-only plain file where there is no keychain, and says so', () => {
    const store = open(noKeychain('no secret service'));
    expect(store.protection).toBe('owner-only-file');
    store.set('serviceKey', 'LiveServiceKey16');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(open(noKeychain('still none')).get('serviceKey')).toBe('LiveServiceKey16');
  });

  it('never downgrades a sealed file when the keychain is unreachable: it knows what is set, opens nothing', () => {
    open(fakeKeychain()).set('appSecret', 'live-secret-value-123');
    const store = open(noKeychain('locked'));
    expect(store.protection).toBe('keychain');
    expect(store.has('appSecret')).toBe(true);
    expectError('SECRET_KEYCHAIN_UNREACHABLE', () => store.get('appSecret'));
    expectError('SECRET_KEYCHAIN_UNREACHABLE', () => store.set('appSecret', 'other'));
  });

  it("reseals the CLI's old plain secrets.json once a keychain is there, and says so", () => {
    createFileSecretStore(join(dir, 'secrets.json'), PLAIN_CIPHER).set('accessToken', 'plain-token-abc');
    const keychain = fakeKeychain();
    const store = open(keychain);
    expect(store.notices).toEqual([{ kind: 'moved', file: 'secrets.json' }]);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('plain-token-abc');
    expect(store.get('accessToken')).toBe('plain-token-abc');
    expect(open(keychain).notices).toEqual([]);
  });

  it("moves the app's secrets.sealed.json in and removes it; a process that cannot open it leaves it and says so", () => {
    const reversed: SecretCipher = {
      name: 'safeStorage:test',
      protection: 'keychain',
      seal: (value) => [...value].reverse().join(''),
      open: (value) => [...value].reverse().join(''),
    };
    const legacyFile = join(dir, 'secrets.sealed.json');
    createFileSecretStore(legacyFile, reversed).set('appSecret', 'from-the-app');

    const cli = open(noKeychain('none'), [{ fileName: 'secrets.sealed.json' }]);
    expect(cli.notices).toEqual([{ kind: 'left-behind', file: 'secrets.sealed.json', reason: 'only the app can open it' }]);
    expect(existsSync(legacyFile)).toBe(true);

    const keychain = fakeKeychain();
    const app = open(keychain, [{ fileName: 'secrets.sealed.json', cipher: () => reversed }]);
    expect(app.notices).toEqual([{ kind: 'moved', file: 'secrets.sealed.json' }]);
    expect(existsSync(legacyFile)).toBe(false);
    expect(open(keychain, [{ fileName: 'secrets.sealed.json' }]).get('appSecret')).toBe('from-the-app');
  });

  it('sets aside a file sealed with a key the keychain no longer has, so new credentials can be saved', () => {
    open(fakeKeychain()).set('appSecret', 'old');
    const store = open(fakeKeychain());
    expect(store.notices).toMatchObject([{ kind: 'set-aside', file: expect.stringMatching(/secrets\.json\.unreadable-\d+$/) }]);
    expect(store.has('appSecret')).toBe(false);
    store.set('appSecret', 'new');
    expect(store.get('appSecret')).toBe('new');
  });
});
