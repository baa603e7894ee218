/**
 * Sign-in, refresh and sign-out run in main (docs/security.md §4): the refresh token and the device key live
 * here and never cross the bridge. The protocol logic is shared/sync/deviceSession.ts; this module supplies
 * its vault (safeStorage), Node's fetch and WebCrypto, and the enrolled-origin rule.
 *
 * Invariants:
 * - The vault is its own file (`device-auth.json`), written only through safeStorage (./secrets.ts); no
 *   bridge channel reads it. The page's answers are HostAuthAnswer values: access token and user, nothing more.
 * - The private key is PKCS#8 inside that encrypted file and is imported back as a non-extractable CryptoKey;
 *   only this process ever signs with it.
 * - Main talks only to the enrolled origin (the one the CSP allows and the user confirmed): a sign-in for
 *   another origin, or a refresh of a session made with another, answers `server_not_enrolled`.
 */
import { webcrypto } from 'node:crypto';
import * as z from 'zod/mini';
import type { AuthSignInArgs } from '../shared/bridge';
import { BridgeCallError } from '../shared/bridge';
import { DevicePublicKey } from '../shared/sync/deviceProof';
import { DeviceAuthStateSchema, DeviceSession, type DeviceAuthState, type DeviceKey, type DeviceVault, type HostAuthAnswer, type PostJson } from '../shared/sync/deviceSession';
import type { SecretStore } from './secrets';

const VAULT_ENTRY = 'device-session';
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

interface MainDeviceKey extends DeviceKey {
  readonly pkcs8: string;
}

const StoredSession = z.strictObject({
  pkcs8: z.base64(),
  publicJwk: DevicePublicKey,
  state: DeviceAuthStateSchema,
});

async function keyFrom(pkcs8: string, publicJwk: DevicePublicKey): Promise<MainDeviceKey> {
  const privateKey = await webcrypto.subtle.importKey('pkcs8', Buffer.from(pkcs8, 'base64'), ECDSA, false, ['sign']);
  return {
    pkcs8,
    publicJwk,
    sign: async (data) => new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data)),
  };
}

function createVault(store: SecretStore): DeviceVault<MainDeviceKey> {
  return {
    async generateKey() {
      // Extractable only so that its PKCS#8 can be kept encrypted in the vault; it is re-imported non-extractable.
      const pair = await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
      const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');
      return keyFrom(pkcs8, DevicePublicKey.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }));
    },
    async load() {
      const text = await store.get(VAULT_ENTRY);
      if (text === null) return null;
      const parsed = StoredSession.safeParse(JSON.parse(text));
      if (!parsed.success) return null;
      return { key: await keyFrom(parsed.data.pkcs8, parsed.data.publicJwk), state: parsed.data.state };
    },
    async save(key: MainDeviceKey, state: DeviceAuthState) {
      await store.set(VAULT_ENTRY, JSON.stringify({ pkcs8: key.pkcs8, publicJwk: key.publicJwk, state }));
    },
    clear: () => store.delete(VAULT_ENTRY),
  };
}

/** Node's fetch, JSON in and out, under a timeout; rejects only when no answer came. */
export function nodePostJson(fetchFn: typeof fetch = fetch, timeoutMs = 30_000): PostJson {
  return async (url, body) => {
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  };
}

export interface MainAuthDeps {
  /** A SecretStore of its own file (not the page's secrets.json). */
  store: SecretStore;
  /** The enrolled origin, read on every call. */
  enrolledOrigin: () => string | null;
  post?: PostJson;
  now?: () => number;
}

export interface MainAuth {
  signIn(args: AuthSignInArgs): Promise<HostAuthAnswer>;
  refresh(): Promise<HostAuthAnswer>;
  signOut(): Promise<void>;
  confirmWiped(): Promise<void>;
}

async function storageGuard(run: () => Promise<HostAuthAnswer>): Promise<HostAuthAnswer> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BridgeCallError && error.code === 'secret_storage_unavailable') return { ok: false, code: 'secret_storage_unavailable' };
    throw error;
  }
}

export function createMainAuth(deps: MainAuthDeps): MainAuth {
  const vault = createVault(deps.store);
  const session = new DeviceSession({
    vault,
    post: deps.post ?? nodePostJson(),
    sha256: async (data) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', data)),
    randomBytes: (bytes) => webcrypto.getRandomValues(bytes),
    now: deps.now ?? Date.now,
  });
  return {
    signIn: (args) =>
      storageGuard(async () => {
        if (args.origin !== deps.enrolledOrigin()) return { ok: false, code: 'server_not_enrolled' };
        return session.signIn(args);
      }),
    refresh: () =>
      storageGuard(async () => {
        const loaded = await vault.load();
        if (loaded !== null && loaded.state.origin !== deps.enrolledOrigin()) return { ok: false, code: 'server_not_enrolled' };
        return session.refresh();
      }),
    signOut: () => session.signOut(),
    confirmWiped: () => session.confirmWiped(),
  };
}
