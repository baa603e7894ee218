import { describe, expect, it } from 'vitest';
import {
  BRIDGE_CHANNELS,
  BRIDGE_METHODS,
  BridgeCallError,
  MAX_SAVE_BYTES,
  MAX_SECRET_VALUE_BYTES,
  bridgeArgSchemas,
  encodeBridgeError,
  fileNameWithExtension,
  isAllowedServerOrigin,
  parseBridgeError,
  utf8ByteLength,
  type CareRoundsBridge,
} from './bridge';

// Written out by hand so adding a method to the interface without a channel and schema fails here.
const DECLARED: readonly (keyof CareRoundsBridge)[] = [
  'getAppVersion',
  'saveFile',
  'printToPdf',
  'saveWorkbook',
  'secretGet',
  'secretSet',
  'secretDelete',
  'syncServerGet',
  'syncServerSet',
  'checkForUpdates',
  'authSignIn',
  'authRefresh',
  'authSignOut',
  'authConfirmWiped',
];

describe('bridge contract', () => {
  it('has one channel and one schema for every declared method, and nothing else', () => {
    expect([...BRIDGE_METHODS].sort()).toEqual([...DECLARED].sort());
    expect(Object.keys(bridgeArgSchemas).sort()).toEqual([...DECLARED].sort());
    for (const method of DECLARED) {
      expect(BRIDGE_CHANNELS[method]).toBe(`carerounds:${method}`);
      expect(typeof bridgeArgSchemas[method].safeParse).toBe('function');
    }
    expect(new Set(Object.values(BRIDGE_CHANNELS)).size).toBe(DECLARED.length);
  });

  it('authSignIn takes an allowed origin and the credentials only; refresh and sign-out take nothing', () => {
    const ok = { origin: 'https://care.example.go.th', username: 'malee', password: 'pw', deviceName: 'Laptop' };
    expect(bridgeArgSchemas.authSignIn.safeParse(ok).success).toBe(true);
    expect(bridgeArgSchemas.authSignIn.safeParse({ ...ok, origin: 'http://care.example.go.th' }).success).toBe(false);
    expect(bridgeArgSchemas.authSignIn.safeParse({ ...ok, refreshToken: 'a'.repeat(43) }).success).toBe(false);
    expect(bridgeArgSchemas.authRefresh.safeParse(undefined).success).toBe(true);
    expect(bridgeArgSchemas.authRefresh.safeParse({ refreshToken: 'a'.repeat(43) }).success).toBe(false);
    expect(bridgeArgSchemas.authSignOut.safeParse({}).success).toBe(false);
  });

  it('getAppVersion takes no argument', () => {
    expect(bridgeArgSchemas.getAppVersion.safeParse(undefined).success).toBe(true);
    expect(bridgeArgSchemas.getAppVersion.safeParse({}).success).toBe(false);
    expect(bridgeArgSchemas.getAppVersion.safeParse('x').success).toBe(false);
  });
});

describe('saveFile arguments', () => {
  const ok = { suggestedName: 'รายงาน 2568-01.xlsx', mimeType: 'text/csv', data: 'a,b\n' };

  it('accepts a bare name, an allowed type and string or bytes', () => {
    expect(bridgeArgSchemas.saveFile.safeParse(ok).success).toBe(true);
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, data: new Uint8Array([1, 2, 3]) }).success).toBe(true);
  });

  it.each([
    '../secret.csv',
    'a/b.csv',
    'a\\b.csv',
    'C:evil.csv',
    '..',
    '.hidden',
    'trailing.',
    ' padded.csv',
    'nul\u0000.csv',
    'line\nbreak.csv',
    'CON',
    'con.csv',
    'LPT1.txt',
    '',
    'x'.repeat(201),
  ])('refuses the file name %j', (suggestedName) => {
    const result = bridgeArgSchemas.saveFile.safeParse({ ...ok, suggestedName });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['suggestedName']);
  });

  it('refuses types outside the allow-list and unknown keys', () => {
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, mimeType: 'text/html' }).success).toBe(false);
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, path: '/etc/passwd' }).success).toBe(false);
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, data: 42 }).success).toBe(false);
  });

  it('caps the data at 50 MB for bytes and for UTF-8 strings', () => {
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, data: new Uint8Array(MAX_SAVE_BYTES) }).success).toBe(true);
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, data: new Uint8Array(MAX_SAVE_BYTES + 1) }).success).toBe(false);
    // Thai characters take 3 bytes each: under the cap in characters, over it in bytes.
    const thai = 'ก'.repeat(Math.floor(MAX_SAVE_BYTES / 3) + 1);
    expect(bridgeArgSchemas.saveFile.safeParse({ ...ok, data: thai }).success).toBe(false);
  });
});

