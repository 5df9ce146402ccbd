import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { connectionErrors } from '../../shared/error-catalogue/connection';
import type { SecretCipher } from './secret-store';

export const KEYCHAIN_CIPHER_NAME = 'keychain-aes-256-gcm';
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a key that lives in the OS keychain, never on disk: a copied
 * data folder (or a backup of it) holds nothing readable. GCM's tag makes a
 * tampered or wrongly-keyed value fail to open instead of decrypting to garbage.
 * Sealed text is base64(iv ‖ tag ‖ ciphertext), a fresh iv for every value.
 */
export function keychainCipher(key: Buffer): SecretCipher {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`secret key must be ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
  return {
    name: KEYCHAIN_CIPHER_NAME,
    protection: 'keychain',
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** A store sealed with the keychain while the keychain cannot be reached: it knows what is set but opens nothing. */
export function unreachableKeychainCipher(reason: string): SecretCipher {
  const refuse = (): never => {
    throw connectionErrors.SECRET_KEYCHAIN_UNREACHABLE(undefined, { cause: new Error(reason) });
  };
  return { name: KEYCHAIN_CIPHER_NAME, protection: 'keychain', seal: refuse, open: refuse };
}
