/**
 * Signing in to the municipal server (docs/sync-protocol.md §4): login, refresh, logout, and where the server is.
 *
 * Invariants:
 * - The host signs in and refreshes (renderer/host/host.ts HostAuth): it keeps the refresh token and the
 *   device key that signs every refresh. This page sees only access tokens, which live in memory. The session
 *   (server URL, user, device id) is not secret and lives in the local database.
 * - One refresh runs at a time (concurrent callers share it).
 * - Signing out or losing the session never touches local data or the outbox, and never forgets the server.
 * - A refresh refused for good (`invalid_credentials`, `device_revoked`, a refused proof, or no session held by
 *   the host) ends the session; any other failure is thrown as a SyncFailure (no answer, 5xx, 429 are retried
 *   with backoff by the engine) and keeps it.
 */
import type { HostSignInArgs } from '../../shared/sync/deviceProof';
import type { HostAuthFailure } from '../../shared/sync/deviceSession';
import type { SessionUser } from '../../shared/sync/protocol';
import type { CareRoundsDb } from '../db/db';
import { setLocalUser } from '../db/meta';
import type { HostAuth } from '../host/host';
import type { FetchLike, TokenProvider } from './http';
import { normaliseServerUrl, readSavedServerUrl, readSession, saveServerUrl, setProblem } from './state';
import type { SignedInSession } from './types';

/** Refresh when less than this is left on the access token. */
const REFRESH_MARGIN_MS = 60_000;

export type LoginErrorCode = 'invalid_credentials' | 'rate_limited' | 'network' | 'server';
export type LoginResult = { ok: true; session: SignedInSession } | { ok: false; code: LoginErrorCode };

export interface SyncAuthOptions {
  db: CareRoundsDb;
  host: HostAuth;
  now?: () => number;
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

function loginError(code: HostAuthFailure): LoginErrorCode {
  switch (code) {
    case 'network':
    case 'invalid_credentials':
    case 'rate_limited':
      return code;
    case 'invalid_argument':
      return 'invalid_credentials';
    default:
      return 'server';
  }
}

type SessionEnding = 'invalid_credentials' | 'device_revoked' | 'proof_invalid' | 'proof_stale' | 'proof_reused' | 'signed_out' | 'server_not_enrolled' | 'secret_storage_unavailable';

/** Refusals after which only a new sign-in helps (docs/sync-protocol.md §4). */
function endsSession(code: HostAuthFailure): code is SessionEnding {
  switch (code) {
    case 'invalid_credentials':
    case 'device_revoked':
    case 'proof_invalid':
    case 'proof_stale':
    case 'proof_reused':
    case 'signed_out':
    case 'server_not_enrolled':
    case 'secret_storage_unavailable':
      return true;
    default:
      return false;
  }
}

export class SyncAuth implements TokenProvider {
  private readonly db: CareRoundsDb;
  private readonly host: HostAuth;
  private readonly now: () => number;
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(o: SyncAuthOptions) {
    this.db = o.db;
    this.host = o.host;
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

  async login(serverUrl: string, input: HostSignInArgs): Promise<LoginResult> {
    let base: string;
    try {
      base = normaliseServerUrl(serverUrl);
    } catch {
      return { ok: false, code: 'network' };
    }
    let r;
    try {
      r = await this.host.signIn({ origin: base, ...input });
    } catch {
      return { ok: false, code: 'server' }; // the host could not keep a session (no secret storage, bad input)
    }
    if (!r.ok) return { ok: false, code: loginError(r.code) };
    const session: SignedInSession = { serverUrl: base, user: r.user, deviceId: r.deviceId, signedInAt: new Date(this.now()).toISOString() };
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
    if (!session) return null;
    const { http } = await wire();
    let r;
    try {
      r = await this.host.refresh();
    } catch (err) {
      throw new http.SyncFailure('network', `refresh: the host failed (${err instanceof Error ? err.name : 'unknown'})`);
    }
    if (!r.ok) {
      const code = r.code;
      // A wipe order is obeyed by the engine (wipe.ts); the host keeps the token to confirm it.
      if (r.wipe !== undefined) throw new http.SyncFailure('device_revoked', 'refresh: device revoked with a wipe order', 401, { code: 'device_revoked', message: 'device revoked', retryable: false, wipe: r.wipe });
      if (endsSession(code)) {
        await setProblem(this.db, code === 'device_revoked' ? 'device_revoked' : 'signed_out', this.now());
        this.emit();
        return null;
      }
      // A transient failure: retried with backoff by the engine.
      const detail = r.retryAfterMs === undefined || code === 'network' || code === 'protocol' ? undefined : { code, message: 'refresh', retryable: true, retryAfterMs: r.retryAfterMs };
      throw new http.SyncFailure(code, 'refresh failed', 0, detail);
    }
    await this.db.syncState.put({ key: 'session', session: { ...session, user: r.user } });
    this.access = { token: r.accessToken, expiresAt: this.now() + r.expiresIn * 1000 };
    return this.access.token;
  }

  /** Ends the session: the host forgets its tokens and tells the server when reachable. Local data stays. */
  async logout(): Promise<void> {
    const session = await readSession(this.db);
    this.access = null;
    // The device keeps knowing its server: signed out offline, the sign-in page must still be offered (the
    // same-origin check needs the network).
    if (session && (await readSavedServerUrl(this.db)) === null) await saveServerUrl(this.db, session.serverUrl);
    await this.db.syncState.delete('session');
    await this.host.signOut().catch(() => undefined); // the server-side tokens expire or are revoked by an admin
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
