/**
 * The Host in a plain browser (development, the e2e suite, a browser deployment).
 *
 * Secrets invariants:
 * - Values are stored only as AES-256-GCM ciphertext, under a key generated once with `extractable: false`:
 *   page script can use the key but never read its bytes. Key and ciphertexts live in their own IndexedDB
 *   database, 'carerounds-keys', separate from the app's data database.
 * - Each ciphertext is bound to its secret's name (AAD), so entries cannot be swapped between names.
 * - Two tabs racing to create the key agree on one: the first key written wins, inside one transaction.
 * This protects against casual reading of the profile folder, not against script running in the page;
 * the Electron host's OS-backed safeStorage is the stronger store.
 */
import {
  BridgeCallError,
  bridgeArgSchemas,
  fileNameWithExtension,
  type BridgeMethod,
  type PrintToPdfArgs,
  type SaveFileArgs,
  type SaveFileResult,
  type SaveWorkbookArgs,
} from '../../shared/bridge';
import { createBrowserAuth } from './browser-auth';
import type { Host, HostSecrets } from './host';

export const KEYS_DB_NAME = 'carerounds-keys';
const KEYS_DB_VERSION = 1;
const KEY_STORE = 'keys';
const SECRET_STORE = 'secrets';
const KEY_ID = 'secrets-aes-gcm-v1';
const IV_BYTES = 12;

/** `subtle` is missing outside secure contexts (plain http on a LAN address). */
export type CryptoLike = Pick<Crypto, 'getRandomValues'> & { readonly subtle?: SubtleCrypto | undefined };

