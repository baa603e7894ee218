import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AdminCreateUserRequest,
  AdminUpdateUserRequest,
  BACKOFF_CAP_MS,
  ErrorBody,
  errorBody,
  fullJitterBackoffMs,
  LoginRequest,
  LoginResponse,
  MAX_MUTATIONS_PER_PUSH,
  MAX_PUSH_BYTES,
  Mutation,
  MUTATION_CODES,
  MutationResult,
  parsePullQuery,
  parsePushRequest,
  PROTOCOL_VERSION,
  PULL_PAGE_DEFAULT,
  PULL_PAGE_MAX,
  PullResponse,
  PushRequest,
  PushResponse,
  RefreshRequest,
  SYNC_ERROR_CODES,
  SyncError,
} from './protocol';

const ID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const HLC = '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1';

function mutation(mid: number, extra: Partial<Mutation> = {}): Mutation {
  return { mid, type: 'resident', id: ID, op: 'patch', fields: { notes: 'ใช้รถเข็น' }, hlc: HLC, baseSeq: 10, ...extra };
}

function push(mutations: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { protocol: 1, schemaVersion: 1, clientId: 'a1a1a1a1a1a1a1a1', mutations, ...extra };
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe('limits', () => {
  it('are the agreed numbers', () => {
    expect([PROTOCOL_VERSION, MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES, PULL_PAGE_DEFAULT, PULL_PAGE_MAX]).toEqual([1, 1000, 2 * 1024 * 1024, 2000, 5000]);
  });
});

describe('push request', () => {
  it('accepts a well-formed batch', () => {
    const r = parsePushRequest(push([mutation(41), mutation(42, { op: 'delete', fields: {} })]));
    expect(r.ok).toBe(true);
  });

  it('refuses unknown keys at every level', () => {
    expect(PushRequest.safeParse(push([mutation(1)], { extra: 1 })).success).toBe(false);
    expect(PushRequest.safeParse(push([{ ...mutation(1), extra: 1 }])).success).toBe(false);
  });

  it('checks ids, client ids and HLCs', () => {
    const bad: Partial<Mutation>[] = [
      { id: ID.toUpperCase() },
      { id: 'not-a-uuid' },
      { hlc: '2025-02-30T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1' },
      { hlc: '2025-03-03T02:10:00Z-0000-a1a1a1a1a1a1a1a1' },
      { mid: 0 },
      { baseSeq: -1 },
      { op: 'upsert' as never },
    ];
    for (const b of bad) expect(Mutation.safeParse(mutation(1, b)).success).toBe(false);
    for (const clientId of ['A1A1A1A1A1A1A1A1', 'a1a1', '0000000000000000']) {
      expect(PushRequest.safeParse(push([mutation(1)], { clientId })).success).toBe(false);
    }
  });

  it('caps field names, counts, sizes and nesting', () => {
    const tooMany = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, i]));
    const bad: Record<string, unknown>[] = [
      { $deleted: true },
      { Notes: 'x' },
      tooMany,
      { notes: 'x'.repeat(10_001) },
      { notes: nested(9) },
      { notes: Number.POSITIVE_INFINITY },
      { notes: { constructor: 1 } },
    ];
    for (const fields of bad) expect(Mutation.safeParse(mutation(1, { fields })).success).toBe(false);
    expect(Mutation.safeParse(mutation(1, { fields: { notes: nested(8) } })).success).toBe(true);
  });

  it('refuses __proto__-style keys anywhere in a push body (zod records would drop them silently)', () => {
    for (const json of ['{"__proto__":{"x":1},"notes":"x"}', '{"notes":{"a":{"__proto__":1}}}', '{"constructor":1}']) {
      const r = parsePushRequest(push([{ ...mutation(1), fields: JSON.parse(json) as Record<string, unknown> }]));
      expect(r.ok ? 'ok' : r.error.code).toBe('invalid_argument');
    }
  });

  it('refuses non-consecutive mids', () => {
    const r = parsePushRequest(push([mutation(3), mutation(5)]));
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_argument');
  });

  it('answers batch_too_large above 1000 mutations', () => {
    const r = parsePushRequest(push(Array.from({ length: 1001 }, (_, i) => mutation(i + 1))));
    expect(r.ok ? 'ok' : [r.error.code, r.error.http]).toEqual(['batch_too_large', 413]);
  });

  it('refuses a malformed mutation alone, naming its field, and keeps the rest of the batch', () => {
    const r = parsePushRequest(push([mutation(7), mutation(8, { hlc: 'yesterday' }), mutation(9, { fields: { $x: 1 } }), mutation(10, { fields: { firstName: 'ใจดี\u0000' } })]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries([...r.refused].map(([mid, v]) => [mid, v.field]))).toEqual({ 8: 'hlc', 9: '$x', 10: 'firstName' });
    // The stand-ins apply nothing and carry none of the bad text.
    expect(r.value.mutations.map((m) => m.op)).toEqual(['patch', 'skip', 'skip', 'skip']);
    expect(JSON.stringify(r.value.mutations.slice(1))).not.toMatch(/\\u0000|yesterday|\$x/);
  });

  it('refuses lone surrogates in keys and values, high and low, at any depth, per mutation', () => {
    const cases: Record<string, unknown>[] = [
      { firstName: 'a\ud800' },
      { firstName: '\udc00b' },
      { phones: [{ number: '081', label: 'x\udbff' }] },
      { phones: [{ ['k\ud800']: 1 }] },
      { notes: { a: { b: ['\udfff'] } } },
    ];
    for (const fields of cases) {
      const r = parsePushRequest(push([mutation(1, { fields })]));
      expect(r.ok && r.refused.has(1), JSON.stringify(fields)).toBe(true);
    }
    // A valid pair (an emoji) is fine.
    const ok = parsePushRequest(push([mutation(1, { fields: { notes: 'ดี \ud83d\ude00' } })]));
    expect(ok.ok && ok.refused.size).toBe(0);
  });

  it('refuses the whole body only for a broken envelope: unreadable or repeated mids', () => {
    const unreadable = parsePushRequest(push([mutation(7), { mid: 'eight' }]));
    expect(unreadable.ok ? 'ok' : [unreadable.error.code, unreadable.error.details.mids]).toEqual(['invalid_argument', undefined]);
    const repeated = parsePushRequest(push([mutation(7), mutation(7)]));
    expect(repeated.ok ? 'ok' : repeated.error.code).toBe('invalid_argument');
  });

  it('answers a body of another protocol version as malformed (400 invalid_argument), as the error table says', () => {
    const newer = parsePushRequest(push([mutation(1)], { protocol: 2 }));
    const older = parsePushRequest(push([mutation(1)], { protocol: 0 }));
    expect(newer.ok ? 'ok' : [newer.error.code, newer.error.http]).toEqual(['invalid_argument', 400]);
    expect(older.ok ? 'ok' : [older.error.code, older.error.http]).toEqual(['invalid_argument', 400]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parsePushRequest(v);
        if (!r.ok) expect(ErrorBody.safeParse(r.error.toBody()).success).toBe(true);
      }),
    );
  });
});

