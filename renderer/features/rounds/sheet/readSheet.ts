/**
 * What a route sheet reads from the device's store: the caregiver's round visits of the sheet's dates (by the
 * [caregiverId+date] index), their residents' records, and her name from the directory. The choice of what
 * is printed is shared/rounds/sheet.ts's.
 */
import { addDays } from '../../../../shared/dates/calendar';
import type { Resident } from '../../../../shared/resident';
import type { SheetSpan } from '../../../../shared/rounds/sheet';
import type { CareRoundsDb } from '../../../db/db';
import type { RoundVisitRecord } from '../../../db/syncRows';

export interface SheetData {
  rounds: RoundVisitRecord[];
  residents: Resident[];
  /** Null when the directory on this device does not know her. */
  caregiverName: string | null;
}

/** `first` is the day, or the week's Monday. */
export async function readSheet(db: CareRoundsDb, caregiverId: string, span: SheetSpan, first: string): Promise<SheetData> {
  const last = span === 'day' ? first : addDays(first, 6);
  const [rounds, caregiver] = await Promise.all([
    db.roundVisits.where('[caregiverId+date]').between([caregiverId, first], [caregiverId, last], true, true).toArray(),
    db.directory.get(caregiverId),
  ]);
  const ids = [...new Set(rounds.map((r) => r.residentId))];
  const residents = (await db.residents.bulkGet(ids)).filter((r): r is Resident => r !== undefined && r.deletedAt === null);
  return { rounds, residents, caregiverName: caregiver?.displayName ?? null };
}
