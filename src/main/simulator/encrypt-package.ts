import { createCipheriv } from 'node:crypto';

/** 16 printable ASCII characters: the service key's bytes are both AES-128 key and IV. */
const SERVICE_KEY_PATTERN = /^[\x20-\x7e]{16}$/;

export function isValidServiceKey(serviceKey: string): boolean {
  return SERVICE_KEY_PATTERN.test(serviceKey);
}

/**
 * What `applycodedownload` returns in `buffer`: base64 of AES-128-CBC with
 * key = IV = the service key's ASCII bytes and PKCS#7 padding (the scheme every
 * working public implementation agrees on; the official section 3.1 is missing).
 */
export function encryptPackage(plaintext: Buffer, serviceKey: string): string {
  if (!isValidServiceKey(serviceKey)) {
    throw new Error('service key must be exactly 16 printable ASCII characters');
  }
  const key = Buffer.from(serviceKey, 'ascii');
  const cipher = createCipheriv('aes-128-cbc', key, key);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}
