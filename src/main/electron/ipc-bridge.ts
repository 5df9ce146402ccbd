import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-channels';
import { ENVELOPE_ERROR } from '../../shared/envelope';
import { AppError } from '../../shared/errors';
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
        error: new AppError(ENVELOPE_ERROR.transport, {
          'zh-CN': { message: '拒绝了来自未知页面的请求。' },
          en: { message: 'Refused a request from an unknown page.' },
        }).toPayload(),
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
