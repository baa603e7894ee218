/**
 * A caregiver's day of rounds (docs/domain.md §9, the "Today" page): which of her round visits she sees, in
 * what order, what state each is in, the day's counts, and what was found at the resident's last visit (from
 * the per-resident digest, docs/architecture.md "Read models"). Pure: no store, no React, no messages.
 *
 * Invariants:
 * - A caregiver's day is her round visits of that Bangkok date that are not deleted and are published or
 *   cancelled (a draft is the planner's, never hers: docs/sync-protocol.md §8 "Weekly rounds"), in route order.
 * - A cancelled visit is never "to do", whatever outcome it carries; `planned` counts the others only, and
 *   planned = done + missed + todo.
 * - Outcome patches name only ROUND_OUTCOME_FIELDS, keep "missed exactly when a reason is given", and a
 *   missed one always has a reason (the form refuses an empty one before any write).
 */
import * as z from 'zod/mini';
import { refineTo } from '../refineTo';
import { addDays } from '../dates/calendar';
import { isIsoDate } from '../dates/thaiDate';
import { flagVitals, type VitalFlag, type VitalSettings, type Vitals, type WeightReading } from '../vitals';
import { missedPatch, type OutcomePatch } from './outcome';
import { MISSED_REASONS, type RoundVisitData } from './recordsSchema';

export { donePatch, missedPatch, undoPatch, type MissedReason, type OutcomePatch } from './outcome';

export type TodayState = 'todo' | 'done' | 'missed' | 'cancelled';

/** The fields of a stored round visit this module reads (a stored RoundVisitRecord fits). */
export type TodayRoundInput = Pick<RoundVisitData, 'caregiverId' | 'date' | 'status' | 'order' | 'minute' | 'outcome'> & {
  id: string;
  deletedAt: string | null;
};

/** Her round visits of `date`, as the page lists them: hers, that day, live, published or cancelled, in route order. */
export function roundsOfDay<R extends TodayRoundInput>(rows: readonly R[], caregiverId: string, date: string): R[] {
  return rows
    .filter((r) => r.caregiverId === caregiverId && r.date === date && r.deletedAt === null && (r.status === 'published' || r.status === 'cancelled'))
    .sort(compareRoute);
}

/** Route order (`order`), then the planned minute (any-time visits last), then id, so the order is total. */
export function compareRoute(a: TodayRoundInput, b: TodayRoundInput): number {
  if (a.order !== b.order) return a.order - b.order;
  const am = a.minute ?? Number.MAX_SAFE_INTEGER;
  const bm = b.minute ?? Number.MAX_SAFE_INTEGER;
  if (am !== bm) return am - bm;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function roundState(r: Pick<TodayRoundInput, 'status' | 'outcome'>): TodayState {
  if (r.status === 'cancelled') return 'cancelled';
  if (r.outcome === 'done') return 'done';
  if (r.outcome === 'missed') return 'missed';
  return 'todo';
}

export interface DayCounts {
  /** Visits she is to make (cancelled ones left out): done + missed + todo. */
  planned: number;
  done: number;
  missed: number;
  todo: number;
  cancelled: number;
}

export function dayCounts(rounds: readonly Pick<TodayRoundInput, 'status' | 'outcome'>[]): DayCounts {
  const c: DayCounts = { planned: 0, done: 0, missed: 0, todo: 0, cancelled: 0 };
  for (const r of rounds) {
    const s = roundState(r);
    c[s] += 1;
    if (s !== 'cancelled') c.planned += 1;
  }
  return c;
}

/** The digest fields "found last time" reads (shared/digest.ts ResidentDigest fits). */
export interface LastFoundInput {
  latest: { date: string; outcome: string } | null;
  lastDone: { date: string; vitals: Vitals } | null;
  weights: readonly WeightReading[];
}

export type LastFound =
  | { kind: 'never' }
  | {
      kind: 'visited';
      /** The latest visit's date and whether it took place. */
      latestDate: string;
      latestMissed: boolean;
      /** The latest visit that took place (null when none did), with its flagged vitals under `settings`. */
      doneDate: string | null;
      flags: VitalFlag[];
    };

/**
 * What was found last time: the latest visit and the vital signs flagged at the latest visit that took place,
 * with the normal ranges in force now (a digest holds raw values, docs/architecture.md "Read models").
 */
export function lastFound(digest: LastFoundInput | null | undefined, settings: VitalSettings): LastFound {
  if (!digest?.latest) return { kind: 'never' };
  const done = digest.lastDone;
  const flags = done ? flagVitals(done.vitals, settings, { date: done.date, history: digest.weights }) : [];
  return { kind: 'visited', latestDate: digest.latest.date, latestMissed: digest.latest.outcome !== 'done', doneDate: done?.date ?? null, flags };
}

/** `HH:MM`, 24-hour, from minutes after midnight; null for an any-time visit. */
export function clockTime(minute: number | null): string | null {
  if (minute === null) return null;
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The day a `#/today/<date>` route shows: its date when it is a calendar date, else today. */
export function dayOfRoute(param: string | null, today: string): string {
  return param !== null && isIsoDate(param) ? param : today;
}

export function previousDay(date: string): string {
  return addDays(date, -1);
}
export function nextDay(date: string): string {
  return addDays(date, 1);
}

/** The "missed" form: a reason is required (the empty choice is ''), the note is optional. Messages are `v.` codes. */
export const missedFormSchema = z.object({
  missedReason: refineTo(z.union([z.literal(''), z.enum(MISSED_REASONS)]), (v) => v !== '', { message: 'required' }),
  outcomeNote: z.string().check(z.maxLength(300, { message: 'tooLong' })),
});
export type MissedFormValues = z.input<typeof missedFormSchema>;
export const EMPTY_MISSED_FORM: MissedFormValues = { missedReason: '', outcomeNote: '' };

/** The patch a valid form gives (null when the form is not valid: the caller shows the schema's errors). */
export function missedPatchOf(values: MissedFormValues): OutcomePatch | null {
  const r = missedFormSchema.safeParse(values);
  if (!r.success) return null;
  return missedPatch(r.data.missedReason, r.data.outcomeNote);
}