describe('push response', () => {
  it('accepts each result form', () => {
    const body = {
      lastMid: 44,
      serverTime: '2025-03-03T04:00:00.000Z',
      results: [
        { mid: 41, status: 'applied', seq: 101 },
        { mid: 42, status: 'applied', seq: 102, code: 'record_deleted', conflictIds: [ID] },
        { mid: 43, status: 'restamped', seq: 103, hlc: '2025-03-03T04:00:00.000Z-0000-0000000000000000' },
        { mid: 44, status: 'rejected', code: 'validation_failed', field: 'nationalId', seq: 104 },
        { mid: 40, status: 'duplicate' },
      ],
    };
    expect(PushResponse.parse(body)).toEqual(body);
  });

  it('refuses results that mix forms', () => {
    expect(MutationResult.safeParse({ mid: 1, status: 'applied' }).success).toBe(false);
    expect(MutationResult.safeParse({ mid: 1, status: 'rejected' }).success).toBe(false);
    expect(MutationResult.safeParse({ mid: 1, status: 'rejected', code: 'auth_expired' }).success).toBe(false);
    expect(MutationResult.safeParse({ mid: 1, status: 'duplicate', seq: 3 }).success).toBe(false);
  });
});

describe('pull', () => {
  it('parses the query with defaults', () => {
    expect(parsePullQuery({ schemaVersion: '1' })).toEqual({ ok: true, value: { cursor: '', limit: 2000, schemaVersion: 1 } });
    expect(parsePullQuery({ schemaVersion: '1', cursor: 'eyJ2IjoxfQ', limit: '500' })).toEqual({ ok: true, value: { cursor: 'eyJ2IjoxfQ', limit: 500, schemaVersion: 1 } });
  });

  it('refuses bad queries', () => {
    for (const q of [{}, { schemaVersion: 'x' }, { schemaVersion: '1', limit: '0' }, { schemaVersion: '1', limit: '5001' }, { schemaVersion: '1', limit: '01' }, { schemaVersion: ['1', '2'] }, { schemaVersion: '1', cursor: 'a+b' }, { schemaVersion: '1', other: '1' }]) {
      const r = parsePullQuery(q);
      expect(r.ok ? 'ok' : r.error.code).toBe('invalid_argument');
    }
  });

  it('requires the tombstone HLC on a deleted change', () => {
    const change = {
      type: 'resident',
      id: ID,
      bucket: 'c:c-01',
      seq: 5,
      deleted: true,
      data: {},
      hlc: {},
      createdAt: '2025-03-03T02:10:00.000Z',
      createdBy: 'u',
      updatedAt: '2025-03-03T02:10:00.000Z',
      updatedBy: 'u',
      deviceId: 'd',
    };
    const page = (c: unknown) => ({ cursor: 'abc', hasMore: false, serverTime: '2025-03-03T02:10:00.000Z', changes: [c], evict: [] });
    expect(PullResponse.safeParse(page(change)).success).toBe(false);
    expect(PullResponse.safeParse(page({ ...change, hlc: { $deleted: HLC } })).success).toBe(true);
  });
});

