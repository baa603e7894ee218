import { describe, expect, it } from 'vitest';
import { deviceNameParts } from './deviceName';

const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const EDGE_WIN = `${CHROME_WIN} Edg/156.0.0.0`;
const CHROMIUM_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0';
const ELECTRON_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) carerounds/0.1.0 Chrome/138.0.0.0 Electron/37.0.0 Safari/537.36';

describe('deviceNameParts', () => {
  it('names the browser and the system', () => {
    expect(deviceNameParts(CHROME_WIN, 'browser')).toEqual({ app: 'Chrome', os: 'Windows' });
    expect(deviceNameParts(EDGE_WIN, 'browser')).toEqual({ app: 'Edge', os: 'Windows' });
    expect(deviceNameParts(CHROMIUM_LINUX, 'browser')).toEqual({ app: 'Chrome', os: 'Linux' });
    expect(deviceNameParts(FIREFOX_MAC, 'browser')).toEqual({ app: 'Firefox', os: 'macOS' });
  });
  it('names the desktop app as CareRounds, with its system', () => {
    expect(deviceNameParts(ELECTRON_WIN, 'electron')).toEqual({ app: 'CareRounds', os: 'Windows' });
  });
  it('says nothing it cannot read', () => {
    expect(deviceNameParts('', 'browser')).toEqual({ app: 'Browser', os: '' });
  });
});
