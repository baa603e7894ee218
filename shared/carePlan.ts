/**
 * One file past 400 lines on purpose: the plan's schema, its status machine and every rule over it (edit,
 * submit, approve, new version, close, review due) are read together; split, each part would import the rest.
 *
 * The individual care plan, แผนการดูแลรายบุคคล (docs/domain.md §4).
 *
 * Invariants:
 * - Status moves draft → submitted → approved → active → superseded | closed (PLAN_TRANSITIONS); a draft or
 *   submitted plan may also be closed (abandoned). Only a care manager approves; the approval records who
 *   and when (approvedBy/approvedAt are set on approved, active and superseded plans, never on drafts).
 * - An approved or active plan's content is never edited: editing it makes a NEW VERSION (a new draft
 *   record, version + 1, previousPlanId = the old one) that needs its own approval (docs/domain.md §4 "editing
 *   an approved plan makes a new version"; pitfall 10). The old one stays in force until the new one is
 *   approved, then becomes superseded.
 * - A plan is in force on a day when approved or active and started; a resident's current plan is the
 *   in-force one with the highest version.
 */
import * as z from 'zod/mini';
import { ADL_GROUP_ORDER, adlGroup, type AdlGroup } from './adl';
import { addMonths } from './dates/calendar';
import { isIsoDate } from './dates/thaiDate';
import type { Envelope } from './envelope';
import { canApprovePlans, canDraftPlans, type Role } from './permissions';
import { CARE_ACTIVITIES, isCareActivityCode, type CareActivity, type CareActivityCode } from './reference/careActivities';
import { cleanMultiline, cleanText } from './text/normalise';

export const CARE_PLAN_STATUSES = ['draft', 'submitted', 'approved', 'active', 'superseded', 'closed'] as const;
export type CarePlanStatus = (typeof CARE_PLAN_STATUSES)[number];
/** Who does an activity (docs/domain.md §4: CG / อสม. / family / nurse). */
export const PERFORMERS = ['caregiver', 'volunteer', 'family', 'nurse'] as const;
export type Performer = (typeof PERFORMERS)[number];

/** Review date default: start + 6 months (docs/domain.md §4, "to confirm"). */
export const DEFAULT_REVIEW_MONTHS = 6;
export const MAX_TIMES_PER_WEEK = 21;

export interface CarePlanProblem {
  key: string; // stable within the plan, so goals can point at it
  text: string;
}

export interface CarePlanGoal {
  problemKey: string | null;
  text: string; // measurable: what, how much
  targetDate: string | null; // YYYY-MM-DD
}

export interface CarePlanActivity {
  code: CareActivityCode;
  /** Quarter steps: 0.25 ≈ monthly, 0.5 = fortnightly, 1 = weekly, 7 = daily. */
  timesPerWeek: number;
  minutes: number | null;
  performer: Performer;
  assigneeId: string | null; // user id; required when performer = caregiver
  note: string;
}

export interface CarePlanData {
  residentId: string;
  version: number; // 1, 2, ... per resident
  previousPlanId: string | null; // the version this one replaces
  adlTotal: number | null; // the ADL the plan was written against
  adlGroup: AdlGroup | null;
  problems: CarePlanProblem[];
  goals: CarePlanGoal[];
  activities: CarePlanActivity[];
  primaryCaregiverId: string | null;
  backupCaregiverId: string | null;
  startDate: string;
  reviewDate: string;
  status: CarePlanStatus;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null; // a care manager
  approvedAt: string | null;
  /** The LTC sub-committee's separate approval for funding (docs/domain.md §1). */
  subCommittee: { date: string; ref: string } | null;
  closedReason: string;
}

export interface CarePlan extends Envelope, CarePlanData {}

