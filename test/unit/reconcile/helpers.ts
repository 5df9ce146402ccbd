import { composeApp, type AppConfig, type ComposedApp } from '@main/compose';
import { ACCOUNT, ACTOR, PRODUCT, type activationWorld } from '../activation/helpers';

export type World = Awaited<ReturnType<typeof activationWorld>>;

/** A station on `dataDir` (the world's own, or a copy of its ledger) talking to the world's simulator. */
export function stationOn(w: World, dataDir: string, overrides: Partial<AppConfig> = {}): Promise<ComposedApp> {
  return composeApp({
    ...overrides,
    dataDir,
    environment: {
      credentialKind: 'secret',
      appid: ACCOUNT.appid,
      appSecret: ACCOUNT.secret,
      serviceKey: ACCOUNT.serviceKey,
      baseUrl: w.simulator().baseUrl,
    },
    clientOptions: { sleep: async () => undefined, random: () => 0.5, ...overrides.clientOptions },
  });
}

/** Records an activation of the world's application for PRODUCT (pending); returns its id. */
export function record(
  app: Pick<ComposedApp, 'services'>,
  w: World,
  start: number,
  end: number,
  productCode = PRODUCT.product_code,
): number {
  return app.services.activations.create(
    { application_id: w.applicationId, code_start: start, code_end: end, product_code: productCode },
    ACTOR,
  ).id;
}

/** Polls `condition` every 10 ms for at most `limitMs`. */
export async function eventually(condition: () => boolean, limitMs = 5_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
