/**
 * Residents the week plans fewer visits for than their care plan requires (docs/domain.md §9): the
 * planner's "below the plan's frequency" warning. A visit counts as planned when it is a draft or published
 * (not cancelled, not deleted), whatever its outcome: this is about the plan, not about what took place
 * (coverage.ts counts that). Pure.
 */
import type { RoundVisitData } from './recordsSchema';

export interface Required {
  residentId: string;
  /** Visits her plan requires this week (demand.ts weekDemand `visits`). */
  visits: number;
}

export interface BelowPlan {
  residentId: string;
  required: number;
  planned: number;
}

type PlannedRound = Pick<RoundVisitData, 'residentId' | 'status'> & { deletedAt?: string | null };

/** Each resident with fewer planned visits than required, in the order of `required` (each once). */
export function belowPlan(required: readonly Required[], rounds: readonly PlannedRound[]): BelowPlan[] {
  const planned = new Map<string, number>();
  for (const r of rounds) {
    if (r.status === 'cancelled' || (r.deletedAt !== null && r.deletedAt !== undefined)) continue;
    planned.set(r.residentId, (planned.get(r.residentId) ?? 0) + 1);
  }
  const out: BelowPlan[] = [];
  const seen = new Set<string>();
  for (const q of required) {
    if (seen.has(q.residentId)) continue;
    seen.add(q.residentId);
    const n = planned.get(q.residentId) ?? 0;
    if (n < q.visits) out.push({ residentId: q.residentId, required: q.visits, planned: n });
  }
  return out;
}
