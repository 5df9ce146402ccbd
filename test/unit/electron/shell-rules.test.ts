import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applicationMenu, isTrustedSender, permissionAllowed, rendererEntry, type ShellFacts } from '@main/electron/shell-rules';

const INDEX = '/opt/Marketcode Station/resources/app.asar/out/renderer/index.html';
const INDEX_URL = pathToFileURL(INDEX).href;
const packaged: ShellFacts = { isPackaged: true, devServerUrl: undefined, indexFile: INDEX };
const packagedWithEnv: ShellFacts = { ...packaged, devServerUrl: 'http://evil.example:5173/' };
const dev: ShellFacts = { isPackaged: false, devServerUrl: 'http://localhost:5173/', indexFile: INDEX };
const devBuilt: ShellFacts = { isPackaged: false, devServerUrl: undefined, indexFile: INDEX };

describe('rendererEntry', () => {
  const table: Array<[string, ShellFacts, ReturnType<typeof rendererEntry>]> = [
    ['packaged: the built index', packaged, { kind: 'file', path: INDEX }],
    ['packaged: ELECTRON_RENDERER_URL is ignored', packagedWithEnv, { kind: 'file', path: INDEX }],
    ['development: the dev server', dev, { kind: 'url', url: 'http://localhost:5173/' }],
    ['development without a dev server: the built index', devBuilt, { kind: 'file', path: INDEX }],
    ['development: a non-http dev URL is ignored', { ...dev, devServerUrl: 'file:///tmp/evil.html' }, { kind: 'file', path: INDEX }],
    ['development: a malformed dev URL is ignored', { ...dev, devServerUrl: 'not a url' }, { kind: 'file', path: INDEX }],
  ];
  it.each(table)('%s', (_name, facts, entry) => expect(rendererEntry(facts)).toEqual(entry));
});

describe('isTrustedSender', () => {
  const table: Array<[string, string, ShellFacts, boolean]> = [
    ['our index.html', INDEX_URL, packaged, true],
    ['our index.html with a fragment', `${INDEX_URL}#verify`, packaged, true],
    ['our index.html with a query', `${INDEX_URL}?x=1`, packaged, false],
    ['another file:// page', 'file:///tmp/evil.html', packaged, false],
    ['a file beside our index', pathToFileURL('/opt/Marketcode Station/resources/app.asar/out/renderer/other.html').href, packaged, false],
    ['a path that merely starts like ours', `${INDEX_URL}.evil.html`, packaged, false],
    ['the dev server origin, packaged', 'http://evil.example:5173/', packagedWithEnv, false],
    ['an https page', 'https://example.com/', packaged, false],
    ['an empty URL (no frame)', '', packaged, false],
    ['development: the dev server page', 'http://localhost:5173/', dev, true],
    ['development: a dev server sub-page', 'http://localhost:5173/src/main.tsx', dev, true],
    ['development: a look-alike host', 'http://localhost:5173.evil.example/', dev, false],
    ['development: another port', 'http://localhost:5174/', dev, false],
    ['development: a file:// page while the dev server is used', INDEX_URL, dev, false],
    ['development without a dev server: our index', INDEX_URL, devBuilt, true],
  ];
  it.each(table)('%s', (_name, url, facts, trusted) => expect(isTrustedSender(url, facts)).toBe(trusted));
});

describe('permissionAllowed', () => {
  const refused = [
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'hid',
    'serial',
    'usb',
    'idle-detection',
    'window-management',
    'unknown',
  ];
  it.each(refused)('%s is refused: the renderer uses no browser permission', (permission) =>
    expect(permissionAllowed(permission)).toBe(false),
  );
});

describe('applicationMenu', () => {
  const table: Array<[boolean, NodeJS.Platform, ReturnType<typeof applicationMenu>]> = [
    [true, 'win32', 'none'],
    [true, 'linux', 'none'],
    [true, 'darwin', 'mac-minimal'],
    [false, 'win32', 'default'],
    [false, 'darwin', 'default'],
  ];
  it.each(table)('packaged=%s on %s: %s', (isPackaged, platform, menu) => expect(applicationMenu({ isPackaged, platform })).toBe(menu));
});
