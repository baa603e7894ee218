/**
 * What server/fuzz.test.ts throws at the server: a valid body for every route that takes one (the starting
 * point of type confusion), nasty raw JSON texts, query strings, path segments and Authorization headers.
 * The routes themselves come from the server's own table (auth/access.ts routeTable), never from here.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { DEFAULT_FUND_SETTINGS } from '../../shared/reports/fund';
import { JWT_AUDIENCE, JWT_ISSUER } from '../auth/tokens';
import { residentData } from './sync-client';

export interface FuzzIds {
  userId: string;
  deviceId: string;
  otherDeviceId: string;
}

export const ID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
export const HLC = '2025-06-01T03:00:00.000Z-0000-a1a1a1a1a1a1a1a1';
const MONTH = { kind: 'month', month: '2025-05' };

/** Routes whose body is not JSON (raw photo bytes): fuzzed with JSON all the same, which they refuse. */
export const BINARY_BODY_ROUTES: ReadonlySet<string> = new Set(['PUT /attachments/:sha256']);

/** A valid body for every route that reads one, by `METHOD path` as registered. */
export const VALID_BODIES: Readonly<Record<string, (ids: FuzzIds) => unknown>> = {
  'POST /auth/login': () => ({ username: 'fuzzer', password: 'wrong password', deviceName: 'd' }),
  'POST /auth/refresh': (ids) => ({ deviceId: ids.deviceId, refreshToken: 'a'.repeat(43) }),
  'POST /auth/logout': (ids) => ({ deviceId: ids.deviceId, refreshToken: 'b'.repeat(43) }),
  'POST /auth/wiped': (ids) => ({ deviceId: ids.deviceId, refreshToken: 'c'.repeat(43) }),
  'POST /auth/recovery-key': (ids) => ({ deviceId: ids.deviceId }),
  'POST /sync/push': () => ({
    protocol: 1,
    schemaVersion: 1,
    clientId: 'f0f0f0f0f0f0f0f0',
    mutations: [{ mid: 1, type: 'resident', id: ID, op: 'create', fields: residentData('c-01'), hlc: HLC, baseSeq: 0 }],
  }),
  'POST /admin/users': () => ({ username: 'fuzzed', password: 'fuzz password 1', displayName: 'F', role: 'caregiver', communities: ['c-01'] }),
  'PATCH /admin/users/:id': () => ({ displayName: 'Renamed', communities: ['c-02'] }),
  'POST /admin/users/:id/password': () => ({ password: 'new fuzz password' }),
  'POST /admin/devices/:id/revoke': () => ({ wipe: false }),
  'POST /admin/communities': () => ({ id: 'c-50', code: '50', nameTh: 'ห้าสิบ', nameEn: 'Fifty' }),
  'POST /reports/figures': () => ({ period: MONTH }),
  'POST /reports/service-list.csv': () => ({ period: MONTH }),
  'PUT /reports/fund-settings': () => structuredClone(DEFAULT_FUND_SETTINGS),
  'POST /reports/xlsx': () => ({
    workbook: { sheets: [{ name: 'LTC', title: ['เทศบาล'], columns: [{ header: 'วันที่', kind: 'date', width: 12 }, { header: 'บาท', kind: 'money', width: 12 }], rows: [['2024-10-20', 1_044_200]], totals: true }] },
  }),
  'POST /reports/snapshots': () => ({ period: MONTH }),
  'POST /pdpa/erasures': () => ({ residentId: ID, requestedBy: 'ตัวผู้สูงอายุ', requestedOn: '2025-06-01', reason: 'ขอลบ' }),
  'POST /pdpa/erasures/:id/approve': () => ({}),
  'PUT /pdpa/retention': () => ({ archivedYears: 5 }),
  'POST /pdpa/retention/run': () => ({}),
  'POST /audit/views': () => ({ views: [{ id: '0195f3a2-7c4e-7a10-9b2c-3d4e5f607183', residentId: ID, page: 'profile', at: '2025-06-01T03:00:00.000Z' }] }),
};

