import { describe, expect, it } from 'vitest';
import {
  CARE_PLAN_FORM_CODES,
  carePlanFormSchema,
  emptyCarePlanForm,
  type CarePlanData,
  type PatchCheck,
  type PlanErrorCode,
} from '../../../shared/carePlan';
import { catalog, isMessageKey, translate } from '../../i18n/catalog';
import { CODE_PARAMS, gapKeys, missingForApproval, newProblemKey, planActions, planFieldId, planFieldLabel, planMode, planToForm } from './planForm';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

// Every code the store can throw for a plan; a Record so a new code fails the typecheck until listed here.
const STORE_CODES: Record<PlanErrorCode | Extract<PatchCheck, { ok: false }>['code'], true> = {
  'carePlan.approve.forbidden': true,
  'carePlan.approve.wrongStatus': true,
  'carePlan.approve.incomplete': true,
  'carePlan.submit.forbidden': true,
  'carePlan.submit.wrongStatus': true,
  'carePlan.edit.needsNewVersion': true,
  'carePlan.edit.closed': true,
  'carePlan.newVersion.wrongStatus': true,
  'carePlan.close.wrongStatus': true,
  'carePlan.close.reasonRequired': true,
  'carePlan.patch.identity': true,
  'carePlan.patch.content': true,
  'carePlan.patch.transition': true,
  'carePlan.patch.invalid': true,
};

describe('care plan messages', () => {
  it('every form code and store error code has a Thai and an English message', () => {
    for (const code of [...CARE_PLAN_FORM_CODES, ...Object.keys(STORE_CODES)]) {
      const key = `v.${code}`;
      expect(isMessageKey(key), key).toBe(true);
      if (!isMessageKey(key)) continue;
      expect(catalog.th[key].trim(), key).not.toBe('');
      expect(/[\u0E00-\u0E7F]/.test(catalog.th[key]), `${key} is Thai`).toBe(true);
      expect(catalog.en[key].trim(), key).not.toBe('');
    }
  });
  it('the params a form code message needs are supplied (react-hook-form keeps only the code)', () => {
    for (const code of CARE_PLAN_FORM_CODES) {
      const key = `v.${code}`;
      if (!isMessageKey(key)) throw new Error(key);
      expect(placeholders(catalog.th[key]), code).toEqual(Object.keys(CODE_PARAMS[code] ?? {}).sort());
    }
  });
  it('every status and performer has a label in both languages', () => {
    for (const k of ['draft', 'submitted', 'approved', 'active', 'superseded', 'closed'].map((s) => `plans.status.${s}`).concat(['caregiver', 'volunteer', 'family', 'nurse'].map((p) => `plans.performer.${p}`))) {
      expect(isMessageKey(k), k).toBe(true);
    }
  });
});

const stored: Pick<CarePlanData, 'problems' | 'goals' | 'activities' | 'primaryCaregiverId' | 'backupCaregiverId' | 'startDate' | 'reviewDate' | 'adlTotal' | 'adlGroup'> = {
  problems: [{ key: 'p-1', text: 'เดินไม่มั่นคง' }],
  goals: [
    { problemKey: 'p-1', text: 'เดินได้ 10 เมตร', targetDate: '2025-09-01' },
    { problemKey: null, text: 'ไม่มีแผลกดทับ', targetDate: null },
  ],
  activities: [
    { code: 'exercise', timesPerWeek: 3, minutes: 30, performer: 'caregiver', assigneeId: 'cg-1', note: '' },
    { code: 'feeding', timesPerWeek: 0.25, minutes: null, performer: 'family', assigneeId: null, note: 'ลูกสาว' },
  ],
  primaryCaregiverId: 'cg-1',
  backupCaregiverId: null,
  startDate: '2025-06-01',
  reviewDate: '2025-12-01',
  adlTotal: null,
  adlGroup: null,
};

