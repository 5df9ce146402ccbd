/**
 * The `/intp/marketcode/*` client. Each method validates its request locally,
 * then POSTs it with the access token in the query, retrying what is worth
 * retrying (see `retry.ts`) and refreshing the token once when WeChat rejects
 * it. Retries resend the very same body: for `applycode` that means the same
 * `isv_application_id`, which is what makes a retried application safe.
 */
import type { z } from 'zod';
import { marketcodePath, type MarketcodeEndpoint } from './endpoints';
import { abortedError, isTokenError, isWechatError, type WechatError } from './errors';
import { emitSafely, type WechatClientEvent } from './events';
import { requestJson, type FetchLike } from './http';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, classifyFailure, isMinuteQuotaError, retryReason, type RetryPolicy } from './retry';
import { trimBaseUrl, type TokenProvider } from './token-providers';
import {
  activateCodesRequestSchema,
  activateCodesResponseSchema,
  activationInfoSchema,
  applyCodeRequestSchema,
  applyCodeResponseSchema,
  downloadSegmentRequestSchema,
  downloadSegmentBytesResponseSchema,
  downloadSegmentResponseSchema,
  queryActivationRequestSchema,
  queryApplicationRequestSchema,
  queryApplicationResponseSchema,
  ticketToCodeRequestSchema,
  type ActivateCodesRequest,
  type ActivationInfo,
  type ApplicationStatus,
  type ApplyCodeRequest,
  type ApplyCodeResult,
  type DownloadSegmentRequest,
  type DownloadSegmentBytesResult,
  type DownloadSegmentResult,
  type QueryActivationRequest,
  type QueryApplicationRequest,
  type TicketToCodeRequest,
} from './types';
import { parseResponse, validateRequest } from './validate';

export const LIVE_BASE_URL = 'https://api.weixin.qq.com';
export const DEFAULT_TIMEOUT_MS = 15_000;
/** A segment of 50,000 codes is a few MB of base64; give it longer than a query. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 120_000;

export interface MarketcodeClientOptions {
  /** `LIVE_BASE_URL` in Live; the simulator's `baseUrl` in Training. */
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** Per request (not per call with its retries); default 15 s. */
  timeoutMs?: number;
  /** Per `applycodedownload` request; default 120 s. */
  downloadTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: FetchLike;
  /** Waits between attempts; injectable so tests never really wait. Should resolve early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1), for backoff jitter. */
  random?: () => number;
  /** Milliseconds since the epoch; used for durations and the daily quota reset. */
  now?: () => number;
  onEvent?: (event: WechatClientEvent) => void;
}

export interface CallOptions {
  /** Cancels the call, including any backoff wait; it then fails with WECHAT_ABORTED. */
  signal?: AbortSignal;
  /** Overrides the client's per-request timeout for this call. */
  timeoutMs?: number;
}

export interface MarketcodeClient {
  /** `applycode`: apply for `code_count` codes under our own `isv_application_id`. */
  applyCode(request: ApplyCodeRequest, options?: CallOptions): Promise<ApplyCodeResult>;
  /** `applycodequery`: status and generated segments; download only once `status` is `FINISH`. */
  queryApplication(request: QueryApplicationRequest, options?: CallOptions): Promise<ApplicationStatus>;
  /** `applycodedownload`: one segment's encrypted package (base64 `buffer`). */
  downloadSegment(request: DownloadSegmentRequest, options?: CallOptions): Promise<DownloadSegmentResult>;
  /**
   * `applycodedownload` with `buffer` as the bytes of its base64 text: for the importer,
   * which hands them to the import thread without making megabyte strings on the main thread.
   */
  downloadSegmentBytes(request: DownloadSegmentRequest, options?: CallOptions): Promise<DownloadSegmentBytesResult>;
  /** `codeactive`: activate an inclusive index range with product and Mini Program details. */
  activateCodes(request: ActivateCodesRequest, options?: CallOptions): Promise<void>;
  /** `codeactivequery`: activation details of one code. */
  queryActivation(request: QueryActivationRequest, options?: CallOptions): Promise<ActivationInfo>;
  /** `tickettocode`: the code and activation behind a scan's `code_ticket`. */
  ticketToCode(request: TicketToCodeRequest, options?: CallOptions): Promise<ActivationInfo>;
}

