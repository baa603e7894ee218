/**
 * Visit, amendment, care-plan and acknowledgement records through the real push/pull (visit, visit_amendment, care_plan, alert_ack), on both
 * back ends: who may write what, the rules judged against the stored care plan, append-only visits, and
 * rows that move with their resident.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CarePlanData } from '../../shared/carePlan';
import type { PushResponse } from '../../shared/sync/protocol';
import { type VisitAmendmentData, type VisitData } from '../../shared/visit';
import { emptyVisitForm, validateVisitForm } from '../../shared/visitForm';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { newId, residentData, TestSyncClient } from '../testing/sync-client';

const NOW = '2025-06-01T03:00:00.000Z'; // the harness clock

function visitData(residentId: string, caregiverId: string, systolic = '150'): VisitData {
  const r = validateVisitForm(
    {
      ...emptyVisitForm(NOW),
      time: '09:00',
      durationMinutes: '30',
      vitals: { systolic, diastolic: '85', pulse: '80', temperature: '36.6', spo2: '97', respRate: '18', glucose: '', weight: '52' },
      careGiven: [{ code: 'bathing', minutes: '15' }],
      observations: 'ปกติดี',
    },
    { now: NOW, resident: { birthDate: { value: '1948', precision: 'year' }, status: 'active' } },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { ...r.data, residentId, caregiverId };
}

function amendmentData(visitId: string, residentId: string, author: string, changes: VisitAmendmentData['changes'] = { 'vitals.systolic': 130 }): VisitAmendmentData {
  return { visitId, residentId, reason: 'พิมพ์ผิด', changes, author, at: '2025-06-01T03:30:00.000Z' };
}

function planData(residentId: string, assignee: string, o: Partial<CarePlanData> = {}): CarePlanData {
  return {
    residentId,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [{ key: 'p1', text: 'เสี่ยงหกล้ม' }],
    goals: [{ problemKey: 'p1', text: 'ไม่หกล้มใน 3 เดือน', targetDate: '2025-09-01' }],
    activities: [{ code: 'bathing', timesPerWeek: 2, minutes: 30, performer: 'caregiver', assigneeId: assignee, note: '' }],
    primaryCaregiverId: assignee,
    backupCaregiverId: null,
    startDate: '2025-06-01',
    reviewDate: '2025-12-01',
    status: 'draft',
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    subCommittee: null,
    closedReason: '',
    ...o,
  };
}

type Result = PushResponse['results'][number];
const summary = (r: Result): [string, string | undefined, string | undefined] => [r.status, 'code' in r ? r.code : undefined, 'field' in r ? r.field : undefined];

async function count(h: Harness, sql: string, params: unknown[] = []): Promise<number> {
  return (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params)).rows[0]?.n ?? -1;
}

describeBackends('visit, amendment, care-plan and acknowledgement records', (backend) => {
  let h: Harness;
  let cm: Session;
  let cm2: Session;
  let cg1: Session;
  let cg3: Session;
  const approve = (by: string) => ({ status: 'approved' as const, approvedBy: by, approvedAt: '2025-06-01T04:00:00.000Z' });

  beforeAll(async () => {
    h = await startHarness(backend, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
    await h.makeUser('cm', 'care_manager');
    await h.makeUser('cm2', 'care_manager');
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    await h.makeUser('cg3', 'caregiver', ['c-03']);
    cm = await h.login('cm');
    cm2 = await h.login('cm2');
    cg1 = await h.login('cg1');
    cg3 = await h.login('cg3');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  /** A c-01 resident created by the care manager. */
  async function resident(communityId = 'c-01'): Promise<string> {
    const m = new TestSyncClient(h, cm);
    const id = newId();
    const res = await m.push([m.mutation('resident', id, 'create', residentData(communityId))]);
    expect(res.results[0]?.status).toBe('applied');
    return id;
  }

  /** A plan approved by the care manager; returns its id and seq. */
  async function approvedPlan(rid: string): Promise<{ id: string; seq: number }> {
    const m = new TestSyncClient(h, cm);
    const id = newId();
    const res = await m.push([m.mutation('care_plan', id, 'create', planData(rid, cg1.user.id)), m.mutation('care_plan', id, 'patch', approve(cm.user.id))]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const r = res.results[1];
    return { id, seq: r && 'seq' in r && typeof r.seq === 'number' ? r.seq : 0 };
  }

  it('a caregiver’s visits, amendments and plans reach a care manager’s device', async () => {
    const rid = await resident();
    const cg = new TestSyncClient(h, cg1);
    const [vid, aid, pid] = [newId(), newId(), newId()];
    const res = await cg.push([
      cg.mutation('visit', vid, 'create', visitData(rid, cg1.user.id)),
      cg.mutation('visit_amendment', aid, 'create', amendmentData(vid, rid, cg1.user.id)),
      cg.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id)),
      cg.mutation('care_plan', pid, 'patch', { status: 'submitted', submittedBy: cg1.user.id, submittedAt: '2025-06-01T03:40:00.000Z' }),
    ]);
    expect(res.results.map(summary)).toEqual(Array.from({ length: 4 }, () => ['applied', undefined, undefined]));

    const device = new TestSyncClient(h, cm);
    await device.pullAll();
    expect(device.rows.get(`visit/${vid}`)).toMatchObject({ bucket: 'c:c-01', createdBy: cg1.user.id, data: { residentId: rid, caregiverId: cg1.user.id, vitals: { systolic: 150 } } });
    expect(device.rows.get(`visit_amendment/${aid}`)).toMatchObject({ bucket: 'c:c-01', data: { visitId: vid, author: cg1.user.id, changes: { 'vitals.systolic': 130 } } });
    expect(device.rows.get(`care_plan/${pid}`)).toMatchObject({ bucket: 'c:c-01', data: { status: 'submitted', submittedBy: cg1.user.id, approvedBy: null } });

    // The care manager approves the submitted plan in her own name (later: the test clients share one clock).
    h.clock.now += 1000;
    const m = new TestSyncClient(h, cm);
    const ok = await m.push([m.mutation('care_plan', pid, 'patch', approve(cm.user.id), device.seqOf('care_plan', pid))]);
    expect(ok.results.map(summary)).toEqual([['applied', undefined, undefined]]);
    await cg.pullAll();
    expect(cg.rows.get(`care_plan/${pid}`)?.data).toMatchObject({ status: 'approved', approvedBy: cm.user.id });
  });

  it('a caregiver outside the resident’s community is refused whole: scope_denied, nothing written', async () => {
    const rid = await resident();
    const vid = newId();
    const before = await count(h, 'SELECT 1 FROM records');
    const out = new TestSyncClient(h, cg3);
    for (const [type, fields] of [
      ['visit', visitData(rid, cg3.user.id)],
      ['visit_amendment', amendmentData(newId(), rid, cg3.user.id)],
      ['care_plan', planData(rid, cg3.user.id)],
    ] as const) {
      out.mid = 0;
      const res = await out.pushRaw([out.mutation(type, vid, 'create', fields)]);
      expect(res.statusCode, type).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'scope_denied', mids: [1] } });
    }
    expect(await count(h, 'SELECT 1 FROM records')).toBe(before);
  });

  it('approval: a caregiver may not approve; a care manager only in her own name', async () => {
    const rid = await resident();
    const pid = newId();
    const cg = new TestSyncClient(h, cg1);
    await cg.push([cg.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id))]);
    const res = await cg.push([
      cg.mutation('care_plan', pid, 'patch', approve(cg1.user.id)),
      cg.mutation('care_plan', newId(), 'create', planData(rid, cg1.user.id, approve(cg1.user.id))),
    ]);
    expect(res.results.map(summary)).toEqual([
      ['rejected', 'validation_failed', 'approvedBy'],
      ['rejected', 'validation_failed', 'approvedBy'],
    ]);

    const m = new TestSyncClient(h, cm);
    const named = await m.push([
      m.mutation('care_plan', pid, 'patch', approve(cm2.user.id)),
      m.mutation('care_plan', newId(), 'create', planData(rid, cg1.user.id, approve(cm2.user.id))),
    ]);
    expect(named.results.map(summary)).toEqual([
      ['rejected', 'validation_failed', 'approvedBy'],
      ['rejected', 'validation_failed', 'approvedBy'],
    ]);
    const row = (await h.db.query<{ data: CarePlanData }>("SELECT data FROM records WHERE type = 'care_plan' AND id = $1", [pid])).rows[0];
    expect(row?.data).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null });
  });

  it('an approved plan: content patch refused (activities), going back to draft refused (status)', async () => {
    const rid = await resident();
    const plan = await approvedPlan(rid);
    const m = new TestSyncClient(h, cm);
    const res = await m.push([
      m.mutation('care_plan', plan.id, 'patch', { activities: [] }, plan.seq),
      m.mutation('care_plan', plan.id, 'patch', { status: 'draft' }, plan.seq),
      m.mutation('care_plan', plan.id, 'patch', { version: 5 }, plan.seq),
      // A care manager's approve-again with a new approver is not a re-approval: refused.
      m.mutation('care_plan', plan.id, 'patch', { approvedBy: cm.user.id, approvedAt: '2025-06-02T00:00:00.000Z' }, plan.seq),
    ]);
    expect(res.results.map(summary)).toEqual([
      ['rejected', 'validation_failed', 'activities'],
      ['rejected', 'validation_failed', 'status'],
      ['rejected', 'validation_failed', 'version'],
      ['rejected', 'validation_failed', 'approvedBy'],
    ]);
    // Refused changes re-sequence the row so the author pulls the true state back; the content is unchanged.
    const row = (await h.db.query<{ data: CarePlanData }>("SELECT data FROM records WHERE type = 'care_plan' AND id = $1", [plan.id])).rows[0];
    expect(row?.data).toMatchObject({ status: 'approved', version: 1, approvedBy: cm.user.id });
    expect(row?.data.activities).toHaveLength(1);

    // Along the allowed transitions it works: approved → active.
    const ok = await m.push([m.mutation('care_plan', plan.id, 'patch', { status: 'active' }, plan.seq)]);
    expect(ok.results.map(summary)).toEqual([['applied', undefined, undefined]]);
  });

  it('an approval racing a return to draft never stores an approved draft', async () => {
    const rid = await resident();
    const pid = newId();
    const cg = new TestSyncClient(h, cg1);
    h.clock.now += 1000;
    const created = await cg.push([
      cg.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id)),
      cg.mutation('care_plan', pid, 'patch', { status: 'submitted', submittedBy: cg1.user.id, submittedAt: '2025-06-01T03:40:00.000Z' }),
    ]);
    const base = (created.results[1] as { seq: number }).seq;
    // Offline, the care manager approves what she saw; a moment later the caregiver takes it back to draft.
    h.clock.now += 1000;
    const m = new TestSyncClient(h, cm);
    const approval = m.mutation('care_plan', pid, 'patch', approve(cm.user.id), base);
    h.clock.now += 1000;
    const back = cg.mutation('care_plan', pid, 'patch', { status: 'draft' }, base);
    // The caregiver's (newer) change arrives first; then the approval.
    expect((await cg.push([back])).results.map(summary)).toEqual([['applied', undefined, undefined]]);
    const res = await m.push([approval]);
    // Field by field, the approver would win and the status lose: a draft naming its approver. Refused whole.
    expect(res.results.map((r) => summary(r).slice(0, 2))).toEqual([['rejected', 'validation_failed']]);
    const row = (await h.db.query<{ data: CarePlanData }>("SELECT data FROM records WHERE type = 'care_plan' AND id = $1", [pid])).rows[0];
    expect(row?.data).toMatchObject({ status: 'draft', approvedBy: null, approvedAt: null });
    // The care manager's device gets the true plan back and can approve it again, now that she has seen it.
    await m.pullAll();
    expect(m.rows.get(`care_plan/${pid}`)?.data).toMatchObject({ status: 'draft', approvedBy: null });
    h.clock.now += 1000;
    const again = await m.push([m.mutation('care_plan', pid, 'patch', approve(cm.user.id), m.seqOf('care_plan', pid))]);
    expect(again.results.map(summary)).toEqual([['applied', undefined, undefined]]);
  });

  it('an approval does not cover content another device changed after the approver saw the plan', async () => {
    const rid = await resident();
    const pid = newId();
    const cg = new TestSyncClient(h, cg1);
    h.clock.now += 1000;
    const created = await cg.push([
      cg.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id)),
      cg.mutation('care_plan', pid, 'patch', { status: 'submitted', submittedBy: cg1.user.id, submittedAt: '2025-06-01T03:40:00.000Z' }),
    ]);
    const base = (created.results[1] as { seq: number }).seq;
    // The caregiver changes the goals of the submitted plan; the care manager approves her older copy.
    h.clock.now += 1000;
    const edit = await cg.push([cg.mutation('care_plan', pid, 'patch', { reviewDate: '2025-11-01' }, base)]);
    expect(edit.results.map(summary)).toEqual([['applied', undefined, undefined]]);
    h.clock.now += 1000;
    const m = new TestSyncClient(h, cm);
    const stale = await m.push([m.mutation('care_plan', pid, 'patch', approve(cm.user.id), base)]);
    expect(stale.results.map(summary)).toEqual([['rejected', 'validation_failed', 'approvedBy']]);
    // Having pulled the plan as it is now, she approves it.
    await m.pullAll();
    h.clock.now += 1000;
    const fresh = await m.push([m.mutation('care_plan', pid, 'patch', approve(cm.user.id), m.seqOf('care_plan', pid))]);
    expect(fresh.results.map(summary)).toEqual([['applied', undefined, undefined]]);
  });

  it('a care manager may create and approve her own plan in one offline batch', async () => {
    const rid = await resident();
    const pid = newId();
    const m = new TestSyncClient(h, cm);
    h.clock.now += 1000;
    const res = await m.push([m.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id)), m.mutation('care_plan', pid, 'patch', approve(cm.user.id), 0)]);
    expect(res.results.map(summary)).toEqual([
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
    ]);
  });

  it('alert acknowledgements: a caregiver is forbidden; a care manager only in her own name', async () => {
    const rid = await resident();
    const vid = newId();
    const ack = (by: string) => ({ alertId: `abnormal_vitals:${rid}:${vid}`, residentId: rid, by, at: '2025-06-01T05:00:00.000Z' });
    const cg = new TestSyncClient(h, cg1);
    const denied = await cg.pushRaw([cg.mutation('alert_ack', newId(), 'create', ack(cg1.user.id))]);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'forbidden', mids: [1] } });

    const m = new TestSyncClient(h, cm);
    const aid = newId();
    const res = await m.push([
      m.mutation('alert_ack', newId(), 'create', ack(cm2.user.id)),
      m.mutation('alert_ack', aid, 'create', ack(cm.user.id)),
      m.mutation('alert_ack', aid, 'patch', { by: cm.user.id }),
    ]);
    expect(res.results.map(summary)).toEqual([
      ['rejected', 'validation_failed', 'by'],
      ['applied', undefined, undefined],
      ['rejected', 'immutable_record', undefined],
    ]);
    const cgDevice = new TestSyncClient(h, cg1);
    await cgDevice.pullAll();
    expect(cgDevice.rows.get(`alert_ack/${aid}`)).toMatchObject({ bucket: 'c:c-01', data: { by: cm.user.id } });
  });

  it('an amendment in another user’s name is refused; visits are append-only (immutable_record), voids allowed', async () => {
    const rid = await resident();
    const vid = newId();
    const cg = new TestSyncClient(h, cg1);
    await cg.push([cg.mutation('visit', vid, 'create', visitData(rid, cg1.user.id))]);
    const res = await cg.push([
      cg.mutation('visit_amendment', newId(), 'create', amendmentData(vid, rid, cm.user.id)),
      cg.mutation('visit', vid, 'patch', { observations: 'แก้ตรงๆ' }),
      cg.mutation('visit', vid, 'delete', {}),
      cg.mutation('visit', vid, 'void', { voidReason: 'บันทึกผิดคน' }),
    ]);
    expect(res.results.map((r) => summary(r).slice(0, 2))).toEqual([
      ['rejected', 'validation_failed'],
      ['rejected', 'immutable_record'],
      ['rejected', 'immutable_record'],
      ['applied', undefined],
    ]);
    expect(res.results[0]).toMatchObject({ field: 'author' });
    const row = (await h.db.query<{ data: VisitData & { voidReason?: string }; deleted_at: string | null }>("SELECT data, deleted_at FROM records WHERE type = 'visit' AND id = $1", [vid])).rows[0];
    expect(row?.data).toMatchObject({ observations: 'ปกติดี', voidReason: 'บันทึกผิดคน' });
    expect(await count(h, "SELECT 1 FROM records WHERE type = 'visit_amendment' AND data->>'visitId' = $1", [vid])).toBe(0);
  });

  it('a resident moving community carries its visits, amendments, plans and acknowledgements', async () => {
    const rid = await resident('c-01');
    const [vid, amid, pid, ackId] = [newId(), newId(), newId(), newId()];
    const cg = new TestSyncClient(h, cg1);
    await cg.push([
      cg.mutation('visit', vid, 'create', visitData(rid, cg1.user.id)),
      cg.mutation('visit_amendment', amid, 'create', amendmentData(vid, rid, cg1.user.id)),
      cg.mutation('care_plan', pid, 'create', planData(rid, cg1.user.id)),
    ]);
    const m = new TestSyncClient(h, cm);
    await m.push([m.mutation('alert_ack', ackId, 'create', { alertId: `abnormal_vitals:${rid}:${vid}`, residentId: rid, by: cm.user.id, at: '2025-06-01T05:00:00.000Z' })]);
    const attached = [`visit/${vid}`, `visit_amendment/${amid}`, `care_plan/${pid}`, `alert_ack/${ackId}`];
    const oldSide = new TestSyncClient(h, cg1);
    const newSide = new TestSyncClient(h, cg3);
    await oldSide.pullAll();
    await newSide.pullAll();
    for (const k of attached) expect(oldSide.rows.has(k), k).toBe(true);
    for (const k of attached) expect(newSide.rows.has(k), k).toBe(false);

    await m.push([m.mutation('resident', rid, 'patch', { communityId: 'c-03' })]);
    const rows = (await h.db.query<{ type: string; bucket: string }>('SELECT type, bucket FROM records WHERE id = ANY($1::text[]) ORDER BY type', [[rid, vid, amid, pid, ackId]])).rows;
    expect(rows.map((r) => [r.type, r.bucket])).toEqual([
      ['alert_ack', 'c:c-03'],
      ['care_plan', 'c:c-03'],
      ['resident', 'c:c-03'],
      ['visit', 'c:c-03'],
      ['visit_amendment', 'c:c-03'],
    ]);
    expect(await count(h, "SELECT 1 FROM sync_moves WHERE resident_id = $1 AND from_bucket = 'c:c-01' AND to_bucket = 'c:c-03'", [rid])).toBe(5);

    const pages = await oldSide.pullAll();
    const evicted = pages.flatMap((p) => p.evict).map((e) => ('type' in e ? `${e.type}/${e.id}` : 'bucket' in e ? e.bucket : `erased/${e.erased}`));
    expect(evicted).toEqual(expect.arrayContaining([`resident/${rid}`, ...attached]));
    for (const k of [`resident/${rid}`, ...attached]) expect(oldSide.rows.has(k), k).toBe(false);
    await newSide.pullAll();
    for (const k of [`resident/${rid}`, ...attached]) expect(newSide.rows.get(k)?.bucket, k).toBe('c:c-03');

    // New rows for the moved resident go to its new community: the old caregiver may not write them.
    cg.mid = 3;
    const late = await cg.pushRaw([cg.mutation('visit', newId(), 'create', visitData(rid, cg1.user.id))]);
    expect(late.statusCode).toBe(403);
    expect(late.json()).toMatchObject({ error: { code: 'scope_denied' } });
    const c3 = new TestSyncClient(h, cg3);
    const ok = await c3.push([c3.mutation('visit', newId(), 'create', visitData(rid, cg3.user.id))]);
    expect(ok.results.map(summary)).toEqual([['applied', undefined, undefined]]);
  });
});
