import { KEYCHAIN_CIPHER_NAME } from './keychain-cipher';
import { PLAIN_CIPHER } from './secret-store';

/** What is known when the store opens: whether the keychain gave a key (and whether it was just made), and how the file was sealed. */
export interface SealingFacts {
  keychain: { available: true; keyCreated: boolean } | { available: false; reason: string };
  /** The cipher name recorded in the store file; undefined when there is no file yet. */
  storedCipher: string | undefined;
}

export type SealingDecision =
  /** Seal with the keychain key; reseal a plain file first; set aside a file sealed with a key the keychain no longer has. */
  | { seal: 'keychain'; resealPlainFile: boolean; setAsideUnreadable: boolean }
  /** No keychain: the owner-only plain file, with the warning shown in Settings and printed by the CLI. */
  | { seal: 'owner-only-file'; reason: string }
  /** The file is keychain-sealed but the keychain cannot be reached now: never downgrade, open nothing, say why. */
  | { seal: 'keychain-unreachable'; reason: string };

/** How the one store seals its values; the same rule for the app and the CLI. */
export function decideSealing({ keychain, storedCipher }: SealingFacts): SealingDecision {
  if (keychain.available) {
    return {
      seal: 'keychain',
      resealPlainFile: storedCipher === PLAIN_CIPHER.name,
      // A brand-new key cannot open what an older one sealed: keep that file aside so new credentials can be saved.
      setAsideUnreadable: keychain.keyCreated && storedCipher === KEYCHAIN_CIPHER_NAME,
    };
  }
  if (storedCipher === KEYCHAIN_CIPHER_NAME) return { seal: 'keychain-unreachable', reason: keychain.reason };
  return { seal: 'owner-only-file', reason: keychain.reason };
}
