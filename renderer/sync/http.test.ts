/**
 * The shared HttpClient's rules on answers the real server rarely sends (so the tests against the real
 * server in client.test.ts and admin/api.test.ts cannot reach them): empty bodies, a body that stalls past the
 * timeout, a 401 without an error body, a refused refresh, a refresh that itself gets no answer.
 */
import { describe, expect, it } from 'vitest';
import { HttpClient, SyncFailure, type FetchLike, type TokenProvider } from './http';

function tokens(refreshed: string | null | Error = 'new'): TokenProvider & { refreshes: number } {
  const p = {
    refreshes: 0,
    accessToken: () => Promise.resolve('old'),
    refresh: () => {
      p.refreshes++;
      return refreshed instanceof Error ? Promise.reject(refreshed) : Promise.resolve(refreshed);
    },
  };
  return p;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

async function failure(p: Promise<unknown>): Promise<SyncFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SyncFailure) return err;
    throw err;
  }
  throw new Error('expected a SyncFailure');
}

describe('HttpClient', () => {
  it('answers null for an empty 2xx body and refuses a 2xx body that is not JSON', async () => {
    const bodies = ['', 'not json'];
    const fetch: FetchLike = () => Promise.resolve(new Response(bodies.shift() ?? '', { status: 200 }));
    const http = new HttpClient({ baseUrl: 'http://x', tokens: tokens(), fetch });
    expect(await http.json('POST', '/a', {})).toBeNull();
    expect((await failure(http.json('POST', '/a', {}))).code).toBe('protocol');
  });

  it('turns a body that stalls past the timeout into a network failure (unknown outcome)', async () => {
    const fetch: FetchLike = (_url, init) =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('{"lastMid":'));
              init?.signal?.addEventListener('abort', () => c.error(new Error('aborted')));
            },
          }),
          { status: 200 },
        ),
      );
    const http = new HttpClient({ baseUrl: 'http://x', tokens: tokens(), fetch, timeoutMs: 50 });
    const f = await failure(http.json('GET', '/slow'));
    expect(f.code).toBe('network');
    expect(f.retryable).toBe(true);
  });

  it('parses the server error body into its stable code and keeps its details', async () => {
    const fetch: FetchLike = () => Promise.resolve(json(409, { error: { code: 'mutation_gap', message: 'gap', retryable: false, lastMid: 7 } }));
    const f = await failure(new HttpClient({ baseUrl: 'http://x', tokens: tokens(), fetch }).json('POST', '/p', {}));
    expect(f).toMatchObject({ code: 'mutation_gap', status: 409 });
    expect(f.detail?.lastMid).toBe(7);
  });

  it('classifies answers without an error body by status: 5xx internal (retried), 429 rate_limited, else protocol', async () => {
    const statuses = [502, 429, 418];
    const fetch: FetchLike = () => Promise.resolve(new Response('<html>proxy</html>', { status: statuses.shift() ?? 500 }));
    const http = new HttpClient({ baseUrl: 'http://x', tokens: tokens(), fetch });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await failure(http.json('GET', '/h'))).code);
    expect(codes).toEqual(['internal', 'rate_limited', 'protocol']);
  });

  it('refreshes once on 401 auth_expired and resends with the new token; never on device_revoked', async () => {
    const seen: string[] = [];
    const fetch: FetchLike = (_url, init) => {
      const auth = (init?.headers as Record<string, string>).Authorization ?? '';
      seen.push(auth);
      if (auth === 'Bearer old') return Promise.resolve(json(401, { error: { code: 'auth_expired', message: 'x', retryable: false } }));
      return Promise.resolve(json(200, { ok: true }));
    };
    const t = tokens();
    expect(await new HttpClient({ baseUrl: 'http://x', tokens: t, fetch }).json('GET', '/a')).toEqual({ ok: true });
    expect(seen).toEqual(['Bearer old', 'Bearer new']);
    expect(t.refreshes).toBe(1);

    const revoked: FetchLike = () => Promise.resolve(json(401, { error: { code: 'device_revoked', message: 'x', retryable: false } }));
    const t2 = tokens();
    expect((await failure(new HttpClient({ baseUrl: 'http://x', tokens: t2, fetch: revoked }).json('GET', '/a'))).code).toBe('device_revoked');
    expect(t2.refreshes).toBe(0);
  });

  it('a refused refresh is signed_out; a refresh without an answer is network, not signed out', async () => {
    const expired: FetchLike = () => Promise.resolve(json(401, { error: { code: 'auth_expired', message: 'x', retryable: false } }));
    expect((await failure(new HttpClient({ baseUrl: 'http://x', tokens: tokens(null), fetch: expired }).json('GET', '/a'))).code).toBe('signed_out');
    const offline = await failure(new HttpClient({ baseUrl: 'http://x', tokens: tokens(new TypeError('fetch failed')), fetch: expired }).json('GET', '/a'));
    expect(offline.code).toBe('network');
  });

  it('sends no Authorization header without a token provider (sign-in endpoints)', async () => {
    let headers: Record<string, string> = {};
    const fetch: FetchLike = (_url, init) => {
      headers = init?.headers as Record<string, string>;
      return Promise.resolve(json(200, {}));
    };
    await new HttpClient({ baseUrl: 'http://x/', tokens: null, fetch }).json('POST', '/auth/login', { a: 1 });
    expect(headers.Authorization).toBeUndefined();
    expect(headers['Content-Type']).toBe('application/json');
  });
});
