/**
 * Signing in to the municipal server (docs/sync-protocol.md §4): login, refresh rotation, logout, and where
 * the server is.
 *
 * Invariants:
 * - The refresh token lives only in the host's secret storage (key 'sync.refreshToken'); the session (server
 *   URL, user, device id) is not secret and lives in the local database; the access token only in memory.
 * - Refresh tokens are single-use: the new one is stored BEFORE the new access token is used, and one
 *   refresh runs at a time (concurrent callers share it), so an old token is never sent twice.
 * - Signing out or losing the session never touches local data or the outbox.
 */
import {
  ENDPOINTS,
  ErrorBody,
  HealthResponse,
  LoginResponse,
  RefreshResponse,
  type LoginRequest,
  type SessionUser,
} from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { setLocalUser } from '../db/meta';
import type { HostSecrets } from '../host/host';
import type { FetchLike, TokenProvider } from './client';
import { normaliseServerUrl, readSavedServerUrl, readSession, setProblem } from './state';
import type { SignedInSession } from './types';

/** Host secret keys are `[a-z0-9._-]` (shared/bridge.ts SECRET_KEY_PATTERN): no camelCase. */
export const REFRESH_TOKEN_KEY = 'sync.refresh-token';
/** Refresh when less than this is left on the access token. */
const REFRESH_MARGIN_MS = 60_000;

export type LoginErrorCode = 'invalid_credentials' | 'rate_limited' | 'network' | 'server';
export type LoginResult = { ok: true; session: SignedInSession } | { ok: false; code: LoginErrorCode };

export interface SyncAuthOptions {
  db: CareRoundsDb;
  secrets: HostSecrets;
  fetch?: FetchLike;
  now?: () => number;
}

