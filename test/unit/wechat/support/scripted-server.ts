/**
 * A tiny HTTP server on 127.0.0.1 whose answers a test scripts request by
 * request, recording what the client sent.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export type Reply =
  /** `headers` are sent besides the JSON content type (e.g. a redirect's `location`). */
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; headers?: Record<string, string> }
  /** Destroy the connection without answering. */
  | { drop: true }
  /** Never answer (for timeouts). */
  | { hang: true };

export type Script = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface ScriptedServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          rawBody,
          body: rawBody ? (JSON.parse(rawBody) as unknown) : undefined,
        };
        requests.push(recorded);
        const reply = await script(recorded, requests.length - 1);
        if ('drop' in reply) {
          req.socket.destroy();
          return;
        }
        if ('hang' in reply) return;
        const body = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
