import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ageInYears,
  ageRangeInYears,
  bangkokDate,
  bangkokDateTime,
  checkBirthYear,
  eraMistake,
  daysInMonth,
  fiscalQuarter,
  fiscalYearBE,
  fiscalYearRange,
  formatDate,
  formatInstant,
  isIsoDate,
  parsePartialDate,
  partialDateToParts,
  toBuddhistYear,
  toGregorianYear,
  todayBangkok,
  type Era,
  type PartialDate,
} from './thaiDate';

const TODAY = '2025-06-15';

describe('Bangkok dates', () => {
  it('00:30 Bangkok on 1 Oct 2024 is 1 Oct, where toISOString says 30 Sep', () => {
    const instant = '2024-09-30T17:30:00Z';
    expect(new Date(instant).toISOString().slice(0, 10)).toBe('2024-09-30');
    expect(bangkokDate(instant)).toBe('2024-10-01');
    expect(bangkokDate(new Date(instant))).toBe('2024-10-01');
    expect(bangkokDateTime(instant)).toEqual({ date: '2024-10-01', time: '00:30' });
  });
  it('switches date at 17:00 UTC', () => {
    expect(bangkokDate('2024-09-30T16:59:59.999Z')).toBe('2024-09-30');
    expect(bangkokDate('2024-09-30T17:00:00Z')).toBe('2024-10-01');
    expect(bangkokDate('2024-10-01T00:30:00+07:00')).toBe('2024-10-01');
    expect(bangkokDateTime('2024-12-31T23:59:00+07:00')).toEqual({ date: '2024-12-31', time: '23:59' });
  });
  it('rejects strings without a zone and invalid instants', () => {
    expect(() => bangkokDate('2024-10-01T00:30')).toThrow(RangeError);
    expect(() => bangkokDate('2024-10-01')).toThrow(RangeError);
    expect(() => bangkokDate(new Date(Number.NaN))).toThrow(RangeError);
  });
  it('todayBangkok uses the Bangkok calendar', () => {
    expect(todayBangkok(new Date('2025-09-30T17:00:00Z'))).toBe('2025-10-01');
    expect(todayBangkok()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('years and calendar', () => {
  it('converts BE and CE', () => {
    expect(toBuddhistYear(2024)).toBe(2567);
    expect(toGregorianYear(2567)).toBe(2024);
  });
  it('knows leap years and month lengths', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
  });
});

describe('checkBirthYear', () => {
  it('pitfall 1: 2490 in a CE field is BE typed by mistake → suggest 1947', () => {
    expect(checkBirthYear(2490, 'CE', TODAY)).toEqual({ ok: false, code: 'year.looksBuddhist', suggestedYear: 1947 });
  });
  it('pitfall 1: 1947 in a BE field would make the person 543 years old → suggest 2490', () => {
    expect(checkBirthYear(1947, 'BE', TODAY)).toEqual({ ok: false, code: 'year.looksGregorian', suggestedYear: 2490 });
  });
  it('accepts plausible years in both eras', () => {
    expect(checkBirthYear(1947, 'CE', TODAY)).toEqual({ ok: true, ceYear: 1947 });
    expect(checkBirthYear(2490, 'BE', TODAY)).toEqual({ ok: true, ceYear: 1947 });
    expect(checkBirthYear(2025, 'CE', TODAY)).toEqual({ ok: true, ceYear: 2025 });
    expect(checkBirthYear(2568, 'BE', TODAY)).toEqual({ ok: true, ceYear: 2025 });
  });
  it('future and too old (boundary at maxAge)', () => {
    expect(checkBirthYear(2026, 'CE', TODAY)).toEqual({ ok: false, code: 'year.future' });
    expect(checkBirthYear(2569, 'BE', TODAY)).toEqual({ ok: false, code: 'year.future' });
    expect(checkBirthYear(1895, 'CE', TODAY)).toEqual({ ok: true, ceYear: 1895 });
    expect(checkBirthYear(1894, 'CE', TODAY)).toEqual({ ok: false, code: 'year.tooOld' });
    expect(checkBirthYear(1955, 'CE', TODAY, 60)).toEqual({ ok: false, code: 'year.tooOld' });
    expect(checkBirthYear(2300, 'BE', TODAY)).toEqual({ ok: false, code: 'year.tooOld' });
  });
  it('does not offer a conversion that would itself be implausible', () => {
    expect(checkBirthYear(2690, 'CE', TODAY)).toEqual({ ok: false, code: 'year.future' }); // 2690 BE = 2147 CE
    expect(checkBirthYear(2569, 'CE', TODAY)).toEqual({ ok: false, code: 'year.future' }); // 2026 CE: future too
    expect(checkBirthYear(2400, 'CE', TODAY)).toEqual({ ok: false, code: 'year.future' }); // 1857: too old
    expect(checkBirthYear(1850, 'BE', TODAY)).toEqual({ ok: false, code: 'year.tooOld' });
  });
  it('rejects non-integers and non-positive years', () => {
    for (const y of [0, -1, 1947.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(checkBirthYear(y, 'CE', TODAY)).toEqual({ ok: false, code: 'year.invalid' });
    }
  });
  it('any plausible CE year typed as BE in a CE field is caught, and vice versa', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1895, max: 2025 }), (ce) => {
        const a = checkBirthYear(toBuddhistYear(ce), 'CE', TODAY);
        const b = checkBirthYear(ce, 'BE', TODAY);
        return (
          !a.ok && a.code === 'year.looksBuddhist' && a.suggestedYear === ce &&
          !b.ok && b.code === 'year.looksGregorian' && b.suggestedYear === toBuddhistYear(ce)
        );
      }),
    );
  });
});

