/**
 * Electron entry: lifecycle only. Everything else is built by the composition
 * root so the CLI and the tests run exactly the same services.
 */
import { app, dialog, session } from 'electron';
import { isAppError } from '../shared/errors';
import { composeApp, type ComposedApp } from './compose';
import { resolveDataDir } from './data-dir';
import { chooseExportPathWithDialog } from './electron/export-dialog';
import { applyApplicationMenu, hardenSession } from './electron/hardening';
import { attachIpcBridge } from './electron/ipc-bridge';
import { createMainWindow, focusWindow, hardenWebContents } from './electron/main-window';
import { safeStorageCipher } from './electron/safe-storage-cipher';
import { ledgerBusyError } from './ledger/ledger-busy';
import { electronSqliteBindingPath, useElectronSqliteBinding } from './ledger/native-binding';
import { LEGACY_SAFE_STORAGE_FILE } from './secrets';

/** How long quitting waits for background work to reach a commit. */
const QUIT_GRACE_MS = 3_000;

async function startApp(): Promise<ComposedApp> {
  applyApplicationMenu(app.isPackaged);
  hardenSession(session.defaultSession);
  useElectronSqliteBinding(electronSqliteBindingPath(app.isPackaged ? process.resourcesPath : app.getAppPath()));
  const dataDir = resolveDataDir({ electronUserData: app.getPath('userData') });
  const composed = await composeApp({
    dataDir,
    systemLocale: app.getLocale(),
    // The one store (OS keychain via @napi-rs/keyring, shared with the CLI); safeStorage only opens the older file.
    legacySecretFiles: [{ fileName: LEGACY_SAFE_STORAGE_FILE, cipher: safeStorageCipher }],
    chooseExportPath: chooseExportPathWithDialog,
  });
  attachIpcBridge(composed, createMainWindow());
  composed.start();
  return composed;
}

/** A start-up failure (e.g. a ledger from a newer version) is shown, not swallowed. */
function showStartupError(thrown: unknown): void {
  const error = ledgerBusyError(thrown) ?? thrown;
  const zh = app.getLocale().startsWith('zh');
  const text = isAppError(error) ? error.localized[zh ? 'zh-CN' : 'en'] : { message: String(error), hint: undefined };
  dialog.showErrorBox('Marketcode Station', [text.message, text.hint].filter(Boolean).join('\n\n'));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let composed: ComposedApp | undefined;
  app.on('second-instance', () => focusWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('will-quit', (event) => {
    if (!composed || closing) return;
    closing = true;
    // Let the import thread stop at a commit and the ledger close; a look-up sort cannot be interrupted, and
    // the ledger is crash-safe, so after a short wait the app quits regardless.
    event.preventDefault();
    void Promise.race([composed.close(), new Promise((resolve) => setTimeout(resolve, QUIT_GRACE_MS))]).finally(() => app.exit(0));
  });
  void app.whenReady().then(() =>
    startApp().then(
      (started) => (composed = started),
      (error: unknown) => {
        showStartupError(error);
        app.exit(1);
      },
    ),
  );
}
