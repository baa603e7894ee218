import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './calendar';
import { DATE_INPUT_MAX, DATE_INPUT_MIN, dateFieldValue, dateInputText, formatDateInput, parseDateInput, unparsedDateValue } from './dateInput';
import type { Era } from './thaiDate';

const ok = (iso: string) => ({ ok: true, iso });
const fail = (code: string, extra: Record<string, unknown> = {}) => ({ ok: false, code, ...extra });

describe('parseDateInput', () => {
  it('reads d/m/yyyy in the BE year (Thai) and the CE year (English)', () => {
    expect(parseDateInput('5/12/2569', 'BE')).toEqual(ok('2026-12-05'));
    expect(parseDateInput('05/12/2569', 'BE')).toEqual(ok('2026-12-05'));
    expect(parseDateInput('5/12/2026', 'CE')).toEqual(ok('2026-12-05'));
  });
  it('takes /, -, . and spaces as separators, and stray spaces around them', () => {
    for (const text of ['5-12-2569', '5.12.2569', '5 12 2569', ' 5 / 12 / 2569 ', '5/12-2569']) {
      expect(parseDateInput(text, 'BE')).toEqual(ok('2026-12-05'));
    }
  });
  it('takes Thai digits, mixed with ASCII ones too', () => {
    expect(parseDateInput('๕/๑๒/๒๕๖๙', 'BE')).toEqual(ok('2026-12-05'));
    expect(parseDateInput('๐๕/12/๒๕69', 'BE')).toEqual(ok('2026-12-05'));
    expect(parseDateInput('\u200B5/12/2569', 'BE')).toEqual(ok('2026-12-05'));
  });
  it('empty, incomplete and wrong characters', () => {
    expect(parseDateInput('', 'BE')).toEqual(fail('dateInput.empty'));
    expect(parseDateInput('   ', 'BE')).toEqual(fail('dateInput.empty'));
    expect(parseDateInput('5', 'BE')).toEqual(fail('dateInput.incomplete'));
    expect(parseDateInput('5/12', 'BE')).toEqual(fail('dateInput.incomplete'));
    expect(parseDateInput('5/12/', 'BE')).toEqual(fail('dateInput.incomplete'));
    expect(parseDateInput('5 ธ.ค. 2569', 'BE')).toEqual(fail('dateInput.format'));
    expect(parseDateInput('5/12/2569/1', 'BE')).toEqual(fail('dateInput.format'));
    expect(parseDateInput('/12/2569', 'BE')).toEqual(fail('dateInput.format'));
  });
  it('bad day, bad month, a date that does not exist', () => {
    expect(parseDateInput('0/12/2569', 'BE')).toEqual(fail('dateInput.day'));
    expect(parseDateInput('32/12/2569', 'BE')).toEqual(fail('dateInput.day'));
    expect(parseDateInput('123/12/2569', 'BE')).toEqual(fail('dateInput.day'));
    expect(parseDateInput('5/13/2569', 'BE')).toEqual(fail('dateInput.month'));
    expect(parseDateInput('5/0/2569', 'BE')).toEqual(fail('dateInput.month'));
    expect(parseDateInput('31/02/2569', 'BE')).toEqual(fail('dateInput.notADate'));
    expect(parseDateInput('31/04/2026', 'CE')).toEqual(fail('dateInput.notADate'));
  });
  it('29 February only in leap years, counted on the CE year (BE 2567 = 2024, BE 2543 = 2000)', () => {
    expect(parseDateInput('29/2/2567', 'BE')).toEqual(ok('2024-02-29'));
    expect(parseDateInput('29/2/2543', 'BE')).toEqual(ok('2000-02-29'));
    expect(parseDateInput('29/2/2568', 'BE')).toEqual(fail('dateInput.notADate'));
    expect(parseDateInput('29/2/1900', 'CE')).toEqual(fail('dateInput.notADate'));
  });
  it('never guesses the century of a short year', () => {
    expect(parseDateInput('5/12/69', 'BE')).toEqual(fail('dateInput.yearDigits'));
    expect(parseDateInput('5/12/26', 'CE')).toEqual(fail('dateInput.yearDigits'));
    expect(parseDateInput('5/12/256', 'BE')).toEqual(fail('dateInput.yearDigits'));
    expect(parseDateInput('5/12/25690', 'BE')).toEqual(fail('dateInput.yearDigits'));
  });
  it('pitfall 1: a CE year in a BE field and a BE year in a CE field name the year meant', () => {
    expect(parseDateInput('5/12/1947', 'BE')).toEqual(fail('year.looksGregorian', { suggestedYear: 2490 }));
    expect(parseDateInput('5/12/2026', 'BE')).toEqual(fail('year.looksGregorian', { suggestedYear: 2569 }));
    expect(parseDateInput('5/12/2490', 'CE')).toEqual(fail('year.looksBuddhist', { suggestedYear: 1947 }));
    expect(parseDateInput('5/12/2569', 'CE')).toEqual(fail('year.looksBuddhist', { suggestedYear: 2026 }));
  });
  it('offers no conversion the field would refuse in turn', () => {
    // 2026 CE in a field that ends in 2025: the BE reading (1483) is simply too early.
    expect(parseDateInput('5/12/2026', 'BE', { max: '2025-06-15' })).toEqual(fail('dateInput.beforeMin', { bound: DATE_INPUT_MIN }));
    expect(parseDateInput('5/12/2569', 'CE', { min: '2030-01-01' })).toEqual(fail('dateInput.afterMax', { bound: DATE_INPUT_MAX }));
  });
  it('min and max are inclusive and reported with the bound', () => {
    const range = { min: '2026-01-01', max: '2026-06-15' };
    expect(parseDateInput('1/1/2569', 'BE', range)).toEqual(ok('2026-01-01'));
    expect(parseDateInput('15/6/2569', 'BE', range)).toEqual(ok('2026-06-15'));
    expect(parseDateInput('31/12/2568', 'BE', range)).toEqual(fail('dateInput.beforeMin', { bound: '2026-01-01' }));
    expect(parseDateInput('16/6/2569', 'BE', range)).toEqual(fail('dateInput.afterMax', { bound: '2026-06-15' }));
    expect(parseDateInput('16/6/2026', 'CE', range)).toEqual(fail('dateInput.afterMax', { bound: '2026-06-15' }));
  });
  it('years outside what any date field takes', () => {
    expect(parseDateInput('1/1/1799', 'CE')).toEqual(fail('dateInput.beforeMin', { bound: DATE_INPUT_MIN }));
    expect(parseDateInput('1/1/2300', 'BE')).toEqual(fail('dateInput.beforeMin', { bound: DATE_INPUT_MIN }));
    expect(parseDateInput('1/1/0000', 'CE')).toEqual(fail('dateInput.beforeMin', { bound: DATE_INPUT_MIN }));
    expect(parseDateInput('1/1/3000', 'BE')).toEqual(fail('dateInput.afterMax', { bound: DATE_INPUT_MAX }));
  });
});

