import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { harnessAccess, tokenFromCookie, tokenFromSubprotocols, type HarnessRequestFacts } from '../../harness/harness-access';
import { startHarness, type Harness } from '../../harness/harness-server';

const OWN = '127.0.0.1:5180';
const TOKEN = 'a'.repeat(64);
const base: HarnessRequestFacts = {
  kind: 'invoke',
  ownHost: OWN,
  host: OWN,
  origin: `http://${OWN}`,
  secFetchSite: 'same-origin',
  headerToken: TOKEN,
  subprotocolToken: undefined,
  queryToken: undefined,
  cookieToken: undefined,
  expectedToken: TOKEN,
};

describe('harnessAccess', () => {
  const table: Array<[string, Partial<HarnessRequestFacts>, true | string]> = [
    ['the page calling with its token', {}, true],
    ['a foreign Origin, even with the token', { origin: 'http://evil.example' }, 'foreign Origin'],
    ['another loopback port', { origin: 'http://127.0.0.1:9999' }, 'foreign Origin'],
    ['a DNS-rebound Host', { host: 'evil.example:5180' }, 'foreign Host'],
    ['a call without Origin', { origin: undefined }, 'no Origin'],
    ['a call without the token', { headerToken: undefined }, 'no token'],
    ['a call with a wrong token', { headerToken: 'b'.repeat(64) }, 'wrong token'],
    ['a call holding only the cookie (ambient)', { headerToken: undefined, cookieToken: TOKEN }, 'no token'],
    ['a cross-site fetch metadata', { secFetchSite: 'cross-site' }, 'cross-site request (cross-site)'],
    [
      'a same-site (other port) load',
      { kind: 'file', origin: undefined, secFetchSite: 'same-site', cookieToken: TOKEN },
      'cross-site request (same-site)',
    ],
    ['the socket with its subprotocol token', { kind: 'socket', headerToken: undefined, subprotocolToken: TOKEN }, true],
    ['the socket without a token', { kind: 'socket', headerToken: undefined }, 'no token'],
    [
      'the first page load (typed URL)',
      { kind: 'file', origin: undefined, secFetchSite: 'none', headerToken: undefined, queryToken: TOKEN },
      true,
    ],
    ['the page loading its files with the cookie', { kind: 'file', origin: undefined, headerToken: undefined, cookieToken: TOKEN }, true],
    ['a file load without token or cookie', { kind: 'file', origin: undefined, headerToken: undefined }, 'no token'],
  ];
  it.each(table)('%s', (_name, change, expected) => {
    const decision = harnessAccess({ ...base, ...change });
    expect(decision).toEqual(expected === true ? { allowed: true } : { allowed: false, reason: expected });
  });

  it('reads the token from its carriers', () => {
    expect(tokenFromSubprotocols(`mc-harness, mc-harness.${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromSubprotocols('chat')).toBeUndefined();
    expect(tokenFromCookie(`a=1; mc_harness_5180=${TOKEN}`, 'mc_harness_5180')).toBe(TOKEN);
    expect(tokenFromCookie('mc_harness_5181=x', 'mc_harness_5180')).toBeUndefined();
  });
});

describe('the harness server refuses everything but its own page', () => {
  let harness: Harness;
  let rendererDir: string;
  let host: string;
  let own: string;

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'mc-harness-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body><script type="module" src="/app.js"></script></body></html>');
    writeFileSync(join(rendererDir, 'app.js'), 'export {};');
    harness = await startHarness({ rendererDir, systemLocale: 'zh-CN' });
    host = new URL(harness.url).host;
    own = `http://${host}`;
  });
  afterAll(async () => {
    await harness.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  function send(method: string, path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const [hostname, port] = host.split(':');
      const request = httpRequest({ hostname, port: Number(port), method, path, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      });
      request.on('error', reject);
      request.end(body);
    });
  }
  const invoke = (headers: Record<string, string>, channel: string, request: unknown) =>
    send('POST', '/__bridge/invoke', headers, JSON.stringify({ channel, request }));
  const locale = async () => {
    const envelope = await harness.app.dispatch('settings.getAll', {});
    return envelope.ok ? (envelope.data as { locale: string | null }).locale : 'unreadable';
  };

  it('serves the page and its bridge to the token, and its files to the cookie the page got', async () => {
    const page = await send('GET', `/?token=${harness.token}`, {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('/__bridge/page-bridge.js');
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`mc_harness_${host.split(':')[1]}=${harness.token}`);
    expect((await send('GET', '/app.js', { cookie })).status).toBe(200);
    const bridge = await send('GET', '/__bridge/page-bridge.js', { cookie });
    expect(bridge.body.startsWith(`const HARNESS_TOKEN = "${harness.token}";`)).toBe(true);

    expect((await send('GET', '/', {})).status).toBe(403);
    expect((await send('GET', '/__bridge/page-bridge.js', {})).status).toBe(403);
    expect((await send('GET', '/app.js', { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await send('GET', `/?token=${harness.token}`, { host: `evil.example:${host.split(':')[1]}` })).status).toBe(403);
  });

  it('refuses a foreign-Origin text/plain POST (a CSRF simple request), and changes nothing', async () => {
    const before = await locale();
    const forged = await invoke({ origin: 'http://evil.example', 'content-type': 'text/plain' }, 'settings.set', {
      key: 'locale',
      value: 'en',
    });
    expect(forged.status).toBe(403);
    const forgedWithToken = await invoke(
      { origin: 'http://evil.example', 'content-type': 'text/plain', 'x-harness-token': harness.token },
      'settings.set',
      { key: 'locale', value: 'en' },
    );
    expect(forgedWithToken.status).toBe(403);
    expect(await locale()).toBe(before);
  });

  it('refuses a call without the token, and answers one with it', async () => {
    const missing = await invoke({ origin: own, 'content-type': 'application/json' }, 'app.info', {});
    expect(missing.status).toBe(403);
    const wrong = await invoke({ origin: own, 'x-harness-token': 'f'.repeat(64) }, 'app.info', {});
    expect(wrong.status).toBe(403);
    const good = await invoke({ origin: own, 'content-type': 'application/json', 'x-harness-token': harness.token }, 'app.info', {});
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ ok: true });
  });

  function connect(protocols: string[], origin: string) {
    return new Promise<{ status: number; socket?: WebSocket }>((resolve) => {
      const socket = new WebSocket(`ws://${host}/__bridge/events`, protocols, { origin });
      socket.on('open', () => resolve({ status: 101, socket }));
      socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
      socket.on('error', () => undefined);
    });
  }

  it("refuses a foreign-Origin WebSocket and one without the token; the page's own gets the events", async () => {
    expect((await connect(['mc-harness', `mc-harness.${harness.token}`], 'http://evil.example')).status).toBe(403);
    expect((await connect(['mc-harness'], own)).status).toBe(403);
    const opened = await connect(['mc-harness', `mc-harness.${harness.token}`], own);
    expect(opened.status).toBe(101);
    const socket = opened.socket!;
    expect(socket.protocol).toBe('mc-harness');
    const received = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    const headers = { origin: own, 'content-type': 'application/json', 'x-harness-token': harness.token };
    await invoke(headers, 'settings.set', { key: 'soundVolume', value: 40 });
    expect(JSON.parse(await received)).toMatchObject({ event: 'settings.changed' });
    socket.close();
  });
});
