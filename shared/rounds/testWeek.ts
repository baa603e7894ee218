/**
 * Small hand-made planning weeks for the planner's unit tests: one community, caregivers and residents with
 * sensible defaults that a test overrides field by field.
 */
import type { RoundVisitData } from './recordsSchema';
import type { PlanInput, ResidentDemand, RoundsCaregiver } from './types';

export const WEEK = '2026-10-12'; // Monday; Tuesday 13 Oct is a holiday in DEFAULT_HOLIDAYS
export const CENTRE = { lat: 16.4322, lon: 102.8236 };

export const uuid = (kind: number, n: number): string => `01958f3a-${String(kind).padStart(4, '0')}-7000-8000-${String(n).padStart(12, '0')}`;

export function caregiverOf(n: number, o: Partial<RoundsCaregiver> = {}): RoundsCaregiver {
  return {
    id: uuid(1, n),
    name: `CG ${n}`,
    communityIds: ['c-01'],
    skills: [],
    workingDays: [1, 2, 3, 4, 5],
    hours: { start: 480, end: 960 },
    weeklyVisitCap: 40,
    leave: [],
    base: CENTRE,
    ...o,
  };
}

export function residentOf(n: number, o: Partial<ResidentDemand> = {}): ResidentDemand {
  return {
    residentId: uuid(2, n),
    name: `R ${n}`,
    communityId: 'c-01',
    location: { lat: CENTRE.lat + 0.002 * n, lon: CENTRE.lon },
    visits: 1,
    minutesPerVisit: 30,
    skills: [],
    fixedTimes: [],
    primaryCaregiverId: null,
    backupCaregiverId: null,
    previousCaregiverId: null,
    existing: [],
    ...o,
  };
}

export function weekOf(caregivers: RoundsCaregiver[], residents: ResidentDemand[], o: Partial<PlanInput> = {}): PlanInput {
  return {
    weekStart: WEEK,
    caregivers,
    communities: [{ id: 'c-01', name: 'ชุมชน 1', centre: CENTRE }, { id: 'c-02', name: 'ชุมชน 2', centre: { lat: CENTRE.lat + 0.03, lon: CENTRE.lon } }],
    holidays: [{ date: '2026-10-13', nameTh: 'วันนวมินทรมหาราช', nameEn: 'King Bhumibol Memorial Day' }],
    residents,
    options: { seed: 7 },
    ...o,
  };
}

/** A round-visit record's data with plain defaults (a draft on the Wednesday of WEEK), overridden field by field. */
export function roundVisitOf(o: Partial<RoundVisitData> = {}): RoundVisitData {
  return {
    weekStart: WEEK,
    residentId: uuid(2, 1),
    communityId: 'c-01',
    caregiverId: uuid(1, 1),
    date: '2026-10-14',
    minute: 540,
    minutes: 30,
    fixed: false,
    order: 0,
    legKm: 0,
    activities: [],
    status: 'draft',
    locked: false,
    outcome: null,
    missedReason: null,
    outcomeNote: '',
    visitId: null,
    ...o,
  };
}
