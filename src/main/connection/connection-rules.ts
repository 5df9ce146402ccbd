/**
 * The connection's decisions as pure functions: which settings are in force
 * (environment, forced mode, saved), what Live still lacks, what a save
 * stores, and which token provider the credentials call for.
 */
import type { AppMode, ConnectionInfo, ConnectionSave, CredentialKind } from '../../shared/contract';
import { SECRET_NAMES, type SecretName } from '../secrets';
import type { StoredConnection } from './connection-store';
import type { EnvironmentConnection } from './environment';

export type SecretsSet = ConnectionInfo['secretsSet'];
export type LiveSecrets = Partial<Record<SecretName, string>>;

/** The one secret each kind of credential needs (besides the service key). */
const REQUIRED_SECRET: Record<CredentialKind, SecretName> = { secret: 'appSecret', token: 'accessToken', tokenUrl: 'tokenUrl' };

/** Environment credentials win over saved ones (always Live); otherwise a forced mode wins over the saved one. */
export function effectiveConnection(
  stored: StoredConnection,
  environment: EnvironmentConnection | undefined,
  forcedMode: AppMode | undefined,
): StoredConnection {
  if (environment)
    return { mode: 'live', credentialKind: environment.credentialKind, appid: environment.appid, baseUrl: environment.baseUrl };
  return forcedMode ? { ...stored, mode: forcedMode } : stored;
}

/** What Live still lacks with these settings and these secrets set, by setting name; empty when it can start. */
export function missingForLive(connection: StoredConnection, set: SecretsSet): string[] {
  const missing: string[] = [];
  if (connection.credentialKind === 'secret' && !connection.appid) missing.push('appid');
  if (!set[REQUIRED_SECRET[connection.credentialKind]]) missing.push(REQUIRED_SECRET[connection.credentialKind]);
  if (!set.serviceKey) missing.push('serviceKey');
  return missing;
}

/** The settings a save stores: fields it leaves out keep their saved values; text is trimmed. */
export function savedConnection(update: ConnectionSave, saved: StoredConnection): StoredConnection {
  return {
    mode: update.mode,
    credentialKind: update.credentialKind,
    appid: update.appid?.trim() ?? saved.appid,
    baseUrl: update.baseUrl?.trim() ?? saved.baseUrl,
  };
}

/** Which secrets will be set once the update's are written. */
export function secretsSetAfter(update: ConnectionSave, set: SecretsSet): SecretsSet {
  const next = { ...set };
  for (const name of SECRET_NAMES) if (update[name] !== undefined) next[name] = true;
  return next;
}

/** A secret as stored: trimmed, except the service key, whose every character is part of the AES key. */
export function storedSecret(name: SecretName, value: string): string {
  return name === 'serviceKey' ? value : value.trim();
}

export type TokenProviderPlan =
  | { kind: 'app-secret'; baseUrl: string; appid: string; secret: string }
  | { kind: 'static'; accessToken: string }
  | { kind: 'token-url'; url: string };

/** Which token provider the credentials call for, with what (a missing secret becomes '' for the provider to refuse). */
export function tokenProviderPlan(connection: StoredConnection, secrets: LiveSecrets, baseUrl: string): TokenProviderPlan {
  switch (connection.credentialKind) {
    case 'secret':
      return { kind: 'app-secret', baseUrl, appid: connection.appid, secret: secrets.appSecret ?? '' };
    case 'token':
      return { kind: 'static', accessToken: secrets.accessToken ?? '' };
    case 'tokenUrl':
      return { kind: 'token-url', url: secrets.tokenUrl ?? '' };
  }
}
