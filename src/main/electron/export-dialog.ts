import { app, BrowserWindow, dialog } from 'electron';
import { extname, join } from 'node:path';
import type { ChooseExportPath } from '../bridge';

/** The native save dialog for print exports, starting in Documents with the suggested name. */
export const chooseExportPathWithDialog: ChooseExportPath = async (suggestedName) => {
  const extension = extname(suggestedName).slice(1);
  const options = {
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
  };
  const window = BrowserWindow.getFocusedWindow();
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled ? undefined : result.filePath;
};
