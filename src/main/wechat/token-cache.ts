/**
 * Caches one access token until shortly before it expires, and makes
 * concurrent callers share a single refresh: a line of stations starting at
 * once must not spend the token API's daily quota (or, with /cgi-bin/token,
 * replace each other's tokens).
 */

export interface FetchedToken {
  token: string;
  /** Lifetime in seconds as the source stated it; undefined when it did not say. */
  expiresInSec: number | undefined;
}

export interface TokenCacheOptions {
  now: () => number;
  /** Refresh this long before the stated expiry. */
  refreshMarginMs: number;
  /** How long to keep a token whose source stated no lifetime. */
  ttlWhenUnknownMs: number;
}

export interface TokenCache {
  get(): Promise<string>;
  /** Drops `token` if it is the cached one; a newer token is kept. */
  invalidate(token: string): void;
}

/**
 * `fetchToken` receives the token WeChat last rejected, so a source that can
 * hand back the same token (stable_token does while it is valid) can ask for a
 * different one.
 */
export function createTokenCache(
  fetchToken: (rejected: string | undefined) => Promise<FetchedToken>,
  options: TokenCacheOptions,
): TokenCache {
  let cached: { token: string; refreshAtMs: number } | undefined;
  let inflight: Promise<string> | undefined;
  let rejected: string | undefined;

  const refresh = async (): Promise<string> => {
    const fetchedAtMs = options.now();
    const fetched = await fetchToken(rejected);
    const lifetimeMs =
      fetched.expiresInSec === undefined ? options.ttlWhenUnknownMs : fetched.expiresInSec * 1000 - options.refreshMarginMs;
    // A token with less than the margin left is still used for this call, just not kept.
    if (lifetimeMs > 0 && fetched.token !== rejected) {
      cached = { token: fetched.token, refreshAtMs: fetchedAtMs + lifetimeMs };
    }
    if (fetched.token !== rejected) rejected = undefined;
    return fetched.token;
  };

  return {
    get() {
      if (cached && options.now() < cached.refreshAtMs) return Promise.resolve(cached.token);
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
      rejected = token;
    },
  };
}