describe('formatDateInput', () => {
  it('dd/mm/yyyy with the era year', () => {
    expect(formatDateInput('2026-12-05', 'BE')).toBe('05/12/2569');
    expect(formatDateInput('2026-12-05', 'CE')).toBe('05/12/2026');
    expect(formatDateInput('2000-02-29', 'BE')).toBe('29/02/2543');
  });
  it('refuses what is not an ISO date', () => {
    expect(() => formatDateInput('2026-02-30', 'BE')).toThrow(RangeError);
    expect(() => formatDateInput('5/12/2569', 'BE')).toThrow(RangeError);
  });

  const isoInRange = (min: string, max: string) =>
    fc.integer({ min: 0, max: Math.round((Date.parse(max) - Date.parse(min)) / 86_400_000) }).map((n) => addDays(min, n));
  const era = fc.constantFrom<Era>('BE', 'CE');

  it('round-trips every date a field takes, in both eras', () => {
    fc.assert(
      fc.property(isoInRange(DATE_INPUT_MIN, DATE_INPUT_MAX), era, (iso, e) => {
        expect(parseDateInput(formatDateInput(iso, e), e)).toEqual(ok(iso));
      }),
      { numRuns: 2000 },
    );
  });
  it('round-trips every date within a field min/max, in both eras', () => {
    const ranged = fc
      .tuple(isoInRange(DATE_INPUT_MIN, DATE_INPUT_MAX), isoInRange(DATE_INPUT_MIN, DATE_INPUT_MAX), isoInRange(DATE_INPUT_MIN, DATE_INPUT_MAX))
      .map((ds) => [...ds].sort() as [string, string, string]);
    fc.assert(
      fc.property(ranged, era, ([min, iso, max], e) => {
        expect(parseDateInput(formatDateInput(iso, e), e, { min, max })).toEqual(ok(iso));
      }),
      { numRuns: 2000 },
    );
  });
  it('round-trips with the short day/month and Thai digits a user types', () => {
    fc.assert(
      fc.property(isoInRange(DATE_INPUT_MIN, DATE_INPUT_MAX), era, (iso, e) => {
        const [d, m, y] = formatDateInput(iso, e).split('/').map(Number) as [number, number, number];
        const thai = `${d}/${m}/${y}`.replace(/\d/g, (c) => String.fromCharCode(0x0e50 + Number(c)));
        expect(parseDateInput(thai, e)).toEqual(ok(iso));
      }),
    );
  });
});

describe('unparsedDateValue and dateInputText', () => {
  it('keeps the typed text, but never as something a form reads as an ISO date', () => {
    expect(unparsedDateValue('5/12/25')).toBe('5/12/25');
    expect(unparsedDateValue('2026-12-05')).toBe('2026/12/05');
    expect(unparsedDateValue('๒๐๒๖-๑๒-๐๕')).toBe('๒๐๒๖/๑๒/๐๕');
    expect(unparsedDateValue('5-12-1947')).toBe('5-12-1947');
  });
  it('shows an ISO value in the era and anything else as typed', () => {
    expect(dateInputText('2026-12-05', 'BE')).toBe('05/12/2569');
    expect(dateInputText('2026-12-05', 'CE')).toBe('05/12/2026');
    expect(dateInputText('5/12/25', 'BE')).toBe('5/12/25');
    expect(dateInputText('', 'BE')).toBe('');
  });
});

describe('dateFieldValue', () => {
  it('is the ISO date for a date, also outside min/max, so the form names that mistake itself', () => {
    expect(dateFieldValue('5/12/2569', 'BE')).toBe('2026-12-05');
    expect(dateFieldValue('๕/๑๒/๒๕๖๙', 'BE', { max: '2026-12-31' })).toBe('2026-12-05');
    expect(dateFieldValue('6/12/2569', 'BE', { max: '2026-12-05' })).toBe('2026-12-06');
  });
  it('is empty for nothing, and the typed text for anything that is not a date', () => {
    expect(dateFieldValue('  ', 'BE')).toBe('');
    expect(dateFieldValue('5/12/25', 'BE')).toBe('5/12/25');
    expect(dateFieldValue('31/02/2569', 'BE')).toBe('31/02/2569');
    expect(dateFieldValue('5/12/1947', 'BE')).toBe('5/12/1947');
    expect(dateFieldValue('1/1/1700', 'CE')).toBe('1/1/1700');
    expect(dateFieldValue('2026-12-05', 'BE')).toBe('2026/12/05');
  });
});
