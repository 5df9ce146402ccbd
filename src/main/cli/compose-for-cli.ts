import { composeApp, type ComposedApp } from '../compose';
import { connectionFromEnvironment } from '../connection';
import { createEnvironmentGate } from '../supervisors';
import type { CliContext } from './command';
import { secretStoreWarnings } from './secret-store-text';

/**
 * The app as the CLI sees it: the data directory's saved connection, unless MARKETCODE_* variables give Live credentials.
 * The CLI has no unlock session: supervisor-only commands name their supervisor in MARKETCODE_SUPERVISOR + MARKETCODE_PIN
 * (until the ledger has any supervisor, the CLI acts as `cli`).
 */
export function composeForCli(context: CliContext): Promise<ComposedApp> {
  const environment = connectionFromEnvironment(context.io.env);
  return composeApp({
    dataDir: context.dataDir,
    ...(environment ? { environment } : {}),
    gate: (supervisors) => createEnvironmentGate(supervisors, context.io.env),
  });
}

/** Runs `work` on a composed app and always closes it (and the Training simulator with it). */
export async function withApp<T>(context: CliContext, work: (app: ComposedApp) => Promise<T>): Promise<T> {
  const app = await composeForCli(context);
  try {
    for (const line of secretStoreWarnings(app.services.connection.info(), context.locale)) context.io.stderr(`${line}\n`);
    return await work(app);
  } finally {
    await app.close();
  }
}