describe('errors', () => {
  it('every code has a 4xx/5xx status and an action', () => {
    for (const [code, info] of Object.entries(SYNC_ERROR_CODES)) {
      expect(info.http, code).toBeGreaterThanOrEqual(400);
      expect(info.http, code).toBeLessThan(600);
      expect(info.action.length, code).toBeGreaterThan(10);
    }
    for (const info of Object.values(MUTATION_CODES)) expect(info.action.length).toBeGreaterThan(10);
  });

  it('keeps the statuses docs/sync-protocol.md names', () => {
    const http = Object.fromEntries(Object.entries(SYNC_ERROR_CODES).map(([k, v]) => [k, v.http]));
    expect(http).toMatchObject({ auth_expired: 401, device_revoked: 401, scope_denied: 403, invalid_argument: 400, schema_too_old: 426, schema_too_new: 409, mutation_gap: 409, client_unknown: 409, cursor_expired: 410, batch_too_large: 413, rate_limited: 429, server_busy: 503, not_found: 404, invalid_credentials: 401, forbidden: 403 });
  });

  it('builds bodies with the table\'s retryable flag', () => {
    expect(errorBody('mutation_gap', 'gap', { lastMid: 40 })).toEqual({ error: { code: 'mutation_gap', message: 'gap', retryable: true, lastMid: 40 } });
    const e = new SyncError('scope_denied', 'outside scope', { mids: [3] });
    expect(e.http).toBe(403);
    expect(ErrorBody.parse(e.toBody())).toEqual({ error: { code: 'scope_denied', message: 'outside scope', retryable: false, mids: [3] } });
    expect(errorBody('internal', 'x'.repeat(600)).error.message).toHaveLength(500);
  });
});

describe('backoff', () => {
  it('is full jitter from 1 s doubling up to 5 min', () => {
    expect(fullJitterBackoffMs(0, () => 0.999)).toBe(999);
    expect(fullJitterBackoffMs(3, () => 0.5)).toBe(4000);
    expect(fullJitterBackoffMs(50, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(fullJitterBackoffMs(50, () => 0.999999)).toBeGreaterThan(BACKOFF_CAP_MS - 1000);
    expect(fullJitterBackoffMs(2, () => 0)).toBe(0);
    expect(fullJitterBackoffMs(2, () => Number.NaN)).toBe(0);
  });
});

describe('auth and admin bodies', () => {
  it('login and refresh', () => {
    expect(LoginRequest.safeParse({ username: 'malee', password: 'x', deviceName: 'Laptop' }).success).toBe(true);
    expect(LoginRequest.safeParse({ username: 'malee', password: 'x'.repeat(129), deviceName: 'Laptop' }).success).toBe(false);
    expect(LoginRequest.safeParse({ username: 'malee', password: 'x', deviceName: 'Laptop', role: 'admin' }).success).toBe(false);
    const proof = 'eyJhbGciOiJFUzI1NiJ9.eyJodG0iOiJQT1NUIn0.c2ln';
    expect(RefreshRequest.safeParse({ deviceId: ID, refreshToken: 'A'.repeat(43), proof }).success).toBe(true);
    expect(RefreshRequest.safeParse({ deviceId: ID, refreshToken: 'A'.repeat(43) }).success).toBe(false);
    expect(RefreshRequest.safeParse({ deviceId: ID, refreshToken: 'A'.repeat(42), proof }).success).toBe(false);
    expect(RefreshRequest.safeParse({ deviceId: ID, refreshToken: 'A'.repeat(43), proof: 'not a jws' }).success).toBe(false);
    const login = {
      accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      expiresIn: 900,
      refreshToken: 'A'.repeat(43),
      device: { id: ID },
      user: { id: ID, username: 'malee', displayName: 'มาลี', role: 'caregiver', communities: ['c-01'] },
      serverTime: '2025-03-03T02:10:00.000Z',
    };
    expect(LoginResponse.parse(login)).toEqual(login);
    expect(LoginResponse.safeParse({ ...login, expiresIn: 901 }).success).toBe(false);
  });

  it('admin user bodies', () => {
    expect(AdminCreateUserRequest.parse({ username: 'malee', password: 'correct horse', displayName: 'มาลี', role: 'caregiver' }).communities).toEqual([]);
    expect(AdminCreateUserRequest.safeParse({ username: 'Malee', password: 'correct horse', displayName: 'มาลี', role: 'caregiver' }).success).toBe(false);
    expect(AdminCreateUserRequest.safeParse({ username: 'malee', password: 'short', displayName: 'มาลี', role: 'caregiver' }).success).toBe(false);
    expect(AdminCreateUserRequest.safeParse({ username: 'malee', password: 'correct horse', displayName: 'มาลี', role: 'root' }).success).toBe(false);
    expect(AdminUpdateUserRequest.safeParse({}).success).toBe(false);
    expect(AdminUpdateUserRequest.safeParse({ communities: ['c-01', 'c-01'] }).success).toBe(false);
    expect(AdminUpdateUserRequest.safeParse({ status: 'disabled' }).success).toBe(true);
  });
});