export interface BrowserHostDeps {
  indexedDB?: IDBFactory;
  crypto?: CryptoLike;
  document?: Document;
  print?: () => void;
  appVersion?: string;
  /** For sign-in and refresh (tests route it through a faulty network). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

interface StoredSecret {
  iv: Uint8Array;
  data: ArrayBuffer;
}

function isStoredSecret(value: unknown): value is StoredSecret {
  return (
    typeof value === 'object' &&
    value !== null &&
    'iv' in value &&
    value.iv instanceof Uint8Array &&
    'data' in value &&
    value.data instanceof ArrayBuffer
  );
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function openKeysDb(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = idb.open(KEYS_DB_NAME, KEYS_DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(KEY_STORE)) db.createObjectStore(KEY_STORE);
      if (!db.objectStoreNames.contains(SECRET_STORE)) db.createObjectStore(SECRET_STORE);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Let a future version upgrade proceed in another tab instead of blocking forever.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('cannot open ' + KEYS_DB_NAME));
    request.onblocked = () => reject(new Error(KEYS_DB_NAME + ' is blocked by another tab'));
  });
}

async function loadOrCreateKey(db: IDBDatabase, subtle: SubtleCrypto): Promise<CryptoKey> {
  const existing = await requestResult(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(KEY_ID));
  if (isCryptoKey(existing)) return existing;
  // Generated outside the transaction (IndexedDB transactions end at the first await on anything else),
  // then written only if no other tab wrote one meanwhile.
  const fresh = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const tx = db.transaction(KEY_STORE, 'readwrite');
  const store = tx.objectStore(KEY_STORE);
  const done = transactionDone(tx);
  const winner = await new Promise<unknown>((resolve, reject) => {
    const get = store.get(KEY_ID);
    get.onerror = () => reject(get.error ?? new Error('IndexedDB read failed'));
    get.onsuccess = () => {
      if (get.result !== undefined) {
        resolve(get.result);
        return;
      }
      store.put(fresh, KEY_ID);
      resolve(fresh);
    };
  });
  await done;
  if (!isCryptoKey(winner)) throw new BridgeCallError('internal');
  return winner;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function aadFor(key: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`carerounds-secret:${key}`);
}

function validate<K extends BridgeMethod>(method: K, arg: unknown): void {
  const result = bridgeArgSchemas[method].safeParse(arg);
  if (!result.success) {
    const path = result.error.issues[0]?.path ?? [];
    throw new BridgeCallError('invalid_argument', path.length === 0 ? 'args' : path.map(String).join('.'));
  }
}

function createBrowserSecrets(idb: IDBFactory | undefined, crypto: CryptoLike | undefined): HostSecrets {
  let ready: Promise<{ db: IDBDatabase; key: CryptoKey; subtle: SubtleCrypto }> | null = null;

  function open(): Promise<{ db: IDBDatabase; key: CryptoKey; subtle: SubtleCrypto }> {
    // crypto.subtle exists only in secure contexts (https, localhost); without it there is no safe store.
    const subtle = crypto?.subtle;
    if (idb === undefined || subtle === undefined) return Promise.reject(new BridgeCallError('secret_storage_unavailable'));
    ready ??= (async () => {
      const db = await openKeysDb(idb);
      return { db, key: await loadOrCreateKey(db, subtle), subtle };
    })();
    ready.catch(() => {
      ready = null;
    });
    return ready;
  }

  async function guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BridgeCallError) throw error;
      throw new BridgeCallError('internal', undefined, { cause: error });
    }
  }

  return {
    get: (key) =>
      guarded(async () => {
        validate('secretGet', { key });
        const { db, key: cryptoKey, subtle } = await open();
        const stored: unknown = await requestResult(
          db.transaction(SECRET_STORE, 'readonly').objectStore(SECRET_STORE).get(key),
        );
        if (stored === undefined) return null;
        if (!isStoredSecret(stored)) throw new BridgeCallError('internal');
        const plain = await subtle.decrypt(
          { name: 'AES-GCM', iv: new Uint8Array(stored.iv), additionalData: aadFor(key) },
          cryptoKey,
          stored.data,
        );
        return decoder.decode(plain);
      }),
    set: (key, value) =>
      guarded(async () => {
        validate('secretSet', { key, value });
        const { db, key: cryptoKey, subtle } = await open();
        const iv = crypto?.getRandomValues(new Uint8Array(IV_BYTES));
        if (iv === undefined) throw new BridgeCallError('secret_storage_unavailable');
        const data = await subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: aadFor(key) },
          cryptoKey,
          encoder.encode(value),
        );
        const record: StoredSecret = { iv, data };
        const tx = db.transaction(SECRET_STORE, 'readwrite');
        tx.objectStore(SECRET_STORE).put(record, key);
        await transactionDone(tx);
      }),
    delete: (key) =>
      guarded(async () => {
        validate('secretDelete', { key });
        const { db } = await open();
        const tx = db.transaction(SECRET_STORE, 'readwrite');
        tx.objectStore(SECRET_STORE).delete(key);
        await transactionDone(tx);
      }),
  };
}

function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function createBrowserHost(deps: BrowserHostDeps = {}): Host {
  const idb = deps.indexedDB ?? globalThis.indexedDB;
  const crypto = deps.crypto ?? globalThis.crypto;
  const doc = (): Document => deps.document ?? globalThis.document;
  const version = deps.appVersion ?? (typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev');

  // The browser decides where the file goes (and may ask); "saved" means the download was handed over.
  const saveFile = async (args: SaveFileArgs): Promise<SaveFileResult> => {
      validate('saveFile', args);
      const document = doc();
      const body = typeof args.data === 'string' ? args.data : new Uint8Array(args.data);
      const url = URL.createObjectURL(new Blob([body], { type: args.mimeType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameWithExtension(args.suggestedName, args.mimeType);
      link.rel = 'noopener';
      link.style.display = 'none';
      document.body.append(link);
      try {
        link.click();
      } finally {
        link.remove();
        // Revoking at once can cancel the download in some browsers.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      return { saved: true };
  };

  const secrets = createBrowserSecrets(idb, crypto);
  return {
    kind: 'browser',
    appVersion: () => Promise.resolve(version),
    saveFile,

    saveWorkbook: async (args: SaveWorkbookArgs, render: (args: SaveWorkbookArgs) => Promise<Uint8Array>): Promise<SaveFileResult> => {
      validate('saveWorkbook', args);
      const data = new Uint8Array(await render(args));
      return saveFile({ suggestedName: args.suggestedName, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data });
    },

    // window.print() cannot report whether the user saved, so the answer is always "not confirmed".
    printToPdf: async (args: PrintToPdfArgs): Promise<SaveFileResult> => {
      validate('printToPdf', args);
      const document = doc();
      // A constructed stylesheet (CSSOM), not a <style> element: the CSP allows no inline styles.
      const page = new CSSStyleSheet();
      page.replaceSync(`@page { size: A4 ${args.landscape === true ? 'landscape' : 'portrait'}; }`);
      const adopted = document.adoptedStyleSheets;
      document.adoptedStyleSheets = [...adopted, page];
      const previousTitle = document.title;
      // Chromium proposes the document title as the PDF's file name.
      document.title = baseName(fileNameWithExtension(args.suggestedName, 'application/pdf'));
      try {
        (deps.print ?? (() => globalThis.print()))();
      } finally {
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== page);
        document.title = previousTitle;
      }
      return { saved: false };
    },

    secrets,
    syncServer: { get: () => Promise.resolve(null), set: () => Promise.resolve({ enrolled: true }), reloadAfterSet: false },
    auth: createBrowserAuth({
      crypto,
      secrets,
      // The device key lives beside the secrets' key, in the same store of the same database.
      keyStore: idb === undefined ? null : { open: () => openKeysDb(idb), name: KEY_STORE },
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    }),
    // The page comes from the web server: a new version arrives with it, nothing to install here.
    checkForUpdates: () => Promise.resolve({ state: 'unavailable', reason: 'browser' }),
  };
}
