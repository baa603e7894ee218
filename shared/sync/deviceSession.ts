/**
 * The client half of sign-in and device-bound refresh (docs/sync-protocol.md §4), written once for both
 * hosts: Electron main runs it with Node's fetch and a safeStorage vault, a browser with fetch and IndexedDB.
 * What it answers never holds the refresh token or the key, so Electron can hand it to the page as it is.
 *
 * Invariants:
 * - Each sign-in makes a new device key; the key and the refresh token are saved together only after the
 *   server accepted them, so a failed sign-in leaves the previous session as it was.
 * - Every refresh is signed (shared/sync/deviceProof.ts) with `iat` on the server's clock (the offset seen in
 *   the last answer). A refresh that got no answer keeps its exact body, and the next refresh within
 *   PROOF_RESEND_WINDOW_MS resends it unchanged: the server answers that with the same pair. Any answer drops it.
 * - The new refresh token is saved before the new access token is returned. One refresh runs at a time.
 * - A refusal for good (REFUSED_FOR_GOOD) forgets the refresh token but keeps the server and the device id, so
 *   the next sign-in re-uses the device registration; signing out forgets everything.
 */
import * as z from 'zod/mini';
import { PROOF_RESEND_WINDOW_MS, proofJti, signRefreshProof, type DevicePublicKey } from './deviceProof';
import { ErrorBody, LoginResponse, RefreshResponse, type LoginRequest, type SessionUser, type SyncErrorCode } from './protocol';

export interface DeviceKey {
  readonly publicJwk: DevicePublicKey;
  /** ECDSA P-256 with SHA-256, signature r‖s. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface DeviceAuthState {
  origin: string;
  deviceId: string;
  /** Null after the server refused the session for good: sign in again. */
  refreshToken: string | null;
  /** Server clock minus this host's clock, from the last answer. */
  clockOffsetMs: number;
}

export const DeviceAuthStateSchema = z.strictObject({
  origin: z.string().check(z.maxLength(400)),
  deviceId: z.string().check(z.maxLength(64)),
  refreshToken: z.nullable(z.string().check(z.maxLength(64))),
  clockOffsetMs: z.number(),
});

