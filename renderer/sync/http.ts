/**
 * The one HTTP client the renderer talks to the CareRounds server with (docs/sync-protocol.md §4, §14, §15):
 * the sync client (push, pull, photos), sign-in (login, refresh, logout) and the admin API all go through it.
 *
 * Invariants:
 * - Every request runs under a timeout that covers the whole body, not only the headers: a connection cut or
 *   stalled mid-body is 'network' (an unknown outcome), like no answer at all. The one exception is `stream`
 *   (the bootstrap's NDJSON): the timeout covers the wait for the answer's head; its body is handed over
 *   unread, and the caller watches it (bootstrap.ts aborts a body idle for as long as this timeout).
 * - Every failure is a SyncFailure: 'network' when there was no answer (or the token could not be refreshed
 *   for lack of one), 'signed_out' when no token can be had, else the server's stable ErrorBody code; an
 *   answer without an error body is 'internal' (5xx), 'rate_limited' (429) or 'protocol' (anything else).
 * - An empty 2xx body is `null`, never a parse error; a non-empty 2xx body that is not JSON is 'protocol'.
 * - A 401 is answered by ONE refresh and ONE resend of the same request, unless the server said why the token
 *   is refused for good (`device_revoked`, ...): only `auth_expired` (or a 401 without an error body) refreshes.
 */
import { ErrorBody, type SyncErrorCode } from '../../shared/sync/protocol';
import type { SyncProblemCode } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TokenProvider {
  /** A valid access token (refreshed first when about to expire), or null when not signed in. */
  accessToken(): Promise<string | null>;
  /** After 401 auth_expired: refresh and return the new token, or null when a new sign-in is needed. */
  refresh(): Promise<string | null>;
}

/** Why a request failed: a protocol code, or 'network' (no answer: unknown outcome), or 'protocol' (garbage). */
export type FailureCode = SyncErrorCode | 'network' | 'protocol' | 'signed_out' | 'server_state_lost';

