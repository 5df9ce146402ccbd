export {
  createFileSecretStore,
  createMemorySecretStore,
  PLAIN_CIPHER,
  SECRET_NAMES,
  type SecretCipher,
  type SecretName,
  type SecretStore,
} from './secret-store';
