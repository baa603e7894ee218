/**
 * The sync client against the REAL server (testing.ts: server/app.ts buildServer on in-memory PGlite, over
 * real HTTP on 127.0.0.1); each device is its own Dexie database on fake-indexeddb. The bootstrap's own
 * tests are in bootstrap.test.ts.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRecord, patchRecord } from '../db/repository';
import { storePhoto } from '../db/attachments';
import { DEVICE_SESSION_SECRET } from '../host/browser-auth';
import { SyncClient, SyncFailure } from './client';
import { resolveConflict } from './conflicts';
import { SyncEngine } from './engine';
import { readCursor } from './state';
import { base, device, h, residentInput, serverRecord, startRealServer } from './testing';
import { MAX_PUSH_BYTES } from '../../shared/sync/protocol';

startRealServer();

describe('SyncClient against the real server', () => {
  it('pushes, is acknowledged, and pulls its own row back with a seq and bucket', async () => {
    const a = await device('malee');
    const r = await createRecord(a.db, 'residents', residentInput('บุญมี'), { userId: a.userId });
    expect(await a.db.outbox.count()).toBe(1);
    await a.client.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    const local = (await a.db.residents.get(r.id)) as (typeof r & { bucket?: string }) | undefined;
    expect(local?.seq).toBeGreaterThan(0);
    expect(local?.bucket).toBe('c:c-01');
    expect(local?.firstName).toBe('บุญมี');
    expect((await serverRecord(r.id))?.data).toMatchObject({ firstName: 'บุญมี' });
    expect(a.progress.some((p) => p.phase === 'pull' && p.percent === 100)).toBe(true);
  });

  it('keeps the outbox when the reply is lost, and the resend is a duplicate', async () => {
    let dropNextPushReply = false;
    const a = await device('malee', {
      wrap: (f) => async (input, init) => {
        const res = await f(input, init);
        if (dropNextPushReply && input.endsWith('/sync/push')) {
          dropNextPushReply = false;
          await res.text(); // the server committed; the reply never arrives
          throw new TypeError('connection reset');
        }
        return res;
      },
    });
    const r = await createRecord(a.db, 'residents', residentInput('สมปอง'), { userId: a.userId });
    dropNextPushReply = true;
    await expect(a.client.pushOnce()).rejects.toMatchObject({ code: 'network' });
    expect(await a.db.outbox.count()).toBe(1);
    expect(await serverRecord(r.id)).toBeDefined(); // committed before the reply was lost
    const pushBodies: string[] = [];
    const again = await a.client.pushOnce();
    pushBodies.push(...a.requests.filter((x) => x.startsWith('POST /sync/push')));
    expect(again).toEqual({ acknowledged: 1, rejected: 0 });
    expect(pushBodies).toHaveLength(2);
    expect(await a.db.outbox.count()).toBe(0);
    expect((await h.db.query('SELECT count(*)::int AS n FROM record_history WHERE record_id = $1', [r.id])).rows[0]?.n).toBe(1);
  });

  it('resumes a pull cut mid-way from the stored cursor', async () => {
    const a = await device('malee');
    let pulls = 0;
    let armed = false;
    const b = await device('nid', {
      pullLimit: 5,
      wrap: (f) => async (input, init) => {
        if (armed && input.includes('/sync/pull')) {
          pulls++;
          if (pulls === 3) {
            const res = await f(input, init);
            const body = res.body?.getReader();
            await body?.read(); // part of the page, then the connection is cut
            await body?.cancel();
            throw new TypeError('terminated');
          }
        }
        return f(input, init);
      },
    });
    await b.client.syncNow(); // the first sync (a bootstrap) before the pages this test cuts
    const before = await b.db.residents.count();
    for (let i = 0; i < 12; i++) await createRecord(a.db, 'residents', residentInput(`คนที่${i}`), { userId: a.userId });
    await a.client.syncNow();
    armed = true;
    await expect(b.client.syncNow()).rejects.toBeInstanceOf(SyncFailure);
    const cursorAfterCut = await readCursor(b.db);
    expect(cursorAfterCut).not.toBe('');
    expect(await b.db.residents.count()).toBe(before + 10); // two whole pages stored, the cut one not at all
    await b.client.syncNow();
    const pullsAfter = b.requests.filter((x) => x.startsWith('GET /sync/pull'));
    // The retry starts from the cursor stored with page 2, not from the beginning.
    expect(pullsAfter.at(-2)).toContain(`cursor=${cursorAfterCut}`);
    const serverCount = (await h.db.query("SELECT count(*)::int AS n FROM records WHERE type = 'resident' AND bucket = 'c:c-01'")).rows[0]?.n;
    expect(await b.db.residents.count()).toBe(serverCount);
  });

  it('different fields both survive; the same field opens a conflict a care manager resolves for everyone', async () => {
    const a = await device('malee');
    const b = await device('nid');
    const cm = await device('somchai');
    const r = await createRecord(a.db, 'residents', residentInput('มาลัย'), { userId: a.userId });
    await a.client.syncNow();
    await b.client.syncNow();
    expect((await b.db.residents.get(r.id))?.firstName).toBe('มาลัย');

    // Offline edits: different fields (notes vs phones) and the same field (nickname).
    await patchRecord(a.db, 'residents', r.id, { notes: 'ใช้รถเข็น', nickname: 'ลัย' }, { userId: a.userId });
    await patchRecord(b.db, 'residents', r.id, { phones: [{ number: '0898765432', label: 'ลูกสาว' }], nickname: 'มะลิ' }, { userId: b.userId });
    await a.client.syncNow();
    await b.client.syncNow();
    await a.client.syncNow();

    const ra = await a.db.residents.get(r.id);
    const rb = await b.db.residents.get(r.id);
    expect(ra?.notes).toBe('ใช้รถเข็น');
    expect(ra?.phones).toEqual([{ number: '0898765432', label: 'ลูกสาว' }]);
    expect(rb?.notes).toBe('ใช้รถเข็น');
    expect(ra?.nickname).toBe(rb?.nickname);
    const winner = ra?.nickname;
    const loser = winner === 'มะลิ' ? 'ลัย' : 'มะลิ';

    // Caregivers never see conflicts; the care manager pulls it.
    expect(await a.db.conflicts.count()).toBe(0);
    await cm.client.syncNow();
    const open = await cm.db.conflicts.where('status').equals('open').toArray();
    const c = open.find((x) => x.recordId === r.id && x.field === 'nickname');
    expect(c).toMatchObject({ winnerValue: winner, loserValue: loser, kind: 'value' });
    if (!c) throw new Error('no conflict');

    await resolveConflict(cm.db, c.id, 'chose_loser', { userId: cm.userId });
    await cm.client.syncNow();
    expect(await cm.db.outbox.count()).toBe(0);
    expect((await cm.db.conflicts.get(c.id))?.status).toBe('resolved');
    expect((await cm.db.conflicts.get(c.id))?.resolvedBy).toBe(cm.userId);

    await a.client.syncNow();
    await b.client.syncNow();
    expect((await a.db.residents.get(r.id))?.nickname).toBe(loser);
    expect((await b.db.residents.get(r.id))?.nickname).toBe(loser);
    expect((await serverRecord(r.id))?.data).toMatchObject({ nickname: loser, notes: 'ใช้รถเข็น' });
  });

  it('rotates the refresh token on auth_expired and never reuses the old one', async () => {
    const a = await device('malee');
    const stored = async () => JSON.parse((await a.host.secrets.get(DEVICE_SESSION_SECRET)) ?? 'null') as { refreshToken: string } | null;
    const first = (await stored())?.refreshToken;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Forget the access token: the next request goes with a refreshed one.
    const fresh = await a.auth.refresh();
    expect(fresh).not.toBeNull();
    expect((await stored())?.refreshToken).not.toBe(first);
    await createRecord(a.db, 'residents', residentInput('ทองดี'), { userId: a.userId });
    await a.client.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('a change pushed by one device reaches an online device through the event stream', async () => {
    const a = await device('malee');
    const b = await device('nid');
    await b.client.syncNow();
    const engine = new SyncEngine({ db: b.db, baseUrl: base, tokens: b.auth });
    await engine.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // the stream is open
      const r = await createRecord(a.db, 'residents', residentInput('ด่วน'), { userId: a.userId });
      const t0 = Date.now();
      await a.client.syncNow();
      while (!(await b.db.residents.get(r.id)) && Date.now() - t0 < 2000) await new Promise((res) => setTimeout(res, 25));
      expect((await b.db.residents.get(r.id))?.firstName).toBe('ด่วน');
      expect(engine.getSnapshot().lastSyncAt).not.toBeNull();
    } finally {
      engine.stop();
    }
  });

  it('refreshes once on 401 auth_expired and resends the same request', async () => {
    const a = await device('malee');
    let forced = false;
    const tokens = {
      accessToken: async () => (forced ? a.auth.accessToken() : 'x.y.z'),
      refresh: async () => {
        forced = true;
        return a.auth.refresh();
      },
    };
    const client = new SyncClient({ db: a.db, baseUrl: base, tokens });
    await createRecord(a.db, 'residents', residentInput('ต่ออายุ'), { userId: a.userId });
    await client.syncNow();
    expect(forced).toBe(true);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('withdraws mutations outside the scope with skip, keeps a copy, and sends the rest', async () => {
    const a = await device('malee'); // caregiver of c-01 only
    const outside = await createRecord(a.db, 'residents', residentInput('นอกเขต', 'c-02'), { userId: a.userId });
    const inside = await createRecord(a.db, 'residents', residentInput('ในเขต'), { userId: a.userId });
    await a.client.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    const kept = await a.db.syncRejected.toArray();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ code: 'scope_denied', withdrawn: true, entry: { recordId: outside.id, op: 'create' } });
    expect(await serverRecord(outside.id)).toBeUndefined();
    expect(await serverRecord(inside.id)).toBeDefined();
  });

  it('halves the batch on 413 and still sends every mutation in mid order', async () => {
    const sizes: number[] = [];
    const a = await device('malee', {
      wrap: (f) => async (input, init) => {
        if (input.endsWith('/sync/push') && typeof init?.body === 'string') {
          const n = (JSON.parse(init.body) as { mutations: unknown[] }).mutations.length;
          sizes.push(n);
          // A proxy with a small body limit: refuse more than 3 mutations the way the server does.
          if (n > 3) return new Response(JSON.stringify({ error: { code: 'batch_too_large', message: 'too large', retryable: true } }), { status: 413 });
        }
        return f(input, init);
      },
    });
    for (let i = 0; i < 7; i++) await createRecord(a.db, 'residents', residentInput(`ชุด${i}`), { userId: a.userId });
    await a.client.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect(sizes[0]).toBe(7);
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(3);
  });

  it('packs push bodies by bytes, so no body is over the server limit and none is refused as too large', async () => {
    const bodies: number[] = [];
    const statuses: number[] = [];
    const a = await device('malee', {
      wrap: (f) => async (input, init) => {
        const res = await f(input, init);
        if (input.endsWith('/sync/push') && typeof init?.body === 'string') {
          bodies.push(new TextEncoder().encode(init.body).length);
          statuses.push(res.status);
        }
        return res;
      },
    });
    for (let i = 0; i < 4; i++) await createRecord(a.db, 'residents', residentInput(`ใหญ่${i}`), { userId: a.userId });
    // Four changes of about 700 KB each (written into the outbox directly, as an older version could have):
    // together over the limit, each alone under it.
    for (const e of await a.db.outbox.toArray()) await a.db.outbox.update(e.mid, { fields: { ...e.fields, notes: 'ก'.repeat(240_000) } });
    await a.client.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(MAX_PUSH_BYTES);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('moves the local clock past pulled stamps, so a device with a slow clock still writes newer stamps', async () => {
    const a = await device('malee');
    const b = await device('nid');
    const r = await createRecord(a.db, 'residents', residentInput('นาฬิกา'), { userId: a.userId });
    await a.client.syncNow();
    await b.client.syncNow();
    const slow = () => Date.now() - 3_600_000; // b's wall clock is an hour behind
    await patchRecord(b.db, 'residents', r.id, { nickname: 'ช้า' }, { userId: b.userId, now: slow });
    const entry = await b.db.outbox.orderBy('mid').last();
    expect((entry?.hlc ?? '') > (r.hlc.nickname ?? '')).toBe(true);
    await b.client.syncNow();
    expect((await serverRecord(r.id))?.data).toMatchObject({ nickname: 'ช้า' });
  });

  it('evicts a bucket that left the scope, but keeps a row with an unsent change until it is acknowledged', async () => {
    const a = await device('malee');
    const r1 = await createRecord(a.db, 'residents', residentInput('ย้ายออก1'), { userId: a.userId });
    const r2 = await createRecord(a.db, 'residents', residentInput('ย้ายออก2'), { userId: a.userId });
    await a.client.syncNow();
    const p = await device('pim');
    await p.client.syncNow();
    expect(await p.db.residents.get(r1.id)).toBeDefined();
    await patchRecord(p.db, 'residents', r2.id, { notes: 'ยังไม่ส่ง' }, { userId: p.userId });

    // pim moves from c-01 to c-02.
    await h.db.query("DELETE FROM user_communities WHERE user_id = $1", [p.userId]);
    await h.db.query("INSERT INTO user_communities (user_id, community_id) VALUES ($1, 'c-02')", [p.userId]);
    await p.client.pullOnce();
    expect(await p.db.residents.get(r1.id)).toBeUndefined();
    expect((await p.db.residents.get(r2.id))?.notes).toBe('ยังไม่ส่ง'); // pending: kept
    // Its push is now outside the scope: withdrawn, acknowledged, and the waiting eviction runs.
    await p.client.syncNow();
    expect(await p.db.outbox.count()).toBe(0);
    expect(await p.db.residents.get(r2.id)).toBeUndefined();
    expect(await p.db.syncRejected.count()).toBe(1);
  });

  it('stops on a revoked device and keeps the unsent changes', async () => {
    const a = await device('malee');
    const session = await a.auth.session();
    await createRecord(a.db, 'residents', residentInput('เก็บไว้'), { userId: a.userId });
    await h.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [session?.deviceId]);
    const err = await a.client.syncNow().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SyncFailure);
    expect((err as SyncFailure).problem).toBe('device_revoked');
    expect(await a.db.outbox.count()).toBe(1);
  });
});

describe('photos (attachments) against the real server', () => {
  it('uploads a queued photo after its resident is pushed, and another device downloads the same bytes', async () => {
    const a = await device('malee');
    const r = await createRecord(a.db, 'residents', residentInput('ทองดี'), { userId: a.userId });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, ...Array.from({ length: 300 }, (_, i) => i % 251)]).buffer;
    const ref = await storePhoto(a.db, { residentId: r.id, bytes, mimeType: 'image/jpeg', width: 4, height: 3 });
    expect(await a.db.attachmentUploads.count()).toBe(1);
    await a.client.syncNow();
    expect(await a.db.attachmentUploads.count()).toBe(0);
    expect(a.requests).toContain(`PUT /attachments/${ref.blobId}?residentId=${r.id}`);

    const b = await device('somchai');
    const got = await b.client.downloadAttachment(ref.blobId, r.id);
    expect(got?.mimeType).toBe('image/jpeg');
    expect(new Uint8Array(got?.bytes ?? new ArrayBuffer(0))).toEqual(new Uint8Array(bytes));
    expect(await b.client.downloadAttachment('0'.repeat(64), r.id)).toBeNull();
  });

  it('keeps a photo queued while the server cannot take it, without holding up the records', async () => {
    const a = await device('malee');
    // A resident the server never heard of: the upload is refused (404) and stays queued.
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 42]).buffer;
    await storePhoto(a.db, { residentId: '0195f3a2-7c4e-7a10-9b2c-3d4e5f600000', bytes, mimeType: 'image/jpeg', width: 1, height: 1 });
    const r = await createRecord(a.db, 'residents', residentInput('สายทอง'), { userId: a.userId });
    await a.client.syncNow();
    expect(await a.db.attachmentUploads.count()).toBe(1);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await serverRecord(r.id)).toBeDefined();
  });
});
