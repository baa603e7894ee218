/**
 * docs/security.md §4: fuzzed input on EVERY route of the server (its own route table, auth/access.ts, so a
 * route added tomorrow is fuzzed too) never produces a 5xx, and every 4xx is the protocol's ErrorBody with a
 * documented code and that code's status (415 aside: a non-JSON body). Inputs (testing/fuzzInputs.ts): raw
 * JSON (deep nesting, huge strings, `__proto__`/`constructor` keys, unstorable text), valid bodies with wrong
 * types or extra keys, random push batches, query strings and path segments, and forged or garbled
 * Authorization headers, which must also get 401 on every guarded route.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorBody, SYNC_ERROR_CODES } from '../shared/sync/protocol';
import { routeTable, type RouteEntry } from './auth/access';
import { signAccessToken } from './auth/tokens';
import { describeBackends } from './testing/backends';
import { authorizationHeader, BINARY_BODY_ROUTES, forgedTokens, ID, mutatedBody, queryString, rawBody, segment, VALID_BODIES, type FuzzIds, type HeaderKind } from './testing/fuzzInputs';
import { HOOK_TIMEOUT_MS, startHarness, TEST_JWT_SECRET, type Harness, type Session } from './testing/harness';
import { residentData } from './testing/sync-client';

const documented = new Set(Object.keys(SYNC_ERROR_CODES));
const keyOf = (r: RouteEntry): string => `${r.method} ${r.url}`;
const takesBody = (r: RouteEntry): boolean => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH';

interface Answer {
  statusCode: number;
  body: string;
}

function checkResponse(label: string, method: string, res: Answer): void {
  expect(res.statusCode, `${label} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
  if (res.statusCode < 400 || method === 'HEAD') return;
  const parsed = ErrorBody.safeParse(JSON.parse(res.body));
  expect(parsed.success, `${label} → ${res.body.slice(0, 200)}`).toBe(true);
  const code = parsed.data?.error.code ?? 'none';
  expect(documented.has(code), code).toBe(true);
  const expected = res.statusCode === 415 ? 415 : SYNC_ERROR_CODES[code as keyof typeof SYNC_ERROR_CODES].http;
  expect(res.statusCode, `${label} ${code}`).toBe(expected);
}

describeBackends('fuzzed input on every route', (backend) => {
  let h: Harness;
  let admin: Session;
  let caregiver: Session;
  let ids: FuzzIds;
  let routes: RouteEntry[];
  let forged: string[];
  /** An event stream is held open until its token expires: this one expires 1 ms after the (fixed) clock. */
  let eventsToken: string;

  beforeAll(async () => {
    h = await startHarness(backend, { now: Date.parse('2025-06-01T03:00:00.000Z') + 999, config: { rateLimit: { loginPerMinute: 100_000, defaultPerMinute: 1_000_000 } } });
    await h.makeUser('fuzzadmin', 'admin');
    const victim = await h.makeUser('victim', 'caregiver', ['c-01']);
    admin = await h.login('fuzzadmin');
    caregiver = await h.login('victim');
    const other = await h.login('victim');
    ids = { userId: victim.id, deviceId: caregiver.deviceId, otherDeviceId: other.deviceId };
    routes = [...routeTable(h.app)];
    forged = await forgedTokens(TEST_JWT_SECRET, { userId: admin.user.id, deviceId: admin.deviceId }, h.clock.now);
    eventsToken = await signAccessToken(h.config, { userId: admin.user.id, deviceId: admin.deviceId, generation: 0 }, h.clock.now - (h.config.accessTtlSec - 1) * 1000);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  /** The route's path with its parameters filled: the ids the admin routes act on, or a fuzzed segment. */
  function urlOf(route: RouteEntry, seg: string | null, query = ''): string {
    const path = route.url
      .replace('/admin/users/:id', `/admin/users/${seg ?? ids.userId}`)
      .replace('/admin/devices/:id', `/admin/devices/${seg ?? ids.otherDeviceId}`)
      .replace(/:[A-Za-z0-9]+/g, seg ?? ID)
      .replace(/^\*$/, `/${seg ?? 'x'}`)
      .replace(/\*$/, seg ?? 'x');
    return query === '' ? path : `${path}?${query}`;
  }

  /** `kind`: what the header is; on the event stream one that may verify is swapped for the short-lived token. */
  async function send(route: RouteEntry, opts: { url?: string; authorization?: string | undefined; kind?: HeaderKind; payload?: string }): Promise<Answer> {
    const mayOpen = opts.kind === undefined || opts.kind === 'valid' || opts.kind === 'unsure';
    const authorization = route.url === '/sync/events' && mayOpen && opts.authorization !== undefined ? `Bearer ${eventsToken}` : opts.authorization;
    return h.app.inject({
      method: route.method as 'GET',
      url: opts.url ?? urlOf(route, null),
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      ...(takesBody(route) && opts.payload !== undefined ? { payload: opts.payload } : {}),
    });
  }

  it('covers the whole route table, with a valid body for every route that reads one', () => {
    expect(routes.length).toBeGreaterThan(30);
    const needBody = routes.filter((r) => takesBody(r) && !BINARY_BODY_ROUTES.has(keyOf(r))).map(keyOf);
    expect(needBody.filter((k) => VALID_BODIES[k] === undefined), 'add a valid body to testing/fuzzInputs.ts VALID_BODIES').toEqual([]);
    const known = new Set(routes.map(keyOf));
    expect(Object.keys(VALID_BODIES).filter((k) => !known.has(k)), 'a valid body for a route that no longer exists').toEqual([]);
  });

  it('raw JSON bodies on every route, with any Authorization header, never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), rawBody, authorizationHeader([admin.accessToken, caregiver.accessToken], forged), async (route, body, auth) => {
        const res = await send(route, { authorization: auth.header, kind: auth.kind, payload: body });
        checkResponse(`${keyOf(route)} ${body.slice(0, 60)}`, route.method, res);
      }),
      { numRuns: 800 },
    );
  }, 600_000);

  it('valid bodies with wrong types, extra keys or prototype keys never give a 5xx', async () => {
    const withValid = routes.filter((r) => VALID_BODIES[keyOf(r)] !== undefined);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withValid).chain((route) => fc.tuple(fc.constant(route), mutatedBody(VALID_BODIES[keyOf(route)]?.(ids)))),
        async ([route, body]) => {
          const res = await send(route, { authorization: `Bearer ${admin.accessToken}`, payload: JSON.stringify(body) });
          checkResponse(`${keyOf(route)} ${JSON.stringify(body).slice(0, 80)}`, route.method, res);
        },
      ),
      { numRuns: 800 },
    );
  }, 600_000);

  it('query strings and path segments on every route never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.option(segment, { nil: null }), queryString, async (route, seg, query) => {
        const url = urlOf(route, seg, query);
        const valid = VALID_BODIES[keyOf(route)]?.(ids);
        const res = await send(route, { url, authorization: `Bearer ${admin.accessToken}`, payload: JSON.stringify(valid ?? {}) });
        checkResponse(`${route.method} ${url.slice(0, 120)}`, route.method, res);
      }),
      { numRuns: 800 },
    );
  }, 600_000);

  it('forged and garbled Authorization headers get 401 on every guarded route, and never a 5xx anywhere', async () => {
    const refusedCodes = ['auth_expired', 'device_revoked'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), authorizationHeader([admin.accessToken, caregiver.accessToken], forged), async (route, auth) => {
        const valid = VALID_BODIES[keyOf(route)]?.(ids);
        const res = await send(route, { authorization: auth.header, kind: auth.kind, payload: JSON.stringify(valid ?? {}) });
        checkResponse(`${keyOf(route)} ${String(auth.header).slice(0, 60)}`, route.method, res);
        if (route.access !== 'public' && (auth.kind === 'none' || auth.kind === 'invalid')) {
          expect(res.statusCode, `${keyOf(route)} with ${String(auth.header).slice(0, 60)}`).toBe(401);
          if (route.method !== 'HEAD') expect(refusedCodes).toContain(ErrorBody.parse(JSON.parse(res.body)).error.code);
        }
      }),
      { numRuns: 800 },
    );
  }, 600_000);

  it('push batches with random ops, types and field values are answered per mutation, never with a 5xx', async () => {
    const base = residentData('c-01') as unknown as Record<string, unknown>;
    const fieldValue = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(null, '', 'c-02', 'c-99', ID));
    const mutation = fc.record({
      type: fc.constantFrom('resident', 'adl_assessment', 'conflict', 'visit', '__proto__', 'constructor'),
      id: fc.constantFrom(ID, '0195f3a2-7c4e-7a10-9b2c-3d4e5f607183', '0195f3a2-7c4e-7a10-9b2c-3d4e5f607184'),
      op: fc.constantFrom('create', 'patch', 'delete', 'restore', 'void', 'skip'),
      fields: fc.oneof(
        fc.record({ key: fc.constantFrom(...Object.keys(base), 'voidReason', 'residentId', 'status'), value: fieldValue }).map(({ key, value }) => ({ ...base, [key]: value })),
        fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/), fieldValue, { maxKeys: 5 }),
        fc.constant({}),
      ),
      hlc: fc.integer({ min: 0, max: 20 * 365 * 86_400_000 }).map((ms) => {
        const t = Date.parse('2015-01-01T00:00:00.000Z') + ms;
        return `${new Date(t).toISOString()}-0000-f1f1f1f1f1f1f1f1`;
      }),
      baseSeq: fc.nat({ max: 1000 }),
    });
    let n = 0;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (ms) => {
        n++;
        const clientId = (0x1000000000000000n + BigInt(n) * 7919n).toString(16).slice(-16);
        const res = await h.app.inject({
          method: 'POST',
          url: '/sync/push',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
          payload: JSON.stringify({ protocol: 1, schemaVersion: 1, clientId, mutations: ms.map((m, i) => ({ ...m, mid: i + 1 })) }),
        });
        checkResponse(`push ${JSON.stringify(ms).slice(0, 200)}`, 'POST', res);
        statuses.add(res.statusCode);
        if (res.statusCode === 200) expect(res.json<{ results: unknown[] }>().results).toHaveLength(ms.length);
      }),
      { numRuns: 120 },
    );
    expect(statuses.has(200)).toBe(true); // the generator reaches the merge, not only the validators
  }, 240_000);
});
