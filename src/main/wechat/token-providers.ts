/**
 * Where access tokens come from. Plants differ: some hold the AppID and secret,
 * many get tokens from a central service (so only one system refreshes them),
 * third-party platforms hand out an `authorizer_access_token`, and sometimes a
 * person pastes a token to get going. The client sees only `TokenProvider`.
 */
import { z } from 'zod';
import { emitSafely, type TokenProviderEvent } from './events';
import { forcedRefreshLimitedError, isWechatError, tokenRejectedError, type WechatError } from './errors';
import { forcedRefreshWaitMs, recentForcedRefreshes } from './forced-refresh';
import { requestJson, type FetchLike } from './http';
import { DEFAULT_RETRY_POLICY } from './retry';
import { createTokenCache, type FetchedToken } from './token-cache';
import { tokenUrlResponseSchema, wechatTokenResponseSchema } from './types';
import { parseResponse, validateRequest } from './validate';
import type { TokenEndpoint } from './endpoints';

export type TokenProviderKind = 'app-secret' | 'static' | 'token-url';

export interface TokenProvider {
  readonly kind: TokenProviderKind;
  getToken(): Promise<string>;
  /** WeChat rejected `token`: stop handing it out. Ignored if a newer token is already cached. */
  invalidate(token: string): void;
}

/** Shared by the providers that fetch over HTTP. */
export interface FetchingProviderOptions {
  fetch?: FetchLike;
  /** Milliseconds since the epoch; injectable so tests control expiry. */
  now?: () => number;
  /** Per token request; default 10 s. */
  timeoutMs?: number;
  /** Refresh this long before expiry; default 5 minutes. */
  refreshMarginMs?: number;
  onEvent?: (event: TokenProviderEvent) => void;
}

const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

// ---- (a) AppID + secret -------------------------------------------------------

export interface AppSecretTokenProviderOptions extends FetchingProviderOptions {
  /** `https://api.weixin.qq.com` in Live, the simulator's address in Training. */
  baseUrl: string;
  appid: string;
  secret: string;
}

/**
 * Errcodes a stable_token call can return when the endpoint itself is not
 * available behind this base URL (an old proxy or gateway): 40066 invalid URL,
 * 48001 API not authorised. HTTP 404/405/501 mean the same.
 */
const STABLE_TOKEN_UNAVAILABLE_ERRCODES: readonly number[] = [40066, 48001];
const STABLE_TOKEN_UNAVAILABLE_STATUSES: readonly number[] = [404, 405, 501];

/**
 * Prefers `POST /cgi-bin/stable_token`: unlike `/cgi-bin/token` it does not
 * invalidate tokens other systems hold for the same AppID. Falls back to
 * `GET /cgi-bin/token` for good once stable_token turns out to be unavailable.
 */
