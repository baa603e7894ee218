// One suite past 400 lines on purpose: every case shares one harness per database (PGlite and PostgreSQL),
// and starting it once per file is what keeps the suite fast.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import { PullResponse, PushResponse } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { assessmentData, newId, residentData, TestSyncClient } from '../testing/sync-client';

async function count(h: Harness, sql: string, params: unknown[] = []): Promise<number> {
  return (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params)).rows[0]?.n ?? -1;
}

async function counter(h: Harness): Promise<number> {
  return (await h.db.query<{ seq: number }>('SELECT seq FROM sync_counter')).rows[0]?.seq ?? -1;
}

describeBackends('sync push/pull', (backend) => {
  let h: Harness;
  let cm: Session;
  let cg1: Session;
  let cg3: Session;

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    await h.makeUser('cg3', 'caregiver', ['c-03']);
    cm = await h.login('cm');
    cg1 = await h.login('cg1');
    cg3 = await h.login('cg3');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('round-trips a push to another device’s pull, with the envelope filled in', async () => {
    const a = new TestSyncClient(h, cg1);
    const id = newId();
    const res = await a.push([a.mutation('resident', id, 'create', residentData('c-01', { firstName: 'บุญมี' }))]);
    expect(res.lastMid).toBe(1);
    expect(res.results).toEqual([{ mid: 1, status: 'applied', seq: expect.any(Number) }]);
    const seq = (res.results[0] as { seq: number }).seq;

    const b = new TestSyncClient(h, cm);
    const pages = await b.pullAll();
    for (const p of pages) PullResponse.parse(p); // the wire shape, strictly
    PushResponse.parse(res);
    const got = b.rows.get(`resident/${id}`);
    expect(got).toMatchObject({ type: 'resident', id, bucket: 'c:c-01', seq, deleted: false, createdBy: cg1.user.id, updatedBy: cg1.user.id, deviceId: cg1.deviceId });
    expect(got?.data.firstName).toBe('บุญมี');
    expect(Object.keys(got?.hlc ?? {})).toContain('firstName');

    // An up-to-date cursor brings nothing new.
    const again = (await b.pullRaw(b.cursor)).json<PullResponse>();
    expect(again).toMatchObject({ changes: [], evict: [], hasMore: false });
  });

  it('a re-sent batch changes nothing: duplicate, seq unchanged', async () => {
    const a = new TestSyncClient(h, cg1);
    const id = newId();
    const batch = [a.mutation('resident', id, 'create', residentData('c-01')), a.mutation('resident', id, 'patch', { notes: 'ใช้รถเข็น' }, 0)];
    const first = await a.push(batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const seqBefore = await counter(h);
    const rowBefore = (await h.db.query('SELECT seq, data FROM records WHERE id = $1', [id])).rows;
    const historyBefore = await count(h, 'SELECT 1 FROM record_history');

    const second = await a.push(batch);
    expect(second).toMatchObject({ lastMid: 2, results: [{ mid: 1, status: 'duplicate' }, { mid: 2, status: 'duplicate' }] });
    expect(await counter(h)).toBe(seqBefore);
    expect((await h.db.query('SELECT seq, data FROM records WHERE id = $1', [id])).rows).toEqual(rowBefore);
    expect(await count(h, 'SELECT 1 FROM record_history')).toBe(historyBefore);

    // A batch overlapping the acknowledged part: the old mids are duplicates, the new one applies.
    const third = await a.push([...batch, a.mutation('resident', id, 'patch', { nickname: 'มี' }, 0)]);
    expect(third.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    expect(third.lastMid).toBe(3);
  });

  it('a gap in mids answers 409 mutation_gap with the server’s lastMid; an unknown client 409 client_unknown', async () => {
    const a = new TestSyncClient(h, cg1);
    await a.push([a.mutation('resident', newId(), 'create', residentData('c-01'))]);
    a.mid = 4;
    const gap = await a.pushRaw([a.mutation('resident', newId(), 'create', residentData('c-01'))]);
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toMatchObject({ error: { code: 'mutation_gap', lastMid: 1, retryable: true } });

    const stranger = new TestSyncClient(h, cg1);
    stranger.mid = 6;
    const unknown = await stranger.pushRaw([stranger.mutation('resident', newId(), 'create', residentData('c-01'))]);
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json()).toMatchObject({ error: { code: 'client_unknown' } });
    expect(await count(h, 'SELECT 1 FROM clients WHERE client_id = $1', [stranger.clientId])).toBe(0);
  });

  it('a batch with one out-of-scope mutation is refused whole: 403 scope_denied listing it, nothing written', async () => {
    const a = new TestSyncClient(h, cg1);
    await a.push([a.mutation('resident', newId(), 'create', residentData('c-01'))]);
    const [seqBefore, recordsBefore, historyBefore, auditBefore] = [await counter(h), await count(h, 'SELECT 1 FROM records'), await count(h, 'SELECT 1 FROM record_history'), await count(h, 'SELECT 1 FROM audit_log')];

    const mine = newId();
    const foreign = newId();
    const res = await a.pushRaw([a.mutation('resident', mine, 'create', residentData('c-01')), a.mutation('resident', foreign, 'create', residentData('c-03'))]);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'scope_denied', mids: [3], retryable: false } });
    expect(await counter(h)).toBe(seqBefore);
    expect(await count(h, 'SELECT 1 FROM records')).toBe(recordsBefore);
    expect(await count(h, 'SELECT 1 FROM record_history')).toBe(historyBefore);
    // The refusal itself is audited (docs/security.md §5): one `denied` entry, no record write.
    expect(await count(h, 'SELECT 1 FROM audit_log')).toBe(auditBefore + 1);
    expect(await count(h, "SELECT 1 FROM audit_log WHERE action = 'record.write' AND record_id = $1", [mine])).toBe(0);
    expect((await h.db.query<{ last_mid: number }>('SELECT last_mid FROM clients WHERE client_id = $1', [a.clientId])).rows).toEqual([{ last_mid: 1 }]);

    // Editing another community's existing resident, or moving one's own resident out, is refused too.
    const other = new TestSyncClient(h, cg3);
    const theirs = newId();
    await other.push([other.mutation('resident', theirs, 'create', residentData('c-03'))]);
    a.mid = 1;
    const edit = await a.pushRaw([a.mutation('resident', theirs, 'patch', { notes: 'x' })]);
    expect(edit.statusCode).toBe(403);
    expect(edit.json()).toMatchObject({ error: { code: 'scope_denied', mids: [2] } });
    a.mid = 1;
    const move = await a.pushRaw([a.mutation('resident', mine, 'create', residentData('c-01')), a.mutation('resident', mine, 'patch', { communityId: 'c-03' })]);
    expect(move.statusCode).toBe(403);
    expect(move.json()).toMatchObject({ error: { code: 'scope_denied', mids: [3] } });
    expect(await count(h, 'SELECT 1 FROM records WHERE id = $1', [mine])).toBe(0);

    // A brand-new client refused on its first push is not registered either.
    const fresh = new TestSyncClient(h, cg1);
    const r = await fresh.pushRaw([fresh.mutation('resident', newId(), 'create', residentData('c-02'))]);
    expect(r.statusCode).toBe(403);
    expect(await count(h, 'SELECT 1 FROM clients WHERE client_id = $1', [fresh.clientId])).toBe(0);
  });

  it('a caregiver never receives another community’s residents, their assessments or conflicts', async () => {
    const m = new TestSyncClient(h, cm);
    const ids = { c01: newId(), c02: newId(), c03: newId() };
    const asmt = newId();
    await m.push([
      m.mutation('resident', ids.c01, 'create', residentData('c-01')),
      m.mutation('resident', ids.c02, 'create', residentData('c-02')),
      m.mutation('resident', ids.c03, 'create', residentData('c-03')),
      m.mutation('adl_assessment', asmt, 'create', assessmentData(ids.c03)),
    ]);
    const c1 = new TestSyncClient(h, cg1);
    await c1.pullAll(3);
    const buckets = new Set([...c1.rows.values()].map((r) => r.bucket));
    expect([...buckets]).toEqual(['c:c-01']);
    expect(c1.rows.has(`resident/${ids.c01}`)).toBe(true);
    expect(c1.rows.has(`resident/${ids.c03}`)).toBe(false);
    expect(c1.rows.has(`adl_assessment/${asmt}`)).toBe(false);

    const c3 = new TestSyncClient(h, cg3);
    await c3.pullAll();
    expect(c3.rows.get(`adl_assessment/${asmt}`)?.bucket).toBe('c:c-03');
    expect([...new Set([...c3.rows.values()].map((r) => r.bucket))]).toEqual(['c:c-03']);
  });

  it('validates each mutation: refused ones are answered, advance lastMid and write nothing else', async () => {
    const a = new TestSyncClient(h, cm);
    const good = newId();
    const asmt = newId();
    const res = await a.push([
      a.mutation('resident', newId(), 'create', { ...residentData('c-01'), nationalId: '1234567890123' }),
      a.mutation('round', newId(), 'create', { x: 1 }),
      a.mutation('resident', good, 'create', residentData('c-01')),
      a.mutation('adl_assessment', asmt, 'create', assessmentData(good)),
      a.mutation('adl_assessment', asmt, 'patch', { notes: 'edit' }),
      a.mutation('resident', newId(), 'patch', { notes: 'no such record' }),
      a.mutation('resident', newId(), 'create', residentData('c-99')),
      a.mutation('adl_assessment', newId(), 'create', assessmentData(newId())),
    ]);
    expect(res.lastMid).toBe(8);
    expect(res.results.map((r) => [r.status, 'code' in r ? r.code : undefined])).toEqual([
      ['rejected', 'validation_failed'],
      ['rejected', 'unknown_type'],
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'immutable_record'],
      ['rejected', 'not_found'],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
    ]);
    expect(res.results[0]).toMatchObject({ field: 'nationalId' });
    expect(res.results[6]).toMatchObject({ field: 'communityId' });
    expect(res.results[7]).toMatchObject({ field: 'residentId' });
    // The refused patch of an existing row re-sequenced it so the author pulls the true row back.
    expect(res.results[4]).toMatchObject({ seq: expect.any(Number) });
    expect(await count(h, 'SELECT 1 FROM record_history WHERE client_id = $1', [a.clientId])).toBe(8);
  });

  it('keeps the losing value of a same-field race as a conflict that care managers pull and resolve', async () => {
    const m = new TestSyncClient(h, cm);
    const id = newId();
    const created = await m.push([m.mutation('resident', id, 'create', residentData('c-01', { notes: 'เดิม' }))]);
    const base = (created.results[0] as { seq: number }).seq;
    const a = new TestSyncClient(h, cg1);
    const b = new TestSyncClient(h, cm);
    h.clock.now += 1000; // after the create, so only the same-field race is a conflict (not a stale clock)
    const ma = a.mutation('resident', id, 'patch', { notes: 'เดินด้วยไม้เท้า', nickname: 'ก' }, base);
    h.clock.now += 1000;
    const mb = b.mutation('resident', id, 'patch', { notes: 'ใช้รถเข็น' }, base);
    const rb = await b.push([mb]);
    const ra = await a.push([ma]);
    expect(rb.results[0]?.status).toBe('applied');
    const resA = ra.results[0] as Extract<PushResponse['results'][number], { status: 'applied' }>;
    expect(resA.status).toBe('applied');
    expect(resA.conflictIds).toHaveLength(1);

    const viewer = new TestSyncClient(h, cm);
    await viewer.pullAll();
    expect(viewer.rows.get(`resident/${id}`)?.data).toMatchObject({ notes: 'ใช้รถเข็น', nickname: 'ก' });
    const conflict = viewer.rows.get(`conflict/${resA.conflictIds?.[0] ?? ''}`);
    expect(conflict).toMatchObject({ bucket: 'm:main', data: { field: 'notes', winnerValue: 'ใช้รถเข็น', loserValue: 'เดินด้วยไม้เท้า', status: 'open', recordId: id } });
    // Both authors are named (the winner looked up, the loser is the pusher), so the inbox can say who.
    expect(conflict?.data).toMatchObject({ winnerName: 'CM', loserName: 'CG1' });

    // The caregiver does not receive conflicts and may not resolve them.
    const cgView = new TestSyncClient(h, cg1);
    await cgView.pullAll();
    expect([...cgView.rows.values()].some((r) => r.type === 'conflict')).toBe(false);
    const cid = resA.conflictIds?.[0] ?? '';
    const resolve = { status: 'resolved', resolvedBy: cg1.user.id, resolvedAt: new Date(h.clock.now).toISOString(), resolution: 'chose_loser' };
    const denied = await cgView.pushRaw([cgView.mutation('conflict', cid, 'patch', resolve, conflict?.seq ?? 0)]);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'forbidden', mids: [1] } });
    // The care manager resolves it with an ordinary mutation.
    const ok = await viewer.push([viewer.mutation('conflict', cid, 'patch', { ...resolve, resolvedBy: cm.user.id }, conflict?.seq ?? 0)]);
    expect(ok.results[0]?.status).toBe('applied');
  });

  for (const first of ['hers', 'theirs'] as const) {
    it(`tells the author whose edit lost, in her own bucket, when ${first === 'hers' ? 'hers arrived first and was replaced' : 'hers arrived after the newer one'}; only she reads and dismisses it`, async () => {
      const m = new TestSyncClient(h, cm);
      const id = newId();
      const created = await m.push([m.mutation('resident', id, 'create', residentData('c-01', { nickname: 'มา' }))]);
      const base = (created.results[0] as { seq: number }).seq;
      const a = new TestSyncClient(h, cg1);
      h.clock.now += 1000;
      const hers = a.mutation('resident', id, 'patch', { nickname: 'ยายมา' }, base);
      h.clock.now += 1000;
      const theirs = m.mutation('resident', id, 'patch', { nickname: 'แม่มา' }, base); // made without seeing hers
      if (first === 'hers') {
        expect((await a.push([hers])).results[0]).not.toHaveProperty('conflictIds');
        expect((await m.push([theirs])).results[0]).toMatchObject({ status: 'applied', conflictIds: [expect.any(String)] });
      } else {
        await m.push([theirs]);
        expect((await a.push([hers])).results[0]).toMatchObject({ status: 'applied', conflictIds: [expect.any(String)] });
      }

      const mine = new TestSyncClient(h, cg1);
      await mine.pullAll();
      const notices = [...mine.rows.values()].filter((r) => r.type === 'notice' && r.data.recordId === id);
      expect(notices).toHaveLength(1);
      const notice = notices[0];
      expect(notice).toMatchObject({
        bucket: `u:${cg1.user.id}`,
        data: { userId: cg1.user.id, kind: 'edit_replaced', conflictKind: 'value', recordType: 'resident', field: 'nickname', sent: 'ยายมา', replacedWith: 'แม่มา', replacedBy: cm.user.id, replacedByName: 'CM', dismissedAt: null },
      });
      expect(mine.rows.get(`resident/${id}`)?.data.nickname).toBe('แม่มา');
      // Nobody else receives it: not another caregiver, not the care manager who won (her inbox has the conflict).
      for (const s of [cg3, cm]) {
        const other = new TestSyncClient(h, s);
        await other.pullAll();
        expect(other.rows.has(`notice/${notice?.id ?? ''}`)).toBe(false);
      }
      // Only she dismisses it, and a dismissal changes nothing else.
      const dismissed = { dismissedAt: new Date(h.clock.now).toISOString() };
      const stranger = new TestSyncClient(h, cg3);
      const denied = await stranger.pushRaw([stranger.mutation('notice', notice?.id ?? '', 'patch', dismissed, notice?.seq ?? 0)]);
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({ error: { code: 'scope_denied' } });
      const tampered = await mine.push([mine.mutation('notice', notice?.id ?? '', 'patch', { ...dismissed, sent: 'อื่น' }, notice?.seq ?? 0)]);
      expect(tampered.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed', field: 'sent' });
      const ok = await mine.push([mine.mutation('notice', notice?.id ?? '', 'patch', dismissed, notice?.seq ?? 0)]);
      expect(ok.results[0]?.status).toBe('applied');
      await mine.pullAll();
      expect(mine.rows.get(`notice/${notice?.id ?? ''}`)?.data).toMatchObject({ ...dismissed, sent: 'ยายมา' });
    });
  }

  it('refuses a client id that belongs to another user', async () => {
    const a = new TestSyncClient(h, cg1);
    await a.push([a.mutation('resident', newId(), 'create', residentData('c-01'))]);
    const thief = new TestSyncClient(h, cg3, a.clientId);
    thief.mid = 1;
    const res = await thief.pushRaw([thief.mutation('resident', newId(), 'create', residentData('c-03'))]);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers schema versions outside the window with 426 schema_too_old / 409 schema_too_new, another protocol with 400', async () => {
    const a = new TestSyncClient(h, cg1);
    const old = await a.pushRaw([a.mutation('resident', newId(), 'create', residentData('c-01'))], { schemaVersion: 0 });
    expect(old.statusCode).toBe(426);
    expect(old.json()).toMatchObject({ error: { code: 'schema_too_old', schemaVersions: { min: 1, max: 1 } } });
    const newer = await a.pushRaw([a.mutation('resident', newId(), 'create', residentData('c-01'))], { schemaVersion: 2 });
    expect(newer.statusCode).toBe(409);
    expect(newer.json()).toMatchObject({ error: { code: 'schema_too_new' } });
    expect((await a.pullRaw('', undefined, 0)).statusCode).toBe(426);
    expect((await a.pullRaw('', undefined, 2)).statusCode).toBe(409);
    // A body of another protocol is malformed for this server (docs/sync-protocol.md §13, §14.1).
    const proto = await a.pushRaw([a.mutation('resident', newId(), 'create', residentData('c-01'))], { protocol: 2 });
    expect(proto.statusCode).toBe(400);
    expect(proto.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    expect(await count(h, 'SELECT 1 FROM clients WHERE client_id = $1', [a.clientId])).toBe(0);
  });

  it('re-stamps an HLC from the far future and keeps the original in history', async () => {
    const a = new TestSyncClient(h, cg1);
    const id = newId();
    const future = formatHlc({ millis: h.clock.now + 3_600_000, counter: 0, node: a.clientId });
    const res = await a.push([{ ...a.mutation('resident', id, 'create', residentData('c-01')), hlc: future }]);
    const r = res.results[0];
    expect(r?.status).toBe('restamped');
    const stamped = r && 'hlc' in r ? r.hlc : '';
    expect(stamped < future).toBe(true);
    expect(stamped.endsWith('-0000000000000000')).toBe(true);
    const hist = (await h.db.query<{ hlc: string; applied_hlc: string }>('SELECT hlc, applied_hlc FROM record_history WHERE record_id = $1', [id])).rows;
    expect(hist).toEqual([{ hlc: future, applied_hlc: stamped }]);
  });

  it('pages by seq without losing or repeating rows, and resumes from any cursor', async () => {
    const m = new TestSyncClient(h, cm);
    const batch = Array.from({ length: 25 }, () => m.mutation('resident', newId(), 'create', residentData('c-02')));
    await m.push(batch);
    const full = new TestSyncClient(h, cm);
    await full.pullAll();
    const paged = new TestSyncClient(h, cm);
    const pages = await paged.pullAll(4);
    expect(pages.length).toBeGreaterThan(3);
    for (const p of pages) {
      expect(p.changes.length).toBeLessThanOrEqual(4);
      const seqs = p.changes.map((c) => c.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    const all = pages.flatMap((p) => p.changes.map((c) => `${c.type}/${c.id}`));
    expect(new Set(all).size).toBe(all.length);
    expect([...paged.rows.keys()].sort()).toEqual([...full.rows.keys()].sort());
    // Re-reading a page from an earlier cursor gives the same page (a lost reply is harmless).
    const second = pages[1];
    const replay = (await paged.pullRaw(pages[0]?.cursor ?? '', 4)).json<PullResponse>();
    expect(replay.changes).toEqual(second?.changes);
  });

  it('rejects malformed cursors and queries with 400 invalid_argument', async () => {
    const a = new TestSyncClient(h, cg1);
    for (const cursor of ['!!', 'e30', 'eyJ2IjoyfQ', 'a'.repeat(13_000)]) {
      const res = await a.pullRaw(cursor);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_argument' } });
    }
    const res = await h.call('GET', '/sync/pull?schemaVersion=1&evil=1', { token: cg1.accessToken });
    expect(res.statusCode).toBe(400);
  });
});

describeBackends('sync scope changes and moves', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('admin', 'admin');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('evicts a resident (and its assessments) that moved out of the caregiver’s community', async () => {
    const cgUser = await h.makeUser('mover1', 'caregiver', ['c-01']);
    const cm = new TestSyncClient(h, await h.login('cm'));
    const cg = new TestSyncClient(h, await h.login('mover1'));
    const rid = newId();
    const aid = newId();
    const stay = newId();
    await cm.push([
      cm.mutation('resident', rid, 'create', residentData('c-01')),
      cm.mutation('adl_assessment', aid, 'create', assessmentData(rid)),
      cm.mutation('resident', stay, 'create', residentData('c-01')),
    ]);
    await cg.pullAll();
    expect(cg.rows.has(`resident/${rid}`) && cg.rows.has(`adl_assessment/${aid}`)).toBe(true);

    await cm.push([cm.mutation('resident', rid, 'patch', { communityId: 'c-03' }, 0)]);
    const pages = await cg.pullAll();
    const evicts = pages.flatMap((p) => p.evict);
    expect(evicts).toEqual(expect.arrayContaining([{ type: 'resident', id: rid }, { type: 'adl_assessment', id: aid }]));
    expect(cg.rows.has(`resident/${rid}`)).toBe(false);
    expect(cg.rows.has(`adl_assessment/${aid}`)).toBe(false);
    expect(cg.rows.has(`resident/${stay}`)).toBe(true);
    const row = (await h.db.query<{ bucket: string }>("SELECT bucket FROM records WHERE id = $1 AND type = 'adl_assessment'", [aid])).rows[0];
    expect(row?.bucket).toBe('c:c-03');
    expect(cgUser.communities).toEqual(['c-01']);
  });

  it('moves rows created earlier in the same batch along with their resident', async () => {
    const cm = new TestSyncClient(h, await h.login('cm'));
    const rid = newId();
    const aid = newId();
    const res = await cm.push([
      cm.mutation('resident', rid, 'create', residentData('c-01')),
      cm.mutation('adl_assessment', aid, 'create', assessmentData(rid)),
      cm.mutation('resident', rid, 'patch', { communityId: 'c-02' }, 0),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const rows = (await h.db.query<{ type: string; bucket: string }>('SELECT type, bucket FROM records WHERE id = ANY($1::text[]) ORDER BY type', [[rid, aid]])).rows;
    expect(rows).toEqual([
      { type: 'adl_assessment', bucket: 'c:c-02' },
      { type: 'resident', bucket: 'c:c-02' },
    ]);
  });

  it('back-fills a community added to the caregiver and evicts one taken away', async () => {
    const cgUser = await h.makeUser('mover2', 'caregiver', ['c-01']);
    const admin = await h.login('admin');
    const cm = new TestSyncClient(h, await h.login('cm'));
    const cg = new TestSyncClient(h, await h.login('mover2'));
    const inC2 = Array.from({ length: 5 }, () => newId());
    await cm.push(inC2.map((id) => cm.mutation('resident', id, 'create', residentData('c-02'))));
    await cm.push([cm.mutation('resident', newId(), 'create', residentData('c-01'))]);
    await cg.pullAll();
    expect(inC2.some((id) => cg.rows.has(`resident/${id}`))).toBe(false);

    const grant = await h.call('PATCH', `/admin/users/${cgUser.id}`, { token: admin.accessToken, body: { communities: ['c-01', 'c-02'] } });
    expect(grant.statusCode).toBe(200);
    await cg.pullAll(2);
    for (const id of inC2) expect(cg.rows.get(`resident/${id}`)?.bucket).toBe('c:c-02');

    const take = await h.call('PATCH', `/admin/users/${cgUser.id}`, { token: admin.accessToken, body: { communities: ['c-02'] } });
    expect(take.statusCode).toBe(200);
    const pages = await cg.pullAll();
    expect(pages[0]?.evict).toEqual([{ bucket: 'c:c-01' }]);
    expect([...new Set([...cg.rows.values()].map((r) => r.bucket))]).toEqual(['c:c-02']);
  });

  it('a care manager sees every community, the conflicts bucket, her own bucket and every work bucket', async () => {
    const cm = new TestSyncClient(h, await h.login('cm'));
    const res = await cm.pullRaw('');
    expect(res.statusCode).toBe(200);
    const cursor = res.json<PullResponse>().cursor;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { buckets: string[] };
    expect(decoded.buckets).toEqual(['c:c-01', 'c:c-02', 'c:c-03', 'm:main', `u:${cm.session.user.id}`, 'w:*']);
  });
});

describeBackends('sync seq visibility', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('concurrent pushes and a looping puller: the puller ends with every acknowledged row, none skipped', async () => {
    const writers = await Promise.all(Array.from({ length: 4 }, async () => new TestSyncClient(h, await h.login('cm'))));
    const reader = new TestSyncClient(h, await h.login('cm'));
    const acked = new Map<string, number>();
    let done = false;
    const seen: number[] = [];

    const writing = Promise.all(
      writers.map(async (w) => {
        for (let round = 0; round < 6; round++) {
          const ms = Array.from({ length: 5 }, () => w.mutation('resident', newId(), 'create', residentData('c-01')));
          const res = await w.push(ms);
          res.results.forEach((r, i) => {
            const m = ms[i];
            if (m && r.status === 'applied') acked.set(m.id, r.seq);
          });
        }
      }),
    ).finally(() => {
      done = true;
    });

    const reading = (async () => {
      // Keep pulling small pages while writers run; every page's seqs must be above the previous cursor's.
      while (!done) {
        const pages = await reader.pullAll(3);
        for (const p of pages) for (const c of p.changes) seen.push(c.seq);
        await new Promise((r) => setTimeout(r, 1));
      }
      const last = await reader.pullAll(3);
      for (const p of last) for (const c of p.changes) seen.push(c.seq);
    })();

    await Promise.all([writing, reading]);
    expect(acked.size).toBe(4 * 6 * 5);
    for (const [id, seq] of acked) {
      expect(reader.rows.get(`resident/${id}`)?.seq, id).toBe(seq);
    }
    // Creates only: each row arrives once, in increasing seq order across the whole run.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describeBackends('pull scope (property)', (backend) => {
  const COMMUNITIES = ['c-01', 'c-02', 'c-03', 'c-04'];
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { communities: COMMUNITIES, config: { rateLimit: { loginPerMinute: 10_000, defaultPerMinute: 1_000_000 } } });
    await h.makeUser('cm', 'care_manager');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('a caregiver’s device holds exactly the server’s rows of their communities, through moves', async () => {
    const cm = new TestSyncClient(h, await h.login('cm'));
    let run = 0;
    const community = fc.constantFrom(...COMMUNITIES);
    await fc.assert(
      fc.asyncProperty(
        fc.array(community, { minLength: 1, maxLength: 6 }),
        fc.subarray(COMMUNITIES),
        fc.array(fc.tuple(fc.nat(), community), { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (placed, assigned, moves, limit) => {
          run++;
          const ids = placed.map(() => newId());
          await cm.push(
            placed.flatMap((c, i) => {
              const id = ids[i] ?? newId();
              return [cm.mutation('resident', id, 'create', residentData(c)), cm.mutation('adl_assessment', newId(), 'create', assessmentData(id))];
            }),
          );
          await h.makeUser(`scope${run}`, 'caregiver', assigned);
          const device = new TestSyncClient(h, await h.login(`scope${run}`));
          const mine = assigned.map((c) => `c:${c}`);

          const check = async (): Promise<void> => {
            await device.pullAll(limit);
            for (const row of device.rows.values()) expect(mine, `${row.type} in ${row.bucket}`).toContain(row.bucket);
            const truth = (await h.db.query<{ type: string; id: string }>('SELECT type, id FROM records WHERE bucket = ANY($1::text[])', [mine])).rows;
            expect([...device.rows.keys()].sort()).toEqual(truth.map((r) => `${r.type}/${r.id}`).sort());
          };
          await check();
          const movePatches = moves.map(([k, c]) => cm.mutation('resident', ids[k % ids.length] ?? newId(), 'patch', { communityId: c }, 0));
          if (movePatches.length > 0) await cm.push(movePatches);
          await check();
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});
