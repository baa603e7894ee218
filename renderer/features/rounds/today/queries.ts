/**
 * What the caregiver's day of rounds (#/today) reads, in one place (display components never query):
 * her round visits of one day through the `[caregiverId+date]` index (a handful of rows among thousands),
 * their residents, and each resident's digest for "found last time" (docs/architecture.md "Read models").
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
import { lastFound, roundsOfDay, type LastFound } from '../../../../shared/rounds/today';
import type { Resident } from '../../../../shared/resident';
import { resolveVitalSettings } from '../../../../shared/vitals';
import { useStore } from '../../../app/StoreProvider';
import type { CareRoundsDb } from '../../../db/db';
import { isCurrentBuild, READ_MODELS_KEY } from '../../../db/readModels';
import type { RegisterRowRecord } from '../../../db/registerRows';
import { readVitalOverrides } from '../../../db/settings';
import type { RoundVisitRecord } from '../../../db/syncRows';

export interface TodayData {
  rounds: RoundVisitRecord[];
  /** The residents of the day's rounds that this device holds (live ones). */
  residents: ReadonlyMap<string, Resident>;
}

/** Per resident; `preparing` while the digests cannot be trusted. */
export type FoundLastTime = ReadonlyMap<string, LastFound> | 'preparing';

export function loadToday(db: CareRoundsDb, caregiverId: string, date: string): Promise<TodayData> {
  return db.transaction('r', [db.roundVisits, db.residents], async () => {
    const rows = await db.roundVisits.where('[caregiverId+date]').equals([caregiverId, date]).toArray();
    const rounds = roundsOfDay(rows, caregiverId, date);
    const residentRows = await db.residents.bulkGet([...new Set(rounds.map((r) => r.residentId))]);
    const residents = new Map<string, Resident>();
    for (const r of residentRows) if (r && r.deletedAt === null) residents.set(r.id, r);
    return { rounds, residents };
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
