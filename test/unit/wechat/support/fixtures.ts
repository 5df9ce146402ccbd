/** Shared set-up for the wechat client tests: a client against a scripted server, with no real waiting. */
import { afterEach } from 'vitest';
import {
  createMarketcodeClient,
  createStaticTokenProvider,
  type MarketcodeClient,
  type MarketcodeClientOptions,
  type WechatClientEvent,
} from '@main/wechat';
import { startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

export const TOKEN = 'TEST_ACCESS_TOKEN_0123456789abcdef';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts a scripted server that is closed after the test. */
export async function scriptedServer(script: Script): Promise<ScriptedServer> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

export interface RecordingClient {
  client: MarketcodeClient;
  /** Every delay the client asked to sleep, in order. */
  sleeps: number[];
  events: WechatClientEvent[];
}

/** A client whose sleeps return at once (and are recorded), with jitter fixed at 0.5 and events recorded. */
export function recordingClient(options: Partial<MarketcodeClientOptions> & { baseUrl: string }): RecordingClient {
  const sleeps: number[] = [];
  const events: WechatClientEvent[] = [];
  const client = createMarketcodeClient({
    tokenProvider: createStaticTokenProvider({ accessToken: TOKEN }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, sleeps, events };
}

export interface Harness extends RecordingClient {
  server: ScriptedServer;
}

/** A scripted server and a recording client pointed at it. */
export async function harness(script: Script, overrides: Partial<MarketcodeClientOptions> = {}): Promise<Harness> {
  const server = await scriptedServer(script);
  return { server, ...recordingClient({ baseUrl: server.baseUrl, ...overrides }) };
}

/** Resolves to the rejection of `promise`; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export const ACTIVATION = {
  application_id: 581865877,
  activity_name: 'test_name',
  product_brand: 'test_brand',
  product_title: 'test_title',
  product_code: '6901234567892',
  wxa_appid: 'wx3sxjifjwojfsffef',
  wxa_path: 'pages/index/index',
  code_start: 0,
  code_end: 200,
} as const;
