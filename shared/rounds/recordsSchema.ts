/**
 * The synced records of weekly rounds (docs/domain.md §9, docs/sync-protocol.md §8) as zod schemas, for
 * shared/sync/records.ts: a caregiver's availability, her leave, the municipality's public holidays, and the
 * round visits a care manager plans and publishes. Apart from the planner so the planner loads without zod.
 *
 * Invariants:
 * - Availability is one record per caregiver, its id her user id (two care managers creating it offline
 *   merge field by field instead of making two).
 * - A round visit's bucket follows its state (recordTypes.ts): a draft lives in the municipality's bucket,
 *   which caregivers do not read; a published or cancelled one in its caregiver's work bucket, so her
 *   device receives only her own rounds, and a visit moved to another caregiver moves with them.
 * - A round visit is `missed` exactly when it has a missed reason, and only published visits have an outcome.
 * - A caregiver changes only a round visit's outcome (ROUND_OUTCOME_FIELDS); the rest is the care manager's.
 * - `publishedAs` is what the caregiver was sent when it was published (changed.ts); optional, so records
 *   written before it existed stay valid (absent = null: nothing to compare a later change with).
 */
import * as z from 'zod/mini';
import { addDays, dayOfWeek } from '../dates/calendar';
import { isIsoDate } from '../dates/thaiDate';
import { CommunityId, Uuid } from '../sync/protocol';

const IsoDate = z.string().check(z.refine(isIsoDate, { message: 'not a YYYY-MM-DD calendar date' }));
const Minute = z.number().check(z.int(), z.gte(0), z.lte(24 * 60));
const Code = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'not a code' }));

const baseSchema = z.strictObject({
  lat: z.number().check(z.gte(5.6), z.lte(20.5)),
  lng: z.number().check(z.gte(97.3), z.lte(105.7)),
});

const availabilityShape = {
  userId: Uuid,
  skills: z.array(Code).check(z.maxLength(30)),
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: z.array(z.number().check(z.int(), z.gte(0), z.lte(6))).check(z.maxLength(7)),
  startMinute: Minute,
  endMinute: Minute,
  weeklyVisitCap: z.number().check(z.int(), z.gte(0), z.lte(200)),
  base: z.nullable(baseSchema),
};
const availabilityObject = z.strictObject(availabilityShape);

export const availabilityDataSchema = availabilityObject.check(z.superRefine((a, ctx) => {
  if (a.endMinute <= a.startMinute) ctx.addIssue({ code: 'custom', message: 'the day ends before it starts', path: ['endMinute'] });
  if (new Set(a.workingDays).size !== a.workingDays.length) ctx.addIssue({ code: 'custom', message: 'a weekday twice', path: ['workingDays'] });
}));
export const availabilityPatchSchema = z.partial(z.omit(availabilityObject, { userId: true })).check(z.refine((p) => Object.keys(p).length > 0, { message: 'empty patch' }));
export type AvailabilityData = z.output<typeof availabilityObject>;

export const LEAVE_REASONS = ['sick', 'vacation', 'training', 'personal', 'other'] as const;
const leaveObject = z.strictObject({
  userId: Uuid,
  from: IsoDate,
  to: IsoDate,
  reason: z.enum(LEAVE_REASONS),
  note: z.string().check(z.maxLength(300)),
});
export const leaveDataSchema = leaveObject.check(z.refine((l) => l.from <= l.to, { message: 'leave ends before it starts', path: ['to'] }));
export const leavePatchSchema = z.partial(z.omit(leaveObject, { userId: true })).check(z.refine((p) => Object.keys(p).length > 0, { message: 'empty patch' }));
export type LeaveData = z.output<typeof leaveObject>;

const holidayObject = z.strictObject({
  date: IsoDate,
  nameTh: z.string().check(z.minLength(1), z.maxLength(120)),
  nameEn: z.string().check(z.minLength(1), z.maxLength(120)),
});
export const holidayDataSchema = holidayObject;
export const holidayPatchSchema = z.partial(holidayObject).check(z.refine((p) => Object.keys(p).length > 0, { message: 'empty patch' }));
export type HolidayData = z.output<typeof holidayObject>;

