import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, bangkokInstant, calendarMove, clampDate, dayOfWeek, daysBetween, isCalendarKey, monthBounds, monthGrid, WEEK_STARTS_ON } from './calendar';

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
  it('adds months, clamping the day to the month length', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2024-10-15', 12)).toBe('2025-10-15');
    expect(addMonths('2025-01-31', -2)).toBe('2024-11-30');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2024-09-30', '2024-10-01')).toBe(1);
    expect(daysBetween('2025-03-01', '2024-03-01')).toBe(-365);
  });
  it('refuses impossible dates', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2025-1-01', 1)).toThrow(RangeError);
  });
  it('property: daysBetween inverts addDays', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -4000, max: 4000 }), (ms, n) => {
        const d = new Date(ms).toISOString().slice(0, 10);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

describe('bangkokInstant', () => {
  it('turns Bangkok wall-clock time into the UTC instant (UTC+7, the day before before 07:00)', () => {
    expect(bangkokInstant('2024-10-01', '00:30')).toBe('2024-09-30T17:30:00.000Z');
    expect(bangkokInstant('2024-10-01', '08:15')).toBe('2024-10-01T01:15:00.000Z');
  });
  it('refuses a malformed time', () => {
    expect(() => bangkokInstant('2024-10-01', '24:00')).toThrow(RangeError);
    expect(() => bangkokInstant('2024-10-01', '8:15')).toThrow(RangeError);
  });
});

describe('month grid and calendar keys', () => {
  it('weeks start on Sunday', () => {
    expect(WEEK_STARTS_ON).toBe(0);
    expect(dayOfWeek('2026-12-06')).toBe(0); // Sunday 6 Dec 2026
    expect(dayOfWeek('2026-12-05')).toBe(6);
  });
  it('December 2026 begins on a Tuesday: two blanks, then 31 days, padded to whole weeks', () => {
    const weeks = monthGrid('2026-12-17');
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([null, null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']);
    expect(weeks[4]).toEqual(['2026-12-27', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null]);
  });
  it('every month grid holds each of its days once, in its weekday column', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 400 }), (n) => {
        const date = addDays('1800-01-01', n);
        const weeks = monthGrid(date);
        const days = weeks.flat().filter((d): d is string => d !== null);
        const { first, last } = monthBounds(date);
        expect(days[0]).toBe(first);
        expect(days[days.length - 1]).toBe(last);
        expect(days.length).toBe(daysBetween(first, last) + 1);
        for (const week of weeks) week.forEach((d, i) => d !== null && expect(dayOfWeek(d)).toBe(i));
      }),
    );
  });
  it('moves by day, week, month, year and to the ends of the week', () => {
    const d = '2026-12-16'; // a Wednesday
    expect(calendarMove(d, 'ArrowLeft')).toBe('2026-12-15');
    expect(calendarMove(d, 'ArrowRight')).toBe('2026-12-17');
    expect(calendarMove(d, 'ArrowUp')).toBe('2026-12-09');
    expect(calendarMove(d, 'ArrowDown')).toBe('2026-12-23');
    expect(calendarMove(d, 'PageUp')).toBe('2026-11-16');
    expect(calendarMove(d, 'PageDown')).toBe('2027-01-16');
    expect(calendarMove(d, 'PageUp', { shift: true })).toBe('2025-12-16');
    expect(calendarMove('2024-02-29', 'PageDown', { shift: true })).toBe('2025-02-28');
    expect(calendarMove('2026-01-31', 'PageDown')).toBe('2026-02-28');
    expect(calendarMove(d, 'Home')).toBe('2026-12-13');
    expect(calendarMove(d, 'End')).toBe('2026-12-19');
    expect(calendarMove('2026-12-13', 'Home')).toBe('2026-12-13');
    expect(calendarMove('2026-12-19', 'End')).toBe('2026-12-19');
  });
  it('never leaves min/max', () => {
    const range = { min: '2026-12-10', max: '2026-12-20' };
    expect(calendarMove('2026-12-10', 'ArrowLeft', range)).toBe('2026-12-10');
    expect(calendarMove('2026-12-18', 'ArrowDown', range)).toBe('2026-12-20');
    expect(calendarMove('2026-12-15', 'PageUp', range)).toBe('2026-12-10');
    expect(clampDate('2026-01-01', range.min, range.max)).toBe('2026-12-10');
    expect(clampDate('2026-12-15')).toBe('2026-12-15');
    expect(isCalendarKey('PageDown')).toBe(true);
    expect(isCalendarKey('Enter')).toBe(false);
  });
});
