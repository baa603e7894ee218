/**
 * Small secrets (the PIN-wrapped data key, device tokens) kept through Electron's `safeStorage`
 * (docs/security.md §3).
 *
 * Invariants:
 * - Values are written only as `safeStorage.encryptString` output (base64 in a JSON file); the plaintext never
 *   reaches the disk, not even in a temporary file.
 * - Without real OS-backed encryption (`isEncryptionAvailable()` false, or Linux's `basic_text` backend, which
 *   uses a hard-coded password) get and set refuse with `secret_storage_unavailable`; the app then falls back
 *   to a passphrase. Delete still works: removing a secret never needs the key.
 * - The file is replaced atomically (temp file + rename) and writes are serialised, so a crash or two
 *   concurrent calls never leave a half-written or stale file.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { BridgeCallError } from '../shared/bridge';
import type { SafeStorageLike } from './electron-api';

export interface SecretFs {
  readFile(p: string): Promise<string>;
  writeFile(p: string, data: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(p: string): Promise<void>;
  mkdir(p: string): Promise<void>;
}

const defaultFs: SecretFs = {
  readFile: (p) => nodeFs.readFile(p, 'utf8'),
  writeFile: (p, data, options) => nodeFs.writeFile(p, data, { mode: options.mode, flag: 'wx' }),
  rename: (from, to) => nodeFs.rename(from, to),
  rm: (p) => nodeFs.rm(p, { force: true }),
  mkdir: async (p) => {
    await nodeFs.mkdir(p, { recursive: true });
  },
};

export interface SecretStoreDeps {
  safeStorage: SafeStorageLike;
  /** For example `<userData>/secrets.json`. */
  filePath: string;
  fs?: SecretFs;
}

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

const fileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.record(z.string(), z.base64()),
});
type SecretFile = z.infer<typeof fileSchema>;

export function isSecretStorageAvailable(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

export function createSecretStore(deps: SecretStoreDeps): SecretStore {
  const fs = deps.fs ?? defaultFs;
  let queue: Promise<unknown> = Promise.resolve();

  // Runs `task` after every earlier task, whatever their outcome.
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function requireEncryption(): void {
    if (!isSecretStorageAvailable(deps.safeStorage)) throw new BridgeCallError('secret_storage_unavailable');
  }

  async function load(): Promise<SecretFile> {
    let text: string;
    try {
      text = await fs.readFile(deps.filePath);
    } catch (error) {
      if (isNotFound(error)) return { version: 1, entries: {} };
      throw error;
    }
    // A damaged file is an error, never silently replaced: it may hold the only copy of a wrapped key.
    return fileSchema.parse(JSON.parse(text));
  }

  async function save(file: SecretFile): Promise<void> {
    const dir = path.dirname(deps.filePath);
    await fs.mkdir(dir);
    const temp = path.join(dir, `.${path.basename(deps.filePath)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.writeFile(temp, JSON.stringify(file), { mode: 0o600 });
      await fs.rename(temp, deps.filePath);
    } catch (error) {
      await fs.rm(temp).catch(() => undefined);
      throw error;
    }
  }

  return {
    get: (key) =>
      serial(async () => {
        requireEncryption();
        const encoded = (await load()).entries[key];
        if (encoded === undefined) return null;
        return deps.safeStorage.decryptString(Buffer.from(encoded, 'base64'));
      }),
    set: (key, value) =>
      serial(async () => {
        requireEncryption();
        const file = await load();
        const encrypted = deps.safeStorage.encryptString(value);
        file.entries[key] = Buffer.from(encrypted).toString('base64');
        await save(file);
      }),
    delete: (key) =>
      serial(async () => {
        const file = await load();
        if (!Object.hasOwn(file.entries, key)) return;
        const { [key]: _removed, ...rest } = file.entries;
        await save({ version: 1, entries: rest });
      }),
  };
}
