// electron-builder.yml holds release-critical security settings (docs/security.md §2). This test reads it
// with the same YAML parser and JSON schema electron-builder itself uses, then asserts the settings and that
// every file it names exists and is what it claims to be.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

// Both ship with electron-builder (js-yaml parses its config, app-builder-lib validates it).
const yaml: { load(text: string): unknown } = require('js-yaml');
const configModule: {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
} = require('app-builder-lib/out/util/config/config');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

const config: unknown = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
const packageJson: unknown = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder 26', async () => {
    expect(isRecord(config)).toBe(true);
    await expect(configModule.validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('still fails validation for an unknown key (the check is live)', async () => {
    const broken = { ...(isRecord(config) ? config : {}), notAnElectronBuilderOption: true };
    await expect(configModule.validateConfiguration(broken, { isEnabled: false, add: () => undefined })).rejects.toThrow();
  });

  it('identifies the app', () => {
    expect(get(config, 'appId')).toBe('th.go.carerounds.app');
    expect(get(config, 'productName')).toBe('CareRounds');
    expect(get(config, 'directories')).toEqual({ output: 'release', buildResources: 'build' });
    expect(get(config, 'electronVersion')).toBe(get(packageJson, 'optionalDependencies', 'electron'));
  });

  it('packs only the bundles into an asar, no node_modules', () => {
    expect(get(config, 'asar')).toBe(true);
    expect(get(config, 'files')).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json', '!node_modules/**']);
    expect(get(packageJson, 'main')).toBe('dist/electron/main.cjs');
  });

  it('sets every fuse as docs/security.md §2 requires', () => {
    expect(get(config, 'electronFuses')).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes updates only over https, and Windows verifies their signature', () => {
    const publish = get(config, 'publish');
    const entries = Array.isArray(publish) ? publish : [publish];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(get(entry, 'provider')).toBe('generic');
      const url = get(entry, 'url');
      expect(typeof url).toBe('string');
      expect(new URL(String(url)).protocol).toBe('https:');
    }
    expect(get(config, 'win', 'verifyUpdateCodeSignature')).toBe(true);
    // The installers' names become URLs in latest.yml and names the update feed serves: no spaces.
    for (const name of [get(config, 'nsis', 'artifactName'), get(config, 'linux', 'artifactName')]) {
      expect(String(name)).toMatch(/^[A-Za-z0-9._${}-]+$/);
    }
    const publisher = get(config, 'win', 'signtoolOptions', 'publisherName');
    expect(typeof publisher === 'string' && publisher.trim().length > 0).toBe(true);
  });

  it('builds an NSIS installer for x64 that lets the user choose the folder, per user', () => {
    expect(get(config, 'win', 'target')).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(get(config, 'nsis', 'oneClick')).toBe(false);
    expect(get(config, 'nsis', 'perMachine')).toBe(false);
    expect(get(config, 'nsis', 'allowToChangeInstallationDirectory')).toBe(true);
    expect(get(config, 'linux', 'target')).toEqual(['AppImage', 'deb']);
    expect(String(get(config, 'linux', 'maintainer'))).toMatch(/<[^@\s]+@[^>\s]+>/);
  });

  it('names build resources that exist', () => {
    const buildResources = String(get(config, 'directories', 'buildResources'));
    expect(statSync(path.join(ROOT, buildResources)).isDirectory()).toBe(true);
    for (const file of [get(config, 'win', 'icon'), get(config, 'linux', 'icon')]) {
      expect(typeof file).toBe('string');
      expect(existsSync(path.join(ROOT, String(file))), String(file)).toBe(true);
    }
  });

  it('has a 512×512 icon.png and Linux icons named by their real size', () => {
    expect(pngSize(path.join(ROOT, 'build', 'icon.png'))).toEqual({ width: 512, height: 512 });
    const dir = path.join(ROOT, String(get(config, 'linux', 'icon')));
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(path.join(dir, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('has a Windows .ico holding PNG images at 16, 32, 48 and 256', () => {
    const ico = readFileSync(path.join(ROOT, String(get(config, 'win', 'icon'))));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const declared = ico[entry] === 0 ? 256 : (ico[entry] ?? -1);
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const png = ico.subarray(offset, offset + length);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(declared);
      sizes.push(declared);
    }
    expect(sizes).toEqual([16, 32, 48, 256]);
  });
});
