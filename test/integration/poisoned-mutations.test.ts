/**
 * One poisoned mutation never blocks the rest (docs/sync-protocol.md §5.1, §5.2, §14.2), through the real
 * HTTP path: the server's Fastify app listening on 127.0.0.1 (PGlite and PostgreSQL), raw `fetch` for bodies
 * no client would build, and the real renderer stack (Dexie on fake-indexeddb, SyncAuth, SyncClient) for an
 * outbox holding what an older app version could have queued.
 *
 * What must hold for every bad input:
 * - the server never answers 5xx, and every refusal is the protocol's ErrorBody with a documented code;
 * - inside a well-formed push, a bad mutation is refused alone (`rejected`, `validation_failed`, `field`
 *   naming it), the good ones in the same batch are applied, and `lastMid` advances over the bad one;
 * - nothing a refused mutation carried reaches the database;
 * - the client parks a refused mutation in `syncRejected` and its outbox empties: the device keeps syncing.
 */
import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHlcClock } from '../../shared/hlc';
import { ErrorBody, MAX_PUSH_BYTES, PushResponse, SYNC_ERROR_CODES, type Mutation } from '../../shared/sync/protocol';
import type { CareRoundsDb} from '../../renderer/db/db';
import { openStore } from '../../renderer/db/db';
import { createRecord } from '../../renderer/db/repository';
import { buildProfile, freshDbName } from '../../renderer/db/testing';
import { IDBFactory } from 'fake-indexeddb';
import { createBrowserHost } from '../../renderer/host/browser-host';
import { SyncAuth } from '../../renderer/sync/auth';
import { SyncClient } from '../../renderer/sync/client';
import { describeBackends } from '../../server/testing/backends';
import { DEFAULT_TEST_PASSWORD, HOOK_TIMEOUT_MS, startHarness, type Harness } from '../../server/testing/harness';
import { residentData } from '../../server/testing/sync-client';

const PLACE = '"@@RAW@@"';

interface Answer {
  status: number;
  text: string;
}

/** A bad input: the mutation's fields (or the whole mutation) and the field the refusal must name. */
interface Poison {
  label: string;
  mutation: (m: Mutation) => Record<string, unknown>;
  field: string;
  /** Raw JSON text put where the string '@@RAW@@' is (numbers JSON.stringify cannot write). */
  raw?: string;
}

const nested = (depth: number): unknown => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

const POISONS: Poison[] = [
  { label: 'NUL in a name', mutation: (m) => ({ ...m, fields: { ...m.fields, firstName: 'ใจดี\u0000' } }), field: 'firstName' },
  { label: 'lone high surrogate in a value', mutation: (m) => ({ ...m, fields: { ...m.fields, lastName: 'สม\ud800' } }), field: 'lastName' },
  { label: 'lone low surrogate in a value', mutation: (m) => ({ ...m, fields: { ...m.fields, firstName: '\udc00ศรี' } }), field: 'firstName' },
  { label: 'lone surrogate in a nested key', mutation: (m) => ({ ...m, fields: { ...m.fields, phones: [{ ['n\udbff']: '081' }] } }), field: 'phones' },
  { label: 'lone surrogate deep in an array', mutation: (m) => ({ ...m, fields: { ...m.fields, phones: [{ number: '0812345678', label: ['x', ['\udfff']] }] } }), field: 'phones' },
  { label: 'lone surrogate in the type', mutation: (m) => ({ ...m, type: 'resident\ud800' }), field: 'type' },
  { label: '1 MB string', mutation: (m) => ({ ...m, fields: { ...m.fields, firstName: 'x'.repeat(1_000_000) } }), field: 'firstName' },
  { label: 'wrong type (number for a name)', mutation: (m) => ({ ...m, fields: { ...m.fields, firstName: 5 } }), field: 'firstName' },
  { label: 'wrong type (object for fields)', mutation: (m) => ({ ...m, fields: ['not', 'an', 'object'] }), field: 'fields' },
  { label: 'unknown field', mutation: (m) => ({ ...m, fields: { ...m.fields, favouriteColour: 'blue' } }), field: 'favouriteColour' },
  { label: 'unknown mutation key', mutation: (m) => ({ ...m, priority: 'high' }), field: 'priority' },
  { label: 'deeply nested value', mutation: (m) => ({ ...m, fields: { ...m.fields, notes: nested(500) } }), field: 'notes' },
  { label: 'huge array', mutation: (m) => ({ ...m, fields: { ...m.fields, phones: Array.from({ length: 20_000 }, () => 1) } }), field: 'phones' },
  { label: '1e400 (infinite) number', mutation: (m) => ({ ...m, fields: { ...m.fields, householdSize: '@@RAW@@' } }), field: 'householdSize', raw: '1e400' },
  { label: 'bad HLC', mutation: (m) => ({ ...m, hlc: 'yesterday' }), field: 'hlc' },
  { label: 'bad id', mutation: (m) => ({ ...m, id: 'not-a-uuid\u0000' }), field: 'id' },
  { label: 'wrong type for baseSeq', mutation: (m) => ({ ...m, baseSeq: 'zero' }), field: 'baseSeq' },
];

