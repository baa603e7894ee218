/**
 * Deterministic fictitious home visits and care plans for generated residents: the demo data of `npm start`
 * (server/seed.ts) and the device and server fixtures of the benchmarks (test/bench). It lives in server/
 * because the demo seed needs it at run time; it is pure TypeScript over shared/ (no node:*, no DOM), with
 * its own PRNG (never Math.random).
 *
 * Invariants:
 * - Same residents + options → deep-equal output. Resident i draws from its own PRNG stream (seed, i).
 * - Every visit satisfies shared/visit.ts visitDataSchema and every plan shared/carePlan.ts
 *   carePlanDataSchema (the unit tests parse a sample of each), so a push or a pull accepts them.
 * - A visit is on or before `today`, and on or before the statusDate of a moved or deceased resident. A
 *   resident's visits have distinct dates, ~8% show abnormal vitals and a few urgent ones are escalated.
 * - Ids are unique, lower-case UUIDv7-format, and their time is the record's start (visits) or approval.
 * - generateVisits gives exactly `total` visits (when there are residents), spread as evenly as the optional
 *   `heavy` resident (a long timeline) allows.
 */
import { fiscalYearBE } from '../shared/dates/thaiDate';
import { mix, Rng } from '../shared/random';
import { adlGroup } from '../shared/adl';
import type { CarePlanActivity, CarePlanData } from '../shared/carePlan';
import { addDays, addMonths, bangkokInstant } from '../shared/dates/calendar';
import type { CareActivityCode } from '../shared/reference/careActivities';
import type { ResidentData } from '../shared/resident';
import type { CareGiven, Escalation, VisitData, VisitType } from '../shared/visit';
import { EMPTY_VITALS, type Vitals } from '../shared/vitals';

/** What the generators read of a resident. */
export interface DemoResident {
  id: string;
  data: Pick<ResidentData, 'status' | 'statusDate' | 'latestAdl'>;
}

export interface VisitGenOptions {
  /** Visits in all (e.g. 200,000 for the benchmarks). */
  total: number;
  /** YYYY-MM-DD (Bangkok): the newest possible visit day. */
  today: string;
  /** User ids of the caregivers who visit; each resident has one (chosen by its index). */
  caregiverIds: readonly string[];
  seed?: number;
  /** One resident with a long timeline (e.g. index 0 with 500 visits); the others share the rest. */
  heavy?: { index: number; visits: number };
}

export interface PlanGenOptions {
  today: string;
  caregiverIds: readonly string[];
  /** The care manager who approved the plans (must be the pushing user on the server). */
  approverId: string;
  /** Share of active residents (not moved or deceased) that get an approved plan, 0–1. */
  share: number;
  seed?: number;
}

export const DEMO_VISITS_SEED = 51_515;

// ---------------------------------------------------------------------------------------------------------
// Ids (the PRNG is shared/random.ts)

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0').slice(-width);

