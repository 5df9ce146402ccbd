/**
 * The browser harness: composes the real services on a data directory and
 * serves the built renderer plus the contract over loopback HTTP + WebSocket,
 * so Chromium can run the app end to end without Electron.
 */
import { buildSync } from 'esbuild';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { composeApp, type AppConfig, type ComposedApp } from '../../src/main/compose';

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
  url: string;
  app: ComposedApp;
  dataDir: string;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<AppConfig, 'dataDir'>> {
  /** Reuse a data directory (kept on close); a fresh temp one (removed on close) otherwise. */
  dataDir?: string;
  port?: number;
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
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run "npm run build" first.`);
  }
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mc-harness-'));
  const app = await composeApp({ ...options, dataDir });
  app.start();

  const server = createServer((request, response) => {
    void route(app, request, response);
  });
  const sockets = new WebSocketServer({ server, path: '/__bridge/events' });
  const unsubscribe = app.events.subscribeAll((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of sockets.clients) client.send(message);
  });

  await new Promise<void>((resolvePromise) => server.listen(options.port ?? 0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
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

async function route(app: ComposedApp, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/__bridge/invoke' && request.method === 'POST') {
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
  if (url.pathname === BRIDGE_SCRIPT_PATH) return send(response, 200, CONTENT_TYPES['.js']!, pageBridgeScript());
  if (url.pathname === '/' || url.pathname === '/index.html') return send(response, 200, CONTENT_TYPES['.html']!, indexWithBridge());
  serveStatic(url.pathname, response);
}

/**
 * The built index.html with the bridge as a classic script ahead of the app's
 * module script, so `window.api` exists before any app code runs (as with the preload).
 */
function indexWithBridge(): string {
  const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const at = html.indexOf('<script type="module"');
  if (at < 0) throw new Error('built index.html has no module script');
  return html.slice(0, at) + tag + '\n    ' + html.slice(at);
}

function serveStatic(pathname: string, response: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = resolve(RENDERER_DIR, relative === '' ? 'index.html' : relative);
  if (!file.startsWith(RENDERER_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) {
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
