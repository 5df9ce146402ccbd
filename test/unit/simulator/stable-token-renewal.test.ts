/**
 * WeChat's stable_token page: "in normal mode the platform renews the
 * access_token 5 minutes early: a call in the last 5 minutes of its lifetime
 * gets a new access_token", and the old one stays usable until it expires.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT } from '@main/simulator';
import { startTestSimulator, type TestSimulator, type WechatBody } from './helpers';

let t: TestSimulator;
afterEach(async () => {
  await t.sim.close();
});

async function stableToken(): Promise<{ access_token: string; expires_in: number }> {
  const response = await fetch(`${t.sim.baseUrl}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret }),
  });
  return (await response.json()) as { access_token: string; expires_in: number };
}

async function errcodeWith(token: string): Promise<number | undefined> {
  const answer: WechatBody = await t.call('applycodequery', { isv_application_id: 'none' }, token);
  return answer.errcode;
}

describe('stable_token renewal', () => {
  beforeEach(async () => {
    t = await startTestSimulator();
  });

  it('hands out the same token until its last five minutes, then a new one; the old one lives out its time', async () => {
    const first = await stableToken();
    t.clock.advance(7_200_000 - 300_001);
    await expect(stableToken()).resolves.toEqual({ access_token: first.access_token, expires_in: 301 });

    t.clock.advance(2);
    const renewed = await stableToken();
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.expires_in).toBe(7200);
    await expect(stableToken()).resolves.toEqual(renewed);

    // 9402001 (no such application) means the token itself was accepted.
    expect(await errcodeWith(first.access_token)).toBe(9402001);
    t.clock.advance(299_998);
    expect(await errcodeWith(first.access_token)).toBe(9402001);
    t.clock.advance(1);
    expect(await errcodeWith(first.access_token)).toBe(42001);
    expect(await errcodeWith(renewed.access_token)).toBe(9402001);
  });
});

describe('stable_token renewal with a short configured lifetime', () => {
  beforeEach(async () => {
    t = await startTestSimulator({ tokenTtlSeconds: 60 });
  });

  it('renews in the second half of the lifetime', async () => {
    const first = await stableToken();
    t.clock.advance(29_000);
    await expect(stableToken()).resolves.toEqual({ access_token: first.access_token, expires_in: 31 });
    t.clock.advance(2_000);
    const renewed = await stableToken();
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.expires_in).toBe(60);
  });
});
