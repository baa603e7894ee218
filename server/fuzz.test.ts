/**
 * docs/security.md §4: fuzzed bodies (deep nesting, huge strings, __proto__ keys, wrong types, random JSON)
 * on every route never produce a 5xx, and every 4xx is the protocol's ErrorBody with a documented code and
 * that code's status (415 aside: a non-JSON body).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorBody, SYNC_ERROR_CODES } from '../shared/sync/protocol';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from './testing/harness';
import { residentData } from './testing/sync-client';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

interface Route {
  method: Method;
  url: (ids: Ids) => string;
  /** A valid body to mutate into wrong types. */
  valid?: (ids: Ids) => Record<string, unknown>;
}

interface Ids {
  userId: string;
  deviceId: string;
  otherDeviceId: string;
}

const ID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const HLC = '2025-06-01T03:00:00.000Z-0000-a1a1a1a1a1a1a1a1';

const ROUTES: Route[] = [
  { method: 'POST', url: () => '/auth/login', valid: () => ({ username: 'fuzzer', password: 'wrong password', deviceName: 'd' }) },
  { method: 'POST', url: () => '/auth/refresh', valid: (ids) => ({ deviceId: ids.deviceId, refreshToken: 'a'.repeat(43) }) },
  { method: 'POST', url: () => '/auth/logout', valid: (ids) => ({ deviceId: ids.deviceId, refreshToken: 'b'.repeat(43) }) },
  { method: 'GET', url: () => '/auth/me' },
  { method: 'GET', url: () => '/health' },
  { method: 'GET', url: () => '/communities' },
  {
    method: 'POST',
    url: () => '/sync/push',
    valid: () => ({
      protocol: 1,
      schemaVersion: 1,
      clientId: 'f0f0f0f0f0f0f0f0',
      mutations: [{ mid: 1, type: 'resident', id: ID, op: 'create', fields: residentData('c-01') as unknown as Record<string, unknown>, hlc: HLC, baseSeq: 0 }],
    }),
  },
  { method: 'GET', url: () => '/sync/pull?schemaVersion=1' },
  { method: 'GET', url: () => '/admin/users' },
  { method: 'POST', url: () => '/admin/users', valid: () => ({ username: 'fuzzed', password: 'fuzz password 1', displayName: 'F', role: 'caregiver', communities: ['c-01'] }) },
  { method: 'PATCH', url: (ids) => `/admin/users/${ids.userId}`, valid: () => ({ displayName: 'Renamed', communities: ['c-02'] }) },
  { method: 'POST', url: (ids) => `/admin/users/${ids.userId}/password`, valid: () => ({ password: 'new fuzz password' }) },
  { method: 'GET', url: (ids) => `/admin/devices?userId=${ids.userId}` },
  { method: 'POST', url: (ids) => `/admin/devices/${ids.otherDeviceId}/revoke`, valid: () => ({}) },
  { method: 'GET', url: () => '/admin/communities' },
  { method: 'POST', url: () => '/admin/communities', valid: () => ({ id: 'c-50', code: '50', nameTh: 'ห้าสิบ', nameEn: 'Fifty' }) },
  { method: 'GET', url: () => `/pdpa/residents/${ID}/export` },
  { method: 'POST', url: () => '/pdpa/erasures', valid: () => ({ residentId: ID, requestedBy: 'ตัวผู้สูงอายุ', requestedOn: '2025-06-01', reason: 'ขอลบ' }) },
  { method: 'GET', url: () => '/pdpa/erasures' },
  { method: 'POST', url: () => `/pdpa/erasures/${ID}/approve`, valid: () => ({}) },
  { method: 'PUT', url: () => '/pdpa/retention', valid: () => ({ archivedYears: 5 }) },
];

const documented = new Set(Object.keys(SYNC_ERROR_CODES));

function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
function deepObject(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Raw JSON texts: the nasty shapes parsers and validators trip on. */
const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }).map(deepArray),
  fc.integer({ min: 1, max: 50_000 }).map(deepObject),
  fc.integer({ min: 1, max: 2_000_000 }).map((n) => JSON.stringify({ username: 'x'.repeat(n), password: 'y', deviceName: 'z' })),
  fc.constantFrom(
    '{"__proto__":{"admin":true}}',
    '{"a":{"__proto__":{"role":"admin"}}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"mutations":[{"__proto__":1}]}',
    '{"password":"\\u0000\\u0000\\u0000\\u0000"}',
    '{"username":"\\ud800","password":"\\udfff12345678","deviceName":"\\ud83d"}',
    `{"protocol":1,"schemaVersion":1,"clientId":"f0f0f0f0f0f0f0f0","mutations":[{"mid":1,"type":"resident","id":"${ID}","op":"create","fields":{"firstName":"\\ud800","x\\udc00":"\\u0000"},"hlc":"${HLC}","baseSeq":0}]}`,
    `{"protocol":1,"schemaVersion":1,"clientId":"f0f0f0f0f0f0f0f0","mutations":[{"mid":1,"type":"resident\\u0000","id":"${ID}\\ud800","op":"create","fields":{"n":1e400},"hlc":"${HLC}","baseSeq":0}]}`,
    '{"displayName":"\\udbff","communities":["c-01\\u0000"]}',
    'null',
    'true',
    '"string"',
    '1e999',
    '-0',
    '[]',
    '{',
    '',
    '{"a":1,"a":2}',
  ),
  fc.json({ maxDepth: 6 }),
);

