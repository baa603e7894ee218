/**
 * What the caregiver's day of rounds (#/today) reads, in one place (display components never query):
 * her round visits of one day through the `[caregiverId+date]` index (a handful of rows among thousands),
 * their residents, what she acknowledged of those changed after publishing (db/roundSeen.ts), those given to
 * someone else (db/roundGone.ts), her visits of
 * other days from today on that changed since she saw them, and each resident's digest for "found last time"
 * (docs/architecture.md "Read models").
 *
 * Invariants:
 * - Each hook is one live query, `undefined` until its first read answers, so the page shows nothing rather
 *   than "not on this device" while loading, and a write (hers, or one arriving by sync) updates it.
 * - Digests are used only while the read models' marker vouches for them; otherwise "found last time" is
 *   `preparing` for the day, never a possibly wrong summary.
 * - The rows are read apart from "found last time" (the marker in `meta`, the settings, the digests), so
 *   they never wait behind a write to `meta` or the read models' start-up check (bench rounds.today.open).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { roundChange, type RoundView } from '../../../../shared/rounds/changed';
import { lastFound, roundsOfDay, type LastFound } from '../../../../shared/rounds/today';
import type { Resident } from '../../../../shared/resident';
import { resolveVitalSettings } from '../../../../shared/vitals';
import { useStore } from '../../../app/StoreProvider';
import type { CareRoundsDb } from '../../../db/db';
import { isCurrentBuild, READ_MODELS_KEY } from '../../../db/readModels';
import type { RegisterRowRecord } from '../../../db/registerRows';
import { readGone, readGoneFrom, type RoundGone } from '../../../db/roundGone';
import { readRoundSeen } from '../../../db/roundSeen';
import { readVitalOverrides } from '../../../db/settings';
import type { RoundVisitRecord } from '../../../db/syncRows';

export interface TodayData {
  rounds: RoundVisitRecord[];
  /** The residents of the day's rounds that this device holds (live ones). */
  residents: ReadonlyMap<string, Resident>;
  /** What she acknowledged of the day's rounds (shared/rounds/changed.ts), by round id. */
  seen: ReadonlyMap<string, RoundView>;
  /** Her visits of the day given to someone else, not yet acknowledged (db/roundGone.ts). */
  gone: RoundGone[];
}

/** Per resident; `preparing` while the digests cannot be trusted. */
export type FoundLastTime = ReadonlyMap<string, LastFound> | 'preparing';

export function loadToday(db: CareRoundsDb, caregiverId: string, date: string): Promise<TodayData> {
  return db.transaction('r', [db.roundVisits, db.residents, db.roundSeen, db.roundGone], async () => {
    const [rows, gone] = await Promise.all([db.roundVisits.where('[caregiverId+date]').equals([caregiverId, date]).toArray(), readGone(db, caregiverId, date)]);
    const rounds = roundsOfDay(rows, caregiverId, date);
    const residentIds = [...new Set([...rounds.map((r) => r.residentId), ...gone.map((g) => g.residentId)])];
    const [residentRows, seen] = await Promise.all([db.residents.bulkGet(residentIds), readRoundSeen(db, rounds.map((r) => r.id), caregiverId)]);
    const residents = new Map<string, Resident>();
    for (const r of residentRows) if (r && r.deletedAt === null) residents.set(r.id, r);
    return { rounds, residents, seen, gone };
  });
}

/**
 * Her days from `from` on, other than `except`, that hold a visit changed since she saw it or given to
 * someone else, with how many: a visit moved off the day she is looking at is not lost from sight.
 */
export function loadChangedElsewhere(db: CareRoundsDb, caregiverId: string, from: string, except: string): Promise<{ date: string; n: number }[]> {
  return db.transaction('r', [db.roundVisits, db.roundSeen, db.roundGone], async () => {
    const [rows, gone] = await Promise.all([db.roundVisits.where('[caregiverId+date]').between([caregiverId, from], [caregiverId, '\uffff'], true, true).toArray(), readGoneFrom(db, caregiverId, from)]);
    const mine = rows.filter((r) => r.date !== except && r.deletedAt === null);
    const seen = await readRoundSeen(db, mine.map((r) => r.id), caregiverId);
    const byDate = new Map<string, number>();
    for (const r of mine) if (roundChange(r, seen.get(r.id)) !== null) byDate.set(r.date, (byDate.get(r.date) ?? 0) + 1);
    for (const g of gone) if (g.date !== except) byDate.set(g.date, (byDate.get(g.date) ?? 0) + 1);
    return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, n]) => ({ date, n }));
  });
}

export function loadFoundLastTime(db: CareRoundsDb, residentIds: readonly string[]): Promise<FoundLastTime> {
  return db.transaction('r', [db.residentDigests, db.meta], async (): Promise<FoundLastTime> => {
    const [digests, marker, overrides] = await Promise.all([db.residentDigests.bulkGet([...residentIds]), db.meta.get(READ_MODELS_KEY), readVitalOverrides(db)]);
    if (!isCurrentBuild(marker)) return 'preparing';
    const settings = resolveVitalSettings(overrides);
    const byResident = new Map<string, LastFound>();
    residentIds.forEach((id, i) => byResident.set(id, lastFound(digests[i], settings)));
    return byResident;
  });
}

export function useToday(caregiverId: string, date: string): TodayData | undefined {
  const { db } = useStore();
  return useLiveQuery(() => loadToday(db, caregiverId, date), [db, caregiverId, date]);
}

export function useChangedElsewhere(caregiverId: string, from: string, except: string): { date: string; n: number }[] | undefined {
  const { db } = useStore();
  return useLiveQuery(() => loadChangedElsewhere(db, caregiverId, from, except), [db, caregiverId, from, except]);
}

/** "Found last time" of the day's residents; undefined while reading (the rows show meanwhile). */
export function useFoundLastTime(residentIds: readonly string[]): FoundLastTime | undefined {
  const { db } = useStore();
  const key = residentIds.join(',');
  return useLiveQuery(() => loadFoundLastTime(db, key === '' ? [] : key.split(',')), [db, key]);
}

/** The live residents the device holds (a caregiver's device holds her communities' only), for an unplanned visit. */
export function usePickableResidents(enabled: boolean): RegisterRowRecord[] | undefined {
  const { db } = useStore();
  return useLiveQuery(async () => (enabled ? (await db.registerRows.toArray()).filter((r) => r.deletedAt === null && r.status !== 'died' && r.status !== 'moved') : []), [db, enabled]);
}
