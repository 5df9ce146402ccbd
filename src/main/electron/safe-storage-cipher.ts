import { safeStorage } from 'electron';
import type { SecretCipher } from '../secrets';

/**
 * Opens the app's older `secrets.sealed.json` (Electron safeStorage) so its
 * values can move into the one store the CLI reads too (secrets/open-secret-store.ts).
 * Only reading is needed; a `basic_text` backend reads as well as any.
 */
export function safeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('Electron safeStorage is not available on this system');
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  return {
    name: `safeStorage:${backend}`,
    protection: 'keychain',
    seal: (plaintext) => safeStorage.encryptString(plaintext).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
