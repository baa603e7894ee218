/**
 * The name a device is enrolled under by default (the sign-in form's "device name", which the user can
 * change): what it runs (the desktop app or the browser) and on which system, so an administrator's device
 * list tells the care manager's laptop from the caregiver's Chrome at a glance. Read from the user agent
 * only; nothing is sent anywhere but the name itself.
 */

export interface DeviceNameParts {
  /** "CareRounds" for the desktop app, else the browser's name. */
  app: string;
  /** The operating system, or '' when the user agent does not say. */
  os: string;
}

const SYSTEMS: readonly [RegExp, string][] = [
  [/Windows NT/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Ubuntu/, 'Ubuntu'],
  [/Linux/, 'Linux'],
];

const BROWSERS: readonly [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/OPR\//, 'Opera'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

export function deviceNameParts(userAgent: string, kind: 'electron' | 'browser'): DeviceNameParts {
  const os = SYSTEMS.find(([re]) => re.test(userAgent))?.[1] ?? '';
  const app = kind === 'electron' ? 'CareRounds' : (BROWSERS.find(([re]) => re.test(userAgent))?.[1] ?? 'Browser');
  return { app, os };
}