const documented = new Set(Object.keys(SYNC_ERROR_CODES));

function expectCleanRefusal(label: string, a: Answer): void {
  expect(a.status, `${label}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
  expect(a.status, label).toBeGreaterThanOrEqual(400);
  const body = ErrorBody.safeParse(JSON.parse(a.text));
  expect(body.success, `${label}: ${a.text.slice(0, 200)}`).toBe(true);
  expect(documented.has(body.data?.error.code ?? ''), label).toBe(true);
}

describeBackends('poisoned mutations over real HTTP', (backend) => {
  let h: Harness;
  let base = '';
  let token = '';
  let adminToken = '';
  const toClose: CareRoundsDb[] = [];

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } }, communities: ['c-01'] });
    // Client HLCs come from the real clock; a server clock far behind would re-stamp them.
    Object.defineProperty(h.clock, 'now', { get: () => Date.now(), configurable: true });
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    await h.makeUser('malee', 'caregiver', ['c-01']);
    await h.makeUser('boss', 'admin');
    token = (await h.login('malee')).accessToken;
    adminToken = (await h.login('boss')).accessToken;
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    for (const db of toClose.splice(0)) db.close();
    await h.close();
  });

  async function send(method: string, path: string, text: string, bearer: string | null = token): Promise<Answer> {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: text });
    return { status: res.status, text: await res.text() };
  }

  function pushText(clientId: string, mutations: unknown[], extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ protocol: 1, schemaVersion: 1, clientId, mutations, ...extra });
  }

  it('refuses each bad mutation alone, names its field, and applies the good ones in the same batch', async () => {
    const clientId = randomBytes(8).toString('hex');
    const clock = createHlcClock(clientId, Date.now);
    const good = (mid: number): Mutation => ({ mid, type: 'resident', id: randomUUID(), op: 'create', fields: residentData('c-01') as unknown as Record<string, unknown>, hlc: clock.tick(), baseSeq: 0 });
    // good, bad, good, bad, ... so every bad one sits between two good ones.
    const mutations: unknown[] = [good(1)];
    const raws: string[] = [];
    const badMids = new Map<number, Poison>();
    const goodIds: string[] = [mutations[0] instanceof Object ? (mutations[0] as Mutation).id : ''];
    for (const p of POISONS) {
      const mid = mutations.length + 1;
      badMids.set(mid, p);
      mutations.push(p.mutation(good(mid)));
      if (p.raw !== undefined) raws.push(p.raw);
      const g = good(mid + 1);
      goodIds.push(g.id);
      mutations.push(g);
    }
    let text = pushText(clientId, mutations);
    for (const raw of raws) text = text.replace(PLACE, raw);
    // The body must fit the push limit for this test to be about mutations, not size.
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_PUSH_BYTES);

    const answer = await send('POST', '/sync/push', text);
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    const res = PushResponse.parse(JSON.parse(answer.text));
    expect(res.lastMid).toBe(mutations.length);
    for (const r of res.results) {
      const poison = badMids.get(r.mid);
      if (poison === undefined) {
        expect(r.status, `mid ${r.mid}`).toBe('applied');
      } else {
        expect(r, poison.label).toMatchObject({ status: 'rejected', code: 'validation_failed', field: poison.field });
      }
    }
    // The good ones are stored; nothing a refused one carried is.
    const stored = (await h.db.query<{ id: string }>('SELECT id FROM records WHERE id = ANY($1::text[])', [goodIds])).rows.map((r) => r.id);
    expect(stored.sort()).toEqual([...goodIds].sort());
    const history = (await h.db.query<{ mid: number; status: string; fields: unknown }>('SELECT mid, status, fields FROM record_history WHERE client_id = $1 ORDER BY mid', [clientId])).rows;
    expect(history.map((r) => r.mid)).toEqual(mutations.map((_, i) => i + 1));
    for (const r of history) if (badMids.has(r.mid)) expect(r.status, `mid ${r.mid}`).toBe('rejected');
    // Text refused for being unstorable left nothing of itself behind (a NUL or a lone surrogate in the
    // history would have been a 500 from the database).
    expect(history.filter((r) => [2, 4, 6, 8, 10, 12].includes(r.mid)).map((r) => r.fields)).toEqual([{}, {}, {}, {}, {}, {}]);

    // Resending the same batch (a lost reply) is answered `duplicate` throughout: no 5xx, nothing new.
    const again = await send('POST', '/sync/push', text);
    expect(again.status).toBe(200);
    expect(PushResponse.parse(JSON.parse(again.text)).results.every((r) => r.status === 'duplicate')).toBe(true);
  }, 120_000);

  it('answers a broken envelope with a documented 4xx, never a 5xx', async () => {
    const clientId = randomBytes(8).toString('hex');
    const clock = createHlcClock(clientId, Date.now);
    const m = (mid: number): Mutation => ({ mid, type: 'resident', id: randomUUID(), op: 'create', fields: residentData('c-01') as unknown as Record<string, unknown>, hlc: clock.tick(), baseSeq: 0 });
    const cases: [string, string, number][] = [
      ['duplicate mids', pushText(clientId, [m(1), m(1)]), 400],
      ['mids out of order', pushText(clientId, [m(2), m(1)]), 400],
      ['unreadable mid', pushText(clientId, [m(1), { ...m(2), mid: 'two' }]), 400],
      ['NaN in the JSON text', pushText(clientId, [m(1)]).replace('"baseSeq":0', '"baseSeq":NaN'), 400],
      ['lone surrogate in the client id', pushText('\ud800', [m(1)]), 400],
      ['NUL in an unknown top-level key', pushText(clientId, [m(1)], { ['x\u0000']: 1 }), 400],
      ['protocol 2', pushText(clientId, [m(1)], { protocol: 2 }), 400],
      ['no mutations', pushText(clientId, []), 400],
      ['1001 mutations', pushText(clientId, Array.from({ length: 1001 }, (_, i) => m(i + 1))), 413],
      ['a 3 MB body', pushText(clientId, [{ ...m(1), fields: { firstName: 'x'.repeat(3 * 1024 * 1024) } }]), 413],
      ['a 20 MB body', pushText(clientId, [{ ...m(1), fields: { firstName: 'x'.repeat(20 * 1024 * 1024) } }]), 413],
      ['an array body', '[]', 400],
      ['a truncated body', pushText(clientId, [m(1)]).slice(0, 50), 400],
    ];
    for (const [label, text, status] of cases) {
      const a = await send('POST', '/sync/push', text);
      expectCleanRefusal(label, a);
      expect(a.status, `${label}: ${a.text.slice(0, 200)}`).toBe(status);
    }
  }, 120_000);

  it('refuses NUL and lone surrogates in the other endpoints that store text, naming the field', async () => {
    const cases: [string, string, string, string | null, string][] = [
      ['login username', '/auth/login', JSON.stringify({ username: 'malee\ud800', password: DEFAULT_TEST_PASSWORD, deviceName: 'd' }), null, 'username'],
      ['login device name', '/auth/login', JSON.stringify({ username: 'malee', password: DEFAULT_TEST_PASSWORD, deviceName: 'แล็ปท็อป\udc00' }), null, 'deviceName'],
      ['login device name NUL', '/auth/login', JSON.stringify({ username: 'malee', password: DEFAULT_TEST_PASSWORD, deviceName: 'a\u0000' }), null, 'deviceName'],
      ['new user display name', '/admin/users', JSON.stringify({ username: 'poisoned', password: 'a long passphrase', displayName: 'สม\ud800', role: 'caregiver', communities: ['c-01'] }), adminToken, 'displayName'],
    ];
    for (const [label, path, text, bearer, field] of cases) {
      const a = await send('POST', path, text, bearer);
      expectCleanRefusal(label, a);
      expect(a.status, label).toBe(400);
      expect(JSON.parse(a.text).error.message, label).toMatch(new RegExp(`^body field ${field}:`));
    }
    const users = (await h.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'poisoned'")).rows;
    expect(users).toEqual([]);
    const me = (await h.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'malee'")).rows[0];
    const patch = await send('PATCH', `/admin/users/${me?.id ?? ''}`, JSON.stringify({ displayName: 'x\udbff' }), adminToken);
    expectCleanRefusal('rename', patch);
    expect(patch.status).toBe(400);
    const names = (await h.db.query<{ display_name: string }>("SELECT display_name FROM users WHERE username = 'malee'")).rows[0];
    expect(names?.display_name).toBe('MALEE');
  }, 120_000);

  it('the real client parks refused changes in the not-sent list and keeps syncing the rest', async () => {
    const opened = await openStore(freshDbName('poison'));
    if (!opened.ok) throw new Error(opened.detail);
    const db = opened.db;
    toClose.push(db);
    const auth = new SyncAuth({ db, host: createBrowserHost({ indexedDB: new IDBFactory() }).auth });
    const login = await auth.login(base, { username: 'malee', password: DEFAULT_TEST_PASSWORD, deviceName: 'poisoned laptop' });
    if (!login.ok) throw new Error(login.code);
    const client = new SyncClient({ db, baseUrl: base, tokens: auth });
    const ctx = { userId: login.session.user.id };
    const input = (firstName: string) => ({ ...buildProfile({ firstName, communityId: 'c-01', nationalId: null, noIdReason: 'ไม่มีบัตร' }), status: 'active' as const, statusDate: null, statusReason: '', latestAdl: null });
    const names = ['หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า'];
    const ids: string[] = [];
    for (const n of names) ids.push((await createRecord(db, 'residents', input(n), ctx)).id);
    // What an older app version could have queued: text the server cannot store, and one change too large
    // for any push. The repository cleans text today, so these are written into the outbox directly.
    const entries = await db.outbox.orderBy('mid').toArray();
    const [, second, , fourth, fifth] = entries;
    if (!second || !fourth || !fifth) throw new Error('expected five outbox entries');
    await db.outbox.update(second.mid, { fields: { ...second.fields, firstName: 'ใจดี\u0000' } });
    await db.outbox.update(fourth.mid, { fields: { ...fourth.fields, lastName: 'ดี\ud800', phones: [{ ['k\udc00']: 1 }] } });
    await db.outbox.update(fifth.mid, { fields: { ...fifth.fields, notes: 'x'.repeat(3 * 1024 * 1024) } });

    await client.syncNow();

    expect(await db.outbox.count()).toBe(0);
    const parked = await db.syncRejected.orderBy('mid').toArray();
    expect(parked.map((r) => [r.mid, r.code, r.field ?? null])).toEqual([
      [second.mid, 'validation_failed', 'firstName'],
      [fourth.mid, 'validation_failed', 'lastName'],
      [fifth.mid, 'batch_too_large', null],
    ]);
    const onServer = (await h.db.query<{ id: string }>('SELECT id FROM records WHERE id = ANY($1::text[])', [ids])).rows.map((r) => r.id);
    expect(onServer.sort()).toEqual([ids[0], ids[2]].sort());
    // A second run has nothing left to send and does not fail.
    await client.syncNow();
    expect(await db.outbox.count()).toBe(0);
  }, 180_000);
});