export const ROUND_STATUSES = ['draft', 'published', 'cancelled'] as const;
export const ROUND_OUTCOMES = ['done', 'missed'] as const;
export const MISSED_REASONS = ['not_home', 'in_hospital', 'refused', 'caregiver_unable', 'weather', 'other'] as const;
/** What a caregiver may change on her round visit: its outcome, and the visit record that fulfilled it. */
export const ROUND_OUTCOME_FIELDS = ['outcome', 'missedReason', 'outcomeNote', 'visitId'] as const;

const Minutes = z.number().check(z.int(), z.gte(5), z.lte(480));

/** What a caregiver is shown of a round visit, as one value: the fields whose change she is told about. */
const roundViewObject = z.strictObject({
  status: z.enum(ROUND_STATUSES),
  caregiverId: Uuid,
  date: IsoDate,
  minute: z.nullable(Minute),
  minutes: Minutes,
  activities: z.array(Code).check(z.maxLength(30)),
});
export type RoundView = z.output<typeof roundViewObject>;

const roundVisitShape = {
  /** The Monday of the planned week. */
  weekStart: IsoDate,
  residentId: Uuid,
  /** The resident's community when planned: the planner's grid flags a caregiver taken off it since. */
  communityId: CommunityId,
  caregiverId: Uuid,
  date: IsoDate,
  /** Planned start; null = any time of her day. */
  minute: z.nullable(Minute),
  minutes: Minutes,
  /** Must start exactly at `minute` (insulin, wound care). */
  fixed: z.boolean(),
  /** Position in her day's route. */
  order: z.number().check(z.int(), z.gte(0), z.lte(200)),
  /** Road km from the previous stop (or her base) as planned; the planner's grid adds them up. */
  legKm: z.number().check(z.gte(0), z.lte(1000)),
  activities: z.array(Code).check(z.maxLength(30)),
  status: z.enum(ROUND_STATUSES),
  /** Never moved by the planner. */
  locked: z.boolean(),
  outcome: z.nullable(z.enum(ROUND_OUTCOMES)),
  missedReason: z.nullable(z.enum(MISSED_REASONS)),
  outcomeNote: z.string().check(z.maxLength(300)),
  /** The visit record made for it (docs/domain.md §5). */
  visitId: z.nullable(Uuid),
  /**
   * The visit as it was when published (written by the publish, with `status`), so every device can tell a
   * later change from it (changed.ts, docs/domain.md §9). Absent on records written before it existed.
   */
  publishedAs: z.optional(z.nullable(roundViewObject)),
};
const roundVisitObject = z.strictObject(roundVisitShape);

export const roundVisitDataSchema = roundVisitObject.check(z.superRefine((r, ctx) => {
  if ((r.outcome === 'missed') !== (r.missedReason !== null)) ctx.addIssue({ code: 'custom', message: 'missed exactly when a reason is given', path: ['missedReason'] });
  if (r.outcome !== null && r.status !== 'published') ctx.addIssue({ code: 'custom', message: 'only a published visit has an outcome', path: ['outcome'] });
  if (r.fixed && r.minute === null) ctx.addIssue({ code: 'custom', message: 'a fixed visit needs its time', path: ['minute'] });
  if (dayOfWeek(r.weekStart) !== 1) ctx.addIssue({ code: 'custom', message: 'a week starts on a Monday', path: ['weekStart'] });
  if (r.date < r.weekStart || r.date > addDays(r.weekStart, 6)) ctx.addIssue({ code: 'custom', message: 'outside its week', path: ['date'] });
}));
export const roundVisitPatchSchema = z.partial(z.omit(roundVisitObject, { weekStart: true, residentId: true, communityId: true })).check(z.refine((p) => Object.keys(p).length > 0, { message: 'empty patch' }));
export type RoundVisitData = z.output<typeof roundVisitObject>;