export class SyncFailure extends Error {
  readonly code: FailureCode;
  readonly status: number;
  readonly detail: ErrorBody['error'] | undefined;
  constructor(code: FailureCode, message: string, status = 0, detail?: ErrorBody['error']) {
    super(message);
    this.name = 'SyncFailure';
    this.code = code;
    this.status = status;
    this.detail = detail;
  }
  /** Retry with backoff (§15): no answer, 5xx, 429. */
  get retryable(): boolean {
    return this.code === 'network' || this.code === 'rate_limited' || this.code === 'server_busy' || this.code === 'internal' || (this.code === 'protocol' && this.status >= 500);
  }
  get retryAfterMs(): number | undefined {
    return this.detail?.retryAfterMs;
  }
  /** The problem to show the user when this stops the loop, or null for transient failures. */
  get problem(): SyncProblemCode | null {
    switch (this.code) {
      case 'device_revoked':
      case 'schema_too_old':
      case 'schema_too_new':
      case 'server_state_lost':
      case 'forbidden':
      case 'not_found':
      case 'invalid_argument':
      case 'signed_out':
        return this.code;
      case 'invalid_credentials':
        return 'signed_out';
      case 'client_unknown':
        return 'server_state_lost';
      default:
        return this.retryable ? null : 'protocol';
    }
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** A request body: JSON (serialised here) or bytes with their media type. */
export type Body = { json: unknown } | { bytes: ArrayBuffer; type: string };

export interface HttpAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The whole body, read under the timeout. */
  bytes: ArrayBuffer;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Null for the unauthenticated endpoints (login, refresh, logout, health). */
  tokens: TokenProvider | null;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const decoder = new TextDecoder();

function errorOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The failure an answer that is not 2xx stands for (its ErrorBody when it has one). */
export function failureOf(path: string, status: number, text: string): SyncFailure {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ErrorBody.safeParse(json);
  if (parsed.success) {
    const e = parsed.data.error;
    return new SyncFailure(e.code, e.message, status, e);
  }
  const code: FailureCode = status >= 500 ? 'internal' : status === 429 ? 'rate_limited' : 'protocol';
  return new SyncFailure(code, `${path}: HTTP ${status} without an error body`, status);
}

/** A 2xx answer's JSON: null for an empty body; 'protocol' when it is not JSON. */
export function jsonOf(path: string, status: number, text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SyncFailure('protocol', `${path}: answer is not JSON`, status);
  }
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly tokens: TokenProvider | null;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;

  constructor(o: HttpClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.tokens = o.tokens;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** One JSON request; the parsed answer (null when empty), or a SyncFailure. */
  async json(method: Method, path: string, body?: unknown): Promise<unknown> {
    const res = await this.send(method, path, body === undefined ? undefined : { json: body }, 'application/json');
    const text = decoder.decode(res.bytes);
    if (!res.ok) throw failureOf(path, res.status, text);
    return jsonOf(path, res.status, text);
  }

  /**
   * One request whose answer is bytes (or whose body is). Any answer that is not 2xx is thrown as its
   * SyncFailure (status kept), so callers decide which refusals they can live with.
   */
  async binary(method: Method, path: string, body?: Body): Promise<HttpAnswer> {
    const res = await this.send(method, path, body, '*/*');
    if (!res.ok) throw failureOf(path, res.status, decoder.decode(res.bytes));
    return res;
  }

  /**
   * A conditional JSON GET (If-None-Match): `null` when the server answers 304 (what the caller holds under
   * `etag` is current), else the parsed answer with its ETag. Failures as json().
   */
  async jsonIfChanged(path: string, etag: string | null): Promise<{ json: unknown; etag: string | null } | null> {
    const res = await this.send('GET', path, undefined, 'application/json', etag === null ? {} : { 'If-None-Match': etag });
    if (res.status === 304) return null;
    const text = decoder.decode(res.bytes);
    if (!res.ok) throw failureOf(path, res.status, text);
    return { json: jsonOf(path, res.status, text), etag: res.headers.get('ETag') };
  }

  /**
   * A GET whose 2xx body is returned as a stream, unread (the bootstrap, docs/sync-protocol.md §6.6). Same
   * token, refresh and failure rules as every request; the timeout covers the wait for the answer's head,
   * and aborting `signal` aborts the request and its body. A non-2xx answer is read whole and thrown.
   */
  async stream(path: string, accept: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    let token = this.tokens === null ? null : await this.token('access');
    for (let attempt = 0; ; attempt++) {
      const ctrl = new AbortController();
      const onAbort = (): void => ctrl.abort();
      if (signal.aborted) ctrl.abort();
      else signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
      let res: Response;
      try {
        const headers: Record<string, string> = { Accept: accept };
        if (token !== null) headers.Authorization = `Bearer ${token}`;
        res = await this.fetchFn(this.baseUrl + path, { method: 'GET', headers, signal: ctrl.signal, cache: 'no-store' });
      } catch (err) {
        signal.removeEventListener('abort', onAbort);
        throw new SyncFailure('network', `no answer from ${path}: ${errorOf(err)}`);
      } finally {
        clearTimeout(timer);
      }
      if (res.ok && res.body !== null) return res.body;
      // An error answer is small: read it whole, under the timeout again.
      const timer2 = setTimeout(() => ctrl.abort(), this.timeoutMs);
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        throw new SyncFailure('network', `${path}: answer cut: ${errorOf(err)}`);
      } finally {
        clearTimeout(timer2);
        signal.removeEventListener('abort', onAbort);
      }
      if (res.ok) throw new SyncFailure('protocol', `${path}: answer without a body`, res.status);
      const refusal = failureOf(path, res.status, text);
      if (res.status !== 401 || this.tokens === null || attempt > 0 || (refusal.detail !== undefined && refusal.code !== 'auth_expired')) throw refusal;
      token = await this.token('refresh');
    }
  }

  /** Sends, refreshing once on a 401 that allows it; returns the settled answer (any status). */
  private async send(method: Method, path: string, body: Body | undefined, accept: string, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    let token = this.tokens === null ? null : await this.token('access');
    for (let attempt = 0; ; attempt++) {
      const res = await this.exchange(method, path, body, accept, token, extra);
      if (res.status !== 401 || this.tokens === null || attempt > 0) return res;
      const refusal = failureOf(path, res.status, decoder.decode(res.bytes));
      if (refusal.detail !== undefined && refusal.code !== 'auth_expired') return res;
      token = await this.token('refresh');
    }
  }

  private async token(kind: 'access' | 'refresh'): Promise<string> {
    const tokens = this.tokens;
    if (tokens === null) throw new SyncFailure('signed_out', 'not signed in');
    let token: string | null;
    try {
      token = kind === 'access' ? await tokens.accessToken() : await tokens.refresh();
    } catch (err) {
      // A refresh that got no answer (or a transient refusal) is being offline, not being signed out.
      if (err instanceof SyncFailure) throw err;
      throw new SyncFailure('network', `token: ${errorOf(err)}`);
    }
    if (token === null) throw new SyncFailure('signed_out', kind === 'access' ? 'not signed in' : 'sign-in needed', kind === 'refresh' ? 401 : 0);
    return token;
  }

  /** One fetch with the whole body read under the timeout. */
  private async exchange(method: Method, path: string, body: Body | undefined, accept: string, token: string | null, extra: Record<string, string>): Promise<HttpAnswer> {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
    try {
      const headers: Record<string, string> = { ...extra, Accept: accept };
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      const init: RequestInit = { method, headers, signal: ctrl.signal, cache: 'no-store' };
      if (body !== undefined) {
        if ('json' in body) {
          headers['Content-Type'] = 'application/json';
          init.body = JSON.stringify(body.json);
        } else {
          headers['Content-Type'] = body.type;
          init.body = body.bytes;
        }
      }
      const res = await this.fetchFn(this.baseUrl + path, init);
      // Pull pages are megabytes: the body is read once, as bytes, and decoded once by the caller.
      const bytes = await res.arrayBuffer();
      return { status: res.status, ok: res.ok, headers: res.headers, bytes };
    } catch (err) {
      throw new SyncFailure('network', `no answer from ${path}: ${errorOf(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
