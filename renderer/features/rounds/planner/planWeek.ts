/**
 * The week planner's reads and writes (docs/domain.md §9). Opening a week reads only that week's
 * caregiver-day summaries (the roundCells read model), the directory, availability, leave and holidays
 * (readWeek); a day's visits are read when it opens (readDay); "plan the week" also reads the care
 * plans, the dependent residents' digests and homes, and the caregiver of each one's latest visit, runs the
 * planner (shared/rounds) and writes its proposal as draft round visits (planWeek), in local writes of
 * WRITE_CHUNK changes each so the page can show how far it is (a full week is ~3,900); it reports each step
 * through onProgress and waits for it, so the page can paint before the next step holds the main thread.
 * A run stopped between two writes leaves part of its proposal: the next run reuses those drafts and
 * removes what is left over (shared/rounds/drafts.ts), so planning again completes it.
 * Publishing, locking and moving are ordinary synced patches; a published visit's later change needs no extra
 * write: the caregiver's device compares it with what was published (shared/rounds/changed.ts).
 */
import { residentFullName } from '../../../../shared/resident';
import { planForWeek, visitingActivities, weekDemand, type DemandPlan, type DemandResident, type ReviewOverdue, type WeekDemand, type WithoutPlan } from '../../../../shared/rounds/demand';
import type { ResidentDigest } from '../../../../shared/digest';
import { publishPatch } from '../../../../shared/rounds/changed';
import { belowPlan, type BelowPlan } from '../../../../shared/rounds/belowPlan';
import { draftChanges } from '../../../../shared/rounds/drafts';
import type { RoundVisitData } from '../../../../shared/rounds/recordsSchema';
import { frameFor, homesOf, relayoutDay } from '../../../../shared/rounds/relayout';
import type { RoundCell } from '../../../../shared/rounds/cells';
import type { LatLon, PlanInput, PlanOutput, UnmetItem } from '../../../../shared/rounds/types';
import { keptVisits, planInputFor, type WeekCaregiver } from '../../../../shared/rounds/weekInput';
import type { DirectoryUser } from '../../../../shared/sync/directory';
import type { CareRoundsDb } from '../../../db/db';
import { runWrite, type WriteCtx } from '../../../db/repository';
import type { AvailabilityRecord, HolidayRecord, LeaveRecord, RoundVisitRecord } from '../../../db/syncRows';
import type { PlanReply } from './planReply';

const live = <T extends { deletedAt?: string | null }>(rows: readonly T[]): T[] => rows.filter((r) => r.deletedAt === null || r.deletedAt === undefined);

/** What the planner page reads to open a week: its caregiver-day summaries, not its round visits. */
export interface WeekData {
  caregivers: WeekCaregiver[];
  availability: AvailabilityRecord[];
  leaves: LeaveRecord[];
  holidays: HolidayRecord[];
  /** The week's caregiver-days (the roundCells read model). */
  cells: RoundCell[];
}

/** What a planner run reads: the same, with the week's round visits themselves. */
export interface WeekRecordsData extends Omit<WeekData, 'cells'> {
  rounds: RoundVisitRecord[];
}

/** Active caregivers of the directory, by name. */
export function caregiversOf(directory: readonly DirectoryUser[]): WeekCaregiver[] {
  return directory
    .filter((u) => u.role === 'caregiver' && u.active)
    .map((u) => ({ id: u.id, displayName: u.displayName, communities: u.communities, active: u.active }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'th') || (a.id < b.id ? -1 : 1));
}

/** Who may be planned and when: the directory's caregivers, availability, leave and holidays. */
async function readPlanningContext(db: CareRoundsDb): Promise<Omit<WeekData, 'cells'>> {
  const [directory, availability, leaves, holidays] = await Promise.all([db.directory.toArray(), db.availability.toArray(), db.leaves.toArray(), db.holidays.toArray()]);
  return { caregivers: caregiversOf(directory), availability: live(availability), leaves: live(leaves), holidays: live(holidays) };
}

export async function readWeek(db: CareRoundsDb, weekStart: string): Promise<WeekData> {
  const [context, cells] = await Promise.all([readPlanningContext(db), db.roundCells.where('weekStart').equals(weekStart).toArray()]);
  return { ...context, cells };
}

/** The week's live round visits. */
export async function readWeekRounds(db: CareRoundsDb, weekStart: string): Promise<RoundVisitRecord[]> {
  return live(await db.roundVisits.where('weekStart').equals(weekStart).toArray());
}

