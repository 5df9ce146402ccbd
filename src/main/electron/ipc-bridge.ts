import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-channels';
import { appErrors } from '../../shared/error-catalogue/app';
import type { ComposedApp } from '../compose';
import { isTrustedSenderUrl } from './main-window';

/** Electron transport for `dispatch`: one invoke channel in, one event channel out. */
export function attachIpcBridge(composed: ComposedApp, window: BrowserWindow): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, request: unknown) => {
    const senderUrl = event.senderFrame?.url ?? '';
    if (!isTrustedSenderUrl(senderUrl)) {
      composed.logger.warn('refused IPC from untrusted frame', { senderUrl });
      return {
        ok: false,
        error: appErrors.UNTRUSTED_SENDER().toPayload(),
      };
    }
    return composed.dispatch(channel, request, { transport: 'ipc' });
  });
  const unsubscribe = composed.events.subscribeAll((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  });
  window.on('closed', () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  });
}
