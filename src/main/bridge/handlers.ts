import type { Handlers } from './dispatch';
import type { AppInfoService } from '../app-info';
import type { ConnectionService } from '../connection';
import type { SettingsService } from '../settings';

export interface HandlerServices {
  appInfo: AppInfoService;
  settings: SettingsService;
  connection: ConnectionService;
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
  };
}
