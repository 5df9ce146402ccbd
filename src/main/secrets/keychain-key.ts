/**
 * The one piece of glue to the OS keychain: a random 32-byte key per data
 * directory, kept by @napi-rs/keyring (macOS Keychain, Windows Credential
 * Manager, the Secret Service on Linux). The library is N-API, so the same
 * binary loads in the Node CLI and in Electron; it is loaded on first use, like
 * node-hid, so a missing keychain never stops the app: the store falls back to
 * an owner-only file and says so.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as KeyringModule from '@napi-rs/keyring';
import { SECRET_KEY_BYTES } from './keychain-cipher';

/** Where the store's key comes from. Tests pass their own; the app and the CLI use the OS keychain. */
export interface SecretKeyProvider {
  /** The key for `account`, created on first use; or why there is no usable keychain here. */
  loadOrCreateKey(account: string): { key: Buffer; created: boolean } | { unavailable: string };
}

const SERVICE = 'Marketcode Station';

/** A provider that never has a keychain, e.g. MARKETCODE_SECRET_STORE=file (tests, headless machines). */
export function noKeychain(reason: string): SecretKeyProvider {
  return { loadOrCreateKey: () => ({ unavailable: reason }) };
}

/** The default: the OS keychain, unless MARKETCODE_SECRET_STORE=file asks for the owner-only file. */
export function defaultSecretKeyProvider(env: NodeJS.ProcessEnv): SecretKeyProvider {
  if (env.MARKETCODE_SECRET_STORE === 'file') return noKeychain('MARKETCODE_SECRET_STORE=file');
  return keychainKeyProvider();
}

export function keychainKeyProvider(): SecretKeyProvider {
  return {
    loadOrCreateKey(account) {
      const keyring = loadKeyring();
      if ('unavailable' in keyring) return keyring;
      try {
        // Pinned to the Secret Service on Linux: the kernel keyring it would otherwise fall back to forgets the
        // key at reboot, which would lose every secret.
        const entry = new keyring.module.Entry(SERVICE, account, { linux: { store: 'secret-service' } });
        const stored = entry.getPassword();
        if (stored) return { key: decodeKey(stored), created: false };
        const key = randomBytes(SECRET_KEY_BYTES);
        entry.setPassword(key.toString('base64'));
        // Read back: a keychain that accepts a write it does not keep would lose the secrets at the next start.
        if (entry.getPassword() !== key.toString('base64')) return { unavailable: 'the keychain did not keep the key' };
        return { key, created: true };
      } catch (error) {
        return { unavailable: firstLine(error) };
      }
    },
  };
}

let cached: { module: typeof KeyringModule } | { unavailable: string } | undefined;

function loadKeyring(): { module: typeof KeyringModule } | { unavailable: string } {
  if (cached) return cached;
  try {
    cached = { module: createRequire(import.meta.url)('@napi-rs/keyring') as typeof KeyringModule };
  } catch (error) {
    cached = { unavailable: `@napi-rs/keyring could not be loaded: ${firstLine(error)}` };
  }
  return cached;
}

function decodeKey(stored: string): Buffer {
  const key = Buffer.from(stored, 'base64');
  if (key.length !== SECRET_KEY_BYTES) throw new Error('the key in the keychain has the wrong length');
  return key;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