/** UUIDv7 layout: 48-bit ms time, version 7, variant 10xx; `serial` (unique per record kind) makes it unique. */
function makeId(ms: number, serial: number, kind: number, rng: Rng): string {
  const t = hex(ms, 12);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(rng.int(0, 0xfff), 3)}-${hex(8 + kind, 1)}${hex(rng.int(0, 0xfff), 3)}-${hex(serial, 12)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Visits

const OBSERVATIONS = [
  'อาการทั่วไปดี รับประทานอาหารได้ นอนหลับได้',
  'ผู้สูงอายุยิ้มแย้มแจ่มใส พูดคุยรู้เรื่อง',
  'บ่นปวดเข่าเล็กน้อยเวลาเดิน แนะนำประคบอุ่น',
  'ญาติดูแลดี บ้านสะอาด ยาครบ',
  'รับประทานอาหารได้น้อยลง แนะนำญาติให้แบ่งมื้อ',
  'ผิวหนังบริเวณก้นกบแดงเล็กน้อย แนะนำพลิกตัวทุก 2 ชั่วโมง',
  'นอนไม่ค่อยหลับ กังวลเรื่องลูกหลาน พูดคุยให้กำลังใจ',
  '',
];
const PROBLEMS = ['ลืมรับประทานยาความดันช่วงเย็น', 'เดินเซ เสี่ยงหกล้มในห้องน้ำ', 'ท้องผูก 3 วัน', 'มีแผลถลอกที่ขาซ้าย', 'เบื่ออาหาร น้ำหนักลด'];
const CARE_CODES: readonly CareActivityCode[] = ['bathing', 'oral_care', 'feeding', 'medication', 'turning', 'exercise', 'toileting', 'emotional_support', 'family_teaching', 'home_safety'];
const ESCALATION_REASONS: Record<Exclude<Escalation, 'none'>, readonly string[]> = {
  health_centre: ['ความดันโลหิตสูงมาก วัดซ้ำแล้วยังสูง ส่งพบพยาบาล รพ.สต.', 'น้ำตาลในเลือดสูง ส่งพบพยาบาล รพ.สต.'],
  hospital: ['ไข้สูง หายใจเหนื่อย ญาติพาไปโรงพยาบาล'],
  emergency_1669: ['หมดสติชั่วคราว โทร 1669'],
};

/** How many visits each resident gets: `total` in all, the heavy one its own count, the rest even. */
function visitCounts(n: number, opts: VisitGenOptions): number[] {
  if (n === 0) return [];
  const heavy = opts.heavy && opts.heavy.index >= 0 && opts.heavy.index < n ? opts.heavy : null;
  const heavyVisits = heavy ? Math.min(heavy.visits, opts.total) : 0;
  const others = heavy ? n - 1 : n;
  const rest = opts.total - heavyVisits;
  const base = others > 0 ? Math.floor(rest / others) : 0;
  let extra = others > 0 ? rest - base * others : 0;
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (heavy && i === heavy.index) counts.push(others > 0 ? heavyVisits : opts.total);
    else {
      counts.push(base + (extra > 0 ? 1 : 0));
      if (extra > 0) extra--;
    }
  }
  return counts;
}

function normalVitals(rng: Rng, weightBase: number): Vitals {
  const systolic = rng.int(108, 136);
  return {
    systolic,
    diastolic: rng.int(62, Math.min(86, systolic - 30)),
    pulse: rng.int(62, 94),
    temperature: rng.int(360, 372) / 10,
    spo2: rng.int(95, 99),
    respRate: rng.int(14, 20),
    glucose: rng.chance(0.3) ? rng.int(90, 165) : null,
    weight: rng.chance(0.4) ? Math.round((weightBase + rng.int(-8, 8) / 10) * 10) / 10 : null,
  };
}

interface DrawnVisit {
  vitals: Vitals;
  escalation: Escalation;
  escalationReason: string;
  recheckNote: string;
  problems: string[];
}

/** Mostly normal; ~8% mildly abnormal; ~1% urgent (escalated, or rechecked and noted). */
function drawVitals(rng: Rng, weightBase: number): DrawnVisit {
  const vitals = normalVitals(rng, weightBase);
  const r = rng.next();
  const out: DrawnVisit = { vitals, escalation: 'none', escalationReason: '', recheckNote: '', problems: [] };
  if (r < 0.05) {
    vitals.systolic = rng.int(142, 172);
    vitals.diastolic = rng.int(86, 100);
  } else if (r < 0.065) {
    vitals.spo2 = rng.int(92, 94);
  } else if (r < 0.08) {
    vitals.glucose = rng.int(185, 280);
  } else if (r < 0.09) {
    vitals.systolic = rng.int(182, 198);
    vitals.diastolic = rng.int(95, 108);
    if (rng.chance(0.6)) {
      out.escalation = 'health_centre';
      out.escalationReason = rng.pick(ESCALATION_REASONS.health_centre);
    } else out.recheckNote = 'วัดซ้ำหลังพัก 15 นาที ความดันลดลง แนะนำญาติวัดซ้ำตอนเย็น';
    out.problems.push('ความดันโลหิตสูงมาก');
  } else if (r < 0.094) {
    vitals.temperature = rng.int(385, 394) / 10;
    vitals.respRate = rng.int(24, 28);
    out.escalation = 'hospital';
    out.escalationReason = rng.pick(ESCALATION_REASONS.hospital);
  }
  // A critical temperature needs an action: a hospital transfer is one (above).
  return out;
}

