/**
 * Device-bound sign-in for the browser host (docs/security.md §4). With no main process, the page itself
 * signs refresh proofs, with the protocol logic of shared/sync/deviceSession.ts.
 *
 * Invariants:
 * - The device key is generated with `extractable: false` and kept as a CryptoKey in IndexedDB (structured
 *   clone keeps it non-extractable): script can sign with it but never read it, so a refresh token copied out
 *   of the profile cannot be used from another machine.
 * - The refresh token, device id, server and clock offset are one JSON secret in the host's `secrets`
 *   (AES-GCM under another non-extractable key), where the refresh token was kept before device keys.
 * - The protocol code (zod schemas among it) is loaded on first use, not with the app shell.
 */
import { BridgeCallError, type AuthSignInArgs } from '../../shared/bridge';
import { HostSignInArgs, type DevicePublicKey } from '../../shared/sync/deviceProof';
import type { DeviceAuthState, DeviceKey, DeviceSession, DeviceVault, HostAuthAnswer, PostJson } from '../../shared/sync/deviceSession';
import type { HostAuth, HostSecrets } from './host';

export const DEVICE_KEY_ID = 'device-ecdsa-p256-v1';
export const DEVICE_SESSION_SECRET = 'sync.device-session';
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const TIMEOUT_MS = 30_000;

interface BrowserDeviceKey extends DeviceKey {
  readonly privateKey: CryptoKey;
}

interface StoredKey {
  privateKey: CryptoKey;
  publicJwk: DevicePublicKey;
}

export interface BrowserAuthDeps {
  crypto: (Pick<Crypto, 'getRandomValues'> & { readonly subtle?: SubtleCrypto | undefined }) | undefined;
  secrets: HostSecrets;
  /** The keys database and the store the device key goes in; null where IndexedDB is missing. */
  keyStore: { open: () => Promise<IDBDatabase>; name: string } | null;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function isStoredKey(value: unknown): value is StoredKey {
  return typeof value === 'object' && value !== null && 'privateKey' in value && typeof CryptoKey !== 'undefined' && value.privateKey instanceof CryptoKey && 'publicJwk' in value;
}

function createVault(subtle: SubtleCrypto, deps: BrowserAuthDeps, keyStore: NonNullable<BrowserAuthDeps['keyStore']>, parseState: (text: string) => DeviceAuthState | null): DeviceVault<BrowserDeviceKey> {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    db ??= keyStore.open();
    db.catch(() => {
      db = null;
    });
    return db;
  };
  const keyOf = (stored: StoredKey): BrowserDeviceKey => ({
    privateKey: stored.privateKey,
    publicJwk: stored.publicJwk,
    sign: async (data) => new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, stored.privateKey, new Uint8Array(data))),
  });
  return {
    async generateKey() {
      const pair = await subtle.generateKey(ECDSA, false, ['sign', 'verify']);
      const jwk = await subtle.exportKey('jwk', pair.publicKey);
      if (pair.privateKey.extractable) throw new BridgeCallError('internal');
      return keyOf({ privateKey: pair.privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) } });
    },
    async load() {
      const stored: unknown = await request((await open()).transaction(keyStore.name, 'readonly').objectStore(keyStore.name).get(DEVICE_KEY_ID));
      const text = await deps.secrets.get(DEVICE_SESSION_SECRET);
      if (!isStoredKey(stored) || text === null) return null;
      const state = parseState(text);
      return state === null ? null : { key: keyOf(stored), state };
    },
    async save(key, state) {
      const tx = (await open()).transaction(keyStore.name, 'readwrite');
      const record: StoredKey = { privateKey: key.privateKey, publicJwk: key.publicJwk };
      tx.objectStore(keyStore.name).put(record, DEVICE_KEY_ID);
      await done(tx);
      await deps.secrets.set(DEVICE_SESSION_SECRET, JSON.stringify(state));
    },
    async clear() {
      await deps.secrets.delete(DEVICE_SESSION_SECRET);
      const tx = (await open()).transaction(keyStore.name, 'readwrite');
      tx.objectStore(keyStore.name).delete(DEVICE_KEY_ID);
      await done(tx);
    },
  };
}

function browserPost(fetchFn: NonNullable<BrowserAuthDeps['fetch']>): PostJson {
  return async (url, body) => {
    const res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' });
    const text = await res.text();
    try {
      return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    } catch {
      return { status: res.status, body: null };
    }
  };
}

export function createBrowserAuth(deps: BrowserAuthDeps): HostAuth {
  let session: Promise<DeviceSession<BrowserDeviceKey>> | null = null;
  const load = (): Promise<DeviceSession<BrowserDeviceKey>> => {
    const subtle = deps.crypto?.subtle;
    const crypto = deps.crypto;
    const keyStore = deps.keyStore;
    // WebCrypto exists only in secure contexts (https, localhost): without it there is no safe key.
    if (subtle === undefined || crypto === undefined || keyStore === null) return Promise.reject(new BridgeCallError('secret_storage_unavailable'));
    session ??= import('../../shared/sync/deviceSession').then(({ DeviceSession, parseDeviceAuthState }) =>
      new DeviceSession({
        vault: createVault(subtle, deps, keyStore, parseDeviceAuthState),
        post: browserPost(deps.fetch ?? ((input, init) => globalThis.fetch(input, init))),
        sha256: async (data) => new Uint8Array(await subtle.digest('SHA-256', new Uint8Array(data))),
        randomBytes: (bytes) => crypto.getRandomValues(bytes),
        now: Date.now,
      }),
    );
    session.catch(() => {
      session = null;
    });
    return session;
  };
  const guarded = async (run: () => Promise<HostAuthAnswer>): Promise<HostAuthAnswer> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BridgeCallError && error.code === 'secret_storage_unavailable') return { ok: false, code: 'secret_storage_unavailable' };
      if (error instanceof BridgeCallError) throw error;
      throw new BridgeCallError('internal', undefined, { cause: error });
    }
  };
  return {
    signIn: (args: AuthSignInArgs) =>
      guarded(async () => {
        // The base URL may carry a path in a browser deployment, so only the credentials are checked here;
        // Electron's main also requires it to be the enrolled origin.
        const parsed = HostSignInArgs.safeParse({ username: args.username, password: args.password, deviceName: args.deviceName, ...(args.deviceId === undefined ? {} : { deviceId: args.deviceId }) });
        if (!parsed.success) throw new BridgeCallError('invalid_argument', parsed.error.issues[0]?.path.map(String).join('.') ?? 'args');
        return (await load()).signIn({ ...parsed.data, origin: args.origin });
      }),
    refresh: () => guarded(async () => (await load()).refresh()),
    signOut: async () => {
      await (await load()).signOut();
    },
    confirmWiped: async () => {
      await (await load()).confirmWiped();
    },
  };
}
