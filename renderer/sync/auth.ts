/**
 * Signing in to the municipal server (docs/sync-protocol.md §4): login, refresh rotation, logout, and where
 * the server is.
 *
 * Invariants:
 * - The refresh token lives only in the host's secret storage (key 'sync.refreshToken'); the session (server
 *   URL, user, device id) is not secret and lives in the local database; the access token only in memory.
 * - Refresh tokens are single-use: the new one is stored BEFORE the new access token is used, and one
 *   refresh runs at a time (concurrent callers share it), so an old token is never sent twice.
 * - Signing out or losing the session never touches local data or the outbox, and never forgets the server.
 * - Requests go through the shared HttpClient (http.ts): under its timeout, failures as SyncFailure. A refresh
 *   refused for good (`invalid_credentials`, `device_revoked`) ends the session; any other failure is thrown
 *   as it is (no answer, 5xx, 429 are retried with backoff by the engine) and keeps the session.
 */
import type { LoginRequest, SessionUser } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { setLocalUser } from '../db/meta';
import type { HostSecrets } from '../host/host';
import type { FetchLike, HttpClient, SyncFailure, TokenProvider } from './http';
import { normaliseServerUrl, readSavedServerUrl, readSession, saveServerUrl, setProblem } from './state';
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
  /** Per request (login, refresh, logout). Default 30 s. */
  timeoutMs?: number;
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * The HTTP client and the wire schemas (zod) are loaded when a request is made, not with the app shell: the
 * shell builds a SyncAuth and resolves the server before the register paints, and needs neither for that
 * (docs/architecture.md, "What loads first").
 */
async function wire() {
  const [http, protocol] = await Promise.all([import('./http'), import('../../shared/sync/protocol')]);
  return { http, protocol };
}

function loginError(err: unknown, Failure: typeof SyncFailure): LoginErrorCode {
  if (!(err instanceof Failure)) return 'server';
  switch (err.code) {
    case 'network':
      return 'network';
    case 'invalid_credentials':
    case 'rate_limited':
      return err.code;
    case 'invalid_argument':
      return 'invalid_credentials';
    default:
      return 'server';
  }
}

export class SyncAuth implements TokenProvider {
  private readonly db: CareRoundsDb;
  private readonly secrets: HostSecrets;
  private readonly fetchFn: FetchLike;
  private readonly now: () => number;
  private readonly timeoutMs: number | undefined;
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(o: SyncAuthOptions) {
    this.db = o.db;
    this.secrets = o.secrets;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = o.now ?? Date.now;
    this.timeoutMs = o.timeoutMs;
  }

  /** The unauthenticated client for `base` (login, refresh and logout carry their credentials in the body). */
  private async http(base: string): Promise<HttpClient> {
    const { http } = await wire();
    return new http.HttpClient({ baseUrl: base, tokens: null, fetch: this.fetchFn, ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}) });
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
    let json: unknown;
    let loaded: Awaited<ReturnType<typeof wire>>;
    try {
      loaded = await wire();
    } catch {
      return { ok: false, code: 'network' }; // the sign-in code could not be fetched (offline before it ever was)
    }
    const { http, protocol } = loaded;
    try {
      json = await (await this.http(base)).json('POST', protocol.ENDPOINTS.login.path, body);
    } catch (err) {
      return { ok: false, code: loginError(err, http.SyncFailure) };
    }
    const parsed = protocol.LoginResponse.safeParse(json);
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
    // A transient failure throws (retried with backoff); a refusal for good ends the session.
    const { http, protocol } = await wire();
    let json: unknown;
    try {
      json = await (await this.http(session.serverUrl)).json('POST', protocol.ENDPOINTS.refresh.path, { deviceId: session.deviceId, refreshToken: token });
    } catch (err) {
      // A wipe order is obeyed by the engine (wipe.ts), which needs the token to confirm it.
      if (err instanceof http.SyncFailure && err.detail?.wipe !== undefined) throw err;
      if (err instanceof http.SyncFailure && (err.code === 'invalid_credentials' || err.code === 'device_revoked')) {
        await this.secrets.delete(REFRESH_TOKEN_KEY);
        await setProblem(this.db, err.code === 'device_revoked' ? 'device_revoked' : 'signed_out', this.now());
        this.emit();
        return null;
      }
      throw err;
    }
    const parsed = protocol.RefreshResponse.safeParse(json);
    if (!parsed.success) throw new http.SyncFailure('protocol', 'refresh: malformed response', 200);
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
    // The device keeps knowing its server: signed out offline, the sign-in page must still be offered (the
    // same-origin check needs the network).
    if (session && (await readSavedServerUrl(this.db)) === null) await saveServerUrl(this.db, session.serverUrl);
    await this.db.syncState.delete('session');
    if (session && token !== null) {
      try {
        const { protocol } = await wire();
        await (await this.http(session.serverUrl)).json('POST', protocol.ENDPOINTS.logout.path, { deviceId: session.deviceId, refreshToken: token });
      } catch {
        // offline or refused: the server-side tokens expire or are revoked by an admin
      }
    }
    this.emit();
  }
}

/** Whether `base` answers GET /health with this protocol's HealthResponse. */
export async function probeServer(fetchFn: FetchLike, base: string): Promise<boolean> {
  try {
    const { http, protocol } = await wire();
    const body = await new http.HttpClient({ baseUrl: base, tokens: null, fetch: fetchFn, timeoutMs: PROBE_TIMEOUT_MS }).json('GET', protocol.ENDPOINTS.health.path);
    // Lenient on extra keys (a server may add its own, e.g. version): only status and protocol decide.
    const loose = protocol.HealthProbe.safeParse(body);
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
