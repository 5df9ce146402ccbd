import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivationService, createOutboxSender } from '@main/activation';
import { composeApp, type ComposedApp } from '@main/compose';
import { startSimulator, type RunningSimulator, type SimulatorAccount } from '@main/simulator';

export const ACCOUNT: SimulatorAccount = { appid: 'wx1111222233334444', secret: 'activation-secret', serviceKey: 'ActivationKey16!' };
export const PRODUCT = {
  product_code: '6901234567892',
  product_brand: '示例饮料',
  product_title: '橙味汽水 330ml ×24',
  activity_name: '扫码赢好礼',
  wxa_appid: 'wx0123456789abcdef',
  wxa_path: 'pages/scan/index',
  wxa_type: 0,
};

/** The supervisor the tests record activations as. */
export const ACTOR = 'supervisor:test';

/**
 * A ledger with one imported application on a simulator that can be stopped
 * and restarted on the same port with the same state (to play "offline").
 */
export async function activationWorld(codeCount = 20_000) {
  const dir = mkdtempSync(join(tmpdir(), 'mc-activation-'));
  const simulatorDb = join(dir, 'service.sqlite');
  let simulator: RunningSimulator | undefined = await startSimulator({
    dbPath: simulatorDb,
    accounts: [ACCOUNT],
    finishDelayMs: 0,
    segmentSize: 10_000,
  });
  const port = simulator.port;
  const app: ComposedApp = await composeApp({
    dataDir: join(dir, 'station'),
    environment: {
      credentialKind: 'secret',
      appid: ACCOUNT.appid,
      appSecret: ACCOUNT.secret,
      serviceKey: ACCOUNT.serviceKey,
      baseUrl: simulator.baseUrl,
    },
    clientOptions: { sleep: async () => undefined, random: () => 0.5 },
    batchOptions: { sleep: async () => undefined, pollDelayMs: { initial: 0, max: 0 } },
  });
  const { isv_application_id } = app.services.batches.apply({ code_count: codeCount }, 'test');
  const imported = await app.services.batches.settle(isv_application_id);
  app.ledger
    .prepare(
      `INSERT OR IGNORE INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, created_by, created_at, updated_at)
       VALUES (@product_code, @product_brand, @product_title, @activity_name, @wxa_appid, @wxa_path, @wxa_type, 'test', 'now', 'now')`,
    )
    .run(PRODUCT);
  const activations = createActivationService({ db: app.ledger, audit: app.services.audit });
  const outbox = createOutboxSender({
    db: app.ledger,
    store: activations.store,
    audit: app.services.audit,
    logger: app.logger,
    connection: () => app.services.connection.active(),
    offlineRetry: { baseDelayMs: 0, maxDelayMs: 0 },
    random: () => 0.5,
  });
  return {
    app,
    dataDir: join(dir, 'station'),
    environment: (): NodeJS.ProcessEnv => ({
      MARKETCODE_APPID: ACCOUNT.appid,
      MARKETCODE_SECRET: ACCOUNT.secret,
      MARKETCODE_SERVICE_KEY: ACCOUNT.serviceKey,
      MARKETCODE_BASE_URL: `http://127.0.0.1:${port}`,
    }),
    activations,
    outbox,
    applicationId: imported.application_id!,
    simulator: () => simulator!,
    async stopService() {
      await simulator?.close();
      simulator = undefined;
    },
    async restartService() {
      simulator = await startSimulator({ dbPath: simulatorDb, port, accounts: [ACCOUNT], finishDelayMs: 0, segmentSize: 10_000 });
    },
    /** Steps the outbox until it is idle or only waiting (bounded). */
    async drain(limit = 10_000) {
      for (let i = 0; i < limit; i += 1) {
        const result = await outbox.step();
        if (result === 'idle') return 'idle';
        if (result === 'waiting' && outbox.nextDueInMs() !== 0) return 'waiting';
      }
      throw new Error('outbox did not settle');
    },
    async dispose() {
      await app.close();
      await simulator?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
