import type { CredentialKind } from '../../shared/contract';
import { LIVE_BASE_URL } from '../wechat';

/** Live credentials given to the CLI through environment variables; never persisted. */
export interface EnvironmentConnection {
  credentialKind: CredentialKind;
  appid: string;
  baseUrl: string;
  appSecret?: string;
  accessToken?: string;
  tokenUrl?: string;
  serviceKey?: string;
}

/**
 * MARKETCODE_APPID + MARKETCODE_SECRET, or MARKETCODE_TOKEN, or
 * MARKETCODE_TOKEN_URL (first match wins), with MARKETCODE_SERVICE_KEY and
 * MARKETCODE_BASE_URL. Undefined when none is set.
 */
export function connectionFromEnvironment(env: NodeJS.ProcessEnv): EnvironmentConnection | undefined {
  const common = {
    appid: env.MARKETCODE_APPID ?? '',
    baseUrl: env.MARKETCODE_BASE_URL ?? LIVE_BASE_URL,
    ...optional('serviceKey', env.MARKETCODE_SERVICE_KEY),
  };
  if (env.MARKETCODE_SECRET) return { ...common, credentialKind: 'secret', appSecret: env.MARKETCODE_SECRET };
  if (env.MARKETCODE_TOKEN) return { ...common, credentialKind: 'token', accessToken: env.MARKETCODE_TOKEN };
  if (env.MARKETCODE_TOKEN_URL) return { ...common, credentialKind: 'tokenUrl', tokenUrl: env.MARKETCODE_TOKEN_URL };
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}
