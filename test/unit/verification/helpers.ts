import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type AppConfig, type ComposedApp } from '@main/compose';
import type { EventName, EventPayload } from '@shared/contract';
import { startSimulator, type RunningSimulator } from '@main/simulator';
import { supervisorRequiredError, type SupervisorGate } from '@main/supervisors';
import type { VerificationTuning } from '@main/verification';
import { ACCOUNT, PRODUCT } from '../activation/helpers';

export { ACCOUNT, PRODUCT };
/** A second product, for WRONG_PRODUCT. */
export const OTHER_PRODUCT = {
  ...PRODUCT,
  product_code: '6901234567908',
  product_title: '柠檬味汽水 330ml ×24',
};
export const T0 = Date.UTC(2025, 4, 6, 7, 0, 0);
export const STATION = 'line-1-pc';
/** The actor the world's gate gives while unlocked (what handlers.ts passes to a supervisor-only engine call). */
export const SUPERVISOR = 'supervisor:test';

/**
 * A station ledger with one imported application (indexes 0..codeCount-1) and
 * two products, on a simulator that can be stopped and restarted on the same
 * port with the same state (to play "offline"); a clock the test moves; a gate
 * whose supervisor can be unlocked or locked. Nothing runs in the background:
 * tests step the outbox and the confirmation loop themselves.
 */
export async function verificationWorld(options: { codeCount?: number; tuning?: VerificationTuning; stationName?: string | null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mc-verify-'));
  const dataDir = join(dir, 'station');
  const simulatorDb = join(dir, 'service.sqlite');
  const simulatorOptions = { dbPath: simulatorDb, accounts: [ACCOUNT], finishDelayMs: 0, segmentSize: 10_000 };
  let simulator: RunningSimulator | undefined = await startSimulator(simulatorOptions);
  const port = simulator.port;
  let at = T0;
  let unlocked = true;
  const gate: SupervisorGate = {
    requireSupervisor(action) {
      if (!unlocked) throw supervisorRequiredError(action, 'app');
      return SUPERVISOR;
    },
    currentActor: () => (unlocked ? SUPERVISOR : 'operator'),
  };
  const received: { event: EventName; payload: unknown }[] = [];
  const config: AppConfig = {
    dataDir,
    environment: {
      credentialKind: 'secret',
      appid: ACCOUNT.appid,
      appSecret: ACCOUNT.secret,
      serviceKey: ACCOUNT.serviceKey,
      baseUrl: simulator.baseUrl,
    },
    clientOptions: { sleep: async () => undefined, random: () => 0.5 },
    batchOptions: { sleep: async () => undefined, pollDelayMs: { initial: 0, max: 0 } },
    outboxOptions: { offlineRetry: { baseDelayMs: 0, maxDelayMs: 0 }, random: () => 0.5 },
    gate: () => gate,
    verificationOptions: {
      now: () => at,
      offlineRetry: { baseDelayMs: 1_000, maxDelayMs: 8_000 },
      ...(options.stationName === null ? {} : { stationName: options.stationName ?? STATION }),
      ...options.tuning,
    },
  };
  let app: ComposedApp = await composeApp(config);
  /** Other stations composed on the same ledger file (closed by dispose). */
  const otherStations: ComposedApp[] = [];
  const listen = (composed: ComposedApp) => composed.events.subscribeAll((event, payload) => received.push({ event, payload }));
  listen(app);

  const { isv_application_id } = app.services.batches.apply({ code_count: options.codeCount ?? 20_000 }, 'test');
  const applicationId = (await app.services.batches.settle(isv_application_id)).application_id!;
  const insertProduct = app.ledger.prepare(
    `INSERT INTO products (product_code, product_brand, product_title, activity_name, wxa_appid, wxa_path, wxa_type, created_by, created_at, updated_at)
     VALUES (@product_code, @product_brand, @product_title, @activity_name, @wxa_appid, @wxa_path, @wxa_type, 'test', 'now', 'now')`,
  );
  insertProduct.run(PRODUCT);
  insertProduct.run(OTHER_PRODUCT);

  async function drainOutbox() {
    for (let i = 0; i < 1_000; i += 1) if ((await app.outbox.step()) !== 'progressed') return;
    throw new Error('outbox did not settle');
  }

  const world = {
    get app() {
      return app;
    },
    get engine() {
      return app.services.verification;
    },
    /** The gate's current actor, as handlers.ts passes it with a scan or an operator's acknowledgement. */
    actor: () => app.gate.currentActor(),
    dataDir,
    applicationId,
    simulator: () => simulator!,
    environment: (): NodeJS.ProcessEnv => ({
      MARKETCODE_APPID: ACCOUNT.appid,
      MARKETCODE_SECRET: ACCOUNT.secret,
      MARKETCODE_SERVICE_KEY: ACCOUNT.serviceKey,
      MARKETCODE_BASE_URL: `http://127.0.0.1:${port}`,
    }),
    code(index: number): { code: string; code_url: string } {
      return app.ledger
        .prepare('SELECT code, code_url FROM codes WHERE application_id = ? AND code_index = ?')
        .get(applicationId, index) as {
        code: string;
        code_url: string;
      };
    },
    /** Records an activation and sends it (active and confirmed); returns its id. */
    async activate(codeStart: number, codeEnd: number, product = PRODUCT) {
      const recorded = app.services.activations.create(
        {
          application_id: applicationId,
          code_start: codeStart,
          code_end: codeEnd,
          product_code: product.product_code,
        },
        gate.requireSupervisor('activation.create'),
      );
      await drainOutbox();
      return recorded.id;
    },
    /** Records an activation without sending it (pending). */
    recordPending(codeStart: number, codeEnd: number, product = PRODUCT) {
      return app.services.activations.create(
        {
          application_id: applicationId,
          code_start: codeStart,
          code_end: codeEnd,
          product_code: product.product_code,
        },
        gate.requireSupervisor('activation.create'),
      ).id;
    },
    drainOutbox,
    advance(ms: number) {
      at += ms;
    },
    lock() {
      unlocked = false;
    },
    unlock() {
      unlocked = true;
    },
    events<E extends EventName>(event: E): EventPayload<E>[] {
      return received.filter((item) => item.event === event).map((item) => item.payload as EventPayload<E>);
    },
    clearEvents() {
      received.length = 0;
    },
    codeactivequeries: () => simulator!.admin.counters().perEndpoint.codeactivequery ?? 0,
    async stopService() {
      await simulator?.close();
      simulator = undefined;
    },
    async restartService() {
      simulator = await startSimulator({ ...simulatorOptions, port });
    },
    /** Closes the app and composes it again on the same data directory (a station restart). */
    async restartApp() {
      await app.close();
      app = await composeApp(config);
      listen(app);
    },
    /** Another station on the same ledger file: a second app on the same data directory under another station name. */
    async otherStation(stationName: string): Promise<ComposedApp> {
      const other = await composeApp({ ...config, verificationOptions: { ...config.verificationOptions, stationName } });
      otherStations.push(other);
      return other;
    },
    async dispose() {
      for (const other of otherStations) await other.close();
      await app.close();
      await simulator?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export type VerificationWorld = Awaited<ReturnType<typeof verificationWorld>>;
