import { describe, expect, it } from 'vitest';
import { denyAllPermissions } from './permissions';
import { FakeSession, FakeWebContents } from './testing/fakes';

// Every permission name Electron 39 documents for setPermissionRequestHandler and setPermissionCheckHandler,
// plus a made-up one: the handlers must refuse names they have never heard of as well.
const REQUEST_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
];
const CHECK_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'geolocation',
  'fullscreen',
  'hid',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'openExternal',
  'pointerLock',
  'serial',
  'storage-access',
  'top-level-storage-access',
  'usb',
  'deprecated-sync-clipboard-read',
  'fileSystem',
  'background-sync',
];
const ALL = [...new Set([...REQUEST_PERMISSIONS, ...CHECK_PERMISSIONS, 'permission-invented-next-year'])];

describe('denyAllPermissions', () => {
  it.each(ALL)('refuses the request for %s exactly once', (permission) => {
    const session = new FakeSession();
    denyAllPermissions(session);
    const answers: boolean[] = [];
    session.requestHandler?.(new FakeWebContents(), permission, (granted) => answers.push(granted), {
      requestingUrl: 'carerounds://app/index.html',
      isMainFrame: true,
    });
    expect(answers).toEqual([false]);
  });

  it.each(ALL)('refuses the check for %s from our origin and from none', (permission) => {
    const session = new FakeSession();
    denyAllPermissions(session);
    expect(session.checkHandler?.(new FakeWebContents(), permission, 'carerounds://app', {})).toBe(false);
    expect(session.checkHandler?.(null, permission, '', {})).toBe(false);
  });

  it('installs all three handlers', () => {
    const session = new FakeSession();
    denyAllPermissions(session);
    expect(session.requestHandler).not.toBeNull();
    expect(session.checkHandler).not.toBeNull();
    expect(session.deviceHandler?.({ deviceType: 'usb', origin: 'carerounds://app' })).toBe(false);
  });
});