describe('eraMistake', () => {
  it('is the rule checkBirthYear and the date fields share, bounded by what the field finds plausible', () => {
    expect(eraMistake(1947, 'BE', () => true)).toEqual({ code: 'year.looksGregorian', suggestedYear: 2490 });
    expect(eraMistake(2490, 'CE', () => true)).toEqual({ code: 'year.looksBuddhist', suggestedYear: 1947 });
    expect(eraMistake(1947, 'BE', () => false)).toBeNull();
    expect(eraMistake(2490, 'BE', () => true)).toBeNull();
    expect(eraMistake(1947, 'CE', () => true)).toBeNull();
    expect(eraMistake(2300, 'BE', () => true)).toBeNull();
  });
});

describe('parsePartialDate', () => {
  const parse = (year: string, month = '', day = '', era: Era = 'BE') => parsePartialDate({ year, month, day }, era, TODAY);

  it('lowers the precision for empty month/day (never a fake 1 January)', () => {
    expect(parse('2490')).toEqual({ ok: true, date: { value: '1947', precision: 'year' } });
    expect(parse('2490', '3')).toEqual({ ok: true, date: { value: '1947-03', precision: 'month' } });
    expect(parse('2490', '03', '7')).toEqual({ ok: true, date: { value: '1947-03-07', precision: 'day' } });
    expect(parsePartialDate({ year: '1947' }, 'CE', TODAY)).toEqual({ ok: true, date: { value: '1947', precision: 'year' } });
  });
  it('accepts Thai digits and stray spaces', () => {
    expect(parse('๒๔๙๐', ' ๑๒ ', '๓๑')).toEqual({ ok: true, date: { value: '1947-12-31', precision: 'day' } });
  });
  it('requires the year', () => {
    expect(parse(' ')).toEqual({ ok: false, field: 'year', code: 'year.required' });
    expect(parse('25x0')).toEqual({ ok: false, field: 'year', code: 'year.invalid' });
  });
  it('passes year checks through with the suggestion', () => {
    expect(parse('1947')).toEqual({ ok: false, field: 'year', code: 'year.looksGregorian', suggestedYear: 2490 });
    expect(parse('2490', '', '', 'CE')).toEqual({ ok: false, field: 'year', code: 'year.looksBuddhist', suggestedYear: 1947 });
    expect(parse('2570')).toEqual({ ok: false, field: 'year', code: 'year.future' });
  });
  it('validates month and day', () => {
    expect(parse('2490', '13')).toEqual({ ok: false, field: 'month', code: 'month.invalid' });
    expect(parse('2490', '0')).toEqual({ ok: false, field: 'month', code: 'month.invalid' });
    expect(parse('2490', 'มี.ค.')).toEqual({ ok: false, field: 'month', code: 'month.invalid' });
    expect(parse('2490', '', '5')).toEqual({ ok: false, field: 'day', code: 'day.needsMonth' });
    expect(parse('2490', '4', '31')).toEqual({ ok: false, field: 'day', code: 'day.invalid' });
    expect(parse('2490', '4', '0')).toEqual({ ok: false, field: 'day', code: 'day.invalid' });
  });
  it('29 February only in leap years (BE 2543 = CE 2000 leap, CE 1900 not)', () => {
    expect(parse('2543', '2', '29')).toEqual({ ok: true, date: { value: '2000-02-29', precision: 'day' } });
    expect(parse('2567', '2', '29')).toEqual({ ok: true, date: { value: '2024-02-29', precision: 'day' } });
    expect(parse('2566', '2', '29')).toEqual({ ok: false, field: 'day', code: 'day.invalid' });
    expect(parse('1900', '2', '29', 'CE')).toEqual({ ok: false, field: 'day', code: 'day.invalid' });
  });
  it('rejects future dates on the most precise field given', () => {
    expect(parse('2568', '6', '15')).toEqual({ ok: true, date: { value: '2025-06-15', precision: 'day' } });
    expect(parse('2568', '6', '16')).toEqual({ ok: false, field: 'day', code: 'date.future' });
    expect(parse('2568', '6')).toEqual({ ok: true, date: { value: '2025-06', precision: 'month' } });
    expect(parse('2568', '7')).toEqual({ ok: false, field: 'month', code: 'date.future' });
  });
  it('partialDateToParts is its inverse in both eras', () => {
    const dates: PartialDate[] = [
      { value: '1947', precision: 'year' },
      { value: '1947-03', precision: 'month' },
      { value: '2000-02-29', precision: 'day' },
    ];
    expect(partialDateToParts(dates[2] as PartialDate, 'BE')).toEqual({ year: '2543', month: '2', day: '29' });
    expect(partialDateToParts(dates[0] as PartialDate, 'CE')).toEqual({ year: '1947', month: '', day: '' });
    for (const d of dates) {
      for (const era of ['BE', 'CE'] as const) {
        expect(parsePartialDate(partialDateToParts(d, era), era, TODAY)).toEqual({ ok: true, date: d });
      }
    }
  });
  it('partialDateToParts rejects a value that does not match its precision', () => {
    expect(() => partialDateToParts({ value: '1947-03', precision: 'day' }, 'BE')).toThrow(RangeError);
    expect(() => partialDateToParts({ value: '1947-02-30', precision: 'day' }, 'BE')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('Thai long and short with the 4-digit BE year', () => {
    expect(formatDate('2024-10-01', 'th')).toBe('1 ตุลาคม 2567');
    expect(formatDate('2024-10-01', 'th', 'short')).toBe('1 ต.ค. 2567');
    expect(formatDate('2025-01-31', 'th')).toBe('31 มกราคม 2568');
    expect(formatDate('2024-05-09', 'th', 'short')).toBe('9 พ.ค. 2567');
  });
  it('English long and short with the CE year', () => {
    expect(formatDate('2024-10-01', 'en')).toBe('1 October 2024');
    expect(formatDate('2024-10-01', 'en', 'short')).toBe('1 Oct 2024');
  });
  it('month and year precision', () => {
    expect(formatDate({ value: '2024-10', precision: 'month' }, 'th')).toBe('ตุลาคม 2567');
    expect(formatDate({ value: '2024-10', precision: 'month' }, 'en')).toBe('October 2024');
    expect(formatDate({ value: '2024-10', precision: 'month' }, 'th', 'short')).toBe('ต.ค. 2567');
    expect(formatDate({ value: '2024', precision: 'year' }, 'th')).toBe('2567');
    expect(formatDate({ value: '2024', precision: 'year' }, 'en')).toBe('2024');
    expect(formatDate('2024-10', 'th')).toBe('ตุลาคม 2567');
    expect(formatDate({ value: '2024-02-29', precision: 'day' }, 'th')).toBe('29 กุมภาพันธ์ 2567');
  });
  it('every month has its own name', () => {
    const th = Array.from({ length: 12 }, (_, i) => formatDate(`2024-${String(i + 1).padStart(2, '0')}-01`, 'th'));
    expect(new Set(th).size).toBe(12);
    expect(th[11]).toBe('1 ธันวาคม 2567');
  });
  it('rejects malformed dates', () => {
    expect(() => formatDate('2024-13-01', 'th')).toThrow(RangeError);
    expect(() => formatDate({ value: '2024', precision: 'day' }, 'th')).toThrow(RangeError);
  });
});

describe('formatInstant', () => {
  it('shows the Bangkok date and time', () => {
    expect(formatInstant('2024-10-01T01:30:00Z', 'th')).toBe('1 ต.ค. 2567 08:30 น.');
    expect(formatInstant('2024-10-01T01:30:00Z', 'en')).toBe('1 Oct 2024 08:30');
    expect(formatInstant('2024-09-30T17:30:00.000Z', 'th')).toBe('1 ต.ค. 2567 00:30 น.');
  });
});

describe('ageInYears', () => {
  it('counts completed years for a full date', () => {
    const b: PartialDate = { value: '1960-06-15', precision: 'day' };
    expect(ageInYears(b, '2025-06-14')).toBe(64);
    expect(ageInYears(b, '2025-06-15')).toBe(65);
    expect(ageInYears(b, '1960-06-15')).toBe(0);
  });
  it('a 29 February birthday turns over on 1 March in common years', () => {
    const b: PartialDate = { value: '1964-02-29', precision: 'day' };
    expect(ageInYears(b, '2025-02-28')).toBe(60);
    expect(ageInYears(b, '2025-03-01')).toBe(61);
    expect(ageInYears(b, '2024-02-29')).toBe(60);
  });
  it('month/year precision gives the certain (minimum) age; the range gives both bounds', () => {
    const year: PartialDate = { value: '1965', precision: 'year' };
    expect(ageInYears(year, '2025-06-15')).toBe(59);
    expect(ageInYears(year, '2025-12-31')).toBe(60);
    expect(ageRangeInYears(year, '2025-06-15')).toEqual({ min: 59, max: 60 });
    const month: PartialDate = { value: '1965-06', precision: 'month' };
    expect(ageInYears(month, '2025-06-29')).toBe(59);
    expect(ageInYears(month, '2025-06-30')).toBe(60);
    expect(ageRangeInYears(month, '2025-06-01')).toEqual({ min: 59, max: 60 });
  });
  it('is 0 inside the birth year and throws before it', () => {
    expect(ageInYears({ value: '2025', precision: 'year' }, '2025-03-01')).toBe(0);
    expect(() => ageInYears({ value: '2025-06-16', precision: 'day' }, '2025-06-15')).toThrow(RangeError);
    expect(() => ageInYears({ value: '2026', precision: 'year' }, '2025-06-15')).toThrow(RangeError);
  });
  it('min ≤ max ≤ min + 1 and agrees with the full date when known', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d0) => {
        const d = Math.min(d0, daysInMonth(y, m));
        const mm = String(m).padStart(2, '0');
        const full = ageInYears({ value: `${y}-${mm}-${String(d).padStart(2, '0')}`, precision: 'day' }, TODAY);
        const r = ageRangeInYears({ value: String(y), precision: 'year' }, TODAY);
        const rm = ageRangeInYears({ value: `${y}-${mm}`, precision: 'month' }, TODAY);
        return r.min <= rm.min && rm.min <= full && full <= rm.max && rm.max <= r.max && r.max - r.min <= 1;
      }),
    );
  });
});