async function postJson(fetchFn: FetchLike, url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetchFn(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body), cache: 'no-store' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

function errorCode(json: unknown): string | null {
  const parsed = ErrorBody.safeParse(json);
  return parsed.success ? parsed.data.error.code : null;
}

export class SyncAuth implements TokenProvider {
  private readonly db: CareRoundsDb;
  private readonly secrets: HostSecrets;
  private readonly fetchFn: FetchLike;
  private readonly now: () => number;
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(o: SyncAuthOptions) {
    this.db = o.db;
    this.secrets = o.secrets;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = o.now ?? Date.now;
  }

  /** Called after sign-in, sign-out and a lost session. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }

  session(): Promise<SignedInSession | null> {
    return readSession(this.db);
  }

  async login(serverUrl: string, input: Omit<LoginRequest, 'deviceId'>): Promise<LoginResult> {
    let base: string;
    try {
      base = normaliseServerUrl(serverUrl);
    } catch {
      return { ok: false, code: 'network' };
    }
    const previous = await readSession(this.db);
    const body: LoginRequest = { ...input };
    // Re-signing in on this device to the same server reuses its device registration.
    if (previous && previous.serverUrl === base) body.deviceId = previous.deviceId;
    let res: { status: number; json: unknown };
    try {
      res = await postJson(this.fetchFn, base + ENDPOINTS.login.path, body);
    } catch {
      return { ok: false, code: 'network' };
    }
    if (res.status !== 200) {
      const code = errorCode(res.json);
      if (code === 'invalid_credentials' || code === 'rate_limited') return { ok: false, code };
      if (code === 'invalid_argument') return { ok: false, code: 'invalid_credentials' };
      return { ok: false, code: 'server' };
    }
    const parsed = LoginResponse.safeParse(res.json);
    if (!parsed.success) return { ok: false, code: 'server' };
    const r = parsed.data;
    try {
      await this.secrets.set(REFRESH_TOKEN_KEY, r.refreshToken);
    } catch {
      return { ok: false, code: 'server' }; // no secret storage: nothing else is stored either
    }
    const session: SignedInSession = { serverUrl: base, user: r.user, deviceId: r.device.id, signedInAt: new Date(this.now()).toISOString() };
    await this.db.syncState.put({ key: 'session', session });
    await setProblem(this.db, null, this.now());
    await this.rememberUser(r.user);
    this.access = { token: r.accessToken, expiresAt: this.now() + r.expiresIn * 1000 };
    this.emit();
    return { ok: true, session };
  }

  /** Writes on this device are made by the signed-in user from the next start on. */
  private async rememberUser(user: SessionUser): Promise<void> {
    await setLocalUser(this.db, { userId: user.id, displayName: user.displayName, role: user.role });
  }

  async accessToken(): Promise<string | null> {
    if (this.access && this.access.expiresAt - this.now() > REFRESH_MARGIN_MS) return this.access.token;
    return this.refresh();
  }

  refresh(): Promise<string | null> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string | null> {
    this.access = null;
    const session = await readSession(this.db);
    const token = await this.secrets.get(REFRESH_TOKEN_KEY);
    if (!session || token === null) return null;
    // A network failure throws (a transient problem, retried with backoff); a refusal ends the session.
    const res = await postJson(this.fetchFn, session.serverUrl + ENDPOINTS.refresh.path, { deviceId: session.deviceId, refreshToken: token });
    if (res.status !== 200) {
      const code = errorCode(res.json);
      if (code === 'invalid_credentials' || code === 'device_revoked') {
        await this.secrets.delete(REFRESH_TOKEN_KEY);
        await setProblem(this.db, code === 'device_revoked' ? 'device_revoked' : 'signed_out', this.now());
        this.emit();
        return null;
      }
      throw new Error(`refresh failed: HTTP ${res.status}`);
    }
    const parsed = RefreshResponse.safeParse(res.json);
    if (!parsed.success) throw new Error('refresh: malformed response');
    // The new refresh token is stored before the new access token is used.
    await this.secrets.set(REFRESH_TOKEN_KEY, parsed.data.refreshToken);
    await this.db.syncState.put({ key: 'session', session: { ...session, user: parsed.data.user } });
    this.access = { token: parsed.data.accessToken, expiresAt: this.now() + parsed.data.expiresIn * 1000 };
    return this.access.token;
  }

  /** Revokes the device's tokens on the server when reachable; always forgets them here. Local data stays. */
  async logout(): Promise<void> {
    const session = await readSession(this.db);
    const token = await this.secrets.get(REFRESH_TOKEN_KEY);
    this.access = null;
    await this.secrets.delete(REFRESH_TOKEN_KEY);
    await this.db.syncState.delete('session');
    if (session && token !== null) {
      try {
        await postJson(this.fetchFn, session.serverUrl + ENDPOINTS.logout.path, { deviceId: session.deviceId, refreshToken: token });
      } catch {
        // offline: the server-side tokens expire or are revoked by an admin
      }
    }
    this.emit();
  }
}

/** Whether `base` answers GET /health with this protocol's HealthResponse. */
export async function probeServer(fetchFn: FetchLike, base: string): Promise<boolean> {
  try {
    const res = await fetchFn(base.replace(/\/+$/, '') + ENDPOINTS.health.path, { cache: 'no-store' });
    if (!res.ok) return false;
    // Lenient on extra keys (a server may add its own, e.g. version): only status and protocol decide.
    const body: unknown = await res.json();
    const loose = HealthResponse.pick({ status: true, protocol: true }).loose().safeParse(body);
    return loose.success;
  } catch {
    return false;
  }
}

/**
 * The server to sync with: the page's own origin when the page is served by a CareRounds server, else the
 * server the host is enrolled with (Electron: the one its CSP allows), else the URL saved in the sync
 * settings, else null (local-only, as before sign-in existed).
 *
 * The same-origin check first looks at the page's own response for the server's `X-Request-Id` header, so a
 * page served by a plain static server never requests /health (a 404 there would be a console error).
 */
export async function resolveServerUrl(
  db: CareRoundsDb,
  fetchFn: FetchLike,
  location: { protocol: string; origin: string; href: string } | null,
  enrolled: () => Promise<string | null> = () => Promise.resolve(null),
): Promise<{ url: string; sameOrigin: boolean } | null> {
  if (location && (location.protocol === 'http:' || location.protocol === 'https:')) {
    try {
      const page = await fetchFn(location.href.split('#', 1)[0] ?? location.href, { cache: 'no-store' });
      if (page.ok && page.headers.has('x-request-id') && (await probeServer(fetchFn, location.origin))) return { url: location.origin, sameOrigin: true };
    } catch {
      // offline: fall through to the saved URL
    }
  }
  const fromHost = await enrolled().catch(() => null);
  if (fromHost !== null) return { url: fromHost, sameOrigin: false };
  const saved = await readSavedServerUrl(db);
  if (saved !== null) return { url: saved, sameOrigin: false };
  const session = await readSession(db);
  return session ? { url: session.serverUrl, sameOrigin: false } : null;
}
