import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { handleAdminRequest } from './admin-routes';
import type { ActivationService } from './activations';
import type { ApplicationService } from './applications';
import { outcomeOfErrcode, type RequestCounter } from './counters';
import { ERRCODE, WechatError } from './errcodes';
import type { FaultInjector } from './faults';
import type { RuntimeSettings } from './runtime-settings';
import type { AccountRow } from './store';
import type { TokenService } from './tokens';
import { MARKETCODE_ENDPOINTS, type MarketcodeEndpoint, type SimulatorAdmin, type SimulatorEndpoint } from './types';
import type { JsonObject } from './validation';

/**
 * Routing, body parsing, latency, fault injection and counting for the
 * WeChat-shaped endpoints. Like WeChat, every answer is HTTP 200 with a flat
 * `{errcode, errmsg, ...}` body; only injected faults and unknown paths differ.
 */

export interface HttpDependencies {
  tokens: TokenService;
  applications: ApplicationService;
  activations: ActivationService;
  faults: FaultInjector;
  counter: RequestCounter;
  settings: RuntimeSettings;
  admin: SimulatorAdmin;
  /** True once close() began: late handlers must not touch the closed database. */
  isClosing: () => boolean;
}

/** Requests are small JSON documents; anything bigger is a client bug. */
const MAX_BODY_BYTES = 1 << 20;
const MARKETCODE_PREFIX = '/intp/marketcode/';

type Handler = (account: AccountRow, body: JsonObject) => JsonObject;