/** Who acts on a plan; `role` null when unknown (may neither submit nor approve). */
export type PlanUser = { id: string; role: Role | null };
export type PlanResult<P extends CarePlanData = CarePlanData> = { ok: true; plan: P } | { ok: false; code: PlanErrorCode; params?: Record<string, unknown> };
export type PlanErrorCode =
  | 'carePlan.approve.forbidden'
  | 'carePlan.approve.wrongStatus'
  | 'carePlan.approve.incomplete'
  | 'carePlan.submit.forbidden'
  | 'carePlan.submit.wrongStatus'
  | 'carePlan.edit.needsNewVersion'
  | 'carePlan.edit.closed'
  | 'carePlan.newVersion.wrongStatus'
  | 'carePlan.close.wrongStatus'
  | 'carePlan.close.reasonRequired';

// Who may draft and approve is decided in shared/permissions.ts (a caregiver drafts but never approves).
const mayDraft = (user: PlanUser): boolean => user.role !== null && canDraftPlans({ role: user.role });
const mayApprove = (user: PlanUser): boolean => user.role !== null && canApprovePlans({ role: user.role });

export function defaultReviewDate(startDate: string): string {
  return addMonths(startDate, DEFAULT_REVIEW_MONTHS);
}

/** Allowed status changes. */
export const PLAN_TRANSITIONS: Readonly<Record<CarePlanStatus, readonly CarePlanStatus[]>> = {
  draft: ['submitted', 'approved', 'closed'],
  submitted: ['draft', 'approved', 'closed'],
  approved: ['active', 'superseded', 'closed'],
  active: ['superseded', 'closed'],
  superseded: [],
  closed: [],
};

const EDITABLE: ReadonlySet<CarePlanStatus> = new Set(['draft', 'submitted']);
const APPROVED_STATES: ReadonlySet<CarePlanStatus> = new Set(['approved', 'active', 'superseded']);
const IN_FORCE_STATES: ReadonlySet<CarePlanStatus> = new Set(['approved', 'active']);

/** What an approval needs besides the schema: something to do, and someone to do it. */
export function approvalGaps(plan: CarePlanData): string[] {
  const gaps: string[] = [];
  if (plan.activities.length === 0) gaps.push('activities');
  if (plan.primaryCaregiverId === null) gaps.push('primaryCaregiverId');
  if (plan.activities.some((a) => a.performer === 'caregiver' && a.assigneeId === null)) gaps.push('activities.assigneeId');
  if (!carePlanDataSchema.safeParse(pickPlanData(plan)).success) gaps.push('data');
  return gaps;
}

export function submit<P extends CarePlanData>(plan: P, user: PlanUser, at: string): PlanResult<P> {
  if (!mayDraft(user)) return { ok: false, code: 'carePlan.submit.forbidden' };
  if (plan.status !== 'draft') return { ok: false, code: 'carePlan.submit.wrongStatus', params: { status: plan.status } };
  return { ok: true, plan: { ...plan, status: 'submitted', submittedBy: user.id, submittedAt: at } };
}

/**
 * Care-manager approval of a draft or submitted plan (a CM's own draft needs no separate submit step).
 * Records who and when; the plan becomes 'approved' (activate() makes it 'active' from its start date).
 * Envelope fields of `plan` (id, ...) are kept.
 */
export function approve<P extends CarePlanData>(plan: P, user: PlanUser, at: string): PlanResult<P> {
  if (!mayApprove(user)) return { ok: false, code: 'carePlan.approve.forbidden' };
  if (!EDITABLE.has(plan.status)) return { ok: false, code: 'carePlan.approve.wrongStatus', params: { status: plan.status } };
  const approved: P = { ...plan, status: 'approved', approvedBy: user.id, approvedAt: at };
  const gaps = approvalGaps(approved);
  if (gaps.length > 0) return { ok: false, code: 'carePlan.approve.incomplete', params: { missing: gaps } };
  return { ok: true, plan: approved };
}

/** approved → active once the start date has come; anything else unchanged. */
export function activate<P extends CarePlanData>(plan: P, today: string): P {
  return plan.status === 'approved' && plan.startDate <= today ? { ...plan, status: 'active' } : plan;
}

