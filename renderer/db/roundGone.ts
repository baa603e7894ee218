/**
 * A caregiver's published round visits that the care manager gave to someone else (docs/domain.md §9).
 * Such a visit moves to the other caregiver's bucket, so the server evicts it from her device: without a
 * trace she would only find it missing, or go anyway from a printed sheet. When sync evicts a single round
 * visit that was published to her and not yet done or missed, one row is kept here (by the visit's
 * caregiver and day) until she presses "seen" on Today. Local to the device, never synced; it holds ids, the
 * day and the time, nothing about the resident beyond her id; notes are dropped two weeks after their day
 * (pruneGone). Bucket-wide evictions (a whole caregiver's
 * rounds leaving a device) keep nothing: that is no reassignment to tell.
 */
import { addDays } from '../../shared/dates/calendar';
import { bangkokDate } from '../../shared/dates/thaiDate';
import type { CareRoundsDb } from './db';
import type { RoundVisitRecord } from './syncRows';

export interface RoundGone {
  /** `<roundId>|<userId>`. */
  key: string;
  roundId: string;
  /** The caregiver it was published to. */
  userId: string;
  residentId: string;
  date: string;
  minute: number | null;
  /** ISO instant it left the device. */
  at: string;
}

/** The evicted round visits worth telling their caregiver about: published to her, no outcome yet, not deleted. */
export function goneRows(evicted: readonly (RoundVisitRecord | undefined)[], now: Date): RoundGone[] {
  return evicted.flatMap((r) =>
    r && r.deletedAt === null && r.status === 'published' && r.outcome === null
      ? [{ key: `${r.id}|${r.caregiverId}`, roundId: r.id, userId: r.caregiverId, residentId: r.residentId, date: r.date, minute: r.minute, at: now.toISOString() }]
      : [],
  );
}

/** Her visits of one day given to someone else, by time. */
export async function readGone(db: CareRoundsDb, userId: string, date: string): Promise<RoundGone[]> {
  const rows = await db.roundGone.where('[userId+date]').equals([userId, date]).toArray();
  return rows.sort((a, b) => (a.minute ?? 24 * 60) - (b.minute ?? 24 * 60) || (a.roundId < b.roundId ? -1 : 1));
}

/** Her days from `from` on holding such a visit. */
export async function readGoneFrom(db: CareRoundsDb, userId: string, from: string): Promise<RoundGone[]> {
  return db.roundGone.where('[userId+date]').between([userId, from], [userId, '\uffff'], true, true).toArray();
}

/** Notes are kept this many days past their day, then dropped even if never seen (nothing to go to). */
export const GONE_KEPT_DAYS = 14;

/** Drops notes whose day is more than GONE_KEPT_DAYS before `now`'s Bangkok date (a small local table). */
export async function pruneGone(db: CareRoundsDb, now: Date): Promise<void> {
  const cutoff = addDays(bangkokDate(now), -GONE_KEPT_DAYS);
  await db.roundGone.filter((r) => r.date < cutoff).delete();
}

/** She has seen that it went. */
export async function dismissGone(db: CareRoundsDb, key: string): Promise<void> {
  await db.roundGone.delete(key);
}
