/**
 * A seeded generator of planning weeks for tests and the benchmark: a municipality the size of Khon Kaen's
 * city centre (~10 km across) with communities around it, caregivers based in them and residents who need
 * visits. It first builds a plan that works (the reference) and derives the demand from it, so every
 * generated week has a feasible plan: the planner must then meet every requirement.
 *
 * How the reference stays feasible: each caregiver-day is filled to at most LOAD_SHARE of her working
 * minutes, counting every visit with MAX_LEG_MINUTES of travel (no leg in a community is longer) and a day
 * with a fixed-time visit with that visit first, at FIXED_OFFSET after her start. Residents live in their
 * primary caregiver's community, within ~170 m of her base and
 * nearer her than any other caregiver (care managers give each resident the caregiver of her neighbourhood):
 * each community's caregivers live in their own cells of a 4 × 4 grid of ~330 m neighbourhoods. One resident
 * in ten has no GPS and is planned at her community's centre. Her weekly cap leaves room above the reference.
 */
import { addDays } from '../dates/calendar';
import { Rng } from '../random';
import { haversineKm } from './geo';
import { DEFAULT_HOLIDAYS } from './holidays';
import { weekDays, isOpen } from './problem';
import type { Community, LatLon, PlanInput, ResidentDemand, RoundsCaregiver } from './types';

export interface GenerateOptions {
  seed: number;
  caregivers: number;
  residents: number;
  communities: number;
  /** A Monday; the default week has one public holiday (13 Oct 2026). */
  weekStart: string;
}

export const MUNICIPALITY: Readonly<GenerateOptions> = { seed: 2569, caregivers: 150, residents: 3000, communities: 10, weekStart: '2026-10-12' };

/** A visit of the reference plan. */
export interface ReferenceVisit {
  residentId: string;
  caregiverId: string;
  date: string;
  minute: number | null;
}

export interface GeneratedWeek {
  input: PlanInput;
  reference: ReferenceVisit[];
}

const CITY: LatLon = { lat: 16.4322, lon: 102.8236 };
const LOAD_SHARE = 0.8;
const MAX_LEG_MINUTES = 12;
const FIXED_OFFSET = 30;
const SKILLS = ['insulin', 'wound', 'ng_tube'] as const;
const GIVEN = ['บุญมี', 'สมศรี', 'ประเสริฐ', 'มาลี', 'สมชาย', 'ทองใบ', 'บัวผัน', 'สุดใจ', 'คำปุ่น', 'จันทร์เพ็ญ', 'อำนวย', 'ละเอียด'];
const FAMILY = ['ใจดี', 'ศรีสุข', 'มีสุข', 'แก้วมณี', 'ทองดี', 'บุญเรือง', 'สายทอง', 'พรหมมา'];

const uuid = (kind: number, n: number): string => `01958f3a-${String(kind).padStart(4, '0')}-7000-8000-${String(n).padStart(12, '0')}`;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const near = (rng: Rng, at: LatLon, deg: number): LatLon => ({ lat: round6(at.lat + (rng.next() - 0.5) * 2 * deg), lon: round6(at.lon + (rng.next() - 0.5) * 2 * deg) });

function communities(rng: Rng, n: number): Community[] {
  return Array.from({ length: n }, (_, i) => {
    // On a ring 3.5 km around the centre (one degree of latitude ≈ 111 km), the first one at the centre.
    const angle = (2 * Math.PI * i) / Math.max(1, n - 1);
    const centre = i === 0 ? CITY : { lat: round6(CITY.lat + 0.032 * Math.sin(angle)), lon: round6(CITY.lon + 0.033 * Math.cos(angle)) };
    return { id: `c-${String(i + 1).padStart(2, '0')}`, name: `ชุมชน ${i + 1}`, centre: near(rng, centre, 0.002) };
  });
}

/** The centre of the k-th neighbourhood of a community: a 4 × 4 grid of ~330 m cells around its centre. */
function neighbourhood(centre: LatLon, k: number): LatLon {
  const col = k % 4;
  const row = Math.floor(k / 4) % 4;
  return { lat: round6(centre.lat - 0.0045 + 0.003 * row), lon: round6(centre.lon - 0.0045 + 0.003 * col) };
}

function caregiver(rng: Rng, i: number, comms: readonly Community[], weekStart: string): RoundsCaregiver {
  const home = comms[i % comms.length] as Community;
  const second = rng.chance(0.1) ? comms[(i + 1) % comms.length] : undefined;
  const workingDays = rng.chance(0.85) ? [1, 2, 3, 4, 5] : [2, 3, 4, 5, 6];
  const start = rng.chance(0.7) ? 480 : 510;
  const leaveDays = rng.chance(0.08) ? rng.int(1, 2) : 0;
  const leave = Array.from({ length: leaveDays }, () => ({ date: addDays(weekStart, rng.pick(workingDays) - 1), reason: 'ลาพักผ่อน' }));
  return {
    id: uuid(1, i + 1),
    name: `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`,
    communityIds: second === undefined ? [home.id] : [home.id, second.id],
    skills: SKILLS.filter((_, k) => rng.chance([0.4, 0.3, 0.15][k] as number)),
    workingDays,
    hours: { start, end: start + 480 },
    weeklyVisitCap: 0,
    leave: leave.filter((l, k) => leave.findIndex((m) => m.date === l.date) === k),
    base: rng.chance(0.9) ? near(rng, neighbourhood(home.centre, Math.floor(i / comms.length)), 0.001) : null,
  };
}

