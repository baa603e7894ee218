import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeCursor, decodePosition, encodePosition } from '../../shared/sync/cursor';
import { expandHlc, HLC_DEFAULT_KEY } from '../../shared/envelope';
import { BOOTSTRAP_CHUNK_MAX, BootstrapLine, ErrorBody, parseBootstrapLine, PullResponse, type BootstrapChunk, type BootstrapEnd, type BootstrapHead, type Change } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { assessmentData, newId, residentData, TestSyncClient } from '../testing/sync-client';
import { updateUser } from '../users';

interface Stream {
  head: BootstrapHead;
  chunks: BootstrapChunk[];
  end: BootstrapEnd | null;
}

/** Parses a bootstrap body strictly: one head, chunks, at most one end, nothing after it. */
function parseStream(res: LightMyRequestResponse): Stream {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
  const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload).toString('utf8') : res.body;
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n').map((l) => BootstrapLine.parse(JSON.parse(l)));
  const [first, ...rest] = lines;
  if (first?.kind !== 'head') throw new Error('first line is not the head');
  const chunks: BootstrapChunk[] = [];
  let end: BootstrapEnd | null = null;
  for (const l of rest) {
    if (end !== null) throw new Error('a line after the end');
    if (l.kind === 'chunk') chunks.push(l);
    else if (l.kind === 'end') end = l;
    else throw new Error('a second head');
  }
  return { head: first, chunks, end };
}

function keyOf(c: { type: string; id: string }): string {
  return `${c.type}/${c.id}`;
}

