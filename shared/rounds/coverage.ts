/**
 * Coverage of a week's rounds (docs/domain.md §9 weekly rounds, §5 home visits): for one week, per caregiver
 * and per community, how many round visits were planned and what became of them, the visits made without a
 * round, and the residents visited less often than their care plan asks. Pure: the page reads the stores and
 * hands the records here (renderer/features/rounds/coverage/readCoverage.ts).
 *
 * Rules (the tests hold each):
 * - Planned = the week's round visits sent to their caregiver: `published` ones and `cancelled` ones (only a
 *   sent visit is cancelled; an unsent draft is removed instead). Drafts are not planned for anyone yet and
 *   are only counted (`drafts`). Deleted rounds and rounds of other weeks are ignored.
 * - Every planned visit is in exactly one of: done, missed (its outcome), cancelled, or to do (published
 *   without an outcome). To do splits into `upcoming` (its day is today or later) and `unrecorded` (its day
 *   has passed and the caregiver recorded no outcome). So planned = done + missed + cancelled + toDo, and
 *   toDo = upcoming + unrecorded, for every group.
 * - A round counts for its caregiver and for its resident's community ('' when the resident is unknown to
 *   the device).
 * - Visit records of the week (serviceDate within it; deleted and voided ones ignored) are matched to
 *   published rounds: first the round whose `visitId` names the visit, then, for a visit no round names, a
 *   published round of the same resident, caregiver and day without a `visitId` (a caregiver who recorded
 *   the visit but not the link), one visit a round. A visit that took place (`done`) and matches no round is
 *   `unplanned`, counted for the visit's caregiver and the resident's community. Missed visit records without
 *   a round are not visits that took place and are not counted.
 * - A resident's visits that took place in the week = her done rounds + her unplanned visits. She is under-
 *   visited when that is less than her plan requires for the week (`required`, demand.ts weekDemand's
 *   `visits`). Residents the plans require nothing of are never under-visited.
 * - An under-visited resident belongs to one caregiver group: the caregiver with most of her planned rounds
 *   that week (ties: the smaller id), else her plan's primary caregiver, else none (''); and to her
 *   community's group. The missed reasons listed are those of her missed rounds, in day order.
 * - Caregiver groups: every caregiver given, plus any other with a round or a visit in the week, by name
 *   (Intl.Collator 'th', then id); community groups: every community with a round, a visit or an
 *   under-visited resident, by name; the unknown group ('') last. Residents within a group by name, then id.
 */
import { addDays } from '../dates/calendar';
import type { MISSED_REASONS, RoundVisitData } from './recordsSchema';

/** Why a round visit was missed (recordsSchema.ts MISSED_REASONS). */
export type MissedReason = (typeof MISSED_REASONS)[number];

export type CoverageRound = Pick<RoundVisitData, 'weekStart' | 'residentId' | 'caregiverId' | 'date' | 'status' | 'outcome' | 'missedReason' | 'visitId'> & {
  id: string;
  deletedAt?: string | null;
};

/** A visit record as it stands (amendments applied). */
export interface CoverageVisit {
  id: string;
  residentId: string;
  caregiverId: string;
  serviceDate: string;
  outcome: 'done' | 'missed';
  deletedAt?: string | null;
  voidReason?: string;
}

export interface CoverageResident {
  id: string;
  name: string;
  communityId: string;
}

/** What a resident's plan asks of the week (demand.ts ResidentDemand). */
export interface CoverageRequirement {
  residentId: string;
  visits: number;
  primaryCaregiverId: string | null;
}

export interface CoverageInput {
  /** The Monday of the week. */
  weekStart: string;
  /** Today's Bangkok date: rounds from today on are still to come. */
  today: string;
  rounds: readonly CoverageRound[];
  visits: readonly CoverageVisit[];
  residents: readonly CoverageResident[];
  required: readonly CoverageRequirement[];
  caregivers: readonly { id: string; name: string }[];
  communities: readonly { id: string; name: string }[];
}

export interface Tally {
  planned: number;
  done: number;
  missed: number;
  cancelled: number;
  /** Published without an outcome: upcoming + unrecorded. */
  toDo: number;
  upcoming: number;
  unrecorded: number;
  /** Visits that took place without a round. */
  unplanned: number;
}

