import type { AppInfo, AppMode } from '../../shared/contract';
import packageJson from '../../../package.json' with { type: 'json' };
import { hidStatus } from '../scanner';

export interface AppInfoService {
  get(): AppInfo;
}

export interface AppInfoOptions {
  mode: AppMode;
  dataDir: string;
  liveCredentialsSet: boolean;
  systemLocale: string;
}

export function createAppInfoService(options: AppInfoOptions): AppInfoService {
  return {
    get() {
      return {
        productName: packageJson.productName,
        version: packageJson.version,
        mode: options.mode,
        dataDir: options.dataDir,
        liveCredentialsSet: options.liveCredentialsSet,
        systemLocale: options.systemLocale,
        hid: hidStatus(),
      };
    },
  };
}
