/**
 * The `/intp/marketcode/*` client. Each method validates its request locally,
 * then POSTs it with the access token in the query, retrying what is worth
 * retrying (see `retry.ts`) and refreshing the token once when WeChat rejects
 * it. Retries resend the very same body: for `applycode` that means the same
 * `isv_application_id`, which is what makes a retried application safe.
 */
import type { z } from 'zod';
import { callEndpoint, type CallEnvironment } from './call';
import type { MarketcodeEndpoint } from './endpoints';
import { emitSafely, type WechatClientEvent } from './events';
import type { FetchLike } from './http';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
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
import { validateRequest } from './validate';

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
  const env: CallEnvironment = {
    baseUrl: trimBaseUrl(options.baseUrl),
    provider: options.tokenProvider,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    emit: (event) => emitSafely(options.onEvent, event),
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const downloadTimeoutMs = options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;

  /** Validates locally (nothing is sent for a bad request), then calls with retries. */
  function call<T>(
    endpoint: MarketcodeEndpoint,
    requestSchema: z.ZodType,
    request: unknown,
    responseSchema: z.ZodType<T>,
    callOptions: CallOptions | undefined,
    extra: { timeoutMs?: number; bytesField?: string } = {},
  ): Promise<T> {
    const body = validateRequest(endpoint, requestSchema, request);
    const signal = callOptions?.signal;
    return callEndpoint(env, {
      endpoint,
      body,
      responseSchema,
      timeoutMs: callOptions?.timeoutMs ?? extra.timeoutMs ?? timeoutMs,
      ...(signal ? { signal } : {}),
      ...(extra.bytesField ? { bytesField: extra.bytesField } : {}),
    });
  }
  const download = { timeoutMs: downloadTimeoutMs };

  return {
    applyCode: async (request, callOptions) => call('applycode', applyCodeRequestSchema, request, applyCodeResponseSchema, callOptions),
    queryApplication: async (request, callOptions) =>
      call('applycodequery', queryApplicationRequestSchema, request, queryApplicationResponseSchema, callOptions),
    downloadSegment: async (request, callOptions) =>
      call('applycodedownload', downloadSegmentRequestSchema, request, downloadSegmentResponseSchema, callOptions, download),
    downloadSegmentBytes: async (request, callOptions) =>
      call('applycodedownload', downloadSegmentRequestSchema, request, downloadSegmentBytesResponseSchema, callOptions, {
        ...download,
        bytesField: 'buffer',
      }),
    async activateCodes(request, callOptions) {
      await call('codeactive', activateCodesRequestSchema, request, activateCodesResponseSchema, callOptions);
    },
    queryActivation: async (request, callOptions) =>
      call('codeactivequery', queryActivationRequestSchema, request, activationInfoSchema, callOptions),
    ticketToCode: async (request, callOptions) =>
      call('tickettocode', ticketToCodeRequestSchema, request, activationInfoSchema, callOptions),
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