export interface ResidentCoverage {
  residentId: string;
  name: string;
  communityId: string;
  /** The caregiver group she is listed under ('' = none). */
  caregiverId: string;
  required: number;
  /** Done rounds. */
  done: number;
  unplanned: number;
  /** done + unplanned. */
  tookPlace: number;
  missed: number;
  missedReasons: MissedReason[];
  /** Her rounds still to come this week. */
  upcoming: number;
}

export interface CoverageGroup {
  /** Caregiver or community id; '' = unknown. */
  id: string;
  name: string;
  tally: Tally;
  under: ResidentCoverage[];
}

export interface WeekCoverage {
  weekStart: string;
  /** Draft rounds of the week: not sent to a caregiver, so not planned. */
  drafts: number;
  total: Tally;
  byCaregiver: CoverageGroup[];
  byCommunity: CoverageGroup[];
  /** Every under-visited resident, by community then name. */
  under: ResidentCoverage[];
}

export function emptyTally(): Tally {
  return { planned: 0, done: 0, missed: 0, cancelled: 0, toDo: 0, upcoming: 0, unrecorded: 0, unplanned: 0 };
}

export function addTallies(a: Tally, b: Tally): Tally {
  return {
    planned: a.planned + b.planned,
    done: a.done + b.done,
    missed: a.missed + b.missed,
    cancelled: a.cancelled + b.cancelled,
    toDo: a.toDo + b.toDo,
    upcoming: a.upcoming + b.upcoming,
    unrecorded: a.unrecorded + b.unrecorded,
    unplanned: a.unplanned + b.unplanned,
  };
}

const collator = new Intl.Collator('th');
const byNameThenId = (a: { name: string; id: string }, b: { name: string; id: string }): number =>
  (a.id === '' ? 1 : 0) - (b.id === '' ? 1 : 0) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byResident = (a: ResidentCoverage, b: ResidentCoverage): number => collator.compare(a.name, b.name) || (a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0);
const alive = (r: { deletedAt?: string | null }): boolean => r.deletedAt === undefined || r.deletedAt === null;

/** The visit ids of the week that a planned round accounts for (rules above). */
export function matchVisits(rounds: readonly CoverageRound[], visits: readonly CoverageVisit[]): Set<string> {
  const published = rounds.filter((r) => r.status === 'published');
  const named = new Set(published.flatMap((r) => (r.visitId === null ? [] : [r.visitId])));
  const matched = new Set<string>();
  const open = new Map<string, number>();
  for (const r of published) {
    if (r.visitId !== null) continue;
    const key = `${r.residentId}|${r.caregiverId}|${r.date}`;
    open.set(key, (open.get(key) ?? 0) + 1);
  }
  for (const v of [...visits].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (named.has(v.id)) {
      matched.add(v.id);
      continue;
    }
    const key = `${v.residentId}|${v.caregiverId}|${v.serviceDate}`;
    const n = open.get(key) ?? 0;
    if (n > 0) {
      open.set(key, n - 1);
      matched.add(v.id);
    }
  }
  return matched;
}

