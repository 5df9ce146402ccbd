/**
 * The connection's decisions as pure functions: which settings are in force
 * (environment, forced mode, saved), what Live still lacks, what a save
 * stores, and which token provider the credentials call for.
 */
import type { AppMode, ConnectionInfo, ConnectionSave, CredentialKind } from '../../shared/contract';
import { liveUrlProblem } from '../../shared/validation/connection-rules';
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

/** A URL Live may not use: which setting, and its scheme and host for the message (never its path or query). */
export interface LiveTransportProblem {
  field: 'baseUrl' | 'tokenUrl';
  /** '' when the text is not a URL at all. */
  scheme: string;
  host: string;
}

/**
 * The first URL of these settings that Live may not use (DESIGN §6: https only, plain http to
 * loopback only), or undefined. Training is never refused: it talks to the embedded simulator.
 * `tokenUrl` is the token URL in force; it counts only when the credentials are a token URL.
 */
export function liveTransportProblem(connection: StoredConnection, tokenUrl: string | undefined): LiveTransportProblem | undefined {
  if (connection.mode !== 'live') return undefined;
  const urls: [LiveTransportProblem['field'], string | undefined][] = [
    ['baseUrl', connection.baseUrl],
    ['tokenUrl', connection.credentialKind === 'tokenUrl' ? tokenUrl : undefined],
  ];
  for (const [field, url] of urls) {
    if (url === undefined || url === '') continue;
    const problem = liveUrlProblem(url);
    if (problem) return problem.problem === 'notUrl' ? { field, scheme: '', host: '' } : { field, scheme: problem.scheme, host: problem.host };
  }
  return undefined;
}

/** What a save changed, for its audit entry: names and addresses, never a secret's value. */
export interface ConnectionChange {
  mode_from: AppMode;
  mode_to: AppMode;
  credential_kind_from: CredentialKind;
  credential_kind_to: CredentialKind;
  appid_from?: string;
  appid_to?: string;
  base_url_from?: string;
  base_url_to?: string;
  /** Secrets the save replaced, by name. */
  replaced: SecretName[];
  /**
   * Scheme, host and port of a new token URL: its path and query may hold the token service's own
   * credentials, so only the origin is recorded.
   */
  credential_service_to?: string;
}

/** The audit details of a save from `before` to `after` with `update`'s secrets (values never read beyond the token URL's origin). */
export function connectionChange(before: StoredConnection, after: StoredConnection, update: ConnectionSave): ConnectionChange {
  const change: ConnectionChange = {
    mode_from: before.mode,
    mode_to: after.mode,
    credential_kind_from: before.credentialKind,
    credential_kind_to: after.credentialKind,
    replaced: SECRET_NAMES.filter((name) => update[name] !== undefined),
  };
  if (before.appid !== after.appid) Object.assign(change, { appid_from: before.appid, appid_to: after.appid });
  if (before.baseUrl !== after.baseUrl) Object.assign(change, { base_url_from: addressOf(before.baseUrl), base_url_to: addressOf(after.baseUrl) });
  if (update.tokenUrl !== undefined) change.credential_service_to = originOf(update.tokenUrl);
  return change;
}

/** A service address as recorded: origin and path, never user info, query or fragment (they could hold a credential). */
export function addressOf(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '';
  }
}

/** `https://host:port` of a URL, without user info, path or query; '' when it is not one. */
function originOf(url: string): string {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return '';
  }
}
