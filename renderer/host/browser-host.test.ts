// The secret store's crypto and storage, on fake-indexeddb and Node's WebCrypto. The DOM parts (download
// link, print) run in Chromium in the e2e suite.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { BridgeCallError } from '../../shared/bridge';
import { KEYS_DB_NAME, createBrowserHost } from './browser-host';

const SECRET = 'DEK-MARKER-41c7-ความลับ';

function read(idb: IDBFactory, store: string, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = idb.open(KEYS_DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction(store, 'readonly').objectStore(store).get(key);
      get.onerror = () => reject(get.error);
      get.onsuccess = () => {
        db.close();
        resolve(get.result);
      };
    };
  });
}

function write(idb: IDBFactory, store: string, key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = idb.open(KEYS_DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(store, 'readwrite');
      tx.objectStore(store).put(value, key);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

function bytesOf(value: unknown): Uint8Array {
  if (typeof value !== 'object' || value === null || !('data' in value) || !(value.data instanceof ArrayBuffer)) {
    throw new Error('not a stored secret');
  }
  return new Uint8Array(value.data);
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe('browser host secrets', () => {
  it('round-trips, overwrites and deletes values', async () => {
    const host = createBrowserHost({ indexedDB: new IDBFactory() });
    expect(await host.secrets.get('pin-wrapped-dek')).toBeNull();
    await host.secrets.set('pin-wrapped-dek', SECRET);
    expect(await host.secrets.get('pin-wrapped-dek')).toBe(SECRET);
    await host.secrets.set('pin-wrapped-dek', 'second');
    expect(await host.secrets.get('pin-wrapped-dek')).toBe('second');
    await host.secrets.delete('pin-wrapped-dek');
    expect(await host.secrets.get('pin-wrapped-dek')).toBeNull();
  });

  it('stores only ciphertext, under a key whose bytes cannot be exported', async () => {
    const idb = new IDBFactory();
    await createBrowserHost({ indexedDB: idb }).secrets.set('k', SECRET);
    const stored = bytesOf(await read(idb, 'secrets', 'k'));
    expect(contains(stored, new TextEncoder().encode(SECRET))).toBe(false);
    expect(contains(stored, new TextEncoder().encode('DEK-MARKER'))).toBe(false);
    expect(stored.byteLength).toBe(new TextEncoder().encode(SECRET).byteLength + 16); // GCM tag

    const key = await read(idb, 'keys', 'secrets-aes-gcm-v1');
    if (!(key instanceof CryptoKey)) throw new Error('no CryptoKey stored');
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('uses a fresh IV per write', async () => {
    const idb = new IDBFactory();
    const host = createBrowserHost({ indexedDB: idb });
    await host.secrets.set('k', SECRET);
    const first = bytesOf(await read(idb, 'secrets', 'k'));
    await host.secrets.set('k', SECRET);
    const second = bytesOf(await read(idb, 'secrets', 'k'));
    expect(first).not.toEqual(second);
  });

  it('survives a reload: a new host on the same database reads the old values', async () => {
    const idb = new IDBFactory();
    await createBrowserHost({ indexedDB: idb }).secrets.set('k', SECRET);
    expect(await createBrowserHost({ indexedDB: idb }).secrets.get('k')).toBe(SECRET);
  });

  it('agrees on one key when two tabs start at once', async () => {
    const idb = new IDBFactory();
    const a = createBrowserHost({ indexedDB: idb });
    const b = createBrowserHost({ indexedDB: idb });
    await Promise.all([a.secrets.set('from-a', 'A'), b.secrets.set('from-b', 'B')]);
    expect(await b.secrets.get('from-a')).toBe('A');
    expect(await a.secrets.get('from-b')).toBe('B');
  });

  it('binds each ciphertext to its name: a swapped entry fails instead of decrypting', async () => {
    const idb = new IDBFactory();
    const host = createBrowserHost({ indexedDB: idb });
    await host.secrets.set('a', SECRET);
    await write(idb, 'secrets', 'b', await read(idb, 'secrets', 'a'));
    await expect(createBrowserHost({ indexedDB: idb }).secrets.get('b')).rejects.toMatchObject({ code: 'internal' });
  });

  it('validates keys and values with the shared schema', async () => {
    const host = createBrowserHost({ indexedDB: new IDBFactory() });
    await expect(host.secrets.get('../x')).rejects.toMatchObject({ code: 'invalid_argument', field: 'key' });
    await expect(host.secrets.set('k', 'v'.repeat(16 * 1024 + 1))).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'value',
    });
    await expect(host.secrets.delete('UPPER')).rejects.toBeInstanceOf(BridgeCallError);
  });

  it('reports secret_storage_unavailable without IndexedDB or WebCrypto', async () => {
    const insecure = { getRandomValues: <T extends ArrayBufferView>(a: T): T => crypto.getRandomValues(a) };
    const noSubtle = createBrowserHost({ indexedDB: new IDBFactory(), crypto: insecure });
    await expect(noSubtle.secrets.set('k', 'v')).rejects.toMatchObject({ code: 'secret_storage_unavailable' });
    await expect(noSubtle.secrets.get('k')).rejects.toMatchObject({ code: 'secret_storage_unavailable' });
    expect(globalThis.indexedDB).toBeUndefined(); // Node has none: the default host must say so, not crash
    await expect(createBrowserHost().secrets.get('k')).rejects.toMatchObject({ code: 'secret_storage_unavailable' });
  });
});

describe('browser host', () => {
  it('reports its kind and a version', async () => {
    const host = createBrowserHost({ indexedDB: new IDBFactory(), appVersion: '9.9.9' });
    expect(host.kind).toBe('browser');
    expect(await host.appVersion()).toBe('9.9.9');
    expect(await createBrowserHost().appVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('checks save and print arguments before touching the page', async () => {
    const host = createBrowserHost({ indexedDB: new IDBFactory() });
    await expect(
      host.saveFile({ suggestedName: '../evil.csv', mimeType: 'text/csv', data: '' }),
    ).rejects.toMatchObject({ code: 'invalid_argument', field: 'suggestedName' });
    await expect(host.printToPdf({ suggestedName: 'a/b.pdf' })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'suggestedName',
    });
  });

  it('checks a workbook before asking the server to write it', async () => {
    const host = createBrowserHost({ indexedDB: new IDBFactory() });
    let rendered = 0;
    const render = (): Promise<Uint8Array> => {
      rendered++;
      return Promise.resolve(new Uint8Array([1]));
    };
    const bad = { sheets: [{ name: 'a', title: [], columns: [{ header: 'x', kind: 'int' as const, width: 9 }], rows: [['not a number']], totals: true }] };
    await expect(host.saveWorkbook({ suggestedName: 'r', workbook: bad }, render)).rejects.toMatchObject({ code: 'invalid_argument', field: 'workbook.sheets.0.rows.0.0' });
    expect(rendered).toBe(0);
  });
});