describe('fiscal year', () => {
  it('pitfall 6: 30 Sep 2025 23:59 Bangkok → FY2568; 1 Oct 2025 00:00 Bangkok → FY2569', () => {
    expect(fiscalYearBE(bangkokDate('2025-09-30T16:59:00Z'))).toBe(2568);
    expect(fiscalYearBE(bangkokDate('2025-09-30T17:00:00Z'))).toBe(2569);
    // the UTC date of the second instant would give the wrong answer
    expect(fiscalYearBE('2025-09-30T17:00:00Z'.slice(0, 10))).toBe(2568);
  });
  it('FY2568 = 1 Oct 2024 … 30 Sep 2025, Q1 = Oct–Dec', () => {
    expect(fiscalYearBE('2024-10-01')).toBe(2568);
    expect(fiscalYearBE('2025-09-30')).toBe(2568);
    expect(fiscalYearBE('2024-09-30')).toBe(2567);
    expect(fiscalYearRange(2568)).toEqual({ start: '2024-10-01', end: '2025-09-30' });
    expect([10, 12, 1, 3, 4, 6, 7, 9].map((m) => fiscalQuarter(`2025-${String(m).padStart(2, '0')}-01`))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
  it('every date lies inside the range of its fiscal year', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (dt) => {
        const day = bangkokDate(dt);
        const { start, end } = fiscalYearRange(fiscalYearBE(day));
        return start <= day && day <= end;
      }),
    );
  });
  it('rejects a non-date', () => {
    expect(() => fiscalYearBE('2025-09-30T17:00:00Z')).toThrow(RangeError);
  });
});
