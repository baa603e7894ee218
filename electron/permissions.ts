/**
 * Permission handling for the app's session (docs/security.md §1): the app needs no browser permission
 * (camera, location, notifications, clipboard read, devices, ...), so every request and every check is refused.
 */
import type { SessionLike } from './electron-api';

export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  // WebHID / WebSerial / WebUSB grants bypass the check handler once a device was chosen; refuse those too.
  session.setDevicePermissionHandler(() => false);
}
