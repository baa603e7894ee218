import { describe, expect, it } from 'vitest';
import {
  CARE_PLAN_FORM_CODES,
  activate,
  activitiesForVisit,
  approve,
  carePlanDataSchema,
  carePlanFormSchema,
  checkPlanPatch,
  close,
  currentPlan,
  defaultReviewDate,
  edit,
  emptyCarePlanForm,
  isReviewOverdue,
  newPlanDraft,
  newVersion,
  pickPlanData,
  requiredVisitIntervalDays,
  submit,
  supersededBy,
  type CarePlanActivity,
  type CarePlanData,
  type PlanUser,
} from './carePlan';
import { CARE_ACTIVITIES } from './reference/careActivities';

const RESIDENT = '01958f3a-1111-7000-8000-000000000001';
const PLAN_ID = '01958f3a-5555-7000-8000-000000000001';
const CM: PlanUser = { id: 'user-cm-1', role: 'care_manager' };
const CG: PlanUser = { id: 'user-cg-1', role: 'caregiver' };
const AT = '2025-03-10T03:00:00.000Z';

const activity = (overrides: Partial<CarePlanActivity> = {}): CarePlanActivity => ({
  code: 'bathing',
  timesPerWeek: 2,
  minutes: 30,
  performer: 'caregiver',
  assigneeId: CG.id,
  note: '',
  ...overrides,
});

function draft(overrides: Partial<CarePlanData> = {}): CarePlanData & { id: string } {
  return {
    id: PLAN_ID,
    residentId: RESIDENT,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [{ key: 'p1', text: 'เสี่ยงแผลกดทับ' }],
    goals: [{ problemKey: 'p1', text: 'ไม่มีแผลกดทับใหม่ใน 3 เดือน', targetDate: '2025-06-01' }],
    activities: [activity(), activity({ code: 'turning', timesPerWeek: 7, performer: 'family', assigneeId: null })],
    primaryCaregiverId: CG.id,
    backupCaregiverId: null,
    startDate: '2025-03-01',
    reviewDate: '2025-09-01',
    status: 'draft',
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    subCommittee: null,
    closedReason: '',
    ...overrides,
  };
}

const { id: _id, ...draftData } = draft();

