import { describe, expect, it } from 'vitest';
import { dayOfWeek } from '../dates/calendar';
import { isIsoDate } from '../dates/thaiDate';
import { DEFAULT_HOLIDAYS } from './holidays';

describe('DEFAULT_HOLIDAYS', () => {
  it('lists 19 holidays a year for 2026 and 2027, valid distinct dates in order, named in Thai and English', () => {
    expect(DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith('2026'))).toHaveLength(19);
    expect(DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith('2027'))).toHaveLength(19);
    const dates = DEFAULT_HOLIDAYS.map((h) => h.date);
    expect(dates.every(isIsoDate)).toBe(true);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    expect(DEFAULT_HOLIDAYS.every((h) => h.nameTh !== '' && h.nameEn !== '')).toBe(true);
  });

  it('has the fixed-date holidays on their days', () => {
    const on = (date: string): string | undefined => DEFAULT_HOLIDAYS.find((h) => h.date === date)?.nameEn;
    expect(on('2026-04-06')).toBe('Chakri Memorial Day');
    expect(on('2027-04-14')).toBe('Songkran');
    expect(on('2026-10-13')).toBe('King Bhumibol Memorial Day');
    expect(on('2026-12-05')).toContain("Father's Day");
    expect(on('2026-07-29')).toBe('Asarnha Bucha');
    expect(on('2026-10-12')).toBeUndefined();
    // 13 Oct 2026, the holiday of the generated benchmark week, is a Tuesday.
    expect(dayOfWeek('2026-10-13')).toBe(2);
  });
});
