import { safeStorage } from 'electron';
import type { SecretCipher } from '../secrets';

/** Seals secrets with the OS keychain (DPAPI, Keychain, libsecret/kwallet) through Electron's safeStorage. */
export function safeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('Electron safeStorage is not available on this system; credentials cannot be stored safely.');
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  return {
    name: `safeStorage:${backend}`,
    seal: (plaintext) => safeStorage.encryptString(plaintext).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
