/**
 * Every failure of a WeChat call becomes a `WechatError`: an `AppError` with a
 * stable code (`WECHAT_<errcode>` for WeChat's own errcodes, `WECHAT_TIMEOUT`,
 * `WECHAT_NETWORK`, … for everything around it), texts in both locales, and the
 * raw facts (errcode, errmsg, HTTP status) for logs and retry decisions.
 *
 * Errors never hold the raw exception or URL of a failed request: both can
 * carry the access token or the app secret. Only redacted strings go in.
 */
import { AppError, type ErrorDetails, type Locale, type LocalizedMessage } from '../../shared/errors';
import { errcodeTexts, wechatErrors, type ValidationIssue, type WechatErrorCode } from '../../shared/error-catalogue/wechat';
import type { Endpoint } from './endpoints';
import { quotaRetryAfterMs } from './quota';

/** Both locales' message and hint, as the catalogue renders them. */
export type Texts = Record<Locale, LocalizedMessage>;

export type WechatErrorKind =
  /** WeChat (or the token service) answered with a non-zero errcode. */
  | 'api'
  | 'timeout'
  | 'network'
  /** A non-2xx HTTP status. */
  | 'http'
  /** Not JSON, or JSON without the fields the endpoint promises. */
  | 'bad_response'
  /** Rejected locally before anything was sent. */
  | 'validation'
  /** The caller cancelled through its AbortSignal. */
  | 'aborted'
  /** Refused by the transport rule: an insecure URL before sending, or a redirect answer (never followed). */
  | 'transport'
  /** A pasted token was rejected and cannot be refreshed by the station. */
  | 'token_rejected'
  /** A limit the station keeps by itself before WeChat would refuse (stable_token's forced refreshes); wait `retryAfterMs`. */
  | 'local_limit';

export interface WechatErrorInit {
  kind: WechatErrorKind;
  /** A WechatErrorCode from the catalogue (tests may pass any string). */
  code: string;
  endpoint: Endpoint;
  texts: Texts;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
  /** Set on quota errors: how long to wait before calling again. */
  retryAfterMs?: number;
  /** How many requests the client made before giving up. */
  attempts?: number;
  /** Further facts for logs (strings and numbers only, never secrets). */
  facts?: ErrorDetails;
}

export class WechatError extends AppError {
  readonly kind: WechatErrorKind;
  readonly endpoint: Endpoint;
  readonly errcode: number | undefined;
  readonly errmsg: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;
  private readonly init: WechatErrorInit;

  constructor(init: WechatErrorInit) {
    super(init.code, init.texts, buildDetails(init));
    this.name = 'WechatError';
    this.init = init;
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }

  /** A copy recording how many requests were made; errors stay immutable. */
  withAttempts(attempts: number): WechatError {
    return new WechatError({ ...this.init, attempts });
  }

  /**
   * A copy with every occurrence of the given secrets masked. A last line of
   * defence: an errmsg or a transport reason could echo a token back.
   */
  redacted(secrets: readonly string[]): WechatError {
    const live = secrets.filter((secret) => secret.length > 0);
    if (live.length === 0) return this;
    const mask = (text: string): string => live.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
    const maskText = (text: LocalizedMessage): LocalizedMessage =>
      text.hint === undefined ? { message: mask(text.message) } : { message: mask(text.message), hint: mask(text.hint) };
    const maskTexts = (value: Texts): Texts => ({ 'zh-CN': maskText(value['zh-CN']), en: maskText(value.en) });
    const facts = this.init.facts
      ? Object.fromEntries(Object.entries(this.init.facts).map(([key, value]) => [key, typeof value === 'string' ? mask(value) : value]))
      : undefined;
    const next: WechatErrorInit = { ...this.init, texts: maskTexts(this.init.texts) };
    if (this.init.errmsg !== undefined) next.errmsg = mask(this.init.errmsg);
    if (facts) next.facts = facts;
    return new WechatError(next);
  }
}

function buildDetails(init: WechatErrorInit): ErrorDetails {
  const details: ErrorDetails = { kind: init.kind, endpoint: init.endpoint };
  if (init.errcode !== undefined) details.errcode = init.errcode;
  if (init.errmsg !== undefined) details.errmsg = init.errmsg;
  if (init.httpStatus !== undefined) details.httpStatus = init.httpStatus;
  if (init.retryAfterMs !== undefined) details.retryAfterMs = init.retryAfterMs;
  if (init.attempts !== undefined) details.attempts = init.attempts;
  return { ...init.facts, ...details };
}