describe('approval (docs/domain.md §4, pitfall 10)', () => {
  it('only a care manager may approve; an admin or an unknown pusher may not', () => {
    expect(approve(draft(), { id: 'user-admin', role: 'admin' }, AT)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
    expect(approve(draft(), { id: 'user-x', role: null }, AT)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
  });

  it('a caregiver cannot approve; a care manager can, recording who and when', () => {
    expect(approve(draft(), CG, AT)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
    const r = approve(draft(), CM, AT);
    expect(r.ok && r.plan).toMatchObject({ status: 'approved', approvedBy: 'user-cm-1', approvedAt: AT });
    expect(r.ok && r.plan.id).toBe(PLAN_ID);
    expect(r.ok && carePlanDataSchema.safeParse(pickPlanData(r.plan)).success).toBe(true);
  });

  it('a caregiver drafts and submits; the care manager approves the submitted plan', () => {
    const s = submit(draft(), CG, AT);
    expect(s.ok && s.plan).toMatchObject({ status: 'submitted', submittedBy: CG.id, submittedAt: AT });
    if (!s.ok) throw new Error('submit failed');
    expect(submit(s.plan, CG, AT)).toMatchObject({ ok: false, code: 'carePlan.submit.wrongStatus' });
    expect(approve(s.plan, CM, AT)).toMatchObject({ ok: true, plan: { status: 'approved' } });
  });

  it('refuses to approve an approved, superseded or closed plan, or one with nothing to do or nobody to do it', () => {
    const approved = approve(draft(), CM, AT);
    if (!approved.ok) throw new Error('approve failed');
    expect(approve(approved.plan, CM, AT)).toEqual({ ok: false, code: 'carePlan.approve.wrongStatus', params: { status: 'approved' } });
    expect(approve(draft({ activities: [] }), CM, AT)).toEqual({ ok: false, code: 'carePlan.approve.incomplete', params: { missing: ['activities'] } });
    expect(approve(draft({ primaryCaregiverId: null }), CM, AT)).toMatchObject({ params: { missing: ['primaryCaregiverId'] } });
    expect(approve(draft({ activities: [activity({ assigneeId: null })] }), CM, AT)).toMatchObject({ params: { missing: ['activities.assigneeId', 'data'] } });
  });

  it('editing an approved plan is refused; it takes a new version that needs its own approval', () => {
    const approved = approve(draft(), CM, AT);
    if (!approved.ok) throw new Error('approve failed');
    expect(edit(approved.plan, { reviewDate: '2025-12-01' })).toEqual({ ok: false, code: 'carePlan.edit.needsNewVersion' });
    expect(edit(activate(approved.plan, '2025-03-10'), { reviewDate: '2025-12-01' })).toEqual({ ok: false, code: 'carePlan.edit.needsNewVersion' });
    expect(edit(draft(), { reviewDate: '2025-12-01' })).toMatchObject({ ok: true, plan: { reviewDate: '2025-12-01', status: 'draft' } });

    const v2 = newVersion({ ...approved.plan, id: PLAN_ID });
    expect(v2.ok && v2.plan).toMatchObject({ version: 2, previousPlanId: PLAN_ID, status: 'draft', approvedBy: null, approvedAt: null, activities: approved.plan.activities });
    expect(v2.ok && carePlanDataSchema.safeParse(v2.plan).success).toBe(true);
    expect(newVersion(draft())).toMatchObject({ ok: false, code: 'carePlan.newVersion.wrongStatus' });

    // Once v2 is approved, v1 is superseded.
    if (!v2.ok) throw new Error('new version failed');
    const v2approved = approve(v2.plan, CM, '2025-03-11T03:00:00.000Z');
    if (!v2approved.ok) throw new Error('approve v2 failed');
    const v2id = '01958f3a-5555-7000-8000-000000000002';
    const v1 = { ...approved.plan, id: PLAN_ID };
    expect(supersededBy([v1, { ...v2approved.plan, id: v2id }], { ...v2approved.plan, id: v2id })).toEqual([PLAN_ID]);
  });

  it('close needs a reason and a status that allows it', () => {
    expect(close(draft(), '  ')).toEqual({ ok: false, code: 'carePlan.close.reasonRequired' });
    expect(close(draft(), 'ย้ายออก')).toMatchObject({ ok: true, plan: { status: 'closed', closedReason: 'ย้ายออก' } });
    expect(close(draft({ status: 'superseded', approvedBy: CM.id, approvedAt: AT }), 'x')).toMatchObject({ ok: false, code: 'carePlan.close.wrongStatus' });
  });
});

describe('dates', () => {
  it('review defaults to start + 6 months, clamped to the month end', () => {
    expect(defaultReviewDate('2025-03-01')).toBe('2025-09-01');
    expect(defaultReviewDate('2024-08-31')).toBe('2025-02-28');
  });

  it('review is overdue the day after the review date, only for a plan in force', () => {
    const inForce = draft({ status: 'active', approvedBy: CM.id, approvedAt: AT });
    expect(isReviewOverdue(inForce, '2025-09-01')).toBe(false);
    expect(isReviewOverdue(inForce, '2025-09-02')).toBe(true);
    expect(isReviewOverdue({ ...inForce, status: 'approved' }, '2025-09-02')).toBe(true);
    expect(isReviewOverdue(draft(), '2026-01-01')).toBe(false);
    expect(isReviewOverdue({ ...inForce, status: 'superseded' }, '2026-01-01')).toBe(false);
    expect(isReviewOverdue({ ...inForce, status: 'closed' }, '2026-01-01')).toBe(false);
  });

  it('an approved plan becomes active from its start date', () => {
    const approved = draft({ status: 'approved', approvedBy: CM.id, approvedAt: AT, startDate: '2025-04-01', reviewDate: '2025-10-01' });
    expect(activate(approved, '2025-03-31').status).toBe('approved');
    expect(activate(approved, '2025-04-01').status).toBe('active');
    expect(activate(draft(), '2030-01-01').status).toBe('draft');
  });

  it('the current plan is the in-force one with the highest version', () => {
    const v1 = draft({ status: 'active', approvedBy: CM.id, approvedAt: AT });
    const v2 = { ...draft({ version: 2, previousPlanId: PLAN_ID }), id: '01958f3a-5555-7000-8000-000000000002' };
    const v3 = { ...draft({ version: 3, previousPlanId: v2.id, status: 'approved', approvedBy: CM.id, approvedAt: AT, startDate: '2025-05-01' }), id: '01958f3a-5555-7000-8000-000000000003' };
    expect(currentPlan([v2, v1, v3], '2025-04-30')?.id).toBe(PLAN_ID); // v2 is a draft, v3 not started
    expect(currentPlan([v2, v1, v3], '2025-05-01')?.id).toBe(v3.id);
    expect(currentPlan([v2], '2025-05-01')).toBeNull();
  });
});

describe('visit frequency and the visit form list', () => {
  it('needs a visit at least every ceil(7 / most frequent visitor activity) days; family activities need none', () => {
    expect(requiredVisitIntervalDays(draft())).toBe(4); // bathing 2×/week by the caregiver; turning is family
    expect(requiredVisitIntervalDays({ activities: [activity({ timesPerWeek: 1 })] })).toBe(7);
    expect(requiredVisitIntervalDays({ activities: [activity({ timesPerWeek: 0.5 })] })).toBe(14);
    expect(requiredVisitIntervalDays({ activities: [activity({ timesPerWeek: 7 })] })).toBe(1);
    expect(requiredVisitIntervalDays({ activities: [activity({ performer: 'family', assigneeId: null })] })).toBeNull();
    expect(requiredVisitIntervalDays({ activities: [] })).toBeNull();
  });

  it("lists the plan's activities first, in plan order, then every other activity once", () => {
    const list = activitiesForVisit(draft({ activities: [activity({ code: 'wound_care', timesPerWeek: 3 }), activity({ code: 'bathing' })] }));
    expect(list.slice(0, 2).map((a) => [a.code, a.fromPlan, a.timesPerWeek])).toEqual([
      ['wound_care', true, 3],
      ['bathing', true, 2],
    ]);
    expect(list).toHaveLength(CARE_ACTIVITIES.length);
    expect(new Set(list.map((a) => a.code)).size).toBe(CARE_ACTIVITIES.length);
    expect(list.slice(2).every((a) => !a.fromPlan)).toBe(true);
    expect(list[0]).toMatchObject({ th: 'ทำแผล', en: 'Wound care' });
    expect(activitiesForVisit(null).map((a) => a.code)).toEqual(CARE_ACTIVITIES.map((a) => a.code));
  });

  it('the reference list has unique codes and Thai and English names', () => {
    expect(new Set(CARE_ACTIVITIES.map((a) => a.code)).size).toBe(CARE_ACTIVITIES.length);
    for (const a of CARE_ACTIVITIES) {
      expect(a.th).toMatch(/[\u0E00-\u0E7F]/);
      expect(a.en).toMatch(/^[A-Z]/);
    }
  });
});

describe('carePlanFormSchema', () => {
  const schema = carePlanFormSchema();
  const good = {
    ...emptyCarePlanForm('2025-03-01'),
    problems: [{ key: 'p1', text: ' เดินลำบาก ' }, { key: 'p2', text: '' }],
    goals: [{ problemKey: 'p1', text: 'เดินในบ้านได้เอง', targetDate: '2025-06-01' }],
    activities: [{ code: 'exercise', timesPerWeek: '0.5', minutes: '30', performer: 'caregiver', assigneeId: CG.id, note: '' }],
    primaryCaregiverId: CG.id,
  };

  it('turns a good form into plan content', () => {
    const r = schema.safeParse(good);
    expect(r.data).toEqual({
      problems: [{ key: 'p1', text: 'เดินลำบาก' }],
      goals: [{ problemKey: 'p1', text: 'เดินในบ้านได้เอง', targetDate: '2025-06-01' }],
      activities: [{ code: 'exercise', timesPerWeek: 0.5, minutes: 30, performer: 'caregiver', assigneeId: CG.id, note: '' }],
      primaryCaregiverId: CG.id,
      backupCaregiverId: null,
      startDate: '2025-03-01',
      reviewDate: '2025-09-01',
    });
  });

  it('reports every problem in one round', () => {
    const r = schema.safeParse({
      ...good,
      goals: [{ problemKey: 'p9', text: 'x', targetDate: '2025-02-01' }],
      activities: [
        { code: 'exercise', timesPerWeek: '0', minutes: '700', performer: 'caregiver', assigneeId: '', note: '' },
        { code: 'exercise', timesPerWeek: '0.3', minutes: '', performer: 'robot', assigneeId: '', note: '' },
        { code: 'juggling', timesPerWeek: '1', minutes: '', performer: 'family', assigneeId: '', note: '' },
      ],
      backupCaregiverId: CG.id,
      reviewDate: '2025-03-01',
    });
    const out: Record<string, string> = {};
    for (const i of r.error?.issues ?? []) out[i.path.join('.')] = i.message;
    expect(out).toEqual({
      'goals.0.problemKey': 'carePlan.goal.unknownProblem',
      'goals.0.targetDate': 'carePlan.goal.targetDate',
      'activities.0.timesPerWeek': 'carePlan.activity.timesPerWeek',
      'activities.0.minutes': 'carePlan.activity.minutes',
      'activities.0.assigneeId': 'carePlan.activity.assigneeRequired',
      'activities.1.code': 'carePlan.activity.duplicate',
      'activities.1.timesPerWeek': 'carePlan.activity.timesPerWeek',
      'activities.1.performer': 'required',
      'activities.2.code': 'invalidChoice',
      backupCaregiverId: 'carePlan.backup.sameAsPrimary',
      reviewDate: 'carePlan.reviewDate.notAfterStart',
    });
    const known: ReadonlySet<string> = new Set(CARE_PLAN_FORM_CODES);
    for (const m of Object.values(out)) expect(known.has(m)).toBe(true);
  });

  it('times per week: quarter steps from 0.25 to 21', () => {
    const at = (t: string) => schema.safeParse({ ...good, activities: [{ ...good.activities[0], timesPerWeek: t }] }).success;
    expect([at('0.25'), at('1'), at('๒'), at('21')]).toEqual([true, true, true, true]);
    expect([at('0'), at('0.2'), at('21.25'), at('')]).toEqual([false, false, false, false]);
  });
});

describe('stored plans and patches', () => {
  it('the data schema refuses broken plans', () => {
    expect(carePlanDataSchema.safeParse(draftData).success).toBe(true);
    expect(carePlanDataSchema.safeParse({ ...draftData, reviewDate: '2025-03-01' }).success).toBe(false);
    expect(carePlanDataSchema.safeParse({ ...draftData, adlGroup: 'social' }).success).toBe(false);
    expect(carePlanDataSchema.safeParse({ ...draftData, status: 'approved' }).success).toBe(false); // no approver
    expect(carePlanDataSchema.safeParse({ ...draftData, approvedBy: CM.id, approvedAt: AT }).success).toBe(false); // a draft is not approved
    expect(carePlanDataSchema.safeParse({ ...draftData, version: 2 }).success).toBe(false);
    expect(carePlanDataSchema.safeParse({ ...draftData, activities: [activity(), activity()] }).success).toBe(false);
    expect(carePlanDataSchema.safeParse({ ...draftData, status: 'closed' }).success).toBe(false);
  });

  it('checkPlanPatch: content only while draft, status along the transitions, approval by a care manager naming herself', () => {
    const approved: CarePlanData = { ...draftData, status: 'approved', approvedBy: CM.id, approvedAt: AT };
    expect(checkPlanPatch(draftData, { reviewDate: '2025-12-01' }, CG)).toEqual({ ok: true });
    expect(checkPlanPatch(approved, { reviewDate: '2025-12-01' }, CM)).toEqual({ ok: false, code: 'carePlan.patch.content' });
    expect(checkPlanPatch(draftData, { residentId: '01958f3a-1111-7000-8000-000000000002' }, CM)).toEqual({ ok: false, code: 'carePlan.patch.identity' });
    expect(checkPlanPatch(draftData, { status: 'approved', approvedBy: CG.id, approvedAt: AT }, CG)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
    expect(checkPlanPatch(draftData, { status: 'approved', approvedBy: 'someone-else', approvedAt: AT }, CM)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
    expect(checkPlanPatch(draftData, { status: 'approved', approvedBy: CM.id, approvedAt: AT }, CM)).toEqual({ ok: true });
    expect(checkPlanPatch(draftData, { status: 'approved' }, CM)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
    expect(checkPlanPatch(approved, { status: 'draft' }, CM)).toEqual({ ok: false, code: 'carePlan.patch.transition' });
    expect(checkPlanPatch(approved, { status: 'active' }, CG)).toEqual({ ok: true });
    expect(checkPlanPatch(approved, { approvedBy: CG.id }, CG)).toEqual({ ok: false, code: 'carePlan.approve.forbidden' });
    expect(checkPlanPatch(approved, { status: 'closed' }, CM)).toEqual({ ok: false, code: 'carePlan.patch.invalid' }); // no reason
    expect(checkPlanPatch(approved, { status: 'closed', closedReason: 'เสียชีวิต' }, CM)).toEqual({ ok: true });
  });
});

describe('newPlanDraft', () => {
  const content = {
    problems: [{ key: 'p1', text: 'เดินลำบาก' }],
    goals: [],
    activities: [],
    primaryCaregiverId: null,
    backupCaregiverId: null,
    startDate: '2025-03-01',
    reviewDate: '2025-09-01',
  };
  it('a first plan is version 1 of nothing, with the resident\'s ADL score, as a draft', () => {
    const rid = '0b0e3c1a-5d4e-4f6a-9b7c-2d1e0f3a4b5c';
    const d = newPlanDraft({ id: rid, latestAdl: { total: 9, group: 'homebound' } }, [], content);
    expect(d).toMatchObject({ residentId: rid, version: 1, previousPlanId: null, adlTotal: 9, adlGroup: 'homebound', status: 'draft', approvedBy: null, submittedBy: null, closedReason: '' });
    expect(d.problems).toEqual(content.problems);
    expect(carePlanDataSchema.safeParse(pickPlanData(d)).success).toBe(true);
  });
  it('a later plan follows the newest version, whatever order the list is in; no ADL score stays null', () => {
    const d = newPlanDraft({ id: 'r1', latestAdl: null }, [{ id: 'a', version: 1 }, { id: 'c', version: 3 }, { id: 'b', version: 2 }], content);
    expect(d).toMatchObject({ version: 4, previousPlanId: 'c', adlTotal: null, adlGroup: null });
  });
});
