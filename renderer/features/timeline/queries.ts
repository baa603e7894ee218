/**
 * The reads of a resident's timeline (ResidentTimeline.tsx calls the hook, never the store).
 *
 * Two reads, so the newest visits paint before everything is in memory:
 * - the head: the newest HEAD_VISITS visits (a bounded range read on `[residentId+startedAt]`, newest
 *   first), the visits in the weight-flag window just below them, the resident's amendments, assessments
 *   and plans. From these `timelineHead` builds the items at or after the oldest of those visits, and only
 *   those: every visit that can sit there is in the read (see `timelineHead`), so each item, its order and
 *   its flags are exactly what the full timeline shows at the same place;
 * - the full timeline (every visit, as before), started once the head is painted, for the charts, the count
 *   and the older items.
 * Both are live queries: a write re-runs them.
 */
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { amendVisits, type Visit } from '../../../shared/visit';
import { useStore } from '../../app/StoreProvider';
import { useAfterPaint } from '../../app/useAfterPaint';
import { useVitalSettings } from '../settings';
import type { CareRoundsDb } from '../../db/db';
import { listAssessments } from '../../db/assessments';
import { listCarePlans } from '../../db/carePlans';
import { listAmendedVisits, listResidentAmendments } from '../../db/visits';
import type { TimelineInput } from './timelineItems';

/** Visits in the first read: one page of the timeline. */
export const HEAD_VISITS = 50;

const DAY_MS = 86_400_000;

export interface TimelineHead extends TimelineInput {
  /** Items strictly older than this instant are not in the head (null: the head is the whole timeline). */
  since: string | null;
}

const amended = amendVisits<Visit>;

/**
 * The head read (see the header). Why it is exact from `since` on: a visit missing from it was stored with
 * a startedAt older than `since` (the oldest of the newest HEAD_VISITS) and has no amendment (every amended
 * visit is read), so its current startedAt is older than `since` too; and a weight flag of a visit at or
 * after `since` compares with readings at most `weightChangeDays` before its service date, all inside the
 * window read below `since`.
 */
export function readTimelineHead(db: CareRoundsDb, residentId: string, weightChangeDays: number): Promise<TimelineHead> {
  // One read transaction, and as few round trips as the data allows: the amendments, assessments and plans
  // are asked for at once with the HEAD_VISITS-th newest key (a key cursor that skips ahead, no rows read);
  // then one range getAll from the start of the weight-flag window below that key covers the head and the
  // window; only visits amended from outside both are read after that.
  return db.transaction('r', [db.visits, db.visitAmendments, db.assessments, db.carePlans], async () => {
    const resident = () => db.visits.where('[residentId+startedAt]').between([residentId, Dexie.minKey], [residentId, Dexie.maxKey]);
    const others = Promise.all([listResidentAmendments(db, residentId), listAssessments(db, residentId), listCarePlans(db, residentId)]);
    const [nth] = await resident().reverse().offset(HEAD_VISITS - 1).limit(1).keys();
    const from: string | null = Array.isArray(nth) && typeof nth[1] === 'string' ? (nth[1] as string) : null;
    const windowStart = from === null ? null : new Date(Date.parse(from) - (weightChangeDays + 2) * DAY_MS).toISOString();
    const rows = windowStart === null ? await resident().toArray() : await db.visits.where('[residentId+startedAt]').between([residentId, windowStart], [residentId, Dexie.maxKey]).toArray();
    const [amendments, assessments, plans] = await others;
    if (from === null) return { visits: amended(rows.reverse(), amendments), assessments, plans, since: null };
    // Newest first: the head (visits sharing the boundary instant may make it a little more than
    // HEAD_VISITS), then the window below it.
    const visits = new Map(
      rows
        .filter((v) => v.startedAt >= from)
        .reverse()
        .map((v) => [v.id, v]),
    );
    for (const v of rows) if (v.startedAt <= from && !visits.has(v.id)) visits.set(v.id, v);
    const amendedIds = [...new Set(amendments.map((a) => a.visitId))].filter((id) => !visits.has(id));
    if (amendedIds.length > 0) for (const v of await db.visits.bulkGet(amendedIds)) if (v && v.residentId === residentId) visits.set(v.id, v);
    return { visits: amended([...visits.values()], amendments), assessments, plans, since: from };
  });
}

export async function readTimeline(db: CareRoundsDb, residentId: string): Promise<TimelineInput> {
  const [visits, assessments, plans] = await Promise.all([listAmendedVisits(db, residentId), listAssessments(db, residentId), listCarePlans(db, residentId)]);
  return { visits, assessments, plans };
}

export interface TimelineData {
  /** The newest part, first (undefined while read). */
  head: TimelineHead | undefined;
  /** Everything, read once the head is painted (undefined until then). */
  full: TimelineInput | undefined;
}

/** The timeline's reads with the device's weight-change window: called by the page, at its first render. */
export function useResidentTimeline(residentId: string): TimelineData {
  return useTimelineData(residentId, useVitalSettings().weightChangeDays);
}

export function useTimelineData(residentId: string, weightChangeDays: number): TimelineData {
  const { db } = useStore();
  const head = useLiveQuery(() => readTimelineHead(db, residentId, weightChangeDays), [db, residentId, weightChangeDays]);
  // Started once the head is painted: the full read's rows would otherwise delay that paint.
  const headPainted = useAfterPaint(head);
  const full = useLiveQuery(() => (headPainted ? readTimeline(db, residentId) : undefined), [db, residentId, headPainted]);
  return { head, full };
}

