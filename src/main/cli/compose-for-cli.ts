import { composeApp, type ComposedApp } from '../compose';
import { connectionFromEnvironment } from '../connection';
import { createEnvironmentGate } from '../supervisors';
import type { Locale } from '../../shared/errors';
import type { LedgerSplitResult } from '../modes';
import type { CliContext } from './command';
import { secretStoreWarnings } from './secret-store-text';

/**
 * The app as the CLI sees it: the data directory's saved connection, unless MARKETCODE_* variables give Live credentials.
 * The CLI has no unlock session: supervisor-only commands name their supervisor in MARKETCODE_SUPERVISOR + MARKETCODE_PIN
 * (until the ledger has any supervisor, the CLI acts as `cli`).
 */
export async function composeForCli(context: CliContext): Promise<ComposedApp> {
  const environment = connectionFromEnvironment(context.io.env);
  const app = await composeApp({
    dataDir: context.dataDir,
    ...(environment ? { environment } : {}),
    gate: (supervisors) => createEnvironmentGate(supervisors, context.io.env),
  });
  if (app.ledgerSplit) context.io.stderr(ledgerSplitNotice(app.ledgerSplit, context.locale));
  return app;
}

/** Said once, by the run whose start split a ledger shared by both modes (docs/modes.md). */
export function ledgerSplitNotice(moved: LedgerSplitResult, locale: Locale): string {
  return locale === 'zh-CN'
    ? `已升级：培训模式与正式模式现在各用各的账本；${moved.applications} 个培训申请和 ${moved.products} 个演示产品已移入培训账本（training/ledger.sqlite），正式数据保持不变。\n`
    : `Updated: Training and Live now keep separate ledgers; ${moved.applications} training application(s) and ${moved.products} demo product(s) were moved into the Training ledger (training/ledger.sqlite); Live data stayed where it was.\n`;
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
