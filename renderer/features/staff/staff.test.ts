import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLIDAYS } from '../../../shared/rounds/holidays';
import type { AvailabilityData } from '../../../shared/rounds/recordsSchema';
import { activeCaregivers, availabilitySummary, changedFields, defaultHolidayYears, holidaysOfYear, leaveOf, missingDefaultHolidays, skillLabels, upcomingLeave, weekdaysText } from './staff';

const U1 = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607181';
const U2 = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';

describe('activeCaregivers', () => {
  it('lists only active caregivers, in Thai order (leading vowels sort by their consonant)', () => {
    const dir = [
      { id: 'a', displayName: 'เมตตา', role: 'caregiver' as const, active: true },
      { id: 'b', displayName: 'กมล', role: 'caregiver' as const, active: true },
      { id: 'c', displayName: 'ขวัญ', role: 'care_manager' as const, active: true },
      { id: 'd', displayName: 'คำ', role: 'caregiver' as const, active: false },
      { id: 'e', displayName: 'มาลี', role: 'caregiver' as const, active: true },
    ];
    expect(activeCaregivers(dir).map((u) => u.displayName)).toEqual(['กมล', 'มาลี', 'เมตตา']);
  });
});

describe('weekdaysText', () => {
  it('writes three or more days in a row as a range, from Sunday', () => {
    expect(weekdaysText([5, 1, 2, 3, 4], 'th')).toBe('จ.–ศ.');
    expect(weekdaysText([1, 2, 3, 4, 5], 'en')).toBe('Mo–Fr');
    expect(weekdaysText([0, 3, 6], 'th')).toBe('อา. พ. ส.');
    expect(weekdaysText([1, 2, 4, 5, 6], 'th')).toBe('จ. อ. พฤ.–ส.');
    expect(weekdaysText([], 'th')).toBe('');
    expect(weekdaysText([2, 2, 9], 'th')).toBe('อ.');
  });
});

describe('availabilitySummary', () => {
  it('shows the planner default, marked not set, when nothing is stored', () => {
    expect(availabilitySummary(U1, undefined, 'th')).toEqual({ set: false, days: 'จ.–ศ.', hours: '08:30–16:30', cap: 30, skills: [], hasBase: false });
  });
  it('shows a stored record with its skills in the catalogue order', () => {
    const a: AvailabilityData = { userId: U1, skills: ['wound', 'ng_tube', 'future_skill'], workingDays: [6, 0], startMinute: 420, endMinute: 900, weeklyVisitCap: 12, base: { lat: 14, lng: 100.6 } };
    expect(availabilitySummary(U1, a, 'th')).toEqual({ set: true, days: 'อา. ส.', hours: '07:00–15:00', cap: 12, skills: ['ให้อาหารทางสายยาง', 'ทำแผล', 'future_skill'], hasBase: true });
    expect(skillLabels(['wound'], 'en')).toEqual(['Wound care']);
  });
});

const leave = (id: string, userId: string, from: string, to: string, deletedAt: string | null = null) => ({ id, userId, from, to, reason: 'sick' as const, note: '', deletedAt });

describe('leave', () => {
  const all = [leave('1', U1, '2026-12-20', '2026-12-22'), leave('2', U1, '2026-11-01', '2026-11-02'), leave('3', U1, '2026-12-01', '2026-12-06'), leave('4', U2, '2026-12-10', '2026-12-10'), leave('5', U1, '2026-12-24', '2026-12-25', 'x')];
  it('upcoming: hers, not ended by today (today counts), not deleted, by start', () => {
    expect(upcomingLeave(all, U1, '2026-12-06').map((l) => l.id)).toEqual(['3', '1']);
  });
  it('all of hers, latest first, not deleted', () => {
    expect(leaveOf(all, U1).map((l) => l.id)).toEqual(['1', '3', '2']);
  });
});

const holiday = (id: string, date: string, deletedAt: string | null = null) => ({ id, date, nameTh: 'วันหยุด', nameEn: 'Holiday', deletedAt });

describe('holidays', () => {
  it("a year's holidays, not deleted, by date", () => {
    const hs = [holiday('a', '2027-05-04'), holiday('b', '2027-01-01'), holiday('c', '2026-12-31'), holiday('d', '2027-02-20', 'x')];
    expect(holidaysOfYear(hs, 2027).map((h) => h.id)).toEqual(['b', 'a']);
  });
  it('the defaults cover 2026 and 2027', () => {
    expect(defaultHolidayYears()).toEqual([2026, 2027]);
  });
  it("adds only the year's defaults whose date has no holiday; a deleted one does not count", () => {
    const all2027 = DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith('2027-'));
    expect(missingDefaultHolidays([], 2027)).toEqual(all2027);
    const some = [holiday('a', '2027-01-01'), holiday('b', '2027-04-13'), holiday('c', '2027-05-04', 'x'), holiday('d', '2026-12-31')];
    const missing = missingDefaultHolidays(some, 2027).map((h) => h.date);
    expect(missing).toHaveLength(all2027.length - 2);
    expect(missing).not.toContain('2027-01-01');
    expect(missing).not.toContain('2027-04-13');
    expect(missing).toContain('2027-05-04');
    expect(missingDefaultHolidays([], 2030)).toEqual([]);
    expect(missingDefaultHolidays(DEFAULT_HOLIDAYS.map((h, i) => ({ ...h, id: String(i), deletedAt: null })), 2026)).toEqual([]);
  });
});

describe('changedFields', () => {
  it('gives only the fields whose JSON value changed', () => {
    const a: AvailabilityData = { userId: U1, skills: ['wound'], workingDays: [1, 2], startMinute: 480, endMinute: 960, weeklyVisitCap: 30, base: null };
    expect(changedFields(a, { ...a, skills: ['wound'], workingDays: [1, 2, 3], base: { lat: 14, lng: 100 } })).toEqual({ workingDays: [1, 2, 3], base: { lat: 14, lng: 100 } });
    expect(changedFields(a, { ...a })).toEqual({});
  });
});