/** The week's coverage (rules above). */
export function weekCoverage(input: CoverageInput): WeekCoverage {
  const { weekStart, today } = input;
  const weekEnd = addDays(weekStart, 6);
  const residents = new Map(input.residents.map((r) => [r.id, r]));
  const communityOf = (residentId: string): string => residents.get(residentId)?.communityId ?? '';

  const rounds = input.rounds.filter((r) => alive(r) && r.weekStart === weekStart);
  const drafts = rounds.filter((r) => r.status === 'draft').length;
  const planned = rounds.filter((r) => r.status !== 'draft').sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const visits = input.visits.filter((v) => alive(v) && v.voidReason === undefined && v.serviceDate >= weekStart && v.serviceDate <= weekEnd);
  const matched = matchVisits(planned, visits);
  const unplanned = visits.filter((v) => v.outcome === 'done' && !matched.has(v.id));

  const byCaregiver = new Map<string, Tally>();
  const byCommunity = new Map<string, Tally>();
  const bump = (m: Map<string, Tally>, id: string, f: (t: Tally) => void): void => {
    const t = m.get(id) ?? emptyTally();
    f(t);
    m.set(id, t);
  };
  const count = (f: (t: Tally) => void, caregiverId: string, residentId: string): void => {
    bump(byCaregiver, caregiverId, f);
    bump(byCommunity, communityOf(residentId), f);
  };

  interface Acc {
    done: number;
    unplanned: number;
    missed: number;
    missedReasons: MissedReason[];
    upcoming: number;
    roundsBy: Map<string, number>;
  }
  const perResident = new Map<string, Acc>();
  const acc = (residentId: string): Acc => {
    let a = perResident.get(residentId);
    if (!a) {
      a = { done: 0, unplanned: 0, missed: 0, missedReasons: [], upcoming: 0, roundsBy: new Map() };
      perResident.set(residentId, a);
    }
    return a;
  };

  for (const r of planned) {
    const a = acc(r.residentId);
    a.roundsBy.set(r.caregiverId, (a.roundsBy.get(r.caregiverId) ?? 0) + 1);
    count((t) => {
      t.planned++;
      if (r.status === 'cancelled') t.cancelled++;
      else if (r.outcome === 'done') t.done++;
      else if (r.outcome === 'missed') t.missed++;
      else {
        t.toDo++;
        if (r.date >= today) t.upcoming++;
        else t.unrecorded++;
      }
    }, r.caregiverId, r.residentId);
    if (r.status === 'cancelled') continue;
    if (r.outcome === 'done') a.done++;
    else if (r.outcome === 'missed') {
      a.missed++;
      if (r.missedReason !== null) a.missedReasons.push(r.missedReason);
    } else if (r.date >= today) a.upcoming++;
  }
  for (const v of unplanned) {
    acc(v.residentId).unplanned++;
    count((t) => t.unplanned++, v.caregiverId, v.residentId);
  }

  const under: ResidentCoverage[] = [];
  const seen = new Set<string>();
  for (const req of input.required) {
    if (seen.has(req.residentId)) continue;
    seen.add(req.residentId);
    const a = perResident.get(req.residentId) ?? acc(req.residentId);
    const tookPlace = a.done + a.unplanned;
    if (tookPlace >= req.visits) continue;
    let caregiverId = '';
    let most = 0;
    for (const [id, n] of a.roundsBy) if (n > most || (n === most && id < caregiverId)) [caregiverId, most] = [id, n];
    if (caregiverId === '') caregiverId = req.primaryCaregiverId ?? '';
    under.push({
      residentId: req.residentId,
      name: residents.get(req.residentId)?.name ?? '',
      communityId: communityOf(req.residentId),
      caregiverId,
      required: req.visits,
      done: a.done,
      unplanned: a.unplanned,
      tookPlace,
      missed: a.missed,
      missedReasons: a.missedReasons,
      upcoming: a.upcoming,
    });
  }

  const caregiverNames = new Map(input.caregivers.map((c) => [c.id, c.name]));
  const communityNames = new Map(input.communities.map((c) => [c.id, c.name]));
  const groups = (ids: Iterable<string>, tallies: Map<string, Tally>, names: Map<string, string>, key: 'caregiverId' | 'communityId'): CoverageGroup[] =>
    [...new Set(ids)]
      .map((id) => ({ id, name: names.get(id) ?? '', tally: tallies.get(id) ?? emptyTally(), under: under.filter((u) => u[key] === id).sort(byResident) }))
      .sort(byNameThenId);

  const caregiverIds = [...input.caregivers.map((c) => c.id), ...byCaregiver.keys(), ...under.map((u) => u.caregiverId)];
  const communityIds = [...byCommunity.keys(), ...under.map((u) => u.communityId)];
  const byCommunityGroups = groups(communityIds, byCommunity, communityNames, 'communityId');
  return {
    weekStart,
    drafts,
    total: [...byCaregiver.values()].reduce(addTallies, emptyTally()),
    byCaregiver: groups(caregiverIds, byCaregiver, caregiverNames, 'caregiverId'),
    byCommunity: byCommunityGroups,
    under: byCommunityGroups.flatMap((g) => g.under),
  };
}