/**
 * A resident's home in her primary caregiver's neighbourhood: near her base, and nearer her base than any
 * other caregiver's (care managers give each resident the caregiver living nearest; drawn again until so,
 * a few times at most).
 */
function home(rng: Rng, cg: RoundsCaregiver, all: readonly RoundsCaregiver[], centre: LatLon): LatLon {
  const base = cg.base;
  if (base === null) return near(rng, centre, 0.0015);
  const others = all.filter((c) => c !== cg && c.base !== null && c.communityIds.some((id) => cg.communityIds.includes(id)));
  let at = near(rng, base, 0.0015);
  for (let tries = 0; tries < 20; tries++) {
    const own = haversineKm(base, at);
    if (others.every((c) => haversineKm(c.base as LatLon, at) > own)) return at;
    at = near(rng, base, 0.0015);
  }
  return near(rng, base, 0.0003);
}

/** Open days (indices) of the caregiver spaced evenly for `k` visits, starting at a random one. */
function spreadDays(rng: Rng, open: readonly number[], k: number): number[] {
  const first = rng.int(0, open.length - 1);
  const picked: number[] = [];
  for (let j = 0; j < k; j++) picked.push(open[(first + Math.floor((j * open.length) / k)) % open.length] as number);
  return [...new Set(picked)].sort((a, b) => a - b);
}

export function generateWeek(options: Partial<GenerateOptions> = {}): GeneratedWeek {
  const o: GenerateOptions = { ...MUNICIPALITY, ...options };
  const rng = new Rng(o.seed);
  const comms = communities(rng, o.communities);
  const holidays = DEFAULT_HOLIDAYS;
  const days = weekDays(o.weekStart, holidays);
  const cgs = Array.from({ length: o.caregivers }, (_, i) => caregiver(rng, i, comms, o.weekStart));
  const load = cgs.map(() => days.map(() => 0));
  const fixedOn = cgs.map(() => days.map(() => false));
  const count = cgs.map(() => 0);
  const reference: ReferenceVisit[] = [];
  const residents: ResidentDemand[] = [];
  for (let n = 0; n < o.residents; n++) {
    const ci = n % cgs.length;
    const cg = cgs[ci] as RoundsCaregiver;
    const community = comms.find((c) => c.id === cg.communityIds[0]) as Community;
    const open = days.flatMap((d, i) => (isOpen(cg, d) ? [i] : []));
    const minutes = rng.weighted<number>([[30, 50], [45, 35], [60, 15]]);
    const want = rng.weighted<number>([[1, 45], [2, 35], [3, 17], [5, 3]]);
    const budget = (cg.hours.end - cg.hours.start) * LOAD_SHARE;
    const skills = cg.skills.filter(() => rng.chance(0.25));
    const wantsFixed = skills.includes('insulin');
    let chosen: number[] = [];
    for (let k = Math.min(want, open.length); k > 0 && chosen.length === 0; k--) {
      const candidate = spreadDays(rng, open, k);
      if (candidate.every((d) => (load[ci]?.[d] as number) + minutes + MAX_LEG_MINUTES + (wantsFixed && !fixedOn[ci]?.[d] ? FIXED_OFFSET : 0) <= budget)) chosen = candidate;
    }
    const fixedDay = wantsFixed ? chosen.find((d) => !fixedOn[ci]?.[d]) : undefined;
    for (const d of chosen) {
      (load[ci] as number[])[d] = (load[ci]?.[d] as number) + minutes + MAX_LEG_MINUTES + (d === fixedDay ? FIXED_OFFSET : 0);
      reference.push({ residentId: uuid(2, n + 1), caregiverId: cg.id, date: days[d]?.date as string, minute: d === fixedDay ? cg.hours.start + FIXED_OFFSET : null });
    }
    if (fixedDay !== undefined) (fixedOn[ci] as boolean[])[fixedDay] = true;
    count[ci] = (count[ci] as number) + chosen.length;
    const backups = cgs.filter((c) => c !== cg && c.communityIds.includes(community.id) && skills.every((s) => c.skills.includes(s)));
    const backup = backups.length > 0 ? rng.pick(backups) : null;
    residents.push({
      residentId: uuid(2, n + 1),
      name: `${rng.chance(0.7) ? 'นาง' : 'นาย'}${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`,
      communityId: community.id,
      // Caregivers (อสม. and CG) mostly care for the neighbours of their own street.
      location: rng.chance(0.9) ? home(rng, cg, cgs, community.centre) : null,
      visits: chosen.length,
      minutesPerVisit: minutes,
      skills,
      fixedTimes: fixedDay === undefined ? [] : [{ weekday: days[fixedDay]?.weekday as number, minute: cg.hours.start + FIXED_OFFSET }],
      primaryCaregiverId: cg.id,
      backupCaregiverId: backup?.id ?? null,
      previousCaregiverId: rng.weighted<string | null>([[cg.id, 80], [backup?.id ?? null, 10], [null, 10]]),
      existing: [],
    });
  }
  const caregivers = cgs.map((c, i) => ({ ...c, weeklyVisitCap: (count[i] as number) + Math.max(2, Math.ceil((count[i] as number) * 0.25)) }));
  return { input: { weekStart: o.weekStart, caregivers, communities: comms, holidays, residents, options: { seed: o.seed } }, reference };
}