export type PlanContent = Pick<
  CarePlanData,
  'problems' | 'goals' | 'activities' | 'primaryCaregiverId' | 'backupCaregiverId' | 'startDate' | 'reviewDate' | 'adlTotal' | 'adlGroup'
>;

/** What every new draft starts with, a first plan or a new version: nobody has submitted or approved it. */
const UNAPPROVED_DRAFT = {
  status: 'draft',
  submittedBy: null,
  submittedAt: null,
  approvedBy: null,
  approvedAt: null,
  subCommittee: null,
  closedReason: '',
} as const satisfies Partial<CarePlanData>;

/**
 * The stored data of a new plan of a resident, as a draft: the next version after her newest plan (its
 * predecessor), with the ADL score she has now and the content the editor produced. `plans` are the
 * resident's plans newest version first (renderer/db/carePlans.ts listCarePlans).
 */
export function newPlanDraft(
  resident: { id: string; latestAdl: { total: number; group: AdlGroup } | null },
  plans: readonly Pick<CarePlan, 'id' | 'version'>[],
  content: Omit<PlanContent, 'adlTotal' | 'adlGroup'>,
): CarePlanData {
  const latest = plans.reduce<Pick<CarePlan, 'id' | 'version'> | null>((best, p) => (best === null || p.version > best.version ? p : best), null);
  return {
    residentId: resident.id,
    version: (latest?.version ?? 0) + 1,
    previousPlanId: latest?.id ?? null,
    adlTotal: resident.latestAdl?.total ?? null,
    adlGroup: resident.latestAdl?.group ?? null,
    ...content,
    ...UNAPPROVED_DRAFT,
  };
}

/** Edits a draft or submitted plan in place; an approved one must become a new version first. */
export function edit<P extends CarePlanData>(plan: P, changes: Partial<PlanContent>): PlanResult<P> {
  if (plan.status === 'approved' || plan.status === 'active') return { ok: false, code: 'carePlan.edit.needsNewVersion' };
  if (!EDITABLE.has(plan.status)) return { ok: false, code: 'carePlan.edit.closed' };
  return { ok: true, plan: { ...plan, ...changes } };
}

/** The draft that revises an approved or active plan: same content, version + 1, no approvals yet. */
export function newVersion(plan: CarePlanData & { id: string }): PlanResult {
  if (!IN_FORCE_STATES.has(plan.status)) return { ok: false, code: 'carePlan.newVersion.wrongStatus', params: { status: plan.status } };
  return {
    ok: true,
    plan: {
      ...pickPlanData(plan),
      version: plan.version + 1,
      previousPlanId: plan.id,
      ...UNAPPROVED_DRAFT,
    },
  };
}

export function close<P extends CarePlanData>(plan: P, reason: string): PlanResult<P> {
  const r = cleanText(reason);
  if (!PLAN_TRANSITIONS[plan.status].includes('closed')) return { ok: false, code: 'carePlan.close.wrongStatus', params: { status: plan.status } };
  if (r === '') return { ok: false, code: 'carePlan.close.reasonRequired' };
  return { ok: true, plan: { ...plan, status: 'closed', closedReason: r } };
}

/** Ids of the resident's older in-force plans that a newly approved plan replaces (to mark superseded). */
export function supersededBy(plans: readonly (CarePlanData & { id: string })[], approved: CarePlanData & { id: string }): string[] {
  return plans
    .filter((p) => p.id !== approved.id && p.residentId === approved.residentId && IN_FORCE_STATES.has(p.status) && p.version < approved.version)
    .map((p) => p.id);
}

/** Whether a plan in this status is in force once started (approved or active). */
export function isInForceStatus(status: CarePlanStatus): boolean {
  return IN_FORCE_STATES.has(status);
}

export function isInForce(plan: Pick<CarePlanData, 'status' | 'startDate'>, today: string): boolean {
  return IN_FORCE_STATES.has(plan.status) && plan.startDate <= today;
}

