import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Under Electron the Node-ABI build of better-sqlite3 cannot load, so the
 * Electron entry registers the Electron-ABI build that
 * `scripts/install-electron-sqlite.mjs` put in `native/electron/`. Every
 * database in the process (ledger, simulator) is opened with it.
 */
let electronBinding: string | undefined;

export function electronSqliteBindingPath(appRoot: string): string {
  return join(appRoot, 'native', 'electron', 'better_sqlite3.node');
}

export function useElectronSqliteBinding(path: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `The Electron build of better-sqlite3 is missing at ${path}. Run "npm install" with internet access, or "node scripts/install-electron-sqlite.mjs".`,
    );
  }
  electronBinding = path;
}

/** The binding to pass to better-sqlite3, or undefined under plain Node. */
export function sqliteNativeBinding(): string | undefined {
  if (!process.versions.electron) return undefined;
  if (!electronBinding) throw new Error('useElectronSqliteBinding() must be called before opening a database under Electron.');
  return electronBinding;
}
