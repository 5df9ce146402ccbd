/**
 * One HTTP exchange that must yield a JSON object, with a timeout. Every way it
 * can go wrong comes out as a `WechatError` (timeout, network, HTTP status, bad
 * JSON, cancelled, refused transport), so callers only ever see one error type.
 *
 * Transport rule (DESIGN §6), for every request of every mode: `https` only, plain
 * `http` only to a loopback host (the simulator, tests), checked before sending;
 * and no redirect is ever followed, to any origin: the request's body or query
 * carries the app secret or a token, and WeChat's API never redirects.
 */
import { liveUrlProblem } from '../../shared/validation/connection-rules';
import type { Endpoint } from './endpoints';
import {
  abortedError,
  badResponseError,
  httpStatusError,
  insecureUrlError,
  isWechatError,
  networkError,
  redirectRefusedError,
  timeoutError,
} from './errors';
import { extractBytesField } from './extract-bytes-field';

/** The subset of `fetch` used here; tests and Electron can inject their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface JsonRequest {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  /** May carry the token or secret in its query: never copied into errors. */
  url: string;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * A top-level string field returned as the raw bytes of its JSON text (a
   * `Uint8Array`) instead of a string: `applycodedownload`'s megabytes of base64
   * then never become JavaScript strings on the main thread (extract-bytes-field.ts).
   */
  bytesField?: string;
}

export type JsonObject = Record<string, unknown>;

export async function requestJson(fetchImpl: FetchLike, request: JsonRequest): Promise<JsonObject> {
  const { endpoint } = request;
  if (request.signal?.aborted) throw abortedError(endpoint);
  const insecure = liveUrlProblem(request.url);
  if (insecure?.problem === 'insecureScheme') throw insecureUrlError(endpoint, insecure.scheme, insecure.host);

  const controller = new AbortController();
  let timedOut = false;
  let rejectStop: (reason: Error) => void = () => {};
  // Raced against the exchange so a fetch that ignores its signal still times out.
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  stopped.catch(() => {});
  const stop = (): void => {
    controller.abort();
    rejectStop(new Error('stopped'));
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, request.timeoutMs);
  request.signal?.addEventListener('abort', stop, { once: true });

  let status: number;
  let body: Uint8Array;
  try {
    ({ status, body } = await Promise.race([exchange(fetchImpl, request, controller.signal), stopped]));
  } catch (error) {
    if (isWechatError(error)) throw error;
    if (timedOut) throw timeoutError(endpoint, request.timeoutMs);
    if (request.signal?.aborted) throw abortedError(endpoint);
    throw networkError(endpoint, transportReason(error));
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', stop);
  }

  if (status < 200 || status > 299) throw httpStatusError(endpoint, status);
  const field = request.bytesField;
  if (field === undefined) return parseObject(endpoint, body);
  const split = extractBytesField(body, field);
  if (split) {
    const object = parseObject(endpoint, split.rest);
    // Anything but the emptied top-level string (a nested key of that name) is read the slow way below.
    if (object[field] === '') {
      object[field] = split.value;
      return object;
    }
  }
  const object = parseObject(endpoint, body);
  const value = object[field];
  if (typeof value === 'string') object[field] = new TextEncoder().encode(value);
  return object;
}

function parseObject(endpoint: Endpoint, body: Uint8Array): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(body));
  } catch {
    throw badResponseError(endpoint, 'not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badResponseError(endpoint, 'not a JSON object');
  }
  return parsed as JsonObject;
}

const UTF8 = new TextDecoder('utf-8');

async function exchange(fetchImpl: FetchLike, request: JsonRequest, signal: AbortSignal): Promise<{ status: number; body: Uint8Array }> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  // 'manual': a 3xx comes back as it is, and nothing is sent to where it points.
  const init: RequestInit = { method: request.method, headers, signal, redirect: 'manual' };
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(request.body);
  }
  const response = await fetchImpl(request.url, init);
  if ((response.status >= 300 && response.status <= 399) || response.redirected || response.type === 'opaqueredirect') {
    await response.body?.cancel().catch(() => undefined);
    throw redirectRefusedError(request.endpoint, response.status, redirectTarget(request.url, response.headers.get('location')));
  }
  // Reading the body is part of the exchange: a connection dropped mid-body is a network error.
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, body };
}

/** The origin a redirect points to (relative locations resolved), never its path or query; '' when none is given. */
function redirectTarget(from: string, location: string | null): string {
  if (!location) return '';
  try {
    return new URL(location, from).origin;
  } catch {
    return '';
  }
}

const SECRET_IN_TEXT = /(access_token|secret|token)=[^&\s"']+/gi;

/** A short reason such as `ECONNRESET` from what fetch threw, with anything secret-shaped removed. */
function transportReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = readString(cause, 'code') ?? readString(error, 'code');
  const message = readString(cause, 'message') ?? (error instanceof Error ? error.message : String(error));
  const reason = code && message && !message.includes(code) ? `${code} (${message})` : (code ?? message);
  return reason.replace(SECRET_IN_TEXT, '$1=[redacted]').slice(0, 200);
}

function readString(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}
