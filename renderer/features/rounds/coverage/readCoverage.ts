/**
 * The coverage page's reads (docs/domain.md §9 weekly rounds, §5 home visits): one week's round visits (by
 * their `weekStart` index), the visit records of that week only, the care plans with the digests of the
 * residents they are for (what the plans required of the week, demand.ts weekDemand), the directory's
 * caregivers and the community names; the counting is shared/rounds/coverage.ts.
 *
 * A device holds about 200,000 visits and the visits store has only the `[residentId+startedAt]` index
 * (docs/architecture.md "Read models"), so the week's visits are read as one range of that index per resident
 * whose digest has a visit on or after the week's Monday (a resident whose latest visit is older has none in
 * the week), with a day's margin on each side of the week's instants, then kept by their service date. Their
 * amendments are applied (an amended outcome or a void counts as amended).
 */
import { addDays, bangkokInstant } from '../../../../shared/dates/calendar';
import { residentFullName } from '../../../../shared/resident';
import { weekCoverage, type CoverageVisit, type WeekCoverage } from '../../../../shared/rounds/coverage';
import { applyAmendments } from '../../../../shared/visit';
import type { CareRoundsDb } from '../../../db/db';
import type { Locale } from '../../../i18n/catalog';
import { caregiversOf, demandFromDigests, readPlans, readWeekRounds } from '../planner/planWeek';

/** The week's visit records, amendments applied: one index range per resident visited since the week began. */
export async function readWeekVisits(db: CareRoundsDb, weekStart: string): Promise<CoverageVisit[]> {
  const residentIds = await db.residentDigests.filter((d) => d.latest !== null && d.latest.date >= weekStart).primaryKeys();
  if (residentIds.length === 0) return [];
  const from = bangkokInstant(addDays(weekStart, -1), '00:00');
  const to = bangkokInstant(addDays(weekStart, 8), '00:00');
  const rows = await db.visits
    .where('[residentId+startedAt]')
    .inAnyRange(residentIds.map((id) => [[id, from], [id, to]] as const))
    .toArray();
  const amendments = rows.length === 0 ? [] : await db.visitAmendments.where('visitId').anyOf(rows.map((v) => v.id)).toArray();
  const weekEnd = addDays(weekStart, 6);
  const out: CoverageVisit[] = [];
  for (const raw of rows) {
    const mine = amendments.filter((a) => a.visitId === raw.id);
    const v = mine.length === 0 ? raw : applyAmendments(raw, mine).current;
    if (v.serviceDate < weekStart || v.serviceDate > weekEnd) continue;
    const stored = raw as typeof raw & { voidReason?: string };
    out.push({
      id: raw.id,
      residentId: v.residentId,
      caregiverId: v.caregiverId,
      serviceDate: v.serviceDate,
      outcome: v.outcome,
      deletedAt: raw.deletedAt ?? null,
      ...(stored.voidReason === undefined ? {} : { voidReason: stored.voidReason }),
    });
  }
  return out;
}

export async function readCoverage(db: CareRoundsDb, weekStart: string, today: string, locale: Locale): Promise<WeekCoverage> {
  const [directory, rounds, plans, communities, visits] = await Promise.all([
    db.directory.toArray(),
    readWeekRounds(db, weekStart),
    readPlans(db),
    db.communities.toArray(),
    readWeekVisits(db, weekStart),
  ]);
  const named = new Set([...plans.map((p) => p.residentId), ...rounds.map((r) => r.residentId), ...visits.map((v) => v.residentId)]);
  const digests = (await db.residentDigests.bulkGet([...named])).flatMap((d) => (d && !d.deleted ? [d] : []));
  const demand = demandFromDigests(weekStart, plans, digests, rounds);
  return weekCoverage({
    weekStart,
    today,
    rounds,
    visits,
    residents: digests.map((d) => ({ id: d.id, name: residentFullName(d), communityId: d.communityId })),
    required: demand.demands.map((d) => ({ residentId: d.residentId, visits: d.visits, primaryCaregiverId: d.primaryCaregiverId })),
    caregivers: caregiversOf(directory).map((c) => ({ id: c.id, name: c.displayName })),
    communities: communities.map((c) => ({ id: c.id, name: locale === 'th' ? c.nameTh : c.nameEn })),
  });
}
