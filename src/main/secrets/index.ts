export {
  createFileSecretStore,
  createMemorySecretStore,
  PLAIN_CIPHER,
  SECRET_NAMES,
  type SecretCipher,
  type SecretName,
  type SecretProtection,
  type SecretStore,
  type SecretStoreNotice,
} from './secret-store';
export { keychainCipher, KEYCHAIN_CIPHER_NAME } from './keychain-cipher';
export { defaultSecretKeyProvider, keychainKeyProvider, noKeychain, type SecretKeyProvider } from './keychain-key';
export { LEGACY_SAFE_STORAGE_FILE, openSecretStore, type LegacySecretFile, type OpenSecretStoreOptions } from './open-secret-store';
export { decideSealing, type SealingDecision, type SealingFacts } from './sealing-rules';