export function isWechatError(value: unknown): value is WechatError {
  return value instanceof WechatError;
}

/** Errcodes that mean "this access token is no good": refresh once and retry once. */
export const TOKEN_ERRCODES: readonly number[] = [40001, 42001, 40014];

export function isTokenError(error: unknown): error is WechatError {
  return isWechatError(error) && error.errcode !== undefined && TOKEN_ERRCODES.includes(error.errcode);
}

export interface ApiErrorInput {
  endpoint: Endpoint;
  errcode: number;
  errmsg: string;
  /** The clock, to say when the daily quota resets. */
  nowMs: number;
  /** How long to wait after a per-minute quota error (45011). */
  minuteQuotaDelayMs: number;
}

export function apiError(input: ApiErrorInput): WechatError {
  const { endpoint, errcode, errmsg } = input;
  const init: WechatErrorInit = {
    kind: 'api',
    code: `WECHAT_${errcode}`,
    endpoint,
    texts: errcodeTexts(errcode, { endpoint, errmsg }),
    errcode,
    errmsg,
  };
  const retryAfterMs = quotaRetryAfterMs(errcode, input.nowMs, input.minuteQuotaDelayMs);
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  return new WechatError(init);
}

/** The code and texts of a catalogue error, for a WechatError that adds the facts. */
function fromCatalogue(built: AppError): Pick<WechatErrorInit, 'code' | 'texts'> {
  return { code: built.code as WechatErrorCode, texts: built.localized };
}

export function timeoutError(endpoint: Endpoint, timeoutMs: number): WechatError {
  return new WechatError({
    kind: 'timeout',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_TIMEOUT({ endpoint, timeoutMs })),
    facts: { timeoutMs },
  });
}

/** `reason` is a short transport reason such as `ECONNRESET`, already free of secrets. */
export function networkError(endpoint: Endpoint, reason: string): WechatError {
  return new WechatError({
    kind: 'network',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_NETWORK({ endpoint, reason })),
    facts: { reason },
  });
}

export function httpStatusError(endpoint: Endpoint, httpStatus: number): WechatError {
  return new WechatError({
    kind: 'http',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_HTTP_STATUS({ endpoint, httpStatus })),
    httpStatus,
  });
}

export function badResponseError(endpoint: Endpoint, problem: string): WechatError {
  return new WechatError({
    kind: 'bad_response',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_BAD_RESPONSE({ endpoint, problem })),
    facts: { problem },
  });
}

export function validationError(endpoint: Endpoint, field: string, issue: ValidationIssue): WechatError {
  return new WechatError({
    kind: 'validation',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_VALIDATION({ endpoint, field, issue })),
    facts: { field, issue },
  });
}

export function abortedError(endpoint: Endpoint): WechatError {
  return new WechatError({ kind: 'aborted', endpoint, ...fromCatalogue(wechatErrors.WECHAT_ABORTED({ endpoint })) });
}

/** The token was rejected but another forced refresh now would break stable_token's limit. */
export function forcedRefreshLimitedError(retryAfterMs: number): WechatError {
  return new WechatError({
    kind: 'local_limit',
    endpoint: 'stable_token',
    ...fromCatalogue(wechatErrors.WECHAT_FORCED_REFRESH_LIMITED({ endpoint: 'stable_token', retryAfterMs })),
    retryAfterMs,
  });
}

/** A pasted token cannot be refreshed: after WeChat rejects it, a person must paste a new one. */
export function tokenRejectedError(endpoint: Endpoint): WechatError {
  return new WechatError({ kind: 'token_rejected', endpoint, ...fromCatalogue(wechatErrors.WECHAT_TOKEN_REJECTED()) });
}

/** The URL breaks the transport rule (DESIGN §6); nothing was sent. Only its scheme and host are kept. */
export function insecureUrlError(endpoint: Endpoint, scheme: string, host: string): WechatError {
  return new WechatError({
    kind: 'transport',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_INSECURE_URL({ endpoint, scheme, host })),
    facts: { scheme, host },
  });
}

/** A 3xx answer, not followed. `target` is the origin it pointed to (never its path or query), '' when it named none. */
export function redirectRefusedError(endpoint: Endpoint, httpStatus: number, target: string): WechatError {
  return new WechatError({
    kind: 'transport',
    endpoint,
    ...fromCatalogue(wechatErrors.WECHAT_REDIRECT_REFUSED({ endpoint, httpStatus, target })),
    httpStatus,
    facts: { target },
  });
}
