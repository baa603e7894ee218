import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBridgeError } from '../shared/bridge';
import { createSecretStore, isSecretStorageAvailable } from './secrets';
import { FakeSafeStorage } from './testing/fakes';

const SECRET = 'DEK-MARKER-7f3a9c-ความลับ';

let dir: string;
let filePath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'carerounds-secrets-'));
  filePath = path.join(dir, 'nested', 'secrets.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function allBytesUnder(folder: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(path.join(entry.parentPath, entry.name)));
  }
  return out;
}

function containsSecret(bytes: Buffer): boolean {
  const forms = [
    Buffer.from(SECRET, 'utf8'),
    Buffer.from(SECRET, 'utf16le'),
    Buffer.from(Buffer.from(SECRET, 'utf8').toString('base64')),
    Buffer.from('DEK-MARKER'),
  ];
  return forms.some((form) => bytes.includes(form));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return parseBridgeError(error)?.code;
  }
  return undefined;
}

describe('secret store', () => {
  it('round-trips values and never writes the plaintext to disk', async () => {
    const store = createSecretStore({ safeStorage: new FakeSafeStorage({ linux: true }), filePath });
    await store.set('pin-wrapped-dek', SECRET);
    await store.set('device-token', 'other');
    expect(await store.get('pin-wrapped-dek')).toBe(SECRET);
    expect(await store.get('device-token')).toBe('other');
    expect(await store.get('missing')).toBeNull();

    const files = await allBytesUnder(dir);
    expect(files.length).toBe(1); // no temp file left behind
    for (const bytes of files) expect(containsSecret(bytes)).toBe(false);
    if (process.platform !== 'win32') expect((await stat(filePath)).mode & 0o077).toBe(0);
  });

  it('keeps values across store instances (what is on disk is the ciphertext)', async () => {
    const safeStorage = new FakeSafeStorage();
    await createSecretStore({ safeStorage, filePath }).set('k', SECRET);
    expect(await createSecretStore({ safeStorage, filePath }).get('k')).toBe(SECRET);
  });

  it('deletes a value, even when encryption is unavailable', async () => {
    const safeStorage = new FakeSafeStorage();
    const store = createSecretStore({ safeStorage, filePath });
    await store.set('a', SECRET);
    await store.set('b', 'keep');
    safeStorage.available = false;
    await store.delete('a');
    await store.delete('never-set');
    safeStorage.available = true;
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBe('keep');
  });

  it.each([
    ['encryption unavailable', (s: FakeSafeStorage) => (s.available = false)],
    ['the basic_text backend', (s: FakeSafeStorage) => (s.backend = 'basic_text')],
  ])('refuses with secret_storage_unavailable on %s and writes nothing', async (_label, degrade) => {
    const safeStorage = new FakeSafeStorage({ linux: true });
    degrade(safeStorage);
    expect(isSecretStorageAvailable(safeStorage)).toBe(false);
    const store = createSecretStore({ safeStorage, filePath });
    expect(await codeOf(store.set('pin-wrapped-dek', SECRET))).toBe('secret_storage_unavailable');
    expect(await codeOf(store.get('pin-wrapped-dek'))).toBe('secret_storage_unavailable');
    expect(await allBytesUnder(dir)).toEqual([]);
  });

  it('accepts the real Linux keyrings', () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6'] as const) {
      const safeStorage = new FakeSafeStorage({ linux: true });
      safeStorage.backend = backend;
      expect(isSecretStorageAvailable(safeStorage)).toBe(true);
    }
  });

  it('loses no update when calls overlap', async () => {
    const store = createSecretStore({ safeStorage: new FakeSafeStorage(), filePath });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`k${i}`)).toBe(`v${i}`);
  });

  it('refuses to overwrite a damaged file', async () => {
    const store = createSecretStore({ safeStorage: new FakeSafeStorage(), filePath });
    await store.set('a', 'x');
    await writeFile(filePath, '{"version":1,"entries":{"a":"not base64!"}}');
    await expect(store.set('b', 'y')).rejects.toThrow();
    expect(await readFile(filePath, 'utf8')).toContain('not base64!');
  });
});