/** The plan in force with the highest version (ties: later approval, then id); null if none. */
export function currentPlan<P extends Pick<CarePlanData, 'status' | 'startDate' | 'version' | 'approvedAt'> & { id: string }>(plans: readonly P[], today: string): P | null {
  let best: P | null = null;
  for (const p of plans) {
    if (!isInForce(p, today)) continue;
    if (
      best === null ||
      p.version > best.version ||
      (p.version === best.version && ((p.approvedAt ?? '') > (best.approvedAt ?? '') || ((p.approvedAt ?? '') === (best.approvedAt ?? '') && p.id > best.id)))
    ) {
      best = p;
    }
  }
  return best;
}

/** Past its review date (the review date itself is due, not overdue). Only plans in force are reviewed. */
export function isReviewOverdue(plan: Pick<CarePlanData, 'status' | 'startDate' | 'reviewDate'>, today: string): boolean {
  return isInForce(plan, today) && plan.reviewDate < today;
}

/**
 * The longest gap between visits the plan allows, in days: visits per week = the most frequent activity
 * done by a visitor (family activities need no visit), interval = ceil(7 / that). Null when no activity
 * needs a visit.
 */
export function requiredVisitIntervalDays(plan: { activities: readonly Pick<CarePlanActivity, 'performer' | 'timesPerWeek'>[] }): number | null {
  let most = 0;
  for (const a of plan.activities) if (a.performer !== 'family' && a.timesPerWeek > most) most = a.timesPerWeek;
  return most > 0 ? Math.ceil(7 / most) : null;
}

export interface VisitActivityOption extends CareActivity {
  code: CareActivityCode;
  /** From the resident's plan (listed first, in plan order), with what the plan asks for. */
  fromPlan: boolean;
  timesPerWeek: number | null;
  minutes: number | null;
}

