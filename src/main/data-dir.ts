import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * One data directory for the app and the CLI: `--data-dir`, then
 * `MARKETCODE_HOME`, then the platform's per-user app data folder (the same
 * folder Electron calls userData, so the CLI sees the app's ledger).
 */
export function resolveDataDir(options: { explicit?: string; electronUserData?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = options.env ?? process.env;
  if (options.explicit) return resolve(options.explicit);
  if (env.MARKETCODE_HOME) return resolve(env.MARKETCODE_HOME);
  if (options.electronUserData) return options.electronUserData;
  return join(platformAppDataDir(env), packageJson.productName);
}

function platformAppDataDir(env: NodeJS.ProcessEnv): string {
  switch (process.platform) {
    case 'win32':
      return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support');
    default:
      return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  }
}
