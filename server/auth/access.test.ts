/**
 * docs/security.md §4 "Every route is guarded": walks the server's real route table (recorded as routes
 * register, auth/access.ts), not a list written here, so a route added tomorrow is probed too.
 *
 * - Every route outside PUBLIC_ROUTES answers 401 without a token (`auth_expired`), with forged tokens
 *   (wrong signature, `alg: none`, HS512 with the right key, wrong `aud`, wrong `iss`, expired) and with
 *   the token of a revoked device (`device_revoked`).
 * - A caregiver gets 403 `forbidden` on every /admin/ and /reports/ route; a care manager on the admin ones
 *   and on setting the fund rates; a caregiver touching another community's resident gets `scope_denied`.
 * - A route registered without any check in its handler is closed all the same, and the probe itself
 *   reports an open route when there is no guard (it can fail).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorBody } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, TEST_JWT_SECRET, type Harness, type Session } from '../testing/harness';
import { newId, residentData, TestSyncClient } from '../testing/sync-client';
import { PUBLIC_ROUTES, routeTable, type RouteEntry } from './access';
import { JWT_AUDIENCE, JWT_ISSUER, signAccessToken } from './tokens';

type Inject = FastifyInstance['inject'];
type Probe = { route: RouteEntry; status: number; code: string | null };

const SHA = 'ab'.repeat(32);

/** A concrete URL for a registered path: parameters filled with values a handler would accept. */
function concrete(url: string, ids: { userId: string; deviceId: string; residentId: string }): string {
  return url
    .replace(':sha256', SHA)
    .replace('/admin/users/:id', `/admin/users/${ids.userId}`)
    .replace('/admin/devices/:id', `/admin/devices/${ids.deviceId}`)
    .replace(/:[A-Za-z]+/g, randomUUID())
    .replace(/\*$/, 'index.html')
    .concat(url.includes(':sha256') ? `?residentId=${ids.residentId}` : '');
}

