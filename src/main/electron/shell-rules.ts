/**
 * The Electron shell's security decisions as plain functions over plain facts
 * (no 'electron' import, so they are tested by tables in Node). The Electron
 * calls around them (main-window.ts, hardening.ts, ipc-bridge.ts) stay thin.
 */
import { pathToFileURL } from 'node:url';

/** What the shell knows when it decides where the renderer comes from and who may call main. */
export interface ShellFacts {
  /** `app.isPackaged`: a built, installed app. */
  isPackaged: boolean;
  /** ELECTRON_RENDERER_URL (electron-vite's dev server); only ever honoured when not packaged. */
  devServerUrl: string | undefined;
  /** Absolute path of the built renderer's index.html. */
  indexFile: string;
}

export type RendererEntry = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** The dev server only in a development run, and only an http(s) URL; the built index.html otherwise. */
export function rendererEntry(facts: ShellFacts): RendererEntry {
  const dev = developmentServer(facts);
  return dev ? { kind: 'url', url: dev.href } : { kind: 'file', path: facts.indexFile };
}

/**
 * Only our own renderer may call main: the exact file:// URL of the built index.html (any other file://
 * page or frame is refused), or in a development run a page of the dev server's origin.
 */
export function isTrustedSender(url: string, facts: ShellFacts): boolean {
  let sender: URL;
  try {
    sender = new URL(url);
  } catch {
    return false;
  }
  const dev = developmentServer(facts);
  if (dev) return sender.origin === dev.origin;
  if (sender.protocol !== 'file:' || sender.search !== '') return false;
  sender.hash = '';
  return sender.href === pathToFileURL(facts.indexFile).href;
}

/**
 * Browser permissions the renderer may have. It uses none: scanners are read in main (node-hid), sounds play
 * without a permission, files are saved through main's dialog. Everything else (camera, microphone,
 * notifications, geolocation, clipboard reading, WebHID/WebUSB/serial, …) is refused.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function permissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/**
 * The application menu: a packaged build has none on Windows and Linux, and on macOS only the app and
 * Edit menus (quit, copy and paste need them there) — never View, so no DevTools entry or shortcut.
 * A development run keeps Electron's default menu, DevTools included.
 */
export function applicationMenu(facts: { isPackaged: boolean; platform: NodeJS.Platform }): 'default' | 'none' | 'mac-minimal' {
  if (!facts.isPackaged) return 'default';
  return facts.platform === 'darwin' ? 'mac-minimal' : 'none';
}

function developmentServer(facts: ShellFacts): URL | undefined {
  if (facts.isPackaged || !facts.devServerUrl) return undefined;
  try {
    const url = new URL(facts.devServerUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
