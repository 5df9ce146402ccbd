/**
 * The one secret store the app and the CLI both open: `<dataDir>/secrets.json`,
 * sealed with a key from the OS keychain where there is one, an owner-only
 * plain file (with a warning) where there is none. Older files are moved in.
 */
import { existsSync, realpathSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { keychainCipher, unreachableKeychainCipher } from './keychain-cipher';
import type { SecretKeyProvider } from './keychain-key';
import { decideSealing, type SealingDecision } from './sealing-rules';
import {
  createFileSecretStore,
  PLAIN_CIPHER,
  SECRET_NAMES,
  storedCipherName,
  type SecretCipher,
  type SecretName,
  type SecretStore,
  type SecretStoreNotice,
} from './secret-store';

export interface OpenSecretStoreOptions {
  dataDir: string;
  /** The store's file name inside dataDir. */
  fileName: string;
  keys: SecretKeyProvider;
  /** Secret files of older versions to move into the store and remove. */
  legacy?: readonly LegacySecretFile[];
  logger?: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void };
}

/** An older secret file, e.g. the app's `secrets.sealed.json` (Electron safeStorage). */
export interface LegacySecretFile {
  fileName: string;
  /** How to open it; absent where this process cannot (the CLI has no safeStorage): it is left for the app and reported. */
  cipher?: () => SecretCipher;
}

/** The CLI's view of the app's older file: it cannot open it, only report it. */
export const LEGACY_SAFE_STORAGE_FILE = 'secrets.sealed.json';

export function openSecretStore(options: OpenSecretStoreOptions): SecretStore {
  const file = join(options.dataDir, options.fileName);
  const storedCipher = storedCipherName(file);
  const loaded = options.keys.loadOrCreateKey(keyAccount(options.dataDir));
  const decision = decideSealing({
    keychain: 'key' in loaded ? { available: true, keyCreated: loaded.created } : { available: false, reason: loaded.unavailable },
    storedCipher,
  });
  const notices: SecretStoreNotice[] = [];
  const cipher = cipherFor(decision, 'key' in loaded ? loaded.key : undefined);
  if (decision.seal !== 'keychain')
    options.logger?.warn('secret store: no usable OS keychain', { decision: decision.seal, reason: decision.reason });
  if (decision.seal === 'keychain' && decision.setAsideUnreadable) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    notices.push({ kind: 'set-aside', file: aside });
  }
  if (decision.seal === 'keychain' && decision.resealPlainFile) {
    reseal(file, createFileSecretStore(file, PLAIN_CIPHER), cipher);
    notices.push({ kind: 'moved', file: options.fileName });
  }
  const store = createFileSecretStore(file, cipher, notices);
  for (const legacy of options.legacy ?? []) {
    const notice = moveLegacy(options.dataDir, legacy, store);
    if (notice) notices.push(notice);
  }
  for (const notice of notices) options.logger?.info('secret store', { ...notice });
  return store;
}

function cipherFor(decision: SealingDecision, key: Buffer | undefined): SecretCipher {
  if (decision.seal === 'owner-only-file') return PLAIN_CIPHER;
  if (decision.seal === 'keychain-unreachable') return unreachableKeychainCipher(decision.reason);
  if (!key) throw new Error('decideSealing chose the keychain without a key');
  return keychainCipher(key);
}

/** One keychain entry per data directory, so two stations (or a test's folder) never share a key. */
function keyAccount(dataDir: string): string {
  return `secret-store-key ${realpathSync(dataDir)}`;
}

/** Rewrites a plain store sealed, through a temporary file renamed over it: a crash leaves one whole file. */
function reseal(file: string, plain: SecretStore, cipher: SecretCipher): void {
  const temp = `${file}.reseal`;
  if (existsSync(temp)) unlinkSync(temp);
  const sealed = createFileSecretStore(temp, cipher);
  for (const [name, value] of readAll(plain)) sealed.set(name, value);
  if (existsSync(temp)) renameSync(temp, file);
  else unlinkSync(file);
}

/** Moves an older file's values in (they win: that file was the app's own store) and removes it. */
function moveLegacy(dataDir: string, legacy: LegacySecretFile, store: SecretStore): SecretStoreNotice | undefined {
  const path = join(dataDir, legacy.fileName);
  if (!existsSync(path)) return undefined;
  if (!legacy.cipher) return { kind: 'left-behind', file: legacy.fileName, reason: 'only the app can open it' };
  try {
    for (const [name, value] of readAll(createFileSecretStore(path, legacy.cipher()))) store.set(name, value);
    unlinkSync(path);
    return { kind: 'moved', file: legacy.fileName };
  } catch (error) {
    return { kind: 'left-behind', file: legacy.fileName, reason: error instanceof Error ? error.message : String(error) };
  }
}

function readAll(store: SecretStore): Array<[SecretName, string]> {
  return SECRET_NAMES.flatMap((name) => {
    const value = store.get(name);
    return value === undefined ? [] : [[name, value] as [SecretName, string]];
  });
}
