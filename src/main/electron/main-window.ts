import { app, BrowserWindow, shell, type WebContents } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTrustedSender, rendererEntry, type ShellFacts } from './shell-rules';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the renderer may come from, read once: ELECTRON_RENDERER_URL counts only when not packaged. */
function shellFacts(): ShellFacts {
  return { isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL, indexFile: join(here, '../renderer/index.html') };
}

let mainWindow: BrowserWindow | undefined;

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Marketcode Station',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A packaged build has no DevTools at all, whatever the menu or a shortcut would do.
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  const entry = rendererEntry(shellFacts());
  if (entry.kind === 'url') void window.loadURL(entry.url);
  else void window.loadFile(entry.path);
  mainWindow = window;
  return window;
}

export function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** The renderer may never navigate away or open windows; external links go to the OS browser only if https. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Only our own renderer (the built index.html, or the dev server in a development run) may call main. */
export function isTrustedSenderUrl(url: string): boolean {
  return isTrustedSender(url, shellFacts());
}
