import { describe, expect, it } from 'vitest';
import { carePlanDataSchema } from '../shared/carePlan';
import { flagVitals } from '../shared/vitals';
import { visitDataSchema } from '../shared/visit';
import { generateDemoData } from '../shared/demo/generate';
import { generatePlans, generateVisits } from './demoVisits';

const TODAY = '2025-06-15';
const data = generateDemoData({ residents: 300, today: TODAY });
const caregiverIds = ['cg-a', 'cg-b'];

describe('generateVisits', () => {
  const visits = generateVisits(data.residents, { total: 6_000, today: TODAY, caregiverIds, heavy: { index: 0, visits: 500 } });

  it('gives exactly the total, the heavy resident its own count, and is deterministic', () => {
    expect(visits).toHaveLength(6_000);
    const first = data.residents[0]?.id;
    expect(visits.filter((v) => v.data.residentId === first)).toHaveLength(500);
    expect(generateVisits(data.residents, { total: 6_000, today: TODAY, caregiverIds, heavy: { index: 0, visits: 500 } })).toEqual(visits);
  });

  it('makes visits a push accepts, with unique ids, none after today or after a resident left', () => {
    for (const v of visits) {
      const r = visitDataSchema.safeParse(v.data);
      if (!r.success) throw new Error(`${v.id}: ${r.error.message}`);
    }
    expect(new Set(visits.map((v) => v.id)).size).toBe(visits.length);
    expect(visits.every((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(v.id))).toBe(true);
    expect(visits.every((v) => v.data.serviceDate <= TODAY)).toBe(true);
    const left = new Map(data.residents.filter((r) => r.data.status === 'moved' || r.data.status === 'died').map((r) => [r.id, r.data.statusDate]));
    for (const v of visits) {
      const until = left.get(v.data.residentId);
      if (until) expect(v.data.serviceDate <= until).toBe(true);
    }
    const perResidentDates = new Map<string, Set<string>>();
    for (const v of visits) {
      const set = perResidentDates.get(v.data.residentId) ?? new Set<string>();
      expect(set.has(v.data.serviceDate)).toBe(false);
      set.add(v.data.serviceDate);
      perResidentDates.set(v.data.residentId, set);
    }
  });

  it('has some abnormal vitals and some escalations, but mostly normal visits', () => {
    const abnormal = visits.filter((v) => flagVitals(v.data.vitals).length > 0).length;
    expect(abnormal / visits.length).toBeGreaterThan(0.03);
    expect(abnormal / visits.length).toBeLessThan(0.2);
    expect(visits.some((v) => v.data.escalation !== 'none')).toBe(true);
  });
});

describe('generatePlans', () => {
  it('makes approved plans a push accepts, for about the share asked, never for residents who left', () => {
    const plans = generatePlans(data.residents, { today: TODAY, caregiverIds, approverId: 'cm-1', share: 0.4 });
    expect(plans.length).toBeGreaterThan(60);
    expect(plans.length).toBeLessThan(180);
    for (const p of plans) {
      const r = carePlanDataSchema.safeParse(p.data);
      if (!r.success) throw new Error(`${p.id}: ${r.error.message}`);
      expect(p.data.approvedBy).toBe('cm-1');
    }
    const left = new Set(data.residents.filter((r) => r.data.status === 'moved' || r.data.status === 'died').map((r) => r.id));
    expect(plans.some((p) => left.has(p.data.residentId))).toBe(false);
    expect(plans.some((p) => p.data.reviewDate < TODAY)).toBe(true);
    expect(plans.some((p) => p.data.reviewDate >= TODAY)).toBe(true);
  });
});