/** The stored state, or null when the text is not one (a damaged entry means: sign in again). */
export function parseDeviceAuthState(text: string): DeviceAuthState | null {
  try {
    const parsed = DeviceAuthStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Where a host keeps its key and state: OS-encrypted in Electron main, IndexedDB in a browser. */
export interface DeviceVault<K extends DeviceKey> {
  generateKey(): Promise<K>;
  load(): Promise<{ key: K; state: DeviceAuthState } | null>;
  save(key: K, state: DeviceAuthState): Promise<void>;
  clear(): Promise<void>;
}

/** POSTs JSON; resolves with any HTTP answer, rejects only when there was none (network, timeout). */
export type PostJson = (url: string, body: unknown) => Promise<{ status: number; body: unknown }>;

export interface DeviceSessionDeps<K extends DeviceKey> {
  vault: DeviceVault<K>;
  post: PostJson;
  sha256(data: Uint8Array): Promise<Uint8Array>;
  randomBytes(bytes: Uint8Array): Uint8Array;
  now(): number;
}

export type HostAuthFailure = SyncErrorCode | 'network' | 'protocol' | 'signed_out' | 'server_not_enrolled' | 'secret_storage_unavailable';

/** What the page gets from a sign-in or refresh: never the refresh token, never the key. */
export type HostAuthAnswer =
  | { ok: true; origin: string; deviceId: string; accessToken: string; expiresIn: number; user: SessionUser; serverTime: string }
  | { ok: false; code: HostAuthFailure; retryAfterMs?: number; wipe?: { orderedAt: string } };

export const REFUSED_FOR_GOOD: ReadonlySet<HostAuthFailure> = new Set(['invalid_credentials', 'device_revoked', 'proof_invalid', 'proof_stale', 'proof_reused']);

export interface HostSignIn {
  origin: string;
  username: string;
  password: string;
  deviceName: string;
  /** This user's device id from an earlier session on this computer (HostSignInArgs); else the last session's. */
  deviceId?: string;
}

function failureOf(status: number, body: unknown): HostAuthAnswer {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return { ok: false, code: 'protocol' };
  const { code, retryAfterMs, wipe } = parsed.data.error;
  return { ok: false, code, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(wipe === undefined ? {} : { wipe }) };
}

export class DeviceSession<K extends DeviceKey> {
  private pending: { body: { deviceId: string; refreshToken: string; proof: string }; url: string; madeAt: number } | null = null;
  private running: Promise<HostAuthAnswer> | null = null;

  constructor(private readonly deps: DeviceSessionDeps<K>) {}

  async signIn(input: HostSignIn): Promise<HostAuthAnswer> {
    const previous = await this.deps.vault.load();
    const key = await this.deps.vault.generateKey();
    const body: LoginRequest = { username: input.username, password: input.password, deviceName: input.deviceName, deviceKey: key.publicJwk };
    if (input.deviceId !== undefined) body.deviceId = input.deviceId;
    else if (previous && previous.state.origin === input.origin) body.deviceId = previous.state.deviceId;
    let answer: { status: number; body: unknown };
    try {
      answer = await this.deps.post(`${input.origin}/auth/login`, body);
    } catch {
      return { ok: false, code: 'network' };
    }
    if (answer.status !== 200) return failureOf(answer.status, answer.body);
    const parsed = LoginResponse.safeParse(answer.body);
    if (!parsed.success || parsed.data.refreshToken === undefined) return { ok: false, code: 'protocol' };
    const r = parsed.data;
    const clockOffsetMs = Date.parse(r.serverTime) - this.deps.now();
    this.pending = null;
    await this.deps.vault.save(key, { origin: input.origin, deviceId: r.device.id, refreshToken: r.refreshToken ?? null, clockOffsetMs });
    return { ok: true, origin: input.origin, deviceId: r.device.id, accessToken: r.accessToken, expiresIn: r.expiresIn, user: r.user, serverTime: r.serverTime };
  }

  refresh(): Promise<HostAuthAnswer> {
    this.running ??= this.doRefresh().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doRefresh(): Promise<HostAuthAnswer> {
    const loaded = await this.deps.vault.load();
    if (!loaded || loaded.state.refreshToken === null) return { ok: false, code: 'signed_out' };
    const { key, state } = loaded;
    const refreshToken = state.refreshToken;
    if (refreshToken === null) return { ok: false, code: 'signed_out' };
    const now = this.deps.now();
    const url = `${state.origin}/auth/refresh`;
    const resend = this.pending !== null && this.pending.url === url && this.pending.body.refreshToken === refreshToken && now - this.pending.madeAt < PROOF_RESEND_WINDOW_MS;
    if (!resend) {
      const proof = await signRefreshProof(
        { sign: (d) => key.sign(d), sha256: (d) => this.deps.sha256(d) },
        { origin: state.origin, refreshToken, jti: proofJti((b) => this.deps.randomBytes(b)), iatSec: Math.floor((now + state.clockOffsetMs) / 1000) },
      );
      this.pending = { body: { deviceId: state.deviceId, refreshToken, proof }, url, madeAt: now };
    }
    const pending = this.pending;
    if (pending === null) return { ok: false, code: 'signed_out' };
    let answer: { status: number; body: unknown };
    try {
      answer = await this.deps.post(url, pending.body);
    } catch {
      return { ok: false, code: 'network' }; // kept: the next refresh resends the same request
    }
    this.pending = null;
    if (answer.status !== 200) {
      const failure = failureOf(answer.status, answer.body);
      // A wipe order keeps the token until the wipe is confirmed with it (confirmWiped).
      if (!failure.ok && REFUSED_FOR_GOOD.has(failure.code) && failure.wipe === undefined) await this.deps.vault.save(key, { ...state, refreshToken: null });
      return failure;
    }
    const parsed = RefreshResponse.safeParse(answer.body);
    if (!parsed.success) return { ok: false, code: 'protocol' };
    const r = parsed.data;
    await this.deps.vault.save(key, { ...state, refreshToken: r.refreshToken, clockOffsetMs: Date.parse(r.serverTime) - this.deps.now() });
    return { ok: true, origin: state.origin, deviceId: state.deviceId, accessToken: r.accessToken, expiresIn: r.expiresIn, user: r.user, serverTime: r.serverTime };
  }

  /**
   * After a wipe order was obeyed (docs/sync-protocol.md §4): forgets the key and token, then tells the server
   * with the last token this device held (POST /auth/wiped, best effort: the data is gone either way).
   */
  async confirmWiped(): Promise<void> {
    const loaded = await this.deps.vault.load();
    this.pending = null;
    await this.deps.vault.clear();
    if (!loaded || loaded.state.refreshToken === null) return;
    try {
      await this.deps.post(`${loaded.state.origin}/auth/wiped`, { deviceId: loaded.state.deviceId, refreshToken: loaded.state.refreshToken });
    } catch {
      // offline: the administrator sees "wipe ordered" without "wiped at"
    }
  }

  /** Forgets the key and token here first, then asks the server to revoke them (best effort: offline is fine). */
  async signOut(): Promise<void> {
    const loaded = await this.deps.vault.load();
    this.pending = null;
    await this.deps.vault.clear();
    if (!loaded || loaded.state.refreshToken === null) return;
    try {
      await this.deps.post(`${loaded.state.origin}/auth/logout`, { deviceId: loaded.state.deviceId, refreshToken: loaded.state.refreshToken });
    } catch {
      // offline: the server-side tokens expire, or an administrator revokes the device
    }
  }
}
