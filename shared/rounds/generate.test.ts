import { describe, expect, it } from 'vitest';
import { generateWeek } from './generate';
import { haversineKm } from './geo';
import { isOpen, mayVisit, weekDays } from './problem';

describe('generateWeek', () => {
  const { input, reference } = generateWeek();

  it('builds the municipality: 150 caregivers, 3,000 residents, 10 communities within ~10 km, one holiday in the week', () => {
    expect(input.caregivers).toHaveLength(150);
    expect(input.residents).toHaveLength(3000);
    expect(input.communities).toHaveLength(10);
    const days = weekDays(input.weekStart, input.holidays);
    expect(days.filter((d) => d.holiday !== null)).toHaveLength(1);
    const points = input.residents.flatMap((r) => (r.location === null ? [] : [r.location]));
    const lats = points.map((p) => p.lat);
    const lons = points.map((p) => p.lon);
    const across = haversineKm({ lat: Math.min(...lats), lon: Math.min(...lons) }, { lat: Math.max(...lats), lon: Math.max(...lons) });
    expect(across).toBeGreaterThan(6);
    expect(across).toBeLessThan(14);
  });

  it('has some leave, skills, fixed times, backups and previous caregivers', () => {
    expect(input.caregivers.filter((c) => c.leave.length > 0).length).toBeGreaterThan(3);
    expect(input.residents.filter((r) => r.skills.length > 0).length).toBeGreaterThan(100);
    expect(input.residents.filter((r) => r.fixedTimes.length > 0).length).toBeGreaterThan(50);
    expect(input.residents.filter((r) => r.backupCaregiverId !== null).length).toBeGreaterThan(2500);
    expect(input.residents.filter((r) => r.previousCaregiverId !== null && r.previousCaregiverId !== r.primaryCaregiverId).length).toBeGreaterThan(100);
  });

  it('derives the demand from a reference plan that keeps the rules', () => {
    const days = weekDays(input.weekStart, input.holidays);
    const cgs = new Map(input.caregivers.map((c) => [c.id, c]));
    const byResident = new Map<string, number>();
    for (const v of reference) byResident.set(v.residentId, (byResident.get(v.residentId) ?? 0) + 1);
    for (const r of input.residents) expect(byResident.get(r.residentId) ?? 0).toBe(r.visits);
    const residents = new Map(input.residents.map((r) => [r.residentId, r]));
    for (const v of reference) {
      const cg = cgs.get(v.caregiverId);
      const day = days.find((d) => d.date === v.date);
      const r = residents.get(v.residentId);
      expect(cg !== undefined && day !== undefined && r !== undefined && isOpen(cg, day) && mayVisit(cg, r)).toBe(true);
    }
    const perCaregiver = new Map<string, number>();
    for (const v of reference) perCaregiver.set(v.caregiverId, (perCaregiver.get(v.caregiverId) ?? 0) + 1);
    for (const [id, n] of perCaregiver) expect(n).toBeLessThan(cgs.get(id)?.weeklyVisitCap ?? 0);
  });

  it('is the same for the same seed and different for another', () => {
    expect(generateWeek({ residents: 50, caregivers: 5 })).toEqual(generateWeek({ residents: 50, caregivers: 5 }));
    expect(generateWeek({ residents: 50, caregivers: 5, seed: 3 })).not.toEqual(generateWeek({ residents: 50, caregivers: 5 }));
  });
});
