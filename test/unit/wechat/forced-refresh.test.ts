/**
 * stable_token's force_refresh limit (20 a day, 30 s apart; DESIGN §2): the rule as a
 * table, the provider keeping inside it against a server that keeps rejecting its token,
 * and the simulator enforcing it as WeChat does.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, startSimulator } from '@main/simulator';
import {
  FORCED_REFRESHES_PER_DAY,
  classifyFailure,
  createAppSecretTokenProvider,
  forcedRefreshWaitMs,
  isWechatError,
  type TokenProviderEvent,
} from '@main/wechat';
import { rejectionOf, scriptedServer } from './support/fixtures';

// 10:00 in Beijing: 14 h to the daily reset.
const NOON_UTC = Date.parse('2026-12-04T02:00:00.000Z');
const S = 1_000;

describe('forcedRefreshWaitMs', () => {
  const twenty = Array.from({ length: FORCED_REFRESHES_PER_DAY }, (_, k) => NOON_UTC - 3_600_000 + k * 60 * S);
  it.each<[string, number[], number, number]>([
    ['none yet: now', [], NOON_UTC, 0],
    ['the last 10 s ago: 20 s more', [NOON_UTC - 10 * S], NOON_UTC, 20 * S],
    ['the last 30 s ago: now', [NOON_UTC - 30 * S], NOON_UTC, 0],
    ['19 today: now', twenty.slice(1), NOON_UTC, 0],
    ['20 today: until midnight in Beijing', twenty, NOON_UTC, 14 * 3_600_000],
    ['20 yesterday: now', twenty.map((at) => at - 86_400_000), NOON_UTC, 0],
  ])('%s', (_, history, now, wait) => {
    expect(forcedRefreshWaitMs(history, now)).toBe(wait);
  });
});

describe('the app-secret provider never forces refreshes in a loop', () => {
  it('forces once for a rejected token, then refuses to force again within 30 s (a quota-class error with the wait)', async () => {
    // stable_token answers the same token unless forced; forced answers a new one.
    let forced = 0;
    const server = await scriptedServer((request) => {
      const body = request.body as { force_refresh?: boolean };
      if (body.force_refresh) forced += 1;
      return { json: { access_token: `TOKEN_${forced}`, expires_in: 7200 } };
    });
    let nowMs = NOON_UTC;
    const provider = createAppSecretTokenProvider({
      baseUrl: server.baseUrl,
      appid: DEMO_ACCOUNT.appid,
      secret: 'secret',
      now: () => nowMs,
    });
    expect(await provider.getToken()).toBe('TOKEN_0');
    provider.invalidate('TOKEN_0');
    expect(await provider.getToken()).toBe('TOKEN_1');
    provider.invalidate('TOKEN_1');
    // The unforced answer is TOKEN_1 again: rejected, and a second force within 30 s is not allowed.
    const error = await rejectionOf(provider.getToken());
    expect(isWechatError(error) && error.code).toBe('WECHAT_FORCED_REFRESH_LIMITED');
    expect(classifyFailure(error)).toBe('quota');
    expect(isWechatError(error) && error.retryAfterMs).toBe(30 * S);
    expect(forced).toBe(1);
    nowMs += 30 * S;
    expect(await provider.getToken()).toBe('TOKEN_2');
    expect(forced).toBe(2);
  });

  it('warns, once it falls back to /cgi-bin/token, that this invalidates other PCs’ tokens', async () => {
    const server = await scriptedServer((request) =>
      request.path === '/cgi-bin/stable_token'
        ? { status: 404, text: 'not found' }
        : { json: { access_token: 'LEGACY', expires_in: 7200 } },
    );
    const events: TokenProviderEvent[] = [];
    const provider = createAppSecretTokenProvider({
      baseUrl: server.baseUrl,
      appid: DEMO_ACCOUNT.appid,
      secret: 'secret',
      onEvent: (e) => events.push(e),
    });
    expect(await provider.getToken()).toBe('LEGACY');
    const warning = events.find((event) => event.type === 'stable-token-unavailable');
    expect(warning).toBeDefined();
    if (warning?.type !== 'stable-token-unavailable') return;
    expect(warning.warning.en).toMatch(/invalidates the tokens other PCs/);
    expect(warning.warning['zh-CN']).toContain('失效');
  });
});

describe('the simulator enforces the limit as WeChat does', () => {
  it('answers 45009 to the 21st forced stable_token refresh of a day', async () => {
    const sim = await startSimulator({});
    try {
      const force = async () => {
        const response = await fetch(`${sim.baseUrl}/cgi-bin/stable_token`, {
          method: 'POST',
          body: JSON.stringify({
            grant_type: 'client_credential',
            appid: DEMO_ACCOUNT.appid,
            secret: DEMO_ACCOUNT.secret,
            force_refresh: true,
          }),
        });
        return (await response.json()) as { errcode?: number; access_token?: string };
      };
      for (let k = 0; k < FORCED_REFRESHES_PER_DAY; k++) expect((await force()).access_token).toBeDefined();
      expect((await force()).errcode).toBe(45009);
    } finally {
      await sim.close();
    }
  });
});