export function createAppSecretTokenProvider(options: AppSecretTokenProviderOptions): TokenProvider {
  const credentials = validateRequest(
    'stable_token',
    z.object({
      appid: z.string({ error: 'not_text' }).trim().min(1, { error: 'not_text' }),
      secret: z.string({ error: 'not_text' }).trim().min(1, { error: 'not_text' }),
    }),
    { appid: options.appid, secret: options.secret },
  );
  const baseUrl = trimBaseUrl(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  let stableTokenAvailable = true;
  /** When this provider forced stable_token refreshes today (forced-refresh.ts keeps them inside WeChat's limit). */
  let forcedRefreshes: number[] = [];

  const request = async (endpoint: TokenEndpoint, method: 'GET' | 'POST', url: string, body?: unknown): Promise<FetchedToken> => {
    const json = await requestJson(fetchImpl, { endpoint, method, url, body, timeoutMs });
    const parsed = parseResponse(json, wechatTokenResponseSchema, {
      endpoint,
      nowMs: now(),
      minuteQuotaDelayMs: DEFAULT_RETRY_POLICY.minuteQuotaDelayMs,
    });
    emitSafely(options.onEvent, { type: 'token-fetched', kind: 'app-secret', source: endpoint, expiresInSec: parsed.expires_in });
    return { token: parsed.access_token, expiresInSec: parsed.expires_in };
  };

  const stableToken = (forceRefresh: boolean): Promise<FetchedToken> =>
    request('stable_token', 'POST', `${baseUrl}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: credentials.appid,
      secret: credentials.secret,
      force_refresh: forceRefresh,
    });

  const legacyToken = (): Promise<FetchedToken> => {
    const query = new URLSearchParams({
      grant_type: 'client_credential',
      appid: credentials.appid,
      secret: credentials.secret,
    });
    return request('token', 'GET', `${baseUrl}/cgi-bin/token?${query.toString()}`);
  };

  const fetchToken = async (rejected: string | undefined): Promise<FetchedToken> => {
    try {
      if (stableTokenAvailable) {
        try {
          const fetched = await stableToken(false);
          // stable_token returns the same token while it is valid by WeChat's account;
          // if WeChat just rejected that very token, only a forced refresh helps, within its limit.
          if (fetched.token !== rejected) return fetched;
          const waitMs = forcedRefreshWaitMs(forcedRefreshes, now());
          if (waitMs > 0) throw forcedRefreshLimitedError(waitMs);
          forcedRefreshes = [...recentForcedRefreshes(forcedRefreshes, now()), now()];
          return await stableToken(true);
        } catch (error) {
          if (!isStableTokenUnavailable(error)) throw error;
          stableTokenAvailable = false;
          // Each /cgi-bin/token call invalidates the token other PCs of this AppID hold (after about 5 minutes).
          emitSafely(options.onEvent, { type: 'stable-token-unavailable', reason: error.code, warning: LEGACY_TOKEN_WARNING });
        }
      }
      return await legacyToken();
    } catch (error) {
      throw isWechatError(error) ? error.redacted([credentials.secret]) : error;
    }
  };

  const cache = createTokenCache(fetchToken, {
    now,
    refreshMarginMs: options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
    ttlWhenUnknownMs: 0,
  });
  return { kind: 'app-secret', getToken: () => cache.get(), invalidate: (token) => cache.invalidate(token) };
}

/** What a person is told when the station falls back to /cgi-bin/token. */
export const LEGACY_TOKEN_WARNING = {
  en: 'stable_token is not available here, so the station uses /cgi-bin/token: every new token from it invalidates the tokens other PCs or systems hold for this AppID after about 5 minutes. Let one token service fetch tokens for all of them (a token URL).',
  'zh-CN':
    '此处无法使用 stable_token，系统改用 /cgi-bin/token：它每次获取新令牌，约 5 分钟后其他电脑或系统持有的同一 AppID 令牌就会失效。请让一个令牌服务为所有系统获取令牌（令牌地址）。',
} as const;

function isStableTokenUnavailable(error: unknown): error is WechatError {
  if (!isWechatError(error)) return false;
  if (error.kind === 'http') return STABLE_TOKEN_UNAVAILABLE_STATUSES.includes(error.httpStatus ?? 0);
  return error.kind === 'api' && STABLE_TOKEN_UNAVAILABLE_ERRCODES.includes(error.errcode ?? 0);
}

// ---- (b) a pasted token -------------------------------------------------------

export interface StaticTokenProviderOptions {
  accessToken: string;
}

/**
 * A token a person pasted. It cannot be refreshed: once WeChat rejects it,
 * every call fails with WECHAT_TOKEN_REJECTED ("paste a new one").
 */
export function createStaticTokenProvider(options: StaticTokenProviderOptions): TokenProvider {
  // Pasting often brings a trailing newline or spaces; tokens contain none.
  const token = validateRequest('pasted_token', z.string({ error: 'not_text' }).trim().min(1, { error: 'not_text' }), options.accessToken);
  let rejected = false;
  return {
    kind: 'static',
    getToken: () => (rejected ? Promise.reject(tokenRejectedError('pasted_token')) : Promise.resolve(token)),
    invalidate(candidate) {
      if (candidate === token) rejected = true;
    },
  };
}

// ---- (c) a token URL ----------------------------------------------------------

export interface TokenUrlProviderOptions extends FetchingProviderOptions {
  /** GET; answers `{ access_token | authorizer_access_token, expires_in }`. */
  url: string;
  /** e.g. an Authorization header the central service wants; never copied into errors. */
  headers?: Readonly<Record<string, string>>;
  /** How long to keep a token when the service states no `expires_in`; default 5 minutes. */
  ttlWhenUnknownMs?: number;
}

/**
 * A plant's central token service or a third-party platform's
 * `authorizer_access_token` service. Such a service states the token's
 * remaining lifetime; the token is cached until 5 minutes before that.
 */
export function createTokenUrlProvider(options: TokenUrlProviderOptions): TokenProvider {
  const url = validateRequest('token_url', z.url({ protocol: /^https?$/, error: 'not_url' }), options.url);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const secrets = secretsOf(url, options.headers);

  const fetchToken = async (): Promise<FetchedToken> => {
    try {
      const json = await requestJson(fetchImpl, {
        endpoint: 'token_url',
        method: 'GET',
        url,
        timeoutMs,
        ...(options.headers ? { headers: options.headers } : {}),
      });
      const parsed = parseResponse(json, tokenUrlResponseSchema, {
        endpoint: 'token_url',
        nowMs: now(),
        minuteQuotaDelayMs: DEFAULT_RETRY_POLICY.minuteQuotaDelayMs,
      });
      emitSafely(options.onEvent, { type: 'token-fetched', kind: 'token-url', source: 'token_url', expiresInSec: parsed.expires_in });
      return { token: parsed.access_token, expiresInSec: parsed.expires_in };
    } catch (error) {
      throw isWechatError(error) ? error.redacted(secrets) : error;
    }
  };

  const cache = createTokenCache(fetchToken, {
    now,
    refreshMarginMs: options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
    ttlWhenUnknownMs: options.ttlWhenUnknownMs ?? DEFAULT_REFRESH_MARGIN_MS,
  });
  return { kind: 'token-url', getToken: () => cache.get(), invalidate: (token) => cache.invalidate(token) };
}

/** Header values and longer query values of a token URL may be credentials of the token service. */
function secretsOf(url: string, headers: Readonly<Record<string, string>> | undefined): string[] {
  const fromQuery = [...new URL(url).searchParams.values()];
  const fromHeaders = Object.values(headers ?? {}).flatMap((value) => [value, ...value.split(/\s+/)]);
  return [...fromQuery, ...fromHeaders].filter((value) => value.length >= 8);
}

export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