function endpointOf(path: string): SimulatorEndpoint | undefined {
  if (path === '/cgi-bin/token') return 'token';
  if (path === '/cgi-bin/stable_token') return 'stable_token';
  if (!path.startsWith(MARKETCODE_PREFIX)) return undefined;
  const name = path.slice(MARKETCODE_PREFIX.length);
  return (MARKETCODE_ENDPOINTS as readonly string[]).includes(name) ? (name as MarketcodeEndpoint) : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function parseJsonObject(raw: Buffer | undefined): JsonObject {
  if (raw === undefined) throw new WechatError(ERRCODE.DATA_FORMAT_ERROR, 'data format error: body too large');
  if (raw.length === 0) throw new WechatError(ERRCODE.EMPTY_POST_DATA, 'empty post data');
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WechatError(ERRCODE.DATA_FORMAT_ERROR, 'data format error');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WechatError(ERRCODE.DATA_FORMAT_ERROR, 'data format error: body must be a JSON object');
  }
  return value as JsonObject;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendHttp500(res: ServerResponse): void {
  const text = '<html><head><title>500 Internal Server Error</title></head><body>500 Internal Server Error</body></html>';
  res.writeHead(500, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function ok(extra: JsonObject): JsonObject {
  return { errcode: ERRCODE.OK, errmsg: 'ok', ...extra };
}

/** The address a whitelist refusal names as the caller's (TEST-NET-3, never a real host). */
export const SIMULATED_CALLER_IP = '203.0.113.7';

/** The errcode answers of the injected faults, errmsg as WeChat words them where it is known. */
const FAULT_ANSWERS = {
  busy: { errcode: ERRCODE.SYSTEM_BUSY, errmsg: 'system error' },
  quota: { errcode: ERRCODE.QUOTA_LIMIT, errmsg: 'reach max api daily quota limit' },
  review: { errcode: ERRCODE.BARCODE_UNDER_REVIEW, errmsg: '该条码未在编码中心注册,将进入审核。请于24h后尝试重新激活' },
  ip_whitelist: {
    errcode: ERRCODE.IP_NOT_WHITELISTED,
    errmsg: `invalid ip ${SIMULATED_CALLER_IP} ipv6 ::ffff:${SIMULATED_CALLER_IP}, not in whitelist rid: simulator`,
  },
  platform_ip_whitelist: {
    errcode: ERRCODE.PLATFORM_IP_NOT_WHITELISTED,
    errmsg: `access clientip is not registered, not in ip-white-list, clientip:${SIMULATED_CALLER_IP} rid: simulator`,
  },
  secret_invalid: { errcode: ERRCODE.INVALID_APPSECRET, errmsg: 'invalid appsecret' },
  secret_frozen: { errcode: ERRCODE.APPSECRET_FROZEN, errmsg: 'appsecret is frozen, unfreeze it on mp.weixin.qq.com' },
  invalid_args: { errcode: ERRCODE.INVALID_ARGS, errmsg: 'invalid args' },
} as const;

/** An injected fault instead of the answer: a dropped connection, an HTTP 500, or an errcode. */
function sendFault(
  fault: NonNullable<ReturnType<HttpDependencies['faults']['take']>>,
  endpoint: SimulatorEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
  counter: HttpDependencies['counter'],
): void {
  switch (fault) {
    case 'drop':
      counter.record(endpoint, 'drop');
      req.socket.destroy();
      return;
    case 'http500':
      counter.record(endpoint, 'http500');
      sendHttp500(res);
      return;
    default: {
      const answer = FAULT_ANSWERS[fault];
      counter.record(endpoint, outcomeOfErrcode(answer.errcode));
      sendJson(res, 200, answer);
    }
  }
}

export function createRequestListener(deps: HttpDependencies): (req: IncomingMessage, res: ServerResponse) => void {
  const handlers: Record<MarketcodeEndpoint, Handler> = {
    applycode: (account, body) => ok(deps.applications.applyCode(account, body)),
    applycodequery: (account, body) => deps.applications.query(account, body),
    applycodedownload: (account, body) => ok(deps.applications.download(account, body)),
    codeactive: (account, body) => {
      deps.activations.activate(account, body);
      return ok({});
    },
    codeactivequery: (account, body) => deps.activations.query(account, body),
    tickettocode: (account, body) => deps.activations.ticketToCode(account, body),
  };

  function answer(endpoint: SimulatorEndpoint, req: IncomingMessage, url: URL, raw: Buffer | undefined): unknown {
    const method = req.method ?? 'GET';
    if (endpoint === 'token') {
      if (method !== 'GET') throw new WechatError(ERRCODE.REQUIRE_GET, 'require GET method');
      return deps.tokens.issueFromQuery(url.searchParams);
    }
    if (method !== 'POST') throw new WechatError(ERRCODE.REQUIRE_POST, 'require POST method');
    if (endpoint === 'stable_token') return deps.tokens.issueStable(parseJsonObject(raw));
    // WeChat checks the token before looking at the body.
    const account = deps.tokens.authenticate(url.searchParams.get('access_token'));
    return handlers[endpoint](account, parseJsonObject(raw));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const raw = await readBody(req);

    if (url.pathname.startsWith('/__admin/')) {
      const response = handleAdminRequest(deps.admin, req.method ?? 'GET', url.pathname, raw ?? Buffer.alloc(0));
      sendJson(res, response.status, response.body);
      return;
    }

    const endpoint = endpointOf(url.pathname);
    if (!endpoint) {
      sendJson(res, 404, { errcode: ERRCODE.INVALID_URL, errmsg: `invalid url ${url.pathname}` });
      return;
    }

    deps.counter.arrived(endpoint);
    if (deps.settings.latencyMs > 0) await delay(deps.settings.latencyMs);
    if (deps.isClosing()) {
      req.socket.destroy();
      return;
    }

    const fault = deps.faults.take(endpoint);
    if (fault) {
      sendFault(fault, endpoint, req, res, deps.counter);
      return;
    }

    try {
      const body = answer(endpoint, req, url, raw);
      deps.counter.record(endpoint, 'ok');
      sendJson(res, 200, body);
    } catch (error) {
      if (!(error instanceof WechatError)) throw error;
      deps.counter.record(endpoint, outcomeOfErrcode(error.errcode));
      sendJson(res, 200, { errcode: error.errcode, errmsg: error.message });
    }
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A simulator bug: make it loud rather than looking like a WeChat answer.
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { errcode: ERRCODE.SYSTEM_BUSY, errmsg: `simulator internal error: ${message}` });
      }
    });
  };
}