function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
function deepObject(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Raw JSON texts: the nasty shapes parsers and validators trip on. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }).map(deepArray),
  fc.integer({ min: 1, max: 50_000 }).map(deepObject),
  fc.integer({ min: 1, max: 2_000_000 }).map((n) => JSON.stringify({ username: 'x'.repeat(n), password: 'y', deviceName: 'z' })),
  fc.constantFrom(
    '{"__proto__":{"admin":true}}',
    '{"a":{"__proto__":{"role":"admin"}}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"constructor":{"name":"x"}}',
    '{"mutations":[{"__proto__":1}]}',
    '{"period":{"__proto__":{"kind":"month"}}}',
    '{"password":"\\u0000\\u0000\\u0000\\u0000"}',
    '{"username":"\\ud800","password":"\\udfff12345678","deviceName":"\\ud83d"}',
    `{"protocol":1,"schemaVersion":1,"clientId":"f0f0f0f0f0f0f0f0","mutations":[{"mid":1,"type":"resident","id":"${ID}","op":"create","fields":{"firstName":"\\ud800","x\\udc00":"\\u0000"},"hlc":"${HLC}","baseSeq":0}]}`,
    `{"protocol":1,"schemaVersion":1,"clientId":"f0f0f0f0f0f0f0f0","mutations":[{"mid":1,"type":"resident\\u0000","id":"${ID}\\ud800","op":"create","fields":{"n":1e400},"hlc":"${HLC}","baseSeq":0}]}`,
    '{"displayName":"\\udbff","communities":["c-01\\u0000"]}',
    '{"wipe":"true"}',
    '{"wipe":1}',
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

/** A valid body with one key replaced by a random value (wrong types), an extra key, or any JSON value. */
export function mutatedBody(valid: unknown): fc.Arbitrary<unknown> {
  const base = typeof valid === 'object' && valid !== null && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
  const keys = Object.keys(base);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), value: fc.jsonValue({ maxDepth: 4 }) }).map(({ key, value }) => ({ ...base, [key]: value })),
    fc.record({ key: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ key, value }) => ({ ...base, [key]: value })),
    fc.jsonValue({ maxDepth: 5 }),
  );
}

/** Path segments and query values. */
export const segment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%00', '%ZZ', '..%2f..%2f', '%2e%2e', 'a'.repeat(5000), '-1', '1e9', '0x10', '__proto__', 'constructor', ID, '0'.repeat(64), 'AB'.repeat(32)),
);

/** A query string: repeated keys, prototype keys, the routes' own keys with garbage, raw percent junk. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(fc.constantFrom('cursor', 'limit', 'schemaVersion', 'position', 'chunk', 'userId', 'residentId', 'kind', 'month', 'fyBE', 'from', 'to', 'communities', 'x', '__proto__', 'constructor', '__proto__[admin]', 'a[b][c]'), segment), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')),
  fc.constantFrom('', '&&&', '=', '==', '%', '?', 'schemaVersion=1&schemaVersion=2', `cursor=${'x'.repeat(10_000)}`),
);

/** Forged access tokens, each wrong in one way (docs/security.md §4). */
export async function forgedTokens(secret: Uint8Array, claims: { userId: string; deviceId: string }, nowMs: number): Promise<string[]> {
  const iat = Math.floor(nowMs / 1000);
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const sign = (key: Uint8Array, alg = 'HS256', aud = JWT_AUDIENCE, at = iat) =>
    new SignJWT({ dev: claims.deviceId, gen: 0 }).setProtectedHeader({ alg, typ: 'JWT' }).setSubject(claims.userId).setIssuer(JWT_ISSUER).setAudience(aud).setIssuedAt(at).setExpirationTime(at + 900).sign(key);
  return [
    await sign(new TextEncoder().encode('not-the-server-key-not-the-server-key-00')),
    await sign(secret, 'HS512'),
    await sign(secret, 'HS256', 'another-audience'),
    await sign(secret, 'HS256', JWT_AUDIENCE, iat - 10_000),
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: claims.userId, dev: claims.deviceId, gen: 0, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat, exp: iat + 900 })}.`,
  ];
}

export type HeaderKind = 'none' | 'valid' | 'invalid' | 'unsure';

/**
 * Authorization headers, each with what it is: none, a real token of the fuzz's users, certainly refused
 * (forged, garbled), or `unsure` (one character of a real token changed: in the signature's last character
 * that may only touch padding bits and still verify).
 */
export function authorizationHeader(valid: readonly string[], forged: readonly string[]): fc.Arbitrary<{ header: string | undefined; kind: HeaderKind }> {
  const real = valid[0] ?? '';
  const as = (kind: HeaderKind) => (header: string | undefined) => ({ header, kind });
  return fc.oneof(
    fc.constant({ header: undefined, kind: 'none' as const }),
    fc.constantFrom(...valid).map((t) => `Bearer ${t}`).map(as('valid')),
    fc.constantFrom(...forged).map((t) => `Bearer ${t}`).map(as('invalid')),
    fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map(as('invalid')),
    fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((s) => `Bearer ${s}`).map(as('invalid')),
    fc.nat({ max: Math.max(0, real.length - 1) }).map((i) => `Bearer ${real.slice(0, i)}${real[i] === 'A' ? 'B' : 'A'}${real.slice(i + 1)}`).map(as('unsure')),
    fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(5000)}`, 'Bearer a.b.c', 'Bearer ..', `Bearer ${real}x`, `Bearer ${real}, Bearer ${real}`, `Token ${real}`).map(as('invalid')),
  );
}
