/**
 * The browser harness — A TEST TOOL ONLY, never part of the app or shipped with
 * it: composes the real services on a data directory and serves the built
 * renderer plus the contract over loopback HTTP + WebSocket, so Chromium can
 * run the app end to end without Electron.
 *
 * It binds 127.0.0.1 only, and answers only its own page: every request and
 * WebSocket upgrade is checked for Host, Origin and a per-run random token
 * (harness-access.ts; docs/security.md). The token is in `harness.url`; the
 * first load sets it as a cookie for the page's files, and the bridge script
 * (served only to a request holding the token) sends it with every call.
 */
import { buildSync } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { composeApp, type AppConfig, type ComposedApp } from '../../src/main/compose';
import { noKeychain } from '../../src/main/secrets';
import { harnessAccess, tokenFromCookie, tokenFromSubprotocols, type HarnessRequestKind } from './harness-access';
import { EVENTS_PATH, INVOKE_PATH, SOCKET_PROTOCOL, TOKEN_HEADER } from './harness-protocol';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface Harness {
  /** The page's address, with this run's token in its query. */
  url: string;
  token: string;
  app: ComposedApp;
  dataDir: string;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<AppConfig, 'dataDir'>> {
  /** Reuse a data directory (kept on close); a fresh temp one (removed on close) otherwise. */
  dataDir?: string;
  port?: number;
  /** The built renderer to serve (tests of the harness itself pass a small one). */
  rendererDir?: string;
}

const BRIDGE_SCRIPT_PATH = '/__bridge/page-bridge.js';
let cachedBridgeScript: string | undefined;

/** The page side of the bridge, bundled from TypeScript on first use. */
function pageBridgeScript(): string {
  cachedBridgeScript ??= buildSync({
    entryPoints: [join(ROOT, 'test', 'harness', 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).outputFiles[0]!.text;
  return cachedBridgeScript;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? RENDERER_DIR);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir}: run "npm run build" first.`);
  }
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mc-harness-'));
  // A test tool never writes into the OS keychain of the machine it runs on.
  const app = await composeApp({ secretKeys: noKeychain('the browser test harness'), ...options, dataDir });
  app.start();

  const gate: Gate = { token: randomBytes(32).toString('hex'), ownHost: '', cookie: '', rendererDir };
  const server = createServer((request, response) => {
    void route(app, gate, request, response);
  });
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const refusal =
      new URL(request.url ?? '/', 'http://127.0.0.1').pathname === EVENTS_PATH ? refused(gate, 'socket', request) : 'not found';
    if (refusal) {
      socket.end(
        `HTTP/1.1 ${refusal === 'not found' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
  });
  const unsubscribe = app.events.subscribeAll((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of sockets.clients) client.send(message);
  });

  await new Promise<void>((resolvePromise) => server.listen(options.port ?? 0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  gate.ownHost = `127.0.0.1:${port}`;
  gate.cookie = `mc_harness_${port}`;

  return {
    url: `http://${gate.ownHost}/?token=${gate.token}`,
    token: gate.token,
    app,
    dataDir,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      await app.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** This run's secret and address, filled in once the server listens. */
interface Gate {
  token: string;
  ownHost: string;
  cookie: string;
  rendererDir: string;
}

/** Why a request is refused (logged nowhere: the harness is a test tool), or undefined when it is the page's own. */
function refused(gate: Gate, kind: HarnessRequestKind, request: IncomingMessage): string | undefined {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const decision = harnessAccess({
    kind,
    ownHost: gate.ownHost,
    host: header('host'),
    origin: header('origin'),
    secFetchSite: header('sec-fetch-site'),
    headerToken: header(TOKEN_HEADER),
    subprotocolToken: tokenFromSubprotocols(header('sec-websocket-protocol')),
    queryToken: new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? undefined,
    cookieToken: tokenFromCookie(header('cookie'), gate.cookie),
    expectedToken: gate.token,
  });
  return decision.allowed ? undefined : decision.reason;
}

async function route(app: ComposedApp, gate: Gate, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const refusal = refused(gate, url.pathname === INVOKE_PATH ? 'invoke' : 'file', request);
  if (refusal) return send(response, 403, 'text/plain', `forbidden: ${refusal}`);
  if (url.pathname === INVOKE_PATH && request.method === 'POST') {
    let body: { channel?: unknown; request?: unknown };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      return send(response, 400, 'application/json', JSON.stringify({ error: 'body must be JSON' }));
    }
    const envelope = await app.dispatch(body.channel, body.request, { transport: 'http' });
    return send(response, 200, 'application/json', JSON.stringify(envelope));
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'method not allowed');
  if (url.pathname === BRIDGE_SCRIPT_PATH) {
    return send(response, 200, CONTENT_TYPES['.js']!, `const HARNESS_TOKEN = ${JSON.stringify(gate.token)};\n${pageBridgeScript()}`);
  }
  if (url.pathname === '/' || url.pathname === '/index.html') {
    // The page's own later loads (its scripts, styles, sounds) carry the token as this cookie.
    response.setHeader('set-cookie', `${gate.cookie}=${gate.token}; HttpOnly; SameSite=Strict; Path=/`);
    return send(response, 200, CONTENT_TYPES['.html']!, indexWithBridge(gate.rendererDir));
  }
  serveStatic(gate.rendererDir, url.pathname, response);
}

/**
 * The built index.html with the bridge as a classic script ahead of the app's
 * module script, so `window.api` exists before any app code runs (as with the preload).
 */
function indexWithBridge(rendererDir: string): string {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const at = html.indexOf('<script type="module"');
  if (at < 0) throw new Error('built index.html has no module script');
  return html.slice(0, at) + tag + '\n    ' + html.slice(at);
}

function serveStatic(rendererDir: string, pathname: string, response: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = resolve(rendererDir, relative === '' ? 'index.html' : relative);
  if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return send(response, 404, 'text/plain', 'not found');
  }
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  createReadStream(file).pipe(response);
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 10_000_000) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
