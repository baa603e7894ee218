/**
 * Pure glue between a stored care plan and the editor's form (shared/carePlan.ts CarePlanFormValues: every
 * input as typed), plus the bits of wording logic the pages share. No React, no DOM.
 */
import {
  MAX_TIMES_PER_WEEK,
  approvalGaps,
  emptyCarePlanForm,
  type CarePlanData,
  type CarePlanFormValues,
  type CarePlanStatus,
  type PlanContent,
} from '../../../shared/carePlan';
import { canApprovePlans, canDraftPlans, type Role } from '../../../shared/permissions';
import type { MessageKey } from '../../i18n/catalog';

/** Field names in screen order, for sorting error lists (compareFieldPaths). */
export const PLAN_FIELD_ORDER = [
  'problems',
  'goals',
  'activities',
  'text',
  'problemKey',
  'targetDate',
  'code',
  'timesPerWeek',
  'minutes',
  'performer',
  'assigneeId',
  'note',
  'primaryCaregiverId',
  'backupCaregiverId',
  'startDate',
  'reviewDate',
] as const;

/** DOM id of a plan field: 'activities.0.code' → 'plan-activities-0-code'. */
export function planFieldId(path: string): string {
  return `plan-${path.replace(/\./g, '-')}`;
}

/** A stored plan back into form values (numbers as the strings a user would type). */
export function planToForm(plan: Pick<CarePlanData, keyof PlanContent>): CarePlanFormValues {
  return {
    problems: plan.problems.map((p) => ({ key: p.key, text: p.text })),
    goals: plan.goals.map((g) => ({ problemKey: g.problemKey ?? '', text: g.text, targetDate: g.targetDate ?? '' })),
    activities: plan.activities.map((a) => ({
      code: a.code,
      timesPerWeek: String(a.timesPerWeek),
      minutes: a.minutes === null ? '' : String(a.minutes),
      performer: a.performer,
      assigneeId: a.assigneeId ?? '',
      note: a.note,
    })),
    primaryCaregiverId: plan.primaryCaregiverId ?? '',
    backupCaregiverId: plan.backupCaregiverId ?? '',
    startDate: plan.startDate,
    reviewDate: plan.reviewDate,
  };
}

export { emptyCarePlanForm };

/** A new problem's key: short, unique within the plan, stable once made (goals point at it). */
export function newProblemKey(existing: readonly string[], random: () => string = () => crypto.randomUUID().slice(0, 8)): string {
  for (;;) {
    const key = `p-${random()}`;
    if (!existing.includes(key)) return key;
  }
}

export type PlanMode = 'edit' | 'readOnly';

/** Content is edited only while draft or submitted, and only by those who draft plans. */
export function planMode(status: CarePlanStatus, role: Role): PlanMode {
  return (status === 'draft' || status === 'submitted') && canDraftPlans({ role }) ? 'edit' : 'readOnly';
}

export interface PlanActions {
  submit: boolean;
  approve: boolean;
  revise: boolean;
  close: boolean;
}

/** Which actions the plan page offers for a status and role (approval only to care managers). */
export function planActions(status: CarePlanStatus, role: Role): PlanActions {
  const drafter = canDraftPlans({ role });
  const inForce = status === 'approved' || status === 'active';
  return {
    submit: drafter && status === 'draft',
    approve: canApprovePlans({ role }) && (status === 'draft' || status === 'submitted'),
    revise: drafter && inForce,
    close: drafter && (status === 'draft' || status === 'submitted' || inForce),
  };
}

/** i18n keys of what an approval still misses (shared approvalGaps → messages). */
export const GAP_KEYS = {
  activities: 'plans.gap.activities',
  primaryCaregiverId: 'plans.gap.primaryCaregiverId',
  'activities.assigneeId': 'plans.gap.activities.assigneeId',
  data: 'plans.gap.data',
} as const;
export type GapKey = (typeof GAP_KEYS)[keyof typeof GAP_KEYS];

export function gapKeys(gaps: readonly string[]): GapKey[] {
  return gaps.map((g) => (g in GAP_KEYS ? GAP_KEYS[g as keyof typeof GAP_KEYS] : GAP_KEYS.data));
}

/** What approving `plan` with `content` would still miss (empty: approvable as far as content goes). */
export function missingForApproval(plan: CarePlanData, content: Partial<PlanContent>): GapKey[] {
  return gapKeys(approvalGaps({ ...plan, ...content, status: 'approved', approvedBy: 'x', approvedAt: new Date(0).toISOString() }));
}

/**
 * Placeholders the form codes' messages need: react-hook-form keeps only an issue's message (the code), not
 * its params, and these bounds are fixed by shared/carePlan.ts.
 */
export const CODE_PARAMS: Readonly<Record<string, Record<string, number>>> = {
  'carePlan.activity.timesPerWeek': { max: MAX_TIMES_PER_WEEK },
  'carePlan.activity.minutes': { max: 600 },
  'carePlan.tooMany': { max: 30 },
};

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const GOAL_FIELD: Readonly<Record<string, MessageKey>> = { problemKey: 'plans.goal.problem', targetDate: 'plans.goal.targetDate', text: 'plans.goal.text' };
const ACTIVITY_FIELD: Readonly<Record<string, MessageKey>> = {
  code: 'plans.activity.code',
  timesPerWeek: 'plans.activity.timesPerWeek',
  minutes: 'plans.activity.minutes',
  performer: 'plans.activity.performer',
  assigneeId: 'plans.activity.assignee',
  note: 'plans.activity.note',
};
const TOP_FIELD: Readonly<Record<string, MessageKey>> = {
  primaryCaregiverId: 'plans.primary',
  backupCaregiverId: 'plans.backup',
  startDate: 'plans.startDate',
  reviewDate: 'plans.reviewDate',
};

/** The label an error at `path` names ("Goal 2 – Target date"); rows count from 1. */
export function planFieldLabel(path: string, t: Translate): string {
  const [head, index, field] = path.split('.');
  const n = Number(index) + 1;
  if (head === 'problems') return index === undefined ? t('plans.section.problems') : t('plans.problem', { n });
  if (head === 'goals') return index === undefined ? t('plans.section.goals') : `${t('plans.goal', { n })} – ${t(GOAL_FIELD[field ?? ''] ?? 'plans.goal.text')}`;
  if (head === 'activities') return index === undefined ? t('plans.section.activities') : `${t('plans.activity', { n })} – ${t(ACTIVITY_FIELD[field ?? ''] ?? 'plans.activity.code')}`;
  const key = TOP_FIELD[head ?? ''];
  return key ? t(key) : path;
}
