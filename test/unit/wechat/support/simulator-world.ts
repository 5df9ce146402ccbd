/**
 * The client against a real simulator on 127.0.0.1: one simulator with its
 * own clock, an AppID+secret token provider and a recording client (sleeps
 * return at once), plus shorthands for the simulator's request counters.
 * Everything is closed after the test.
 */
import { createDecipheriv } from 'node:crypto';
import { afterEach } from 'vitest';
import {
  DEMO_ACCOUNT,
  startSimulator,
  type RunningSimulator,
  type SimulatorAccount,
  type SimulatorEndpoint,
  type SimulatorOptions,
} from '@main/simulator';
import {
  createAppSecretTokenProvider,
  isApplicationFinished,
  type CodeSegment,
  type MarketcodeClientOptions,
  type TokenProvider,
} from '@main/wechat';
import { recordingClient, type RecordingClient } from './fixtures';

/** A second account: its applications, codes and tickets do not exist for the demo account. */
export const OTHER_ACCOUNT: SimulatorAccount = {
  appid: 'wx00000000000other',
  secret: 'other-secret-0000000000000000000',
  serviceKey: 'OtherServiceKey!',
};

export const DETAILS = {
  activity_name: 'Spring 2025',
  product_brand: 'Demo Brand',
  product_title: 'Demo Tea 500 g',
  product_code: '6901234567892',
  wxa_appid: 'wxd0000000000mini1',
  wxa_path: 'pages/scan/index',
} as const;

export const START_MS = Date.UTC(2025, 0, 1, 8, 0, 0);

export interface WorldClient extends RecordingClient {
  tokenProvider: TokenProvider;
}

export interface SimulatorWorld extends WorldClient {
  sim: RunningSimulator;
  /** The clock the simulator and the client share. */
  clock: { now(): number; advance(ms: number): void; set(ms: number): void };
  /** Another client (own token cache, own recordings) for `account`, on the same simulator. */
  clientFor(account: SimulatorAccount, options?: Partial<MarketcodeClientOptions>): WorldClient;
  /** Requests the simulator saw on `endpoint` (token endpoints included). */
  requests(endpoint: SimulatorEndpoint): number;
  /** The simulator's outcome counts on `endpoint`, e.g. `{ ok: 1, 'errcode:-1': 2 }`. */
  outcomes(endpoint: SimulatorEndpoint): Record<string, number>;
  /** applycode, then query until FINISH by moving the clock; the segments. */
  finishedApplication(codeCount: number, isvApplicationId: string): Promise<{ application_id: number; segments: CodeSegment[] }>;
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** Starts a simulator that is closed after the test. */
export async function startClosedAfterTest(options: SimulatorOptions): Promise<RunningSimulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

export async function simulatorWorld(
  options: { simulator?: SimulatorOptions; client?: Partial<MarketcodeClientOptions> } = {},
): Promise<SimulatorWorld> {
  let nowMs = START_MS;
  const clock = {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
    set: (ms: number) => {
      nowMs = ms;
    },
  };
  const sim = await startClosedAfterTest({
    now: clock.now,
    finishDelayMs: 0,
    segmentSize: 2_500,
    accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT],
    ...options.simulator,
  });

  const clientFor = (account: SimulatorAccount, overrides: Partial<MarketcodeClientOptions> = {}): WorldClient => {
    const tokenProvider = createAppSecretTokenProvider({
      baseUrl: sim.baseUrl,
      appid: account.appid,
      secret: account.secret,
      now: clock.now,
    });
    return { tokenProvider, ...recordingClient({ baseUrl: sim.baseUrl, tokenProvider, now: clock.now, ...options.client, ...overrides }) };
  };
  const main = clientFor(DEMO_ACCOUNT);

  const world: SimulatorWorld = {
    ...main,
    sim,
    clock,
    clientFor,
    requests: (endpoint) => sim.admin.counters().perEndpoint[endpoint] ?? 0,
    outcomes: (endpoint) => sim.admin.counters().perOutcome[endpoint] ?? {},
    async finishedApplication(codeCount, isvApplicationId) {
      const { application_id } = await main.client.applyCode({ code_count: codeCount, isv_application_id: isvApplicationId });
      for (let round = 0; round < 20; round += 1) {
        const status = await main.client.queryApplication({ application_id });
        if (isApplicationFinished(status)) return { application_id, segments: status.code_generate_list };
        clock.advance(500);
      }
      throw new Error(`application ${application_id} never finished`);
    },
  };
  return world;
}

/** Strict AES-128-CBC decryption with key = IV = the service key's ASCII bytes. */
export function decryptPackage(buffer: string, serviceKey: string = DEMO_ACCOUNT.serviceKey): string {
  const key = Buffer.from(serviceKey, 'ascii');
  const decipher = createDecipheriv('aes-128-cbc', key, key);
  return Buffer.concat([decipher.update(Buffer.from(buffer, 'base64')), decipher.final()]).toString('latin1');
}
