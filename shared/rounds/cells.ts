/**
 * The week planner's caregiver-day summary (docs/domain.md §9): what the grid (grid.ts) shows of one
 * caregiver's day of round visits. The device keeps one per day as a read model
 * (renderer/db/readModels/roundCells.ts); this is its one definition. Kept apart from grid.ts so the database
 * layer, which every page loads, carries only this. Pure.
 */
import { legMinutes } from './geo';
import type { RoundVisitData } from './recordsSchema';
import { DEFAULT_PLAN_OPTIONS } from './types';

/**
 * One caregiver-day of round visits, summed: what the grid shows of it. Live records only (tombstones are
 * not counted); cancelled visits count only in `cancelled`.
 */
export interface RoundCell {
  /** `<caregiverId> <date>`. */
  key: string;
  weekStart: string;
  caregiverId: string;
  date: string;
  /** Drafts and published visits. */
  visits: number;
  locked: number;
  /** Visit minutes plus travel minutes (at the planner's speed from each visit's legKm). */
  minutes: number;
  /** Sum of legKm, unrounded. */
  km: number;
  /** The communities of its visits, sorted, each once. */
  communities: string[];
  drafts: number;
  published: number;
  cancelled: number;
}

export type CellSource = Pick<RoundVisitData, 'weekStart' | 'caregiverId' | 'date' | 'status' | 'locked' | 'minutes' | 'legKm' | 'communityId'> & { deletedAt?: string | null };

export const cellKey = (caregiverId: string, date: string): string => `${caregiverId} ${date}`;

const TRAVEL = { detourFactor: DEFAULT_PLAN_OPTIONS.detourFactor, speedKmh: DEFAULT_PLAN_OPTIONS.speedKmh };

/** The summary of one caregiver-day's round visits (all of the same caregiver and date); null when none is live. */
export function cellOf(rows: readonly CellSource[]): RoundCell | null {
  const live = rows.filter((r) => r.deletedAt === null || r.deletedAt === undefined);
  const first = live[0];
  if (first === undefined) return null;
  const cell: RoundCell = { key: cellKey(first.caregiverId, first.date), weekStart: first.weekStart, caregiverId: first.caregiverId, date: first.date, visits: 0, locked: 0, minutes: 0, km: 0, communities: [], drafts: 0, published: 0, cancelled: 0 };
  const communities = new Set<string>();
  for (const r of live) {
    if (r.status === 'cancelled') {
      cell.cancelled++;
      continue;
    }
    if (r.status === 'draft') cell.drafts++;
    else cell.published++;
    cell.visits++;
    if (r.locked) cell.locked++;
    cell.minutes += r.minutes + legMinutes(TRAVEL, r.legKm);
    cell.km += r.legKm;
    communities.add(r.communityId);
  }
  cell.communities = [...communities].sort();
  return cell;
}

/** The summaries of any round visits (grouped by caregiver-day). */
export function cellsOf(rows: readonly CellSource[]): RoundCell[] {
  const byKey = new Map<string, CellSource[]>();
  for (const r of rows) {
    const k = cellKey(r.caregiverId, r.date);
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  return [...byKey.values()].flatMap((list) => cellOf(list) ?? []);
}

