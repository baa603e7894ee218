/**
 * What a planner run writes (docs/domain.md §9): the week's round-visit records brought in line with the
 * plan, with as few changes as possible, since every change is synced and a published one reaches a
 * caregiver. Pure: the page applies the result in one local write.
 *
 * Rules:
 * - A kept visit (locked, or published and kept) stays where it is; only its place in the day's route
 *   (`order`, `legKm`) and, unless fixed, its planned time follow the new route.
 * - A newly planned visit reuses one of the resident's unlocked drafts (in date order), changing only the
 *   fields that differ; drafts left over are removed; visits beyond them are created as drafts.
 * - When the care manager asks to replan published visits too, a newly planned visit that lands where one of
 *   the resident's published visits already is (same caregiver, same day) keeps that visit, published, with
 *   only its route fields changed: nothing reaches the caregiver that did not change for her.
 * - Published visits the run did not keep otherwise are cancelled, not deleted: the caregiver's device shows
 *   the change. One with an outcome (done or missed) is history and never changes.
 */
import type { RoundVisitData } from './recordsSchema';
import type { PlanOutput, PlannedVisit } from './types';

export interface StoredRound extends RoundVisitData {
  id: string;
}

export interface DraftChanges {
  create: RoundVisitData[];
  patch: { id: string; changes: Partial<RoundVisitData> }[];
  remove: string[];
}

/** Tenths of a km: enough for a grid, and a replan that moves nothing writes nothing. */
const roundKm = (km: number): number => Math.round(km * 10) / 10;

const byDateThenId = (a: StoredRound, b: StoredRound): number => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function changed(stored: RoundVisitData, wanted: Partial<RoundVisitData>): Partial<RoundVisitData> {
  const out: Partial<RoundVisitData> = {};
  for (const [k, v] of Object.entries(wanted) as [keyof RoundVisitData, unknown][]) {
    const before = stored[k];
    if (JSON.stringify(before) !== JSON.stringify(v)) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function draftChanges(
  weekStart: string,
  output: PlanOutput,
  stored: readonly StoredRound[],
  activitiesOf: ReadonlyMap<string, readonly string[]>,
  communityOf: ReadonlyMap<string, string>,
): DraftChanges {
  const orderOf = new Map<PlannedVisit, number>();
  for (const route of output.routes) route.visits.forEach((v, i) => orderOf.set(v, i));
  const byId = new Map(stored.map((r) => [r.id, r]));
  const spare = new Map<string, StoredRound[]>();
  for (const r of [...stored].sort(byDateThenId)) {
    if (r.status === 'draft' && !r.locked) spare.set(r.residentId, [...(spare.get(r.residentId) ?? []), r]);
  }
  const out: DraftChanges = { create: [], patch: [], remove: [] };
  const keptIds = new Set<string>();
  const keptByPlan = new Set(output.visits.flatMap((v) => (v.existingId === null ? [] : [v.existingId])));
  // Published visits the run was free to move, by resident: reused where the plan leaves them on their day.
  const replannable = new Map<string, StoredRound[]>();
  for (const r of [...stored].sort(byDateThenId)) {
    if (r.status === 'published' && r.outcome === null && !keptByPlan.has(r.id)) replannable.set(r.residentId, [...(replannable.get(r.residentId) ?? []), r]);
  }
  const route = (r: StoredRound, v: PlannedVisit, order: number): Partial<RoundVisitData> => (r.fixed ? { order, legKm: roundKm(v.legKm) } : { order, legKm: roundKm(v.legKm), minute: v.start });
  const push = (id: string, changes: Partial<RoundVisitData>): void => {
    if (Object.keys(changes).length > 0) out.patch.push({ id, changes });
  };
  for (const v of output.visits) {
    const order = orderOf.get(v) ?? 0;
    if (v.existingId !== null) {
      const kept = byId.get(v.existingId);
      if (kept === undefined) continue;
      keptIds.add(kept.id);
      push(kept.id, changed(kept, route(kept, v, order)));
      continue;
    }
    const same = replannable.get(v.residentId)?.find((r) => r.caregiverId === v.caregiverId && r.date === v.date && !keptIds.has(r.id));
    if (same !== undefined) {
      keptIds.add(same.id);
      push(same.id, changed(same, route(same, v, order)));
      continue;
    }
    const wanted: RoundVisitData = {
      weekStart,
      residentId: v.residentId,
      communityId: communityOf.get(v.residentId) ?? '',
      caregiverId: v.caregiverId,
      date: v.date,
      minute: v.start,
      minutes: v.minutes,
      fixed: v.fixed,
      order,
      legKm: roundKm(v.legKm),
      activities: [...(activitiesOf.get(v.residentId) ?? [])],
      status: 'draft',
      locked: false,
      outcome: null,
      missedReason: null,
      outcomeNote: '',
      visitId: null,
    };
    const reuse = spare.get(v.residentId)?.shift();
    if (reuse === undefined) out.create.push(wanted);
    else push(reuse.id, changed(reuse, wanted));
  }
  for (const rest of spare.values()) for (const r of rest) out.remove.push(r.id);
  for (const r of stored) {
    if (r.status === 'published' && !keptIds.has(r.id) && r.outcome === null) out.patch.push({ id: r.id, changes: { status: 'cancelled' } });
  }
  return out;
}
