import { composeApp, type ComposedApp } from '../compose';
import { connectionFromEnvironment } from '../connection';
import type { CliContext } from './command';

/** The app as the CLI sees it: the data directory's saved connection, unless MARKETCODE_* variables give Live credentials. */
export function composeForCli(context: CliContext): Promise<ComposedApp> {
  const environment = connectionFromEnvironment(context.io.env);
  return composeApp({ dataDir: context.dataDir, ...(environment ? { environment } : {}) });
}

/** Runs `work` on a composed app and always closes it (and the Training simulator with it). */
export async function withApp<T>(context: CliContext, work: (app: ComposedApp) => Promise<T>): Promise<T> {
  const app = await composeForCli(context);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
