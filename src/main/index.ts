/**
 * Electron entry: lifecycle only. Everything else is built by the composition
 * root so the CLI and the tests run exactly the same services.
 */
import { app } from 'electron';
import { composeApp, type ComposedApp } from './compose';
import { attachIpcBridge } from './electron/ipc-bridge';
import { createMainWindow, focusWindow, hardenWebContents } from './electron/main-window';
import { resolveDataDir } from './data-dir';
import { safeStorageCipher } from './electron/safe-storage-cipher';
import { createFileSecretStore } from './secrets';
import { join } from 'node:path';
import { electronSqliteBindingPath, useElectronSqliteBinding } from './ledger/native-binding';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let composed: ComposedApp | undefined;

  app.on('second-instance', () => focusWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void composed?.close();
  });

  void app.whenReady().then(async () => {
    useElectronSqliteBinding(electronSqliteBindingPath(app.isPackaged ? process.resourcesPath : app.getAppPath()));
    const dataDir = resolveDataDir({ electronUserData: app.getPath('userData') });
    composed = await composeApp({
      dataDir,
      systemLocale: app.getLocale(),
      secretStore: createFileSecretStore(join(dataDir, 'secrets.sealed.json'), safeStorageCipher()),
    });
    const window = createMainWindow();
    attachIpcBridge(composed, window);
  });
}