describeBackends('sync bootstrap', (backend) => {
  let h: Harness;
  let cm: Session;
  let cg: Session;
  let cgId: string;
  const ids: string[] = [];

  const boot = (s: Session, q: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    h.call('GET', `/sync/bootstrap?${new URLSearchParams({ schemaVersion: '1', ...q }).toString()}`, { token: s.accessToken, headers });

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    cgId = (await h.makeUser('cg', 'caregiver', ['c-01', 'c-02'])).id;
    cm = await h.login('cm');
    cg = await h.login('cg');
    const w = new TestSyncClient(h, cm);
    const muts = [];
    for (let i = 0; i < 30; i++) {
      const id = newId();
      ids.push(id);
      muts.push(w.mutation('resident', id, 'create', residentData(['c-01', 'c-02', 'c-03'][i % 3] ?? 'c-01')));
      if (i % 2 === 0) muts.push(w.mutation('adl_assessment', newId(), 'create', assessmentData(id)));
    }
    const deleted = ids[4] ?? '';
    muts.push(w.mutation('resident', deleted, 'delete', {}, 0));
    await w.push(muts);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('streams exactly the rows a full pull gives, in (type, id) chunks that tile the key space', async () => {
    const ref = new TestSyncClient(h, cm);
    await ref.pullAll();
    const s = parseStream(await boot(cm, { chunk: '7' }, { 'accept-encoding': 'gzip' }));
    expect(s.head.remaining).toBe(ref.rows.size);
    const got = new Map<string, Change>();
    let prev: BootstrapChunk['to'] | null = null;
    for (const c of s.chunks) {
      expect(c.changes.length).toBeLessThanOrEqual(7);
      expect(c.from).toEqual(prev);
      const keys = c.changes.map((ch) => [ch.type, ch.id] as const);
      const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
      expect(keys).toEqual(sorted);
      const last = keys[keys.length - 1];
      expect(c.to).toEqual({ type: last?.[0], id: last?.[1] });
      expect(decodePosition(c.position).after).toEqual(c.to);
      for (const ch of c.changes) got.set(keyOf(ch), ch);
      prev = c.to;
    }
    expect(s.chunks.at(-1)?.remaining).toBe(0);
    expect(s.end?.from).toEqual(prev);
    expect(new Map([...got].sort())).toEqual(new Map([...ref.rows].sort()));
    // Tombstones are part of the state.
    expect(got.get(`resident/${ids[4]}`)?.deleted).toBe(true);
    // The end cursor continues at the snapshot's seq, and there is nothing newer.
    const cursor = decodeCursor(s.end?.cursor ?? '');
    expect(cursor?.seq).toBe(s.head.at);
    const after = PullResponse.parse((await ref.pullRaw(s.end?.cursor ?? '')).json());
    expect(after.changes).toEqual([]);
  });

  it('with hlc=compact sends each row’s shared stamp once, and the data expands it to the full stream’s map', async () => {
    // A patch stamps one field apart from the others: that field stays named.
    const patched = ids[7] ?? '';
    const w = new TestSyncClient(h, cm);
    await w.pullAll();
    h.clock.now += 60_000; // a later write, so its stamp wins the field
    const pushed = await w.push([w.mutation('resident', patched, 'patch', { nickname: 'ป้าแดง' }, w.seqOf('resident', patched))]);
    expect(pushed.results[0]?.status, JSON.stringify(pushed.results[0])).toBe('applied');
    const full = parseStream(await boot(cm));
    const res = await boot(cm, { hlc: 'compact' }, { 'accept-encoding': 'gzip' });
    expect(res.statusCode, res.body).toBe(200);
    const text = gunzipSync(res.rawPayload).toString('utf8');
    const lines = text.slice(0, -1).split('\n').map((l) => parseBootstrapLine(JSON.parse(l), { compactHlc: true }));
    const compact = lines.flatMap((l) => (l?.kind === 'chunk' ? l.changes : []));
    const fullChanges = full.chunks.flatMap((c) => c.changes);
    expect(compact).toHaveLength(fullChanges.length);
    expect(text.length).toBeLessThan(fullChanges.reduce((n, c) => n + JSON.stringify(c).length, 0));
    compact.forEach((c, i) => {
      const f = fullChanges[i];
      expect({ ...c, hlc: expandHlc(c.hlc, c.data) }).toEqual(f);
      if (Object.keys(c.data).length > 2) expect(Object.keys(c.hlc).length).toBeLessThan(Object.keys(c.data).length);
    });
    const p = compact.find((c) => c.id === patched && c.type === 'resident');
    expect(p?.hlc.nickname).toBeDefined();
    expect(p?.hlc[HLC_DEFAULT_KEY]).toBeDefined();
    expect(p?.hlc[HLC_DEFAULT_KEY]).not.toBe(p?.hlc.nickname);
  });

  it('is consistent at its seq: rows changed after it come through the pull from the end cursor, and resume works', async () => {
    const first = parseStream(await boot(cm, { chunk: '10' }));
    const c1 = first.chunks[0];
    if (!c1) throw new Error('no chunk');
    // Changes after the snapshot's seq: one row already sent, one not sent yet, one new.
    h.clock.now += 60_000; // a later write than the seeding ones
    const w = new TestSyncClient(h, cm);
    // A resident not in chunk 1 (chunk 1 holds the adl_assessment rows, which sort first).
    const laterResident = ids.find((id) => !c1.changes.some((c) => c.id === id)) ?? '';
    const created = newId();
    const baseSeq = (await h.db.query<{ seq: number }>('SELECT seq FROM records WHERE id = $1', [laterResident])).rows[0]?.seq ?? 0;
    await w.push([
      w.mutation('resident', laterResident, 'patch', { notes: 'หลังสแนปช็อต' }, baseSeq),
      w.mutation('resident', created, 'create', residentData('c-02')),
    ]);
    // Resume after chunk 1: rows changed after `at` are left out, never sent in a newer state.
    const rest = parseStream(await boot(cm, { position: c1.position, chunk: '10' }));
    expect(rest.head.at).toBe(first.head.at);
    expect(rest.head.remaining).toBe(first.head.remaining - c1.changes.length - 1);
    const device = new TestSyncClient(h, cm);
    for (const c of [c1, ...rest.chunks]) for (const ch of c.changes) {
      expect(ch.seq).toBeLessThanOrEqual(first.head.at);
      device.rows.set(keyOf(ch), ch);
    }
    expect(device.rows.has(`resident/${laterResident}`)).toBe(false);
    expect(device.rows.has(`resident/${created}`)).toBe(false);
    // Then ordinary pulls from the end cursor: the device equals a fresh full pull.
    device.cursor = rest.end?.cursor ?? '';
    await device.pullAll();
    const ref = new TestSyncClient(h, cm);
    await ref.pullAll();
    expect(new Map([...device.rows].sort())).toEqual(new Map([...ref.rows].sort()));
    expect(device.rows.get(`resident/${laterResident}`)?.data.notes).toBe('หลังสแนปช็อต');
  });

  it('reads only the scope; a bucket lost mid-bootstrap is not sent and is evicted by the next pull', async () => {
    const s = parseStream(await boot(cg, { chunk: '5' }));
    const all = s.chunks.flatMap((c) => c.changes);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((c) => c.bucket))).toEqual(new Set(['c:c-01', 'c:c-02']));
    const c1 = s.chunks[0];
    if (!c1) throw new Error('no chunk');
    await updateUser(h.db, cgId, { communities: ['c-01'] });
    try {
      const rest = parseStream(await boot(cg, { position: c1.position, chunk: '5' }));
      expect(rest.chunks.flatMap((c) => c.changes).every((c) => c.bucket === 'c:c-01')).toBe(true);
      const next = PullResponse.parse((await new TestSyncClient(h, cg).pullRaw(rest.end?.cursor ?? '')).json());
      expect(next.evict).toContainEqual({ bucket: 'c:c-02' });
    } finally {
      await updateUser(h.db, cgId, { communities: ['c-01', 'c-02'] });
    }
  });

  it('refuses bad input with stable codes before streaming anything', async () => {
    const code = (res: LightMyRequestResponse) => ({ status: res.statusCode, code: ErrorBody.parse(res.json()).error.code });
    expect(code(await h.call('GET', '/sync/bootstrap?schemaVersion=1'))).toEqual({ status: 401, code: 'auth_expired' });
    expect(code(await boot(cm, { position: 'not*base64' }))).toEqual({ status: 400, code: 'invalid_argument' });
    expect(code(await boot(cm, { position: 'e30' }))).toEqual({ status: 400, code: 'invalid_argument' });
    expect(code(await boot(cm, { chunk: '0' }))).toEqual({ status: 400, code: 'invalid_argument' });
    expect(code(await boot(cm, { chunk: String(BOOTSTRAP_CHUNK_MAX + 1) }))).toEqual({ status: 400, code: 'invalid_argument' });
    expect(code(await boot(cm, { extra: '1' }))).toEqual({ status: 400, code: 'invalid_argument' });
    expect(code(await h.call('GET', '/sync/bootstrap', { token: cm.accessToken }))).toEqual({ status: 400, code: 'invalid_argument' });
    expect(code(await boot(cm, { schemaVersion: '999' }))).toEqual({ status: 409, code: 'schema_too_new' });
    const future = encodePosition({ v: 1, at: 1_000_000_000, buckets: ['c:c-01'], after: null });
    expect(code(await boot(cm, { position: future }))).toEqual({ status: 410, code: 'cursor_expired' });
  });

  it('pull pages say how many rows are still to come (remaining) while there are more', async () => {
    const c = new TestSyncClient(h, cm);
    const pages = await c.pullAll(4);
    expect(pages.length).toBeGreaterThan(2);
    let seen = 0;
    for (const p of pages) {
      seen += p.changes.length;
      expect(p.remaining).toBe(c.rows.size - seen);
    }
  });
});
