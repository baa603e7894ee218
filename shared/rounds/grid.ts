/**
 * The week planner's grid (docs/domain.md §9): one row per caregiver, one cell per day, each cell what the
 * care manager needs at a glance — visits, hours (visits plus travel at the planner's speed), km — and why
 * a day needs a look: leave, a holiday, a day she does not work, more than her working hours, a resident
 * outside her communities (she was taken off a community after the plan: to replan). Also her week's total
 * against her weekly cap. Pure.
 *
 * The grid is built from one summary per caregiver-day (RoundCell), not from the round visits: the device
 * keeps those summaries as a read model (renderer/db/readModels/roundCells.ts, docs/architecture.md "Read
 * models"), so opening a week reads ~1,000 small rows instead of ~4,000 records. cells.ts cellOf is the one
 * definition of a summary; the read model and the tests both use it.
 */
import { cellKey, type RoundCell } from './cells';
import type { AvailabilityData, HolidayData, LeaveData } from './recordsSchema';
import { dayOfWeek } from '../dates/calendar';
import { defaultAvailability } from './availability';
import { weekDates } from './weekInput';

export type CellWarning = 'leave' | 'holiday' | 'not_working' | 'overload' | 'community';

export interface GridCell {
  date: string;
  visits: number;
  /** Of those, locked. */
  locked: number;
  /** Visit minutes plus travel minutes. */
  minutes: number;
  km: number;
  warnings: CellWarning[];
}

export interface GridRow {
  caregiverId: string;
  name: string;
  cells: GridCell[];
  weekVisits: number;
  weekMinutes: number;
  weeklyVisitCap: number;
  overCap: boolean;
}

export interface GridInput {
  weekStart: string;
  caregivers: readonly { id: string; displayName: string; communities: readonly string[] }[];
  availability: readonly AvailabilityData[];
  leaves: readonly LeaveData[];
  holidays: readonly HolidayData[];
  /** The week's caregiver-days (cellOf). */
  cells: readonly RoundCell[];
}

export function weekGrid(g: GridInput): GridRow[] {
  const dates = weekDates(g.weekStart);
  const holidays = new Set(g.holidays.map((h) => h.date));
  const availability = new Map(g.availability.map((a) => [a.userId, a]));
  const byCell = new Map(g.cells.map((c) => [c.key, c]));
  return g.caregivers.map((c) => {
    const a = availability.get(c.id) ?? defaultAvailability(c.id);
    const onLeave = (d: string) => g.leaves.some((l) => l.userId === c.id && l.from <= d && d <= l.to);
    const cells = dates.map((date): GridCell => {
      const cell = byCell.get(cellKey(c.id, date));
      const visits = cell?.visits ?? 0;
      const minutes = cell?.minutes ?? 0;
      const warnings: CellWarning[] = [];
      if (visits > 0) {
        if (onLeave(date)) warnings.push('leave');
        if (holidays.has(date)) warnings.push('holiday');
        if (!a.workingDays.includes(dayOfWeek(date))) warnings.push('not_working');
        if (minutes > a.endMinute - a.startMinute) warnings.push('overload');
        if (cell?.communities.some((x) => !c.communities.includes(x))) warnings.push('community');
      }
      return { date, visits, locked: cell?.locked ?? 0, minutes, km: Math.round((cell?.km ?? 0) * 10) / 10, warnings };
    });
    const weekVisits = cells.reduce((s, x) => s + x.visits, 0);
    return {
      caregiverId: c.id,
      name: c.displayName,
      cells,
      weekVisits,
      weekMinutes: cells.reduce((s, x) => s + x.minutes, 0),
      weeklyVisitCap: a.weeklyVisitCap,
      overCap: weekVisits > a.weeklyVisitCap,
    };
  });
}

/** Why a move onto this caregiver-day needs the care manager's confirmation (none: it can go ahead). */
export function moveWarnings(
  to: { caregiverId: string; date: string },
  residentCommunityId: string | null,
  caregiver: { communities: readonly string[] },
  g: Pick<GridInput, 'availability' | 'leaves' | 'holidays'>,
): ('leave' | 'holiday' | 'not_working' | 'community')[] {
  const a = g.availability.find((x) => x.userId === to.caregiverId) ?? defaultAvailability(to.caregiverId);
  const out: ('leave' | 'holiday' | 'not_working' | 'community')[] = [];
  if (g.leaves.some((l) => l.userId === to.caregiverId && l.from <= to.date && to.date <= l.to)) out.push('leave');
  if (g.holidays.some((h) => h.date === to.date)) out.push('holiday');
  if (!a.workingDays.includes(dayOfWeek(to.date))) out.push('not_working');
  if (residentCommunityId !== null && !caregiver.communities.includes(residentCommunityId)) out.push('community');
  return out;
}
