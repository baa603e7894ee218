import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, bangkokInstant, daysBetween } from './calendar';

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