export function createMarketcodeClient(options: MarketcodeClientOptions): MarketcodeClient {
  const baseUrl = trimBaseUrl(options.baseUrl);
  const provider = options.tokenProvider;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const downloadTimeoutMs = options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const emit = (event: WechatClientEvent): void => emitSafely(options.onEvent, event);

  async function call<T>(
    endpoint: MarketcodeEndpoint,
    body: unknown,
    responseSchema: z.ZodType<T>,
    requestTimeoutMs: number,
    callOptions: CallOptions | undefined,
    bytesField?: string,
  ): Promise<T> {
    const signal = callOptions?.signal;
    const startedMs = now();
    const usedTokens: string[] = [];
    let attempt = 0;
    let transientFailures = 0;
    let quotaWaits = 0;
    /** The token WeChat rejected in this call, once; only one refresh-and-retry per call. */
    let rejectedToken: string | undefined;
    let awaitingNewToken = false;

    for (;;) {
      attempt += 1;
      let token: string | undefined;
      try {
        if (signal?.aborted) throw abortedError(endpoint);
        emit({ type: 'attempt', endpoint, attempt });
        token = await provider.getToken();
        usedTokens.push(token);
        if (awaitingNewToken) {
          awaitingNewToken = false;
          if (token !== rejectedToken) emit({ type: 'token-refreshed', endpoint, providerKind: provider.kind });
        }
        const url = `${baseUrl}${marketcodePath(endpoint)}?access_token=${encodeURIComponent(token)}`;
        const json = await requestJson(fetchImpl, {
          endpoint,
          method: 'POST',
          url,
          body,
          timeoutMs: callOptions?.timeoutMs ?? requestTimeoutMs,
          ...(signal ? { signal } : {}),
          ...(bytesField ? { bytesField } : {}),
        });
        const result = parseResponse(json, responseSchema, {
          endpoint,
          nowMs: now(),
          minuteQuotaDelayMs: policy.minuteQuotaDelayMs,
        });
        emit({ type: 'success', endpoint, attempts: attempt, durationMs: now() - startedMs });
        return result;
      } catch (caught) {
        // Anything else is a bug (e.g. in a custom token provider), not a WeChat failure.
        if (!isWechatError(caught)) throw caught;
        const error = caught.redacted(usedTokens);

        if (isTokenError(error) && token !== undefined && rejectedToken === undefined) {
          rejectedToken = token;
          awaitingNewToken = true;
          provider.invalidate(token);
          emit({ type: 'token-rejected', endpoint, errcode: error.errcode ?? 0 });
          continue;
        }

        const delayMs = retryDelay(error);
        if (delayMs === undefined) {
          const final = error.withAttempts(attempt);
          emit({ type: 'failure', endpoint, attempts: attempt, durationMs: now() - startedMs, error: final });
          throw final;
        }
        emit({
          type: 'retry-scheduled',
          endpoint,
          attempt,
          delayMs,
          reason: retryReason(error) ?? 'network',
          code: error.code,
        });
        await sleep(delayMs, signal);
      }
    }

    /** The wait before the next attempt, or undefined to give up; counts what it allows. */
    function retryDelay(error: WechatError): number | undefined {
      const failureClass = classifyFailure(error);
      if (failureClass === 'transient') {
        transientFailures += 1;
        return transientFailures < policy.maxAttempts ? backoffDelayMs(transientFailures, policy, random) : undefined;
      }
      if (failureClass === 'quota') {
        const willRetry = isMinuteQuotaError(error) && quotaWaits < policy.minuteQuotaRetries;
        const retryAfterMs = error.retryAfterMs ?? policy.minuteQuotaDelayMs;
        emit({ type: 'quota-exhausted', endpoint, errcode: error.errcode ?? 0, retryAfterMs, willRetry });
        if (!willRetry) return undefined;
        quotaWaits += 1;
        return retryAfterMs;
      }
      return undefined;
    }
  }

  return {
    async applyCode(request, callOptions) {
      const body = validateRequest('applycode', applyCodeRequestSchema, request);
      return call('applycode', body, applyCodeResponseSchema, timeoutMs, callOptions);
    },
    async queryApplication(request, callOptions) {
      const body = validateRequest('applycodequery', queryApplicationRequestSchema, request);
      return call('applycodequery', body, queryApplicationResponseSchema, timeoutMs, callOptions);
    },
    async downloadSegment(request, callOptions) {
      const body = validateRequest('applycodedownload', downloadSegmentRequestSchema, request);
      return call('applycodedownload', body, downloadSegmentResponseSchema, downloadTimeoutMs, callOptions);
    },
    async downloadSegmentBytes(request, callOptions) {
      const body = validateRequest('applycodedownload', downloadSegmentRequestSchema, request);
      return call('applycodedownload', body, downloadSegmentBytesResponseSchema, downloadTimeoutMs, callOptions, 'buffer');
    },
    async activateCodes(request, callOptions) {
      const body = validateRequest('codeactive', activateCodesRequestSchema, request);
      await call('codeactive', body, activateCodesResponseSchema, timeoutMs, callOptions);
    },
    async queryActivation(request, callOptions) {
      const body = validateRequest('codeactivequery', queryActivationRequestSchema, request);
      return call('codeactivequery', body, activationInfoSchema, timeoutMs, callOptions);
    },
    async ticketToCode(request, callOptions) {
      const body = validateRequest('tickettocode', ticketToCodeRequestSchema, request);
      return call('tickettocode', body, activationInfoSchema, timeoutMs, callOptions);
    },
  };
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
