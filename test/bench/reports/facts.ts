/**
 * Report facts at municipal scale for the report benchmarks: `residents` residents over ten communities, two
 * thirds of them dependants with a sub-committee-approved plan, and about `visitsPerResident` visits each
 * over the fiscal year, deterministic for a seed. Facts, not records: the benchmarks that use this measure
 * what happens after the facts are read.
 */
import { addDays } from '../../../shared/dates/calendar';
import type { AdlFact, ResidentFact, VisitFact } from '../../../shared/reports/facts';
import { TAI_GROUPS } from '../../../shared/reference/tai';
import { thaiIdFrom } from '../../../shared/demo/generate';
import { Rng } from '../../../shared/random';

export const FY_START = '2024-10-01';
export const FY_END = '2025-09-30';

const uuid = (group: number, n: number): string => `01958f3a-${String(group).padStart(4, '0')}-7000-8000-${String(n).padStart(12, '0')}`;

export function reportFacts(residents: number, visitsPerResident: number, seed = 7): { residents: ResidentFact[]; visits: VisitFact[] } {
  const rng = new Rng(seed);
  const out: ResidentFact[] = [];
  const visits: VisitFact[] = [];
  for (let i = 0; i < residents; i++) {
    const id = uuid(1, i);
    const dependent = rng.chance(2 / 3);
    const total = dependent ? rng.int(0, 11) : rng.int(12, 20);
    const on = addDays('2024-06-01', rng.int(0, 300));
    const adl: AdlFact = { id: uuid(2, i), on, total, group: total >= 12 ? 'social' : total >= 5 ? 'homebound' : 'bedbound', tai: dependent ? (TAI_GROUPS[rng.int(0, TAI_GROUPS.length - 1)] ?? null) : null };
    const approved = addDays(on, rng.int(3, 40));
    const noId = rng.chance(0.02);
    out.push({
      id,
      communityId: `c-${String(1 + (i % 10)).padStart(2, '0')}`,
      prefix: i % 2 === 0 ? 'นาง' : 'นาย',
      firstName: `สมศรี${i}`,
      lastName: 'ใจดีงามยิ่ง',
      sex: i % 2 === 0 ? 'female' : 'male',
      birthDate: `19${String(30 + (i % 30)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
      nationalId: noId ? null : thaiIdFrom(`3${String(100_000_000_000 + i).slice(1)}`),
      noIdReason: noId ? 'ไม่มีบัตรประชาชน' : null,
      phone: '0812345678',
      address: `${i}/12 หมู่บ้านเอื้ออาทร ซ.รังสิต-นครนายก 49 ประชาธิปัตย์ ธัญบุรี ปทุมธานี 12130`,
      status: rng.chance(0.03) ? 'died' : 'active',
      statusDate: null,
      enrolledOn: '2022-01-01',
      adl: [adl],
      plans: dependent
        ? [{ id: uuid(3, i), version: 1, status: 'active', approvedOn: approved, approvedBy: `cm-${i % 5}`, fundApprovedOn: addDays(approved, rng.int(0, 20)), fundRef: `LTC-68-${i}`, startDate: approved, reviewDate: addDays(approved, 180), caregiverId: `cg-${i % 150}` }]
        : [],
    });
    const last = out[out.length - 1] as ResidentFact;
    if (last.status === 'died') last.statusDate = addDays(FY_START, rng.int(0, 364));
    const n = rng.int(Math.max(0, visitsPerResident - 4), visitsPerResident + 4);
    for (let k = 0; k < n; k++) {
      const done = rng.chance(0.93);
      visits.push({
        id: uuid(4, i * 1000 + k),
        residentId: id,
        caregiverId: `cg-${(i + k) % 150}`,
        date: addDays(FY_START, rng.int(0, 364)),
        outcome: done ? 'done' : 'missed',
        planned: rng.chance(0.85),
        type: 'routine',
        minutes: done ? rng.int(15, 90) : 0,
        abnormal: done && rng.chance(0.1),
        escalation: rng.chance(0.02) ? 'health_centre' : 'none',
      });
    }
  }
  return { residents: out, visits };
}
