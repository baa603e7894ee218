/**
 * Cover for a caregiver's day (docs/domain.md §9): when she calls in sick, the care manager asks who could
 * take her visits that day, and gets every other active caregiver ranked: first who can take the day at
 * all (she works that weekday, is not on leave, it is not a holiday), then by skill (has every skill the
 * visits need), same community (how many of the visits' residents live in her communities), continuity
 * (how many of them she has visited in the rounds on this device) and this week's load (fewest visits
 * that day, then that week, against her cap). Pure; the reasons are returned so the page can show them.
 */
import { dayOfWeek } from '../dates/calendar';
import type { AvailabilityData, LeaveData, RoundVisitData } from './recordsSchema';
import { skillsForActivities } from './skills';
import { defaultAvailability } from './availability';

export interface CoverCandidate {
  caregiverId: string;
  name: string;
  /** Works that day, not on leave, not a holiday. */
  available: boolean;
  /** The skills the day's visits need that she lacks. */
  missingSkills: string[];
  /** Of the day's visits, those whose resident lives in her communities. */
  sameCommunity: number;
  /** Of the day's residents, those she has visited in earlier or other rounds. */
  knows: number;
  dayVisits: number;
  weekVisits: number;
  weeklyVisitCap: number;
}

export interface CoverInput {
  /** The sick caregiver's visits that day (not cancelled). */
  visits: readonly RoundVisitData[];
  date: string;
  absentId: string;
  caregivers: readonly { id: string; displayName: string; communities: readonly string[] }[];
  availability: readonly AvailabilityData[];
  leaves: readonly LeaveData[];
  holidays: readonly { date: string }[];
  /** Every round visit on the device (this week's and earlier), for load and continuity. */
  rounds: readonly RoundVisitData[];
}

export function coverCandidates(c: CoverInput): CoverCandidate[] {
  const needed = skillsForActivities(c.visits.flatMap((v) => v.activities));
  const residents = new Set(c.visits.map((v) => v.residentId));
  const weekStart = c.visits[0]?.weekStart ?? null;
  const holiday = c.holidays.some((h) => h.date === c.date);
  const out = c.caregivers
    .filter((cg) => cg.id !== c.absentId)
    .map((cg): CoverCandidate => {
      const a = c.availability.find((x) => x.userId === cg.id) ?? defaultAvailability(cg.id);
      const onLeave = c.leaves.some((l) => l.userId === cg.id && l.from <= c.date && c.date <= l.to);
      const hers = c.rounds.filter((r) => r.caregiverId === cg.id && r.status !== 'cancelled');
      return {
        caregiverId: cg.id,
        name: cg.displayName,
        available: !holiday && !onLeave && a.workingDays.includes(dayOfWeek(c.date)),
        missingSkills: needed.filter((s) => !a.skills.includes(s)),
        sameCommunity: c.visits.filter((v) => cg.communities.includes(v.communityId)).length,
        knows: new Set(hers.filter((r) => residents.has(r.residentId)).map((r) => r.residentId)).size,
        dayVisits: hers.filter((r) => r.date === c.date).length,
        weekVisits: weekStart === null ? 0 : hers.filter((r) => r.weekStart === weekStart).length,
        weeklyVisitCap: a.weeklyVisitCap,
      };
    });
  return out.sort(
    (x, y) =>
      Number(y.available) - Number(x.available) ||
      x.missingSkills.length - y.missingSkills.length ||
      y.sameCommunity - x.sameCommunity ||
      y.knows - x.knows ||
      x.dayVisits - y.dayVisits ||
      x.weekVisits / Math.max(1, x.weeklyVisitCap) - y.weekVisits / Math.max(1, y.weeklyVisitCap) ||
      x.name.localeCompare(y.name, 'th') ||
      (x.caregiverId < y.caregiverId ? -1 : 1),
  );
}
