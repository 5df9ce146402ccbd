/**
 * What the client and the token providers report while they work, for the
 * connectivity indicator and logs. Events never carry a token or a secret.
 */
import type { MarketcodeEndpoint, TokenEndpoint } from './endpoints';
import type { WechatError } from './errors';
import type { RetryReason } from './retry';
import type { TokenProviderKind } from './token-providers';

export type WechatClientEvent =
  /** A request is about to be sent (attempt 1 is the first). */
  | { type: 'attempt'; endpoint: MarketcodeEndpoint; attempt: number }
  /** The last attempt failed retryably; the next one follows after `delayMs`. */
  | {
      type: 'retry-scheduled';
      endpoint: MarketcodeEndpoint;
      attempt: number;
      delayMs: number;
      reason: RetryReason;
      code: string;
    }
  /** WeChat rejected the token (40001/42001/40014); it was invalidated and the call will be retried once. */
  | { type: 'token-rejected'; endpoint: MarketcodeEndpoint; errcode: number }
  /** A new token was obtained after a rejection. */
  | { type: 'token-refreshed'; endpoint: MarketcodeEndpoint; providerKind: TokenProviderKind }
  /** 45009/45011: the quota is used up; `willRetry` says whether this call waits `retryAfterMs` itself. */
  | {
      type: 'quota-exhausted';
      endpoint: MarketcodeEndpoint;
      errcode: number;
      retryAfterMs: number;
      willRetry: boolean;
    }
  | { type: 'success'; endpoint: MarketcodeEndpoint; attempts: number; durationMs: number }
  | { type: 'failure'; endpoint: MarketcodeEndpoint; attempts: number; durationMs: number; error: WechatError };

export type TokenProviderEvent =
  /** A token was fetched from `source`; `expiresInSec` as the source stated it, when it did. */
  | { type: 'token-fetched'; kind: TokenProviderKind; source: TokenEndpoint; expiresInSec: number | undefined }
  /**
   * stable_token is not available here; /cgi-bin/token is used from now on, which
   * invalidates other PCs' tokens for the AppID: `warning` says so in both languages.
   */
  | { type: 'stable-token-unavailable'; reason: string; warning: { en: string; 'zh-CN': string } };

/** Listeners must not be able to break a call, so their errors are swallowed. */
export function emitSafely<E>(listener: ((event: E) => void) | undefined, event: E): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A faulty listener is the listener's problem, not the call's.
  }
}
