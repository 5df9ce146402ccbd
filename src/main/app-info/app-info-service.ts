import type { AppInfo, ConnectionInfo } from '../../shared/contract';
import packageJson from '../../../package.json' with { type: 'json' };
import { hidStatus } from '../scanner';

export interface AppInfoService {
  get(): AppInfo;
}

export interface AppInfoOptions {
  dataDir: string;
  systemLocale: string;
  connection: () => Pick<ConnectionInfo, 'mode' | 'liveReady'>;
  /** What this start moved from a shared ledger into Training's (ledger-split.ts), so the app says so once. */
  ledgerSplit?: { applications: number; products: number } | undefined;
}

export function createAppInfoService(options: AppInfoOptions): AppInfoService {
  return {
    get() {
      const connection = options.connection();
      return {
        productName: packageJson.productName,
        version: packageJson.version,
        mode: connection.mode,
        dataDir: options.dataDir,
        liveCredentialsSet: connection.liveReady,
        systemLocale: options.systemLocale,
        hid: hidStatus(),
        ...(options.ledgerSplit ? { ledgerSplit: options.ledgerSplit } : {}),
      };
    },
  };
}
