/**
 * "Changed after publishing" (docs/domain.md §9): a round visit the care manager changed after it was sent to
 * its caregiver (moved to another day or to her from another caregiver, a new time, other minutes or
 * activities, cancelled) is shown to the caregiver as changed, with what changed, until she has seen it.
 * Pure, with type-only imports (the planner and the Today page load it without zod).
 *
 * The data (why a snapshot, not a counter): publishing writes `publishedAs`, the visit as the caregiver is
 * shown it (`roundView`), in the same patch as `status: 'published'` (`publishPatch`). Every device then
 * derives a change by comparing values: the visit now against what she last acknowledged on this device,
 * else against `publishedAs`. So the planner's later writes (move, replan, cancel) need no extra field,
 * locking (or re-ordering the route) is never a change because it is not part of the view, a move and a move
 * back is no change, and two care managers changing a visit concurrently cannot lose a "changed" mark the
 * way a concurrently bumped counter could (a counter is one last-writer-wins register, and would also make a
 * second conflict in the inbox).
 *
 * Invariants:
 * - A draft is never "changed" (it never reached a caregiver); nor is a visit without `publishedAs` (written
 *   before it existed): there is nothing to compare with.
 * - A cancelled visit reports only `cancelled`: nothing else about it matters to her. One back in her round
 *   after she saw it cancelled (a conflict resolved the other way) is `reinstated`.
 * - Once she has acknowledged a visit's view, it is changed again only when that view changes again, and
 *   then reports what changed since what she saw.
 * - Activities are compared as sets: the order they are listed in is no change.
 */
import type { RoundView, RoundVisitData } from './recordsSchema';

export type { RoundView } from './recordsSchema';

/** What changed, in the order the page tells it. */
export const ROUND_CHANGE_KINDS = ['cancelled', 'reinstated', 'caregiver', 'date', 'time', 'minutes', 'activities'] as const;
export type RoundChangeKind = (typeof ROUND_CHANGE_KINDS)[number];

/** The fields of a stored round visit this module reads (a stored RoundVisitRecord fits). */
export type ChangedInput = Pick<RoundVisitData, 'status' | 'caregiverId' | 'date' | 'minute' | 'minutes' | 'activities'> & {
  publishedAs?: RoundView | null;
};

export interface RoundChange {
  kinds: RoundChangeKind[];
  /** What she was shown before: the view she acknowledged, else the one published. */
  before: RoundView;
}

/** The visit as its caregiver is shown it. */
export function roundView(r: ChangedInput): RoundView {
  return { status: r.status, caregiverId: r.caregiverId, date: r.date, minute: r.minute, minutes: r.minutes, activities: [...r.activities] };
}

/** The patch that publishes a draft: its status and the view its caregiver is sent. */
export function publishPatch(r: ChangedInput): Pick<RoundVisitData, 'status' | 'publishedAs'> {
  return { status: 'published', publishedAs: roundView({ ...r, status: 'published' }) };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * How the visit changed since its caregiver last saw it (`seen`: the view she acknowledged on this device,
 * null when she has acknowledged none), or null when it did not (or cannot be told).
 */
export function roundChange(r: ChangedInput, seen: RoundView | null | undefined): RoundChange | null {
  if (r.status === 'draft') return null;
  const before = seen ?? r.publishedAs ?? null;
  if (before === null) return null;
  if (r.status === 'cancelled') return before.status === 'cancelled' ? null : { kinds: ['cancelled'], before };
  const kinds: RoundChangeKind[] = before.status === 'cancelled' ? ['reinstated'] : [];
  if (r.caregiverId !== before.caregiverId) kinds.push('caregiver');
  if (r.date !== before.date) kinds.push('date');
  if (r.minute !== before.minute) kinds.push('time');
  if (r.minutes !== before.minutes) kinds.push('minutes');
  if (!sameSet(r.activities, before.activities)) kinds.push('activities');
  return kinds.length === 0 ? null : { kinds, before };
}
