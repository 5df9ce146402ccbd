/**
 * Which failures are worth another try, and when. The client uses this inside
 * one call; the activation outbox uses the same functions across restarts, so
 * both agree on what "retryable" means.
 */
import { isTokenError, isWechatError } from './errors';
import { MINUTE_QUOTA_ERRCODE, isQuotaErrcode } from './quota';

export interface RetryPolicy {
  /** Requests per call for transient failures (network, timeout, HTTP 5xx/429, errcode -1), the first included. */
  maxAttempts: number;
  /** Backoff before retry n is random in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * In-call waits after a per-minute quota error (45011). 0 (the default): the
   * error surfaces at once with `retryAfterMs` and the caller (the outbox)
   * decides. The daily quota (45009) is never waited for inside a call.
   */
  minuteQuotaRetries: number;
  /** The wait after 45011, and its `retryAfterMs`. */
  minuteQuotaDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  minuteQuotaRetries: 0,
  minuteQuotaDelayMs: 60_000,
});

/**
 * - `transient`: the network or WeChat hiccuped; retry with backoff.
 * - `quota`: 45009/45011; retry after `retryAfterMs`, not before.
 * - `token`: the token was rejected even after one refresh (or a pasted token
 *   was rejected); a person must fix the credentials, so do not loop.
 * - `permanent`: the request itself is wrong (40097, 48001, validation, 4xx,
 *   unknown errcodes, a cancelled call); the same request will fail again.
 */
export type FailureClass = 'transient' | 'quota' | 'token' | 'permanent';

export function classifyFailure(error: unknown): FailureClass {
  if (!isWechatError(error)) return 'permanent';
  switch (error.kind) {
    case 'timeout':
    case 'network':
      return 'transient';
    case 'http': {
      const status = error.httpStatus ?? 0;
      return status >= 500 || status === 429 ? 'transient' : 'permanent';
    }
    case 'api':
      if (error.errcode === -1) return 'transient';
      if (error.errcode !== undefined && isQuotaErrcode(error.errcode)) return 'quota';
      return isTokenError(error) ? 'token' : 'permanent';
    case 'token_rejected':
      return 'token';
    case 'local_limit':
      return 'quota';
    default:
      return 'permanent';
  }
}

/** True when trying the same request again later can succeed without anyone changing anything. */
export function isRetryable(error: unknown): boolean {
  const failureClass = classifyFailure(error);
  return failureClass === 'transient' || failureClass === 'quota';
}

export type RetryReason = 'network' | 'timeout' | 'http' | 'busy' | 'quota';

/** Why a retryable error is retried, for events and the connectivity indicator. */
export function retryReason(error: unknown): RetryReason | undefined {
  if (!isWechatError(error) || !isRetryable(error)) return undefined;
  if (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'http') return error.kind;
  return error.errcode === -1 ? 'busy' : 'quota';
}

/** Full-jitter exponential backoff before retry number `retry` (1 for the first retry). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * When to try again after `error`, or undefined for "do not". `retry` counts
 * the retries so far plus one. For the outbox; the client applies its own
 * attempt limits on top.
 */
export function nextRetryDelayMs(
  error: unknown,
  retry: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | undefined {
  const failureClass = classifyFailure(error);
  if (failureClass === 'transient') return backoffDelayMs(retry, policy, random);
  if (failureClass === 'quota' && isWechatError(error)) return error.retryAfterMs ?? policy.minuteQuotaDelayMs;
  return undefined;
}

/** Only the per-minute quota is worth waiting for inside a call; the daily one lasts until midnight. */
export function isMinuteQuotaError(error: unknown): boolean {
  return isWechatError(error) && error.kind === 'api' && error.errcode === MINUTE_QUOTA_ERRCODE;
}

/** What one call has used up so far: its transient retries, its quota waits, and the token it had rejected. */
export interface CallBudget {
  transientFailures: number;
  quotaWaits: number;
  /** The token WeChat rejected in this call, once; only one refresh-and-retry per call. */
  rejectedToken: string | undefined;
}

export const FRESH_CALL_BUDGET: Readonly<CallBudget> = Object.freeze({ transientFailures: 0, quotaWaits: 0, rejectedToken: undefined });

export type CallStep =
  /** The token was rejected: invalidate it and try again at once with a fresh one. */
  | { kind: 'refresh-token'; token: string }
  /** Wait `delayMs`, then send the same request again. */
  | { kind: 'retry'; delayMs: number }
  | { kind: 'give-up' };

export interface CallDecision {
  step: CallStep;
  budget: CallBudget;
  /** Set for a quota error, whatever the step: how long WeChat wants us to wait, and whether this call does. */
  quota?: { retryAfterMs: number; willRetry: boolean };
}

/**
 * What a call does after an attempt failed with `error`, given what it has used
 * up so far. `token` is the token the attempt sent (undefined when it failed
 * before one was obtained). Pure: the client does the waiting and the events.
 */
export function nextCallStep(
  error: unknown,
  token: string | undefined,
  budget: CallBudget,
  policy: RetryPolicy,
  random: () => number,
): CallDecision {
  if (isTokenError(error) && token !== undefined && budget.rejectedToken === undefined) {
    return { step: { kind: 'refresh-token', token }, budget: { ...budget, rejectedToken: token } };
  }
  const failureClass = classifyFailure(error);
  if (failureClass === 'transient') {
    const transientFailures = budget.transientFailures + 1;
    const next = { ...budget, transientFailures };
    if (transientFailures >= policy.maxAttempts) return { step: { kind: 'give-up' }, budget: next };
    return { step: { kind: 'retry', delayMs: backoffDelayMs(transientFailures, policy, random) }, budget: next };
  }
  if (failureClass === 'quota' && isWechatError(error)) {
    const willRetry = isMinuteQuotaError(error) && budget.quotaWaits < policy.minuteQuotaRetries;
    const retryAfterMs = error.retryAfterMs ?? policy.minuteQuotaDelayMs;
    const quota = { retryAfterMs, willRetry };
    if (!willRetry) return { step: { kind: 'give-up' }, budget, quota };
    return { step: { kind: 'retry', delayMs: retryAfterMs }, budget: { ...budget, quotaWaits: budget.quotaWaits + 1 }, quota };
  }
  return { step: { kind: 'give-up' }, budget };
}