/** A valid body with one key replaced by a random value (wrong types), or an extra key added. */
function mutatedBody(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), value: fc.jsonValue({ maxDepth: 4 }) }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.record({ key: fc.string({ maxLength: 20 }), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.jsonValue({ maxDepth: 5 }),
  );
}

function checkResponse(label: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }): void {
  expect(res.statusCode, `${label} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const parsed = ErrorBody.safeParse(JSON.parse(res.body));
    expect(parsed.success, `${label} → ${res.body.slice(0, 200)}`).toBe(true);
    const code = parsed.data?.error.code ?? 'none';
    expect(documented.has(code), code).toBe(true);
    const expected = res.statusCode === 415 ? 415 : SYNC_ERROR_CODES[code as keyof typeof SYNC_ERROR_CODES].http;
    expect(res.statusCode, `${label} ${code}`).toBe(expected);
  }
}

describeBackends('fuzzed bodies on every route', (backend) => {
  let h: Harness;
  let admin: Session;
  let ids: Ids;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 100_000, defaultPerMinute: 1_000_000 } } });
    await h.makeUser('fuzzadmin', 'admin');
    const victim = await h.makeUser('victim', 'caregiver', ['c-01']);
    admin = await h.login('fuzzadmin');
    const other = await h.login('victim');
    ids = { userId: victim.id, deviceId: other.deviceId, otherDeviceId: other.deviceId };
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('raw and random JSON bodies never give a 5xx, and every 4xx carries a documented code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), rawBody, fc.boolean(), async (route, body, withToken) => {
        const res = await h.app.inject({
          method: route.method,
          url: route.url(ids),
          headers: { 'content-type': 'application/json', ...(withToken ? { authorization: `Bearer ${admin.accessToken}` } : {}) },
          ...(route.method === 'GET' ? {} : { payload: body }),
        });
        checkResponse(`${route.method} ${route.url(ids)} ${body.slice(0, 60)}`, res);
      }),
      { numRuns: 120 },
    );
  }, 240_000);

  it('valid bodies with wrong types or extra keys never give a 5xx', async () => {
    const withValid = ROUTES.filter((r) => r.valid !== undefined);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withValid).chain((route) => fc.tuple(fc.constant(route), mutatedBody(route.valid?.(ids) ?? {}))),
        async ([route, body]) => {
          const res = await h.app.inject({
            method: route.method,
            url: route.url(ids),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
            payload: JSON.stringify(body),
          });
          checkResponse(`${route.method} ${route.url(ids)} ${JSON.stringify(body).slice(0, 80)}`, res);
        },
      ),
      { numRuns: 150 },
    );
  }, 240_000);

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
        checkResponse(`push ${JSON.stringify(ms).slice(0, 200)}`, res);
        statuses.add(res.statusCode);
        if (res.statusCode === 200) expect(res.json<{ results: unknown[] }>().results).toHaveLength(ms.length);
      }),
      { numRuns: 120 },
    );
    expect(statuses.has(200)).toBe(true); // the generator reaches the merge, not only the validators
  }, 240_000);

  it('fuzzed query strings and path parameters never give a 5xx', async () => {
    const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('%00', '%ZZ', '..%2f', 'a'.repeat(5000), '-1', '1e9', '0x10', ID));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/sync/pull', '/admin/devices', '/admin/users/', '/admin/devices/'),
        fc.dictionary(fc.constantFrom('cursor', 'limit', 'schemaVersion', 'userId', 'x', '__proto__'), value, { maxKeys: 4 }),
        value,
        async (base, query, segment) => {
          const qs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
          const url = base.endsWith('/') ? `${base}${encodeURIComponent(segment)}${base === '/admin/devices/' ? '/revoke' : ''}` : `${base}?${qs}`;
          const res = await h.app.inject({ method: base === '/admin/devices/' ? 'POST' : base === '/admin/users/' ? 'PATCH' : 'GET', url, headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' }, payload: base.endsWith('/') ? '{"displayName":"x"}' : undefined });
          checkResponse(url.slice(0, 120), res);
        },
      ),
      { numRuns: 150 },
    );
  }, 240_000);
});