describe('secret arguments', () => {
  it.each(['pin-wrapped-dek', 'a', 'device.token_1', 'x'.repeat(64)])('accepts the key %j', (key) => {
    expect(bridgeArgSchemas.secretGet.safeParse({ key }).success).toBe(true);
  });

  it.each(['', 'UPPER', 'with space', 'x'.repeat(65), '../x', 'a/b', 'ก'])('refuses the key %j', (key) => {
    expect(bridgeArgSchemas.secretGet.safeParse({ key }).success).toBe(false);
    expect(bridgeArgSchemas.secretDelete.safeParse({ key }).success).toBe(false);
  });

  it('caps values at 16 KB of UTF-8', () => {
    const key = 'k';
    expect(bridgeArgSchemas.secretSet.safeParse({ key, value: 'a'.repeat(MAX_SECRET_VALUE_BYTES) }).success).toBe(true);
    expect(bridgeArgSchemas.secretSet.safeParse({ key, value: 'a'.repeat(MAX_SECRET_VALUE_BYTES + 1) }).success).toBe(false);
    expect(bridgeArgSchemas.secretSet.safeParse({ key, value: 'ก'.repeat(6000) }).success).toBe(false);
    expect(bridgeArgSchemas.secretSet.safeParse({ key, value: 1 }).success).toBe(false);
  });
});

describe('utf8ByteLength', () => {
  it('matches TextEncoder', () => {
    for (const s of ['', 'abc', 'ก', 'é', '😀', 'a😀ก\u{10ffff}', '\ud800', 'x\udc00y']) {
      expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).byteLength);
    }
  });
});

describe('bridge errors', () => {
  it('round-trips through the message Electron wraps around it', () => {
    const thrown = new BridgeCallError('invalid_argument', 'suggestedName');
    const wrapped = new Error(`Error invoking remote method 'carerounds:saveFile': Error: ${thrown.message}`);
    expect(parseBridgeError(wrapped)).toEqual({ code: 'invalid_argument', field: 'suggestedName' });
    expect(parseBridgeError(thrown)).toEqual({ code: 'invalid_argument', field: 'suggestedName' });
    expect(encodeBridgeError({ code: 'internal' })).toBe('{"code":"internal"}');
  });

  it('returns null for anything that is not a bridge error', () => {
    expect(parseBridgeError(new Error('boom'))).toBeNull();
    expect(parseBridgeError(new Error('x {"code":"made_up"}'))).toBeNull();
    expect(parseBridgeError(new Error('x {not json'))).toBeNull();
    expect(parseBridgeError(42)).toBeNull();
  });
});

describe('fileNameWithExtension', () => {
  it('adds the type’s extension unless present in any case', () => {
    expect(fileNameWithExtension('a', 'text/csv')).toBe('a.csv');
    expect(fileNameWithExtension('a.CSV', 'text/csv')).toBe('a.CSV');
    expect(fileNameWithExtension('a.csv.txt', 'text/csv')).toBe('a.csv.txt.csv');
    expect(fileNameWithExtension('visit', 'application/pdf')).toBe('visit.pdf');
  });
});

describe('isAllowedServerOrigin', () => {
  it('accepts https origins and http only on this computer', () => {
    for (const ok of ['https://care.example.go.th', 'https://care.example.go.th:8443', 'http://127.0.0.1:8080', 'http://localhost:5174', 'http://[::1]:8080', 'https://10.1.2.3']) {
      expect(isAllowedServerOrigin(ok), ok).toBe(true);
    }
  });

  it('refuses anything that is not a bare canonical origin, or plain http to another computer', () => {
    for (const bad of [
      'http://care.example.go.th',
      'http://10.0.0.5:8080',
      'https://care.example.go.th/',
      'https://care.example.go.th/sync',
      'https://Care.example.go.th',
      'https://care.example.go.th:443',
      'https://care.example.go.th:99999',
      'https://care.example.go.th:0',
      "https://a.th 'unsafe-inline'",
      'https://a.th; script-src *',
      'https://user@a.th',
      'ftp://a.th',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isAllowedServerOrigin(bad), bad).toBe(false);
    }
  });
});
