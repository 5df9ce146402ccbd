import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '@main/compose';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';
import type { ConnectivityStatusPayload } from '@shared/activation-contract';
import { startScriptedServer } from '../wechat/support/scripted-server';

const ACCOUNT: SimulatorAccount = { appid: 'wx2222333344445555', secret: 'connectivity', serviceKey: 'Connectivity16!!' };
let app: ComposedApp | undefined;
let service: RunningSimulator | undefined;
afterEach(async () => {
  await app?.close();
  await service?.close();
  app = undefined;
  service = undefined;
});

describe('connectivity chip feed', () => {
  it('goes online on success, degraded when the service is busy, offline when it is unreachable, with the last error', async () => {
    service = await startSimulator({ accounts: [ACCOUNT], finishDelayMs: 0 });
    app = await composeApp({
      dataDir: ':memory:',
      environment: {
        credentialKind: 'secret',
        appid: ACCOUNT.appid,
        appSecret: ACCOUNT.secret,
        serviceKey: ACCOUNT.serviceKey,
        baseUrl: service.baseUrl,
      },
      clientOptions: { sleep: async () => undefined, random: () => 0.5 },
    });
    const seen: ConnectivityStatusPayload[] = [];
    app.events.subscribeAll((event, payload) => {
      if (event === 'connectivity.changed') seen.push(payload as ConnectivityStatusPayload);
    });
    const status = async () => {
      const envelope = await app!.dispatch('connectivity.get', {});
      if (!envelope.ok) throw new Error('connectivity.get failed');
      return envelope.data as ConnectivityStatusPayload;
    };
    expect((await status()).state).toBe('unknown');
    const { client } = await app.services.connection.active();
    await client.applyCode({ code_count: 10_000, isv_application_id: 'c1' });
    expect((await status()).state).toBe('online');

    service.admin.failNext({ kind: 'busy', count: 4, endpoint: 'applycodequery' });
    await expect(client.queryApplication({ isv_application_id: 'c1' })).rejects.toMatchObject({ code: 'WECHAT_-1' });
    expect(await status()).toMatchObject({ state: 'degraded', last_error: { code: 'WECHAT_-1' } });

    await service.close();
    service = undefined;
    await expect(client.queryApplication({ isv_application_id: 'c1' })).rejects.toMatchObject({ code: 'WECHAT_NETWORK' });
    expect(await status()).toMatchObject({ state: 'offline', last_error: { code: 'WECHAT_NETWORK' } });
    expect(seen.map((s) => s.state)).toEqual(expect.arrayContaining(['online', 'degraded', 'offline']));
  });

  it('a refused transport (a redirecting service) is degraded, with the error, not online', async () => {
    const redirecting = await startScriptedServer(() => ({ status: 307, json: {}, headers: { location: 'https://elsewhere.example/' } }));
    try {
      app = await composeApp({
        dataDir: ':memory:',
        environment: {
          credentialKind: 'secret',
          appid: ACCOUNT.appid,
          appSecret: ACCOUNT.secret,
          serviceKey: ACCOUNT.serviceKey,
          baseUrl: redirecting.baseUrl,
        },
        clientOptions: { sleep: async () => undefined, random: () => 0.5 },
      });
      const { client } = await app.services.connection.active();
      await expect(client.applyCode({ code_count: 10_000, isv_application_id: 'c2' })).rejects.toMatchObject({
        code: 'WECHAT_REDIRECT_REFUSED',
      });
      expect(await app.dispatch('connectivity.get', {})).toMatchObject({
        ok: true,
        data: { state: 'degraded', last_error: { code: 'WECHAT_REDIRECT_REFUSED' } },
      });
    } finally {
      await redirecting.close();
    }
  });
});
