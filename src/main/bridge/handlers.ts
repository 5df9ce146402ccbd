import type { ExportRequest, PrintRunSummary } from '../../shared/batches-contract';
import type { DispatchContext, Handlers } from './dispatch';
import type { AppInfoService } from '../app-info';
import type { BatchService } from '../batches';
import type { ConnectionService } from '../connection';
import type { SettingsService } from '../settings';

/** Where an export goes: a save dialog in the app, a folder in the data directory elsewhere. Undefined = cancelled. */
export type ChooseExportPath = (suggestedName: string) => Promise<string | undefined>;

export interface HandlerServices {
  appInfo: AppInfoService;
  settings: SettingsService;
  connection: ConnectionService;
  batches: BatchService;
  exporter: { exportRange(request: ExportRequest, outputPath: string, actor: string): Promise<PrintRunSummary> };
  chooseExportPath: ChooseExportPath;
}

/** Who is acting, for the audit log; supervisor identities arrive with roles. */
function actorOf(context: DispatchContext): string {
  return context.transport === 'direct' ? 'cli' : 'station';
}

/** The channel → service map. Adding a channel to the contract fails to compile until it is handled here. */
export function createHandlers(services: HandlerServices): Handlers {
  return {
    'app.info': () => services.appInfo.get(),
    'settings.getAll': () => services.settings.getAll(),
    'settings.set': (update) => services.settings.set(update),
    'connection.get': () => services.connection.info(),
    'connection.save': (update) => services.connection.save(update),
    'connection.test': () => services.connection.test(),
    'batches.list': () => services.batches.list(),
    'batches.get': ({ isv_application_id }) => services.batches.detail(isv_application_id),
    'batches.apply': (request, context) => services.batches.apply(request, actorOf(context)),
    'batches.retry': ({ isv_application_id }, context) => services.batches.retry(isv_application_id, actorOf(context)),
    'batches.export': async (request, context) => {
      const extension = request.format === 'csv' ? 'csv' : 'txt';
      const path = await services.chooseExportPath(
        `codes-${request.application_id}-${request.code_start}-${request.code_end}.${extension}`,
      );
      if (!path) return { print_run: null };
      return { print_run: await services.exporter.exportRange(request, path, actorOf(context)) };
    },
  };
}