/** The visit form's care list: the plan's activities first, then every other activity of the reference list. */
export function activitiesForVisit(plan: Pick<CarePlanData, 'activities'> | null): VisitActivityOption[] {
  const out: VisitActivityOption[] = [];
  const seen = new Set<string>();
  for (const a of plan?.activities ?? []) {
    const ref = CARE_ACTIVITIES.find((c) => c.code === a.code);
    if (ref === undefined || seen.has(a.code)) continue;
    seen.add(a.code);
    out.push({ ...ref, fromPlan: true, timesPerWeek: a.timesPerWeek, minutes: a.minutes });
  }
  for (const ref of CARE_ACTIVITIES) {
    if (!seen.has(ref.code)) out.push({ ...ref, fromPlan: false, timesPerWeek: null, minutes: null });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Form

export interface CarePlanFormValues {
  problems: { key: string; text: string }[];
  goals: { problemKey: string; text: string; targetDate: string }[];
  activities: { code: string; timesPerWeek: string; minutes: string; performer: string; assigneeId: string; note: string }[];
  primaryCaregiverId: string;
  backupCaregiverId: string;
  startDate: string;
  reviewDate: string;
}

export const CARE_PLAN_FORM_CODES = [
  'required',
  'tooLong',
  'invalidChoice',
  'carePlan.date.invalid',
  'carePlan.reviewDate.notAfterStart',
  'carePlan.goal.targetDate',
  'carePlan.goal.unknownProblem',
  'carePlan.activity.duplicate',
  'carePlan.activity.timesPerWeek',
  'carePlan.activity.minutes',
  'carePlan.activity.assigneeRequired',
  'carePlan.backup.sameAsPrimary',
  'carePlan.tooMany',
] as const;

export function emptyCarePlanForm(today: string): CarePlanFormValues {
  return { problems: [], goals: [], activities: [], primaryCaregiverId: '', backupCaregiverId: '', startDate: today, reviewDate: defaultReviewDate(today) };
}

const digits = (s: string): string => cleanText(s).replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
const isQuarterStep = (n: number): boolean => Number.isInteger(n * 4);

/** The plan's content from the form, every problem reported at its path in one round. */
export function carePlanFormSchema() {
  return z.pipe(z.object({
    problems: z.array(z.object({ key: z.string(), text: z.string() })).check(z.maxLength(100)),
    goals: z.array(z.object({ problemKey: z.string(), text: z.string(), targetDate: z.string() })).check(z.maxLength(100)),
    activities: z.array(z.object({ code: z.string(), timesPerWeek: z.string(), minutes: z.string(), performer: z.string(), assigneeId: z.string(), note: z.string() })).check(z.maxLength(100)),
    primaryCaregiverId: z.string(),
    backupCaregiverId: z.string(),
    startDate: z.string(),
    reviewDate: z.string(),
  }), z.transform((f, ctx): Omit<PlanContent, 'adlTotal' | 'adlGroup'> => {
    const add = (path: (string | number)[], message: string, params?: Record<string, unknown>): void => {
      ctx.issues.push({ code: 'custom', message, path, input: f, ...(params ? { params } : {}) });
    };
    const problems = f.problems.map((p) => ({ key: cleanText(p.key), text: cleanText(p.text) })).filter((p) => p.text !== '');
    if (problems.length > 30) add(['problems'], 'carePlan.tooMany', { max: 30 });
    problems.forEach((p, i) => {
      if (p.text.length > 300) add(['problems', i, 'text'], 'tooLong');
    });
    const keys = new Set(problems.map((p) => p.key));

    const goals: CarePlanGoal[] = [];
    f.goals.forEach((g, i) => {
      const text = cleanText(g.text);
      if (text === '') return;
      if (text.length > 300) add(['goals', i, 'text'], 'tooLong');
      const problemKey = cleanText(g.problemKey) === '' ? null : cleanText(g.problemKey);
      if (problemKey !== null && !keys.has(problemKey)) add(['goals', i, 'problemKey'], 'carePlan.goal.unknownProblem');
      const td = digits(g.targetDate);
      if (td !== '' && (!isIsoDate(td) || (isIsoDate(digits(f.startDate)) && td <= digits(f.startDate)))) add(['goals', i, 'targetDate'], 'carePlan.goal.targetDate');
      goals.push({ problemKey, text, targetDate: td === '' ? null : td });
    });

    const activities: CarePlanActivity[] = [];
    const seen = new Set<string>();
    f.activities.forEach((a, i) => {
      if (!isCareActivityCode(a.code)) return add(['activities', i, 'code'], a.code === '' ? 'required' : 'invalidChoice');
      if (seen.has(a.code)) add(['activities', i, 'code'], 'carePlan.activity.duplicate');
      seen.add(a.code);
      const t = digits(a.timesPerWeek);
      const times = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
      if (!(times > 0 && times <= MAX_TIMES_PER_WEEK && isQuarterStep(times))) add(['activities', i, 'timesPerWeek'], 'carePlan.activity.timesPerWeek', { max: MAX_TIMES_PER_WEEK });
      const m = digits(a.minutes);
      const minutes = m === '' ? null : /^\d{1,3}$/.test(m) ? Number(m) : NaN;
      if (minutes !== null && !(minutes >= 1 && minutes <= 600)) add(['activities', i, 'minutes'], 'carePlan.activity.minutes', { max: 600 });
      if (!(PERFORMERS as readonly string[]).includes(a.performer)) add(['activities', i, 'performer'], 'required');
      const assigneeId = cleanText(a.assigneeId) === '' ? null : cleanText(a.assigneeId);
      if (a.performer === 'caregiver' && assigneeId === null) add(['activities', i, 'assigneeId'], 'carePlan.activity.assigneeRequired');
      const note = cleanMultiline(a.note);
      if (note.length > 500) add(['activities', i, 'note'], 'tooLong');
      activities.push({ code: a.code, timesPerWeek: times, minutes: minutes === null || Number.isNaN(minutes) ? null : minutes, performer: a.performer as Performer, assigneeId, note });
    });

    const primaryCaregiverId = cleanText(f.primaryCaregiverId) === '' ? null : cleanText(f.primaryCaregiverId);
    const backupCaregiverId = cleanText(f.backupCaregiverId) === '' ? null : cleanText(f.backupCaregiverId);
    if (backupCaregiverId !== null && backupCaregiverId === primaryCaregiverId) add(['backupCaregiverId'], 'carePlan.backup.sameAsPrimary');

    const startDate = digits(f.startDate);
    const reviewDate = digits(f.reviewDate);
    if (!isIsoDate(startDate)) add(['startDate'], startDate === '' ? 'required' : 'carePlan.date.invalid');
    if (!isIsoDate(reviewDate)) add(['reviewDate'], reviewDate === '' ? 'required' : 'carePlan.date.invalid');
    else if (isIsoDate(startDate) && reviewDate <= startDate) add(['reviewDate'], 'carePlan.reviewDate.notAfterStart');

    return { problems, goals, activities, primaryCaregiverId, backupCaregiverId, startDate, reviewDate };
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Stored shape

const UserId = z.string().check(z.minLength(1), z.maxLength(64));
const Uuid = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, { message: 'not a lower-case UUID' }));
const Instant = z.iso.datetime({ offset: false });
const IsoDate = z.string().check(z.refine(isIsoDate, { message: 'not a YYYY-MM-DD calendar date' }));
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

const planShape = {
  residentId: Uuid,
  version: z.number().check(z.int(), z.gte(1), z.lte(10_000)),
  previousPlanId: z.nullable(Uuid),
  adlTotal: z.nullable(z.number().check(z.int(), z.gte(0), z.lte(20))),
  adlGroup: z.nullable(z.enum(ADL_GROUP_ORDER)),
  problems: z.array(z.strictObject({ key: text(0, 40), text: text(1, 300) })).check(z.maxLength(30)),
  goals: z.array(z.strictObject({ problemKey: z.nullable(text(0, 40)), text: text(1, 300), targetDate: z.nullable(IsoDate) })).check(z.maxLength(100)),
  activities: z.array(
    z.strictObject({
      code: z.string().check(z.refine(isCareActivityCode, { message: 'unknown care activity' })) as z.ZodMiniType<CareActivityCode>,
      timesPerWeek: z.number().check(z.gt(0), z.lte(MAX_TIMES_PER_WEEK), z.refine(isQuarterStep, { message: 'quarter steps' })),
      minutes: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(600))),
      performer: z.enum(PERFORMERS),
      assigneeId: z.nullable(UserId),
      note: text(0, 500),
    }),
  ).check(z.maxLength(CARE_ACTIVITIES.length)),
  primaryCaregiverId: z.nullable(UserId),
  backupCaregiverId: z.nullable(UserId),
  startDate: IsoDate,
  reviewDate: IsoDate,
  status: z.enum(CARE_PLAN_STATUSES),
  submittedBy: z.nullable(UserId),
  submittedAt: z.nullable(Instant),
  approvedBy: z.nullable(UserId),
  approvedAt: z.nullable(Instant),
  subCommittee: z.nullable(z.strictObject({ date: IsoDate, ref: text(1, 100) })),
  closedReason: text(0, 300),
};

const planObject = z.strictObject(planShape);

function planRuleViolations(p: z.output<typeof planObject>): [string, string][] {
  const out: [string, string][] = [];
  if (p.reviewDate <= p.startDate) out.push(['reviewDate', 'review date not after start']);
  if (p.adlTotal !== null && p.adlGroup !== adlGroup(p.adlTotal)) out.push(['adlGroup', 'group does not match total']);
  if ((p.adlTotal === null) !== (p.adlGroup === null)) out.push(['adlGroup', 'total and group together']);
  if (p.version > 1 && p.previousPlanId === null) out.push(['previousPlanId', 'a later version names the one it replaces']);
  if (new Set(p.activities.map((a) => a.code)).size !== p.activities.length) out.push(['activities', 'duplicate activity']);
  if (p.activities.some((a) => a.performer === 'caregiver' && a.assigneeId === null)) out.push(['activities', 'caregiver activity without assignee']);
  const keys = new Set(p.problems.map((x) => x.key));
  if (p.goals.some((g) => g.problemKey !== null && !keys.has(g.problemKey))) out.push(['goals', 'goal names an unknown problem']);
  // A closed plan may or may not have been approved before.
  if ((p.approvedBy === null) !== (p.approvedAt === null)) out.push(['approvedBy', 'approvedBy and approvedAt together']);
  if (APPROVED_STATES.has(p.status) && p.approvedBy === null) out.push(['approvedBy', 'approved plans name their approver']);
  if (EDITABLE.has(p.status) && p.approvedBy !== null) out.push(['approvedBy', 'a draft is not approved']);
  if ((p.submittedBy === null) !== (p.submittedAt === null)) out.push(['submittedBy', 'submittedBy and submittedAt together']);
  if ((p.status === 'closed') !== (p.closedReason !== '')) out.push(['closedReason', 'a reason exactly when closed']);
  return out;
}

/** A care plan's full data (create). Status changes and draft edits travel as patches (see checkPlanPatch). */
export const carePlanDataSchema = planObject.check(z.superRefine((p, ctx) => {
  for (const [path, message] of planRuleViolations(p)) ctx.addIssue({ code: 'custom', message, path: [path] });
}));
export const carePlanPatchSchema = z.partial(planObject).check(z.refine((p) => Object.keys(p).length > 0, { message: 'empty patch' }));

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _planTypeCheck: Equal<z.output<typeof planObject>, CarePlanData> = true;

const PLAN_DATA_KEYS = Object.keys(planShape) as (keyof CarePlanData)[];
/** The plan's content: what an approval approves. */
export const CONTENT_KEYS: ReadonlySet<string> = new Set([
  'problems',
  'goals',
  'activities',
  'primaryCaregiverId',
  'backupCaregiverId',
  'startDate',
  'reviewDate',
  'adlTotal',
  'adlGroup',
]);
const IDENTITY_KEYS: ReadonlySet<string> = new Set(['residentId', 'version', 'previousPlanId']);

export function pickPlanData(p: CarePlanData): CarePlanData {
  const out: Record<string, unknown> = {};
  for (const k of PLAN_DATA_KEYS) out[k] = p[k];
  return out as unknown as CarePlanData;
}

export type PatchCheck = { ok: true } | { ok: false; code: 'carePlan.patch.identity' | 'carePlan.patch.content' | 'carePlan.patch.transition' | 'carePlan.approve.forbidden' | 'carePlan.patch.invalid' };

/**
 * Whether `user` may apply `patch` to a stored plan (for the server and the local writer): identity never
 * changes; content only while draft or submitted; status only along PLAN_TRANSITIONS; approval only by a
 * care manager naming herself; and the result must be a valid plan.
 */
export function checkPlanPatch(current: CarePlanData, patch: Partial<CarePlanData>, user: PlanUser): PatchCheck {
  const keys = Object.keys(patch);
  if (keys.some((k) => IDENTITY_KEYS.has(k))) return { ok: false, code: 'carePlan.patch.identity' };
  if (keys.some((k) => CONTENT_KEYS.has(k)) && !EDITABLE.has(current.status)) return { ok: false, code: 'carePlan.patch.content' };
  const to = patch.status;
  if (to !== undefined && to !== current.status && !PLAN_TRANSITIONS[current.status].includes(to)) return { ok: false, code: 'carePlan.patch.transition' };
  const approving = to === 'approved' && current.status !== 'approved';
  if (approving && (!mayApprove(user) || patch.approvedBy !== user.id)) return { ok: false, code: 'carePlan.approve.forbidden' };
  if (!approving && (patch.approvedBy !== undefined || patch.approvedAt !== undefined)) return { ok: false, code: 'carePlan.approve.forbidden' };
  const next = { ...current, ...patch };
  return carePlanDataSchema.safeParse(pickPlanData(next)).success ? { ok: true } : { ok: false, code: 'carePlan.patch.invalid' };
}