/** One request per route with the given Authorization header (or none); status and error code of each. */
async function probe(inject: Inject, routes: readonly RouteEntry[], authorization: string | null, ids: Parameters<typeof concrete>[1]): Promise<Probe[]> {
  const out: Probe[] = [];
  for (const route of routes) {
    const hasBody = route.method !== 'GET' && route.method !== 'HEAD' && route.method !== 'OPTIONS';
    const res = await inject({
      method: route.method as 'GET',
      url: concrete(route.url, ids),
      headers: { ...(authorization === null ? {} : { authorization }), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      ...(hasBody ? { payload: '{}' } : {}),
    });
    let code: string | null = null;
    if (res.body !== '') {
      const parsed = ErrorBody.safeParse(JSON.parse(res.body));
      code = parsed.success ? parsed.data.error.code : null;
    }
    out.push({ route, status: res.statusCode, code });
  }
  return out;
}

/** The probes that did not answer `status` with `code` (HEAD has no body: its status alone). */
function wrong(probes: Probe[], status: number, codes: readonly string[]): string[] {
  return probes
    .filter((p) => p.status !== status || (p.route.method !== 'HEAD' && !codes.includes(p.code ?? '')))
    .map((p) => `${p.route.method} ${p.route.url} → ${p.status} ${p.code ?? ''}`);
}

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describeBackends('every route checks authentication and authorisation', (backend) => {
  let h: Harness;
  let staticDir: string;
  let admin: Session;
  let cm: Session;
  let cg: Session;
  let revoked: Session;
  let ids: Parameters<typeof concrete>[1];
  let guarded: RouteEntry[];

  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'carerounds-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>CareRounds</title>');
    h = await startHarness(backend, {
      config: { rendererDir: staticDir, rateLimit: { loginPerMinute: 1000, defaultPerMinute: 1_000_000 } },
      // A route whose handler checks nothing, registered like any other: the guard must close it.
      beforeReady: (app) => app.get('/test/forgot-its-check', async () => ({ secret: 'resident data' })),
    });
    await h.makeUser('gadmin', 'admin');
    await h.makeUser('gcm', 'care_manager');
    await h.makeUser('gcg', 'caregiver', ['c-01']);
    await h.makeUser('glost', 'caregiver', ['c-01']);
    admin = await h.login('gadmin');
    cm = await h.login('gcm');
    cg = await h.login('gcg');
    revoked = await h.login('glost');
    // A resident of c-02, whom the caregiver of c-01 must not reach.
    const residentId = newId();
    const writer = new TestSyncClient(h, cm);
    await writer.push([writer.mutation('resident', residentId, 'create', residentData('c-02'))]);
    ids = { userId: cg.user.id, deviceId: revoked.deviceId, residentId };
    expect((await h.call('POST', `/admin/devices/${revoked.deviceId}/revoke`, { token: admin.accessToken, body: {} })).statusCode).toBe(200);
    guarded = routeTable(h.app).filter((r) => r.access !== 'public');
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await h.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('collects the real route list, and every allow-listed public route exists', () => {
    const table = routeTable(h.app);
    const keys = new Set(table.map((r) => `${r.method} ${r.url}`));
    for (const k of ['POST /sync/push', 'GET /sync/pull', 'POST /admin/devices/:id/revoke', 'PUT /attachments/:sha256', 'POST /reports/figures', 'GET /test/forgot-its-check']) {
      expect(keys, k).toContain(k);
    }
    for (const k of PUBLIC_ROUTES) expect(keys, `${k} is allow-listed but no such route exists`).toContain(k);
    expect(table.filter((r) => r.access === 'public').map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`).every((k) => PUBLIC_ROUTES.has(k))).toBe(true);
    expect(guarded.length).toBeGreaterThan(30); // HEAD variants included
  });

  it('without a token every guarded route answers 401 auth_expired', async () => {
    expect(wrong(await probe(h.app.inject.bind(h.app), guarded, null, ids), 401, ['auth_expired'])).toEqual([]);
  }, 120_000);

  it('forged tokens get 401 on every guarded route', async () => {
    const claims = { dev: admin.deviceId, gen: 0 };
    const nowS = Math.floor(h.clock.now / 1000);
    const sign = (secret: Uint8Array, alg = 'HS256', aud = JWT_AUDIENCE, iss = JWT_ISSUER, iat = nowS) =>
      new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setSubject(admin.user.id).setIssuer(iss).setAudience(aud).setIssuedAt(iat).setExpirationTime(iat + 900).sign(secret);
    const forged = {
      wrongSignature: await sign(new TextEncoder().encode('another-secret-another-secret-another-00')),
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: admin.user.id, dev: admin.deviceId, gen: 0, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: nowS, exp: nowS + 900 })}.`,
      hs512SameKey: await sign(TEST_JWT_SECRET, 'HS512'),
      wrongAudience: await sign(TEST_JWT_SECRET, 'HS256', 'someone-else'),
      wrongIssuer: await sign(TEST_JWT_SECRET, 'HS256', JWT_AUDIENCE, 'evil-server'),
      expired: await sign(TEST_JWT_SECRET, 'HS256', JWT_AUDIENCE, JWT_ISSUER, nowS - 901),
      garbage: 'not.a.jwt',
    };
    // The same claims, signed properly, do get in: the forgeries fail for their forgery alone.
    expect((await h.call('GET', '/admin/users', { token: await sign(TEST_JWT_SECRET) })).statusCode).toBe(200);
    for (const [name, token] of Object.entries(forged)) {
      expect(wrong(await probe(h.app.inject.bind(h.app), guarded, `Bearer ${token}`, ids), 401, ['auth_expired']), name).toEqual([]);
    }
    expect(wrong(await probe(h.app.inject.bind(h.app), guarded, 'Basic Z2FkbWluOnBhc3M=', ids), 401, ['auth_expired'])).toEqual([]);
  }, 240_000);

  it('a revoked device’s token gets 401 device_revoked on every guarded route', async () => {
    expect(wrong(await probe(h.app.inject.bind(h.app), guarded, `Bearer ${revoked.accessToken}`, ids), 401, ['device_revoked'])).toEqual([]);
  }, 120_000);

  it('roles get 403 forbidden where they may not go', async () => {
    const adminOnly = guarded.filter((r) => r.access === 'admin');
    const reports = guarded.filter((r) => r.url.startsWith('/reports/'));
    // PDPA actions (a person's export, erasure requests, retention) are for care managers and administrators.
    const pdpa = guarded.filter((r) => r.url.startsWith('/pdpa/'));
    expect(adminOnly.length).toBeGreaterThan(5);
    expect(pdpa.length).toBeGreaterThan(3);
    expect(wrong(await probe(h.app.inject.bind(h.app), [...adminOnly, ...reports, ...pdpa], `Bearer ${cg.accessToken}`, ids), 403, ['forbidden'])).toEqual([]);
    const fundWrite = guarded.filter((r) => r.method === 'PUT' && r.url === '/reports/fund-settings');
    expect(wrong(await probe(h.app.inject.bind(h.app), [...adminOnly, ...fundWrite], `Bearer ${cm.accessToken}`, ids), 403, ['forbidden'])).toEqual([]);
  }, 120_000);

  it('every other route a caregiver may call is classified here, so a new one is thought about', () => {
    // Routes open to every signed-in user; what they return is cut to her scope (pull, attachments, push).
    const SIGNED_IN = new Set(['/auth/me', '/auth/recovery-key', '/sync/push', '/sync/pull', '/sync/bootstrap', '/sync/events', '/communities', '/directory', '/attachments/:sha256', '/audit/views', '/test/forgot-its-check']);
    const unclassified = guarded.filter((r) => r.access === 'user' && !r.url.startsWith('/reports/') && !r.url.startsWith('/pdpa/') && !SIGNED_IN.has(r.url));
    expect(unclassified.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('a caregiver reaching another community’s resident gets 403 scope_denied', async () => {
    const read = await h.call('GET', `/attachments/${SHA}?residentId=${ids.residentId}`, { token: cg.accessToken });
    expect([read.statusCode, read.json<ErrorBody>().error.code]).toEqual([403, 'scope_denied']);
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9]);
    const write = await h.app.inject({
      method: 'PUT',
      url: `/attachments/${createHash('sha256').update(photo).digest('hex')}?residentId=${ids.residentId}`,
      headers: { authorization: `Bearer ${cg.accessToken}`, 'content-type': 'image/jpeg' },
      payload: photo,
    });
    expect([write.statusCode, write.json<ErrorBody>().error.code]).toEqual([403, 'scope_denied']);
    const client = new TestSyncClient(h, cg);
    const push = await client.pushRaw([client.mutation('resident', ids.residentId, 'patch', { firstName: 'ไม่ใช่ของฉัน' }, 1)]);
    expect([push.statusCode, push.json<ErrorBody>().error.code]).toEqual([403, 'scope_denied']);
  });

  it('a route whose handler forgot its check is closed anyway; with a valid token it opens', async () => {
    expect((await h.call('GET', '/test/forgot-its-check')).statusCode).toBe(401);
    const events = guarded.find((r) => r.url === '/sync/events');
    expect(events).toBeDefined();
    // The event stream of a caregiver is hers to open: a token one second from expiry ends it at once.
    const shortLived = await signAccessToken({ jwtSecret: TEST_JWT_SECRET, accessTtlSec: 900 }, { userId: cg.user.id, deviceId: cg.deviceId, generation: 0 }, h.clock.now - 899_000);
    const stream = await h.call('GET', '/sync/events', { token: shortLived });
    expect(stream.statusCode).toBe(200);
    expect((await h.call('GET', '/test/forgot-its-check', { token: cg.accessToken })).statusCode).toBe(200);
  });

  it('the probe reports an open route when nothing guards it (the test can fail)', async () => {
    const bare = Fastify();
    const table: RouteEntry[] = [];
    bare.addHook('onRoute', (r) => void table.push({ method: String(r.method), url: r.url, access: 'user' }));
    bare.get('/open', async () => ({ secret: 'resident data' }));
    await bare.ready();
    expect(wrong(await probe(bare.inject.bind(bare), table, null, ids), 401, ['auth_expired'])).toEqual(['GET /open → 200 ', 'HEAD /open → 200 ']);
    await bare.close();
  });
});