/** The live care plans, as the week's demand reads them. */
export async function readPlans(db: CareRoundsDb): Promise<DemandPlan[]> {
  return live(await db.carePlans.toArray()) as DemandPlan[];
}

/**
 * What the care plans require of the week (demand.ts weekDemand) for the residents of `digests` that have a
 * plan, the week's round visits counting as already there: the planner's below-plan list and the coverage
 * page both ask it.
 */
export function demandFromDigests(weekStart: string, plans: readonly DemandPlan[], digests: readonly ResidentDigest[], rounds: readonly RoundVisitRecord[]): WeekDemand {
  const withPlan = new Set(plans.map((p) => p.residentId));
  return weekDemand({
    weekStart,
    residents: digests.filter((d) => withPlan.has(d.id)).map((d) => ({ id: d.id, name: residentFullName(d), communityId: d.communityId, gps: null, status: d.status })),
    plans,
    existing: keptVisits(rounds),
  });
}

/**
 * Residents the week plans fewer visits for than their care plans require (shared/rounds/belowPlan.ts), with
 * their names, by name: the care plans, their residents' digests and the week's round visits. Read after the
 * grid is painted (a few thousand plans on a full device).
 */
export async function readBelowPlan(db: CareRoundsDb, weekStart: string): Promise<(BelowPlan & { name: string })[]> {
  const [plans, rounds] = await Promise.all([readPlans(db), readWeekRounds(db, weekStart)]);
  const digests = (await db.residentDigests.bulkGet([...new Set(plans.map((p) => p.residentId))])).flatMap((d) => (d && !d.deleted ? [d] : []));
  const names = new Map(digests.map((d) => [d.id, residentFullName(d)]));
  const demand = demandFromDigests(weekStart, plans, digests, rounds);
  return belowPlan(demand.demands.map((d) => ({ residentId: d.residentId, visits: d.visits })), rounds)
    .map((b) => ({ ...b, name: names.get(b.residentId) ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name, 'th') || (a.residentId < b.residentId ? -1 : 1));
}

/** One caregiver-day's live round visits, in route order. */
export async function readDay(db: CareRoundsDb, caregiverId: string, date: string): Promise<RoundVisitRecord[]> {
  return live(await db.roundVisits.where('[caregiverId+date]').equals([caregiverId, date]).toArray()).sort((a, b) => a.order - b.order);
}

export interface PlanRun {
  unmet: UnmetItem[];
  withoutPlan: WithoutPlan[];
  reviewOverdue: ReviewOverdue[];
  /** Resident names for the lists above. */
  names: Map<string, string>;
  /** Community names, for the explanations. */
  communityNames: Map<string, string>;
  planned: number;
  written: { created: number; changed: number; removed: number };
}

/** The residents a week is planned for: those with any care plan, and those whose latest ADL says they are dependent. */
async function residentsToPlan(db: CareRoundsDb, plans: readonly DemandPlan[]): Promise<DemandResident[]> {
  const withPlan = new Set(plans.map((p) => p.residentId));
  const digests = await db.residentDigests.filter((d) => !d.deleted && (withPlan.has(d.id) || (d.adl !== null && d.adl.group !== 'social'))).toArray();
  const homes = await db.residents.bulkGet(digests.map((d) => d.id));
  return digests.map((d, i) => ({
    id: d.id,
    name: residentFullName(d),
    communityId: d.communityId,
    gps: homes[i]?.gps ? { lat: homes[i].gps.lat, lng: homes[i].gps.lng } : null,
    status: d.status,
  }));
}

/** Who made each resident's latest visit (continuity), read from those visits only. */
async function lastVisitors(db: CareRoundsDb, residentIds: readonly string[]): Promise<Map<string, string>> {
  const digests = await db.residentDigests.bulkGet([...residentIds]);
  const latest = digests.flatMap((d) => (d?.latest ? [d.latest.id] : []));
  const visits = await db.visits.bulkGet(latest);
  const out = new Map<string, string>();
  for (const v of visits) if (v) out.set(v.residentId, v.caregiverId);
  return out;
}

/**
 * plan(input) in a dedicated worker (planWorker.ts), so the page stays responsive while it runs. The planner
 * is not also bundled into the page: a worker that cannot start is an error the page shows.
 */
export function planOffThread(input: PlanInput): Promise<PlanOutput> {
  if (typeof Worker === 'undefined') return Promise.reject(new Error('planner: this environment has no Worker'));
  return new Promise<PlanOutput>((resolve, reject) => {
    const worker = new Worker(new URL('./planWorker.ts', import.meta.url), { type: 'module', name: 'planner' });
    worker.onmessage = (e: MessageEvent<PlanReply>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.out);
      else reject(new Error(e.data.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      e.preventDefault();
      reject(new Error(`planner worker: ${e.message || 'it did not start'}`));
    };
    worker.postMessage(input);
  });
}

/** Changes written per local write by planWeek. */
export const WRITE_CHUNK = 500;

/** Where a planner run is: reading its input, planning, or writing `done` of `total` changes. */
export type PlanProgress = { step: 'reading' } | { step: 'planning' } | { step: 'writing'; done: number; total: number };

/** A planner run that failed after part of its proposal was written (`written` of `total` changes). */
export class PlanWriteError extends Error {
  constructor(
    readonly written: number,
    readonly total: number,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'PlanWriteError';
  }
}

type Change = { kind: 'create'; data: RoundVisitData } | { kind: 'patch'; id: string; changes: Partial<RoundVisitData> } | { kind: 'remove'; id: string };

export async function planWeek(
  db: CareRoundsDb,
  weekStart: string,
  ctx: WriteCtx,
  onProgress: (p: PlanProgress) => void | Promise<void> = () => undefined,
  /** false: published visits are planned again too (those that move are cancelled and re-created); locked ones stay. */
  keepPublished = true,
  /** Runs the planner: in a worker in the app; tests in Node pass shared/rounds/plan.ts plan itself. */
  runPlan: (input: PlanInput) => Promise<PlanOutput> = planOffThread,
): Promise<PlanRun> {
  await onProgress({ step: 'reading' });
  const [context, rounds] = await Promise.all([readPlanningContext(db), readWeekRounds(db, weekStart)]);
  const week: WeekRecordsData = { ...context, rounds };
  const plans = await readPlans(db);
  const residents = await residentsToPlan(db, plans);
  const existing = keptVisits(week.rounds);
  const demand = weekDemand({ weekStart, residents, plans, lastVisitor: await lastVisitors(db, residents.map((r) => r.id)), existing });
  const communities = (await db.communities.toArray()).map((c) => ({ id: c.id, name: c.nameTh }));
  const input = planInputFor({
    weekStart,
    caregivers: week.caregivers,
    availability: week.availability,
    leaves: week.leaves,
    holidays: week.holidays,
    communities,
    locations: residents.map((r) => ({ communityId: r.communityId, gps: r.gps })),
    demands: demand.demands,
    rounds: week.rounds,
    options: { keepPublished },
  });
  await onProgress({ step: 'planning' });
  const out = await runPlan(input);
  const plansOf = new Map<string, DemandPlan[]>();
  for (const p of plans) plansOf.set(p.residentId, [...(plansOf.get(p.residentId) ?? []), p]);
  const activitiesOf = new Map<string, string[]>();
  for (const d of demand.demands) {
    const found = planForWeek(plansOf.get(d.residentId) ?? [], weekStart);
    if (found.ok) activitiesOf.set(d.residentId, [...new Set(visitingActivities(found.plan.activities).map((a) => a.code))]);
  }
  const changes = draftChanges(weekStart, out, week.rounds, activitiesOf, new Map(residents.map((r) => [r.id, r.communityId])));
  const all: Change[] = [
    ...changes.create.map((data): Change => ({ kind: 'create', data })),
    ...changes.patch.map((p): Change => ({ kind: 'patch', id: p.id, changes: p.changes })),
    ...changes.remove.map((id): Change => ({ kind: 'remove', id })),
  ];
  await onProgress({ step: 'writing', done: 0, total: all.length });
  for (let from = 0; from < all.length; from += WRITE_CHUNK) {
    const chunk = all.slice(from, from + WRITE_CHUNK);
    try {
      await runWrite(db, ['roundVisits'], ctx, async (s) => {
        for (const c of chunk) {
          if (c.kind === 'create') await s.create('roundVisits', c.data);
          else if (c.kind === 'patch') await s.patch('roundVisits', c.id, c.changes);
          else await s.tombstone('roundVisits', c.id);
        }
      });
    } catch (err) {
      if (from === 0) throw err;
      throw new PlanWriteError(from, all.length, err);
    }
    await onProgress({ step: 'writing', done: from + chunk.length, total: all.length });
  }
  return {
    unmet: out.unmet,
    withoutPlan: demand.withoutPlan,
    reviewOverdue: demand.reviewOverdue,
    names: new Map(residents.map((r) => [r.id, r.name])),
    communityNames: new Map(communities.map((c) => [c.id, c.name])),
    planned: out.visits.length,
    written: { created: changes.create.length, changed: changes.patch.length, removed: changes.remove.length },
  };
}

/**
 * Publishes the week's drafts: each reaches its caregiver's devices at their next sync, with the view she is
 * sent (publishPatch), against which her device tells a later change (shared/rounds/changed.ts).
 */
export async function publishWeek(db: CareRoundsDb, weekStart: string, ctx: WriteCtx): Promise<number> {
  const drafts = (await readWeekRounds(db, weekStart)).filter((r) => r.status === 'draft');
  await runWrite(db, ['roundVisits'], ctx, async (s) => {
    for (const r of drafts) await s.patch('roundVisits', r.id, publishPatch(r));
  });
  return drafts.length;
}

export async function setLocked(db: CareRoundsDb, id: string, locked: boolean, ctx: WriteCtx): Promise<void> {
  await runWrite(db, ['roundVisits'], ctx, async (s) => {
    await s.patch('roundVisits', id, { locked });
  });
}

/** Where the residents of these round visits are visited (GPS, else their community's centre). */
async function homesFor(db: CareRoundsDb, rounds: readonly RoundVisitRecord[]): Promise<Map<string, LatLon>> {
  const residents = (await db.residents.bulkGet([...new Set(rounds.map((r) => r.residentId))])).flatMap((r) => (r ? [r] : []));
  const missing = [...new Set(residents.filter((r) => !r.gps).map((r) => r.communityId))];
  const neighbours = missing.length === 0 ? [] : await db.residents.where('communityId').anyOf(missing).toArray();
  const located = (r: { communityId: string; gps?: { lat: number; lng: number } | null }) => ({ communityId: r.communityId, gps: r.gps ? { lat: r.gps.lat, lng: r.gps.lng } : null });
  return homesOf(
    residents.map((r) => ({ id: r.id, ...located(r) })),
    neighbours.map(located),
  );
}

const liveOne = <T extends { deletedAt?: string | null }>(row: T | undefined): T | undefined => (row && !row.deletedAt ? row : undefined);

const dayRounds = async (db: CareRoundsDb, day: { caregiverId: string; date: string }): Promise<RoundVisitRecord[]> =>
  live(await db.roundVisits.where('[caregiverId+date]').equals([day.caregiverId, day.date]).toArray());

/**
 * Moves a visit to another caregiver-day, locked so a replan keeps it; both days are then put back in route
 * order with their times and legs (shared/rounds/relayout.ts), so the grid's km and hours stay true.
 */
export async function moveVisit(db: CareRoundsDb, id: string, to: { caregiverId: string; date: string }, ctx: WriteCtx): Promise<void> {
  const current = await db.roundVisits.get(id);
  if (!current) return;
  const from = { caregiverId: current.caregiverId, date: current.date };
  const [source, target, fromAvailability, toAvailability] = await Promise.all([dayRounds(db, from), dayRounds(db, to), db.availability.get(from.caregiverId), db.availability.get(to.caregiverId)]);
  const homes = await homesFor(db, [...source, ...target, current]);
  const changes: Partial<RoundVisitData> = { caregiverId: to.caregiverId, date: to.date, order: target.length, locked: true };
  if (!current.fixed) changes.minute = null;
  const moved = { ...current, ...changes };
  const days = [
    { frame: frameFor(to.caregiverId, liveOne(toAvailability)), rounds: [...target.filter((r) => r.id !== id), moved] },
    ...(from.caregiverId === to.caregiverId && from.date === to.date ? [] : [{ frame: frameFor(from.caregiverId, liveOne(fromAvailability)), rounds: source.filter((r) => r.id !== id) }]),
  ];
  await runWrite(db, ['roundVisits'], ctx, async (s) => {
    const patches = new Map<string, Partial<RoundVisitData>>([[id, changes]]);
    for (const day of days) {
      for (const p of relayoutDay(day.rounds, day.frame, homes)) patches.set(p.id, { ...patches.get(p.id), ...p.changes });
    }
    for (const [pid, c] of patches) await s.patch('roundVisits', pid, c);
  });
}