/**
 * Visits for `residents` (see the module header). Dates go back from the resident's last possible day, a
 * few days apart (a day or two for the heavy resident), at a daytime Bangkok hour.
 */
export function generateVisits(residents: readonly DemoResident[], opts: VisitGenOptions): { id: string; data: VisitData }[] {
  if (opts.caregiverIds.length === 0) throw new RangeError('generateVisits needs at least one caregiver id');
  const seed = opts.seed ?? DEMO_VISITS_SEED;
  const counts = visitCounts(residents.length, opts);
  const out: { id: string; data: VisitData }[] = [];
  let serial = 0;
  residents.forEach((resident, i) => {
    const count = counts[i] ?? 0;
    if (count === 0) return;
    const rng = new Rng(mix(seed, i));
    const caregiverId = opts.caregiverIds[i % opts.caregiverIds.length] ?? '';
    const archived = resident.data.status === 'moved' || resident.data.status === 'died';
    let last = opts.today;
    if (archived && resident.data.statusDate !== null && resident.data.statusDate < last) last = resident.data.statusDate;
    const weightBase = rng.int(40, 72);
    const step: [number, number] = count > 100 ? [1, 2] : [3, 10];
    // Dates first (oldest first), so ids follow time within the resident.
    const dates: string[] = [];
    let d = addDays(last, -rng.int(0, 6));
    for (let k = 0; k < count; k++) {
      dates.push(d);
      d = addDays(d, -rng.int(step[0], step[1]));
    }
    dates.reverse();
    for (const date of dates) {
      const hour = rng.int(8, 16);
      const startedAt = bangkokInstant(date, `${String(hour).padStart(2, '0')}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`);
      const missed = rng.chance(0.03);
      const type: VisitType = rng.chance(0.85) ? 'routine' : rng.pick(['follow_up', 'follow_up', 'post_discharge', 'urgent'] as const);
      const durationMinutes = missed ? 0 : rng.int(20, 60);
      const endedAt = new Date(Date.parse(startedAt) + durationMinutes * 60_000).toISOString();
      const drawn: DrawnVisit = missed
        ? { vitals: { ...EMPTY_VITALS }, escalation: 'none', escalationReason: '', recheckNote: '', problems: [] }
        : drawVitals(rng, weightBase);
      const careGiven: CareGiven[] = [];
      if (!missed) {
        careGiven.push({ code: 'vital_signs', minutes: 10 });
        const more = rng.int(0, 2);
        for (let c = 0; c < more; c++) {
          const code = rng.pick(CARE_CODES);
          if (!careGiven.some((g) => g.code === code)) careGiven.push({ code, minutes: rng.chance(0.7) ? rng.int(10, 30) : null });
        }
      }
      if (!missed && rng.chance(0.05)) drawn.problems.push(rng.pick(PROBLEMS));
      const nextVisitDate = !missed && (type !== 'routine' || rng.chance(0.25)) ? addDays(date, rng.int(7, 14)) : null;
      out.push({
        id: makeId(Date.parse(startedAt), ++serial, 0, rng),
        data: {
          residentId: resident.id,
          caregiverId,
          planned: type === 'routine',
          type,
          startedAt,
          endedAt,
          serviceDate: date,
          gps: null,
          outcome: missed ? 'missed' : 'done',
          missedReason: missed ? 'not_home' : null,
          missedNote: '',
          vitals: drawn.vitals,
          recheckNote: drawn.recheckNote,
          careGiven,
          mood: missed ? null : rng.int(3, 5),
          observations: missed ? '' : rng.pick(OBSERVATIONS),
          problems: drawn.problems,
          escalation: drawn.escalation,
          escalationReason: drawn.escalationReason,
          nextVisitDate,
          photos: [],
          photoConsent: false,
          archivedReason: null,
        },
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Care plans

const PLAN_PROBLEMS = [
  { text: 'ความดันโลหิตสูง ควบคุมได้ไม่ดี', goal: 'ความดันโลหิตต่ำกว่า 140/90 มม.ปรอท', extra: 'medication' as const },
  { text: 'เคลื่อนไหวได้น้อย เสี่ยงแผลกดทับ', goal: 'ไม่เกิดแผลกดทับใหม่', extra: 'turning' as const },
  { text: 'กล้ามเนื้อขาอ่อนแรง เดินลำบาก', goal: 'เดินได้เองในบ้านโดยใช้ไม้เท้า', extra: 'exercise' as const },
  { text: 'รับประทานอาหารได้น้อย', goal: 'น้ำหนักไม่ลดลงใน 3 เดือน', extra: 'feeding' as const },
];

/**
 * One approved (version 1) plan for about `share` of the residents who are not moved or deceased: a problem,
 * its goal, a weekly caregiver visit plus one more activity, review six months after the start (so plans
 * started more than six months ago are past review).
 */
export function generatePlans(residents: readonly DemoResident[], opts: PlanGenOptions): { id: string; data: CarePlanData }[] {
  if (opts.caregiverIds.length === 0) throw new RangeError('generatePlans needs at least one caregiver id');
  const seed = mix(opts.seed ?? DEMO_VISITS_SEED, 0x9a11);
  const out: { id: string; data: CarePlanData }[] = [];
  residents.forEach((resident, i) => {
    const rng = new Rng(mix(seed, i));
    if (resident.data.status === 'moved' || resident.data.status === 'died' || !rng.chance(opts.share)) return;
    const caregiverId = opts.caregiverIds[i % opts.caregiverIds.length] ?? '';
    const startDate = addDays(opts.today, -rng.int(14, 230));
    const approvedAt = bangkokInstant(addDays(startDate, -rng.int(0, 3)), '10:30');
    const problem = rng.pick(PLAN_PROBLEMS);
    const activities: CarePlanActivity[] = [
      { code: 'vital_signs', timesPerWeek: 1, minutes: 15, performer: 'caregiver', assigneeId: caregiverId, note: '' },
      { code: problem.extra, timesPerWeek: rng.pick([1, 2, 3, 7]), minutes: 20, performer: rng.chance(0.5) ? 'caregiver' : 'family', assigneeId: null, note: '' },
    ];
    const second = activities[1];
    if (second && second.performer === 'caregiver') second.assigneeId = caregiverId;
    if (second && second.performer === 'family') second.note = 'ญาติทำทุกวัน CG ตรวจดูเมื่อเยี่ยม';
    const adl = resident.data.latestAdl;
    const total = adl?.total ?? null;
    const id = makeId(Date.parse(approvedAt), i + 1, 1, rng);
    // A dependant's plan goes to the fund's LTC sub-committee one to five weeks after the care manager's
    // approval (drawn last, so the rest of the plan is what it was before this was added).
    const fundDate = addDays(startDate, rng.int(7, 35));
    const subCommittee = total !== null && total <= 11 && fundDate <= opts.today ? { date: fundDate, ref: `LTC ${i + 1}/${fiscalYearBE(fundDate)}` } : null;
    out.push({
      id,
      data: {
        residentId: resident.id,
        version: 1,
        previousPlanId: null,
        adlTotal: total,
        adlGroup: total === null ? null : adlGroup(total),
        problems: [{ key: 'p1', text: problem.text }],
        goals: [{ problemKey: 'p1', text: problem.goal, targetDate: addMonths(startDate, 3) }],
        activities,
        primaryCaregiverId: caregiverId,
        backupCaregiverId: null,
        startDate,
        reviewDate: addMonths(startDate, 6),
        status: 'approved',
        submittedBy: null,
        submittedAt: null,
        approvedBy: opts.approverId,
        approvedAt,
        subCommittee,
        closedReason: '',
      },
    });
  });
  return out;
}
