import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CarePlanActivity, CarePlanData } from '../../shared/carePlan';
import {
  approveCarePlan,
  closeCarePlan,
  createCarePlan,
  listCarePlans,
  reviseCarePlan,
  submitCarePlan,
  updateCarePlan,
  type PlanCtx,
} from './carePlans';
import { openStore, type CareRoundsDb } from './db';
import { isStoreError } from './errors';
import { readMid } from './meta';
import { deleteRecord } from './repository';
import { createResident } from './residents';
import { buildProfile, freshDbName, steppingClock } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('plans'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const CG: PlanCtx = { userId: 'cg-1', role: 'caregiver', now: steppingClock() };
const CM: PlanCtx = { userId: 'cm-1', role: 'care_manager', now: steppingClock(Date.UTC(2025, 1, 1)) };

const activity = (o: Partial<CarePlanActivity> = {}): CarePlanActivity => ({
  code: 'bathing',
  timesPerWeek: 2,
  minutes: 30,
  performer: 'caregiver',
  assigneeId: 'cg-1',
  note: '',
  ...o,
});

function planData(residentId: string, o: Partial<CarePlanData> = {}): CarePlanData {
  return {
    residentId,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [{ key: 'p1', text: 'เสี่ยงแผลกดทับ' }],
    goals: [{ problemKey: 'p1', text: 'ไม่มีแผลกดทับใหม่ใน 3 เดือน', targetDate: '2025-06-01' }],
    activities: [activity()],
    primaryCaregiverId: 'cg-1',
    backupCaregiverId: null,
    startDate: '2025-01-15',
    reviewDate: '2025-07-15',
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

async function withResident(): Promise<{ db: CareRoundsDb; residentId: string }> {
  const db = await freshDb();
  const r = await createResident(db, buildProfile(), CM);
  return { db, residentId: r.id };
}

describe('care plan lifecycle', () => {
  it('a caregiver drafts and submits; a care manager approves, recording who and when', async () => {
    const { db, residentId } = await withResident();
    const draft = await createCarePlan(db, planData(residentId), CG);
    expect(draft).toMatchObject({ status: 'draft', version: 1, createdBy: 'cg-1' });

    const submitted = await submitCarePlan(db, draft.id, CG);
    expect(submitted).toMatchObject({ status: 'submitted', submittedBy: 'cg-1', submittedAt: expect.any(String) });

    const mid = await readMid(db);
    const approved = await approveCarePlan(db, draft.id, { ...CM, now: () => Date.UTC(2025, 1, 1) });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'cm-1', approvedAt: '2025-02-01T00:00:00.000Z' });
    const entries = await db.outbox.where('mid').above(mid).toArray();
    expect(entries.map((e) => [e.table, e.op, e.fields])).toEqual([
      ['carePlans', 'patch', { status: 'approved', approvedBy: 'cm-1', approvedAt: '2025-02-01T00:00:00.000Z' }],
    ]);
    expect(entries[0]?.userId).toBe('cm-1');
  });

  it('a caregiver cannot approve: carePlan.* error and nothing written', async () => {
    const { db, residentId } = await withResident();
    const draft = await createCarePlan(db, planData(residentId), CG);
    await submitCarePlan(db, draft.id, CG);
    const mid = await readMid(db);
    const before = await db.carePlans.get(draft.id);
    const err: unknown = await approveCarePlan(db, draft.id, CG).catch((e: unknown) => e);
    expect(isStoreError(err, 'carePlan.approve.forbidden')).toBe(true);
    expect(await readMid(db)).toBe(mid);
    expect(await db.carePlans.get(draft.id)).toEqual(before);
  });

  it('refuses to approve an incomplete plan (no activities) with carePlan.approve.incomplete', async () => {
    const { db, residentId } = await withResident();
    const draft = await createCarePlan(db, planData(residentId, { activities: [] }), CM);
    await expect(approveCarePlan(db, draft.id, CM)).rejects.toMatchObject({ code: 'carePlan.approve.incomplete' });
    expect((await db.carePlans.get(draft.id))?.status).toBe('draft');
  });

  it('approving a new version supersedes the older in-force plan in the same transaction', async () => {
    const { db, residentId } = await withResident();
    const v1 = await createCarePlan(db, planData(residentId), CM);
    await approveCarePlan(db, v1.id, CM);

    const v2 = await reviseCarePlan(db, v1.id, CG);
    expect(v2).toMatchObject({ version: 2, previousPlanId: v1.id, status: 'draft', approvedBy: null, approvedAt: null, submittedBy: null });
    expect(v2.activities).toEqual(v1.activities);
    // The old one stays in force until the new one is approved.
    expect((await db.carePlans.get(v1.id))?.status).toBe('approved');

    await updateCarePlan(db, v2.id, { activities: [activity(), activity({ code: 'turning', timesPerWeek: 7, performer: 'family', assigneeId: null })] }, CG);
    const mid = await readMid(db);
    await approveCarePlan(db, v2.id, CM);
    expect((await db.carePlans.get(v1.id))?.status).toBe('superseded');
    expect((await db.carePlans.get(v2.id))?.status).toBe('approved');
    const entries = await db.outbox.where('mid').above(mid).toArray();
    expect(entries.map((e) => [e.recordId, e.fields.status])).toEqual([
      [v2.id, 'approved'],
      [v1.id, 'superseded'],
    ]);
    expect((await listCarePlans(db, residentId)).map((p) => [p.version, p.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
  });

  it('if superseding fails, the approval is rolled back too', async () => {
    const { db, residentId } = await withResident();
    const v1 = await createCarePlan(db, planData(residentId), CM);
    await approveCarePlan(db, v1.id, CM);
    const v2 = await reviseCarePlan(db, v1.id, CM);
    const mid = await readMid(db);
    const fail = (_mods: object, _key: unknown, obj: { id: string }) => {
      if (obj.id === v1.id) throw new Error('supersede failed');
    };
    db.carePlans.hook('updating', fail);
    await expect(approveCarePlan(db, v2.id, CM)).rejects.toThrow('supersede failed');
    db.carePlans.hook('updating').unsubscribe(fail);
    expect((await db.carePlans.get(v2.id))?.status).toBe('draft');
    expect((await db.carePlans.get(v1.id))?.status).toBe('approved');
    expect(await readMid(db)).toBe(mid);
  });

  it('the content of an approved plan cannot be edited (a new version is needed); a draft’s can', async () => {
    const { db, residentId } = await withResident();
    const plan = await createCarePlan(db, planData(residentId), CM);
    const edited = await updateCarePlan(db, plan.id, { reviewDate: '2025-06-15' }, CM);
    expect(edited.reviewDate).toBe('2025-06-15');
    await approveCarePlan(db, plan.id, CM);
    const mid = await readMid(db);

    const err: unknown = await updateCarePlan(db, plan.id, { activities: [] }, CM).catch((e: unknown) => e);
    expect(isStoreError(err, 'carePlan.patch.content')).toBe(true);
    expect(await readMid(db)).toBe(mid);
    expect((await db.carePlans.get(plan.id))?.activities).toHaveLength(1);
    // An approved plan cannot go back to draft either.
    await expect(submitCarePlan(db, plan.id, CM)).rejects.toMatchObject({ code: 'carePlan.submit.wrongStatus' });
  });

  it('revise needs a plan in force; close needs a reason and ends the plan', async () => {
    const { db, residentId } = await withResident();
    const plan = await createCarePlan(db, planData(residentId), CG);
    await expect(reviseCarePlan(db, plan.id, CG)).rejects.toMatchObject({ code: 'carePlan.newVersion.wrongStatus' });
    await expect(closeCarePlan(db, plan.id, '  ', CG)).rejects.toMatchObject({ code: 'carePlan.close.reasonRequired' });
    const closed = await closeCarePlan(db, plan.id, 'ย้ายไปอยู่กับลูก', CG);
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'ย้ายไปอยู่กับลูก' });
    await expect(updateCarePlan(db, plan.id, { reviewDate: '2025-08-01' }, CG)).rejects.toMatchObject({ code: 'carePlan.patch.content' });
  });

  it('refuses a plan for a deleted resident', async () => {
    const { db, residentId } = await withResident();
    await deleteRecord(db, 'residents', residentId, CM);
    await expect(createCarePlan(db, planData(residentId), CG)).rejects.toMatchObject({ code: 'record.deleted' });
    expect(await db.carePlans.count()).toBe(0);
  });
});
