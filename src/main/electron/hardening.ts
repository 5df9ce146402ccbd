import { Menu, type Session } from 'electron';
import { applicationMenu, permissionAllowed } from './shell-rules';

/** Every permission request and check goes through permissionAllowed; device pickers (WebHID/USB/serial) are refused. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
  session.setDevicePermissionHandler(() => false);
}

/** The menu applicationMenu decides: none (or a minimal one on macOS) in a packaged build, so no DevTools shortcut. */
export function applyApplicationMenu(isPackaged: boolean): void {
  const menu = applicationMenu({ isPackaged, platform: process.platform });
  if (menu === 'none') Menu.setApplicationMenu(null);
  else if (menu === 'mac-minimal') Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]));
}