describe('planToForm', () => {
  it('round-trips through the form schema to the same content', () => {
    const parsed = carePlanFormSchema().safeParse(planToForm(stored));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const { adlTotal: _a, adlGroup: _g, ...content } = stored;
    expect(parsed.data).toEqual(content);
  });
  it('writes numbers and nulls the way a user types them', () => {
    const f = planToForm(stored);
    expect(f.activities[1]).toMatchObject({ timesPerWeek: '0.25', minutes: '', assigneeId: '' });
    expect(f.goals[1]).toEqual({ problemKey: '', text: 'ไม่มีแผลกดทับ', targetDate: '' });
    expect(f.backupCaregiverId).toBe('');
  });
  it('the empty form defaults the review date to start + 6 months', () => {
    expect(emptyCarePlanForm('2025-01-31')).toMatchObject({ startDate: '2025-01-31', reviewDate: '2025-07-31' });
  });
});

describe('plan page rules', () => {
  it('offers approval only to care managers, and only before approval', () => {
    expect(planActions('submitted', 'care_manager').approve).toBe(true);
    expect(planActions('draft', 'care_manager').approve).toBe(true);
    expect(planActions('submitted', 'caregiver').approve).toBe(false);
    expect(planActions('approved', 'care_manager').approve).toBe(false);
  });
  it('submits drafts only, revises plans in force only', () => {
    expect(planActions('draft', 'caregiver')).toEqual({ submit: true, approve: false, revise: false, close: true });
    expect(planActions('submitted', 'caregiver').submit).toBe(false);
    expect(planActions('active', 'caregiver')).toEqual({ submit: false, approve: false, revise: true, close: true });
    expect(planActions('superseded', 'care_manager')).toEqual({ submit: false, approve: false, revise: false, close: false });
    expect(planActions('approved', 'admin')).toEqual({ submit: false, approve: false, revise: false, close: false });
  });
  it('edits only drafts and submitted plans, and only for those who draft', () => {
    expect(planMode('draft', 'caregiver')).toBe('edit');
    expect(planMode('submitted', 'care_manager')).toBe('edit');
    expect(planMode('approved', 'care_manager')).toBe('readOnly');
    expect(planMode('closed', 'care_manager')).toBe('readOnly');
    expect(planMode('draft', 'admin')).toBe('readOnly');
  });
  it('names what an approval misses', () => {
    const base: CarePlanData = {
      ...stored,
      residentId: '01900000-0000-7000-8000-000000000001',
      version: 1,
      previousPlanId: null,
      status: 'draft',
      submittedBy: null,
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      subCommittee: null,
      closedReason: '',
    };
    expect(missingForApproval(base, {})).toEqual([]);
    expect(missingForApproval(base, { activities: [], primaryCaregiverId: null })).toEqual(['plans.gap.activities', 'plans.gap.primaryCaregiverId']);
    expect(gapKeys(['activities.assigneeId', 'something-new'])).toEqual(['plans.gap.activities.assigneeId', 'plans.gap.data']);
  });
  it('makes problem keys unique and short', () => {
    const seq = ['aaaa', 'aaaa', 'bbbb'];
    const key = newProblemKey(['p-aaaa'], () => seq.shift() ?? 'zzzz');
    expect(key).toBe('p-bbbb');
    expect(newProblemKey([]).length).toBeLessThanOrEqual(40);
  });
  it('field ids follow the path', () => {
    expect(planFieldId('activities.0.timesPerWeek')).toBe('plan-activities-0-timesPerWeek');
  });
});

describe('planFieldLabel', () => {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('en', key, params);
  it('names sections, rows (counted from 1) and their fields', () => {
    expect(planFieldLabel('problems', t)).toBe(catalog.en['plans.section.problems']);
    expect(planFieldLabel('problems.0.text', t)).toBe(translate('en', 'plans.problem', { n: 1 }));
    expect(planFieldLabel('goals.1.targetDate', t)).toBe(`${translate('en', 'plans.goal', { n: 2 })} – ${catalog.en['plans.goal.targetDate']}`);
    expect(planFieldLabel('activities.2.assigneeId', t)).toBe(`${translate('en', 'plans.activity', { n: 3 })} – ${catalog.en['plans.activity.assignee']}`);
    expect(planFieldLabel('activities', t)).toBe(catalog.en['plans.section.activities']);
    expect(planFieldLabel('reviewDate', t)).toBe(catalog.en['plans.reviewDate']);
    expect(planFieldLabel('somethingElse', t)).toBe('somethingElse');
  });
});
