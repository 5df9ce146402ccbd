import { createDecipheriv } from 'node:crypto';
import { DEMO_ACCOUNT, startSimulator, type RunningSimulator, type SimulatorAccount, type SimulatorOptions } from '@main/simulator';

/** A manual clock: tests move time instead of sleeping. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(start = Date.UTC(2025, 0, 1, 8, 0, 0)): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export type WechatBody = Record<string, unknown> & { errcode?: number; errmsg?: string };

export interface TestSimulator {
  sim: RunningSimulator;
  clock: TestClock;
  /** A fresh token from GET /cgi-bin/token. */
  token(account?: SimulatorAccount): Promise<string>;
  /** POST /intp/marketcode/<endpoint>?access_token=… with a JSON body. */
  call(endpoint: string, body: unknown, accessToken: string): Promise<WechatBody>;
  /** applycode, then the application_id. */
  apply(accessToken: string, codeCount: number, isvApplicationId: string): Promise<number>;
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const clock = createClock();
  const sim = await startSimulator({ now: clock.now, finishDelayMs: 0, ...options });
  const call = async (endpoint: string, body: unknown, accessToken: string): Promise<WechatBody> => {
    const response = await fetch(`${sim.baseUrl}/intp/marketcode/${endpoint}?access_token=${accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as WechatBody;
  };
  return {
    sim,
    clock,
    call,
    async token(account = DEMO_ACCOUNT) {
      const query = new URLSearchParams({ grant_type: 'client_credential', appid: account.appid, secret: account.secret });
      const response = await fetch(`${sim.baseUrl}/cgi-bin/token?${query.toString()}`);
      const body = (await response.json()) as { access_token?: string };
      if (typeof body.access_token !== 'string') throw new Error(`no token: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async apply(accessToken, codeCount, isvApplicationId) {
      const body = await call('applycode', { code_count: codeCount, isv_application_id: isvApplicationId }, accessToken);
      if (body.errcode !== 0 || typeof body.application_id !== 'number') throw new Error(JSON.stringify(body));
      return body.application_id;
    },
  };
}

/** Strict AES-128-CBC decryption with key = IV = service key, as the importer must do it. */
export function decryptPackage(buffer: string, serviceKey: string): string {
  const key = Buffer.from(serviceKey, 'ascii');
  const decipher = createDecipheriv('aes-128-cbc', key, key);
  return Buffer.concat([decipher.update(Buffer.from(buffer, 'base64')), decipher.final()]).toString('utf8');
}

export const ACTIVATION_DETAILS = {
  activity_name: 'Spring promotion',
  product_brand: 'Demo Brand',
  product_title: 'Green tea 500 ml',
  product_code: '6901234567892',
  wxa_appid: 'wx1234567890abcdef',
  wxa_path: 'pages/scan/index',
} as const;

export const CODE_URL_PATTERN = /^P\.URL\.CN\/0U\.[0-9A-Z]{16}$/;
export const CODE_PATTERN = /^[0-9]{9}$/;
