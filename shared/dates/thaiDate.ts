/**
 * Dates for Thai users (docs/domain.md §2, §6, §7). Pure arithmetic on Asia/Bangkok (UTC+7, no DST), so results
 * never depend on the machine's time zone or ICU data.
 *
 * Invariants: stored dates are CE ISO strings (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) whose length matches their
 * precision; BE (พ.ศ. = ค.ศ. + 543) exists only at the UI edge (parse, format). An unknown month or day is
 * never replaced by a fake 1 January.
 */

export type Locale = 'th' | 'en';
export type Era = 'BE' | 'CE';
export type DatePrecision = 'day' | 'month' | 'year';

export interface PartialDate {
  /** CE `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, matching `precision`. */
  value: string;
  precision: DatePrecision;
}

const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const BE_OFFSET = 543;

// A time without a zone designator would be read in the machine's zone, so strings must carry Z or an offset.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function toEpochMs(instant: Date | string): number {
  if (typeof instant === 'string' && !INSTANT_RE.test(instant)) {
    throw new RangeError(`not an ISO instant with a zone: ${instant}`);
  }
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${String(instant)}`);
  return ms;
}

/** The instant shifted so that its UTC fields are the Bangkok wall-clock fields. */
function bangkokIso(instant: Date | string): string {
  return new Date(toEpochMs(instant) + BANGKOK_OFFSET_MS).toISOString();
}

/** Calendar date (YYYY-MM-DD) in Asia/Bangkok. */
export function bangkokDate(instant: Date | string): string {
  return bangkokIso(instant).slice(0, 10);
}

export function bangkokDateTime(instant: Date | string): { date: string; time: string } {
  const iso = bangkokIso(instant);
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export function todayBangkok(now: Date = new Date()): string {
  return bangkokDate(now);
}

export function toBuddhistYear(ce: number): number {
  return ce + BE_OFFSET;
}

export function toGregorianYear(be: number): number {
  return be - BE_OFFSET;
}

export function isLeapYear(ce: number): boolean {
  return (ce % 4 === 0 && ce % 100 !== 0) || ce % 400 === 0;
}

/** Days in a month (1–12) of a CE year. */
export function daysInMonth(ce: number, month: number): number {
  if (month === 2) return isLeapYear(ce) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function requireIsoDate(s: string): { y: number; m: number; d: number } {
  if (!isIsoDate(s)) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)) };
}

export interface EraMistake {
  code: 'year.looksBuddhist' | 'year.looksGregorian';
  /** The year to type instead, in the field's own era. */
  suggestedYear: number;
}

/**
 * The era mistake a typed year looks like (docs/domain.md §2, pitfall 1): a BE year (2400–2699) in a CE field,
 * or a CE year (1800–2299) in a BE field. Reported only when the year it stands for (CE) is `plausible` for the
 * field, so the UI never offers a conversion that fails in turn. Every field that takes a typed year (birth
 * year, date fields) asks this one rule.
 */
export function eraMistake(typed: number, era: Era, plausible: (ceYear: number) => boolean): EraMistake | null {
  if (era === 'CE' && typed >= 2400 && typed <= 2699 && plausible(toGregorianYear(typed))) {
    return { code: 'year.looksBuddhist', suggestedYear: toGregorianYear(typed) };
  }
  if (era === 'BE' && typed >= 1800 && typed <= 2299 && plausible(typed)) {
    return { code: 'year.looksGregorian', suggestedYear: toBuddhistYear(typed) };
  }
  return null;
}

export type YearCheck =
  | { ok: true; ceYear: number }
  | {
      ok: false;
      code: 'year.invalid' | 'year.looksBuddhist' | 'year.looksGregorian' | 'year.future' | 'year.tooOld';
      suggestedYear?: number;
    };

/**
 * Checks a typed birth year. A BE year in a CE field (2400–2699) or a CE year in a BE field (1800–2299, which
 * would make the person ~543 years old) is reported with the year to type instead (`suggestedYear`, in the
 * field's own era), but only when that suggestion is itself a plausible birth year; otherwise the plain
 * future / too-old code is returned, so the UI never offers a conversion that fails in turn.
 * Too old means `todayYear − ceYear > maxAge`.
 */
export function checkBirthYear(typed: number, era: Era, todayIso: string, maxAge = 130): YearCheck {
  if (!Number.isInteger(typed) || typed <= 0) return { ok: false, code: 'year.invalid' };
  const thisYear = requireIsoDate(todayIso).y;
  const plausible = (ce: number): boolean => ce <= thisYear && thisYear - ce <= maxAge;

  const mistake = eraMistake(typed, era, plausible);
  if (mistake) return { ok: false, ...mistake };
  const ceYear = era === 'BE' ? toGregorianYear(typed) : typed;
  if (ceYear > thisYear) return { ok: false, code: 'year.future' };
  if (thisYear - ceYear > maxAge) return { ok: false, code: 'year.tooOld' };
  return { ok: true, ceYear };
}

export type PartialDateResult =
  | { ok: true; date: PartialDate }
  | { ok: false; field: 'year' | 'month' | 'day'; code: string; suggestedYear?: number };

/** Thai digits (๐–๙) → ASCII digits; everything else unchanged. */
export function asciiDigits(s: string): string {
  return s.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

/** Thai digits → ASCII, spaces and zero-width characters removed. */
function cleanNumber(s: string | undefined): string {
  return asciiDigits(s ?? '').replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Parses a birth date typed as separate year / month / day fields (the year in `era`). Empty month (and
 * day) lowers the precision. Codes: year.required, year.invalid, checkBirthYear's codes (field 'year'),
 * month.invalid, day.needsMonth, day.invalid, date.future (field = the most precise one given).
 */
export function parsePartialDate(
  parts: { year: string; month?: string; day?: string },
  era: Era,
  todayIso: string,
): PartialDateResult {
  const [yearText, monthText, dayText] = [cleanNumber(parts.year), cleanNumber(parts.month), cleanNumber(parts.day)];
  if (yearText === '') return { ok: false, field: 'year', code: 'year.required' };
  if (!/^\d{1,4}$/.test(yearText)) return { ok: false, field: 'year', code: 'year.invalid' };
  const year = checkBirthYear(Number(yearText), era, todayIso);
  if (!year.ok) {
    return year.suggestedYear === undefined
      ? { ok: false, field: 'year', code: year.code }
      : { ok: false, field: 'year', code: year.code, suggestedYear: year.suggestedYear };
  }
  const y = String(year.ceYear).padStart(4, '0');

  if (monthText === '') {
    if (dayText !== '') return { ok: false, field: 'day', code: 'day.needsMonth' };
    return { ok: true, date: { value: y, precision: 'year' } };
  }
  const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : NaN;
  if (!(month >= 1 && month <= 12)) return { ok: false, field: 'month', code: 'month.invalid' };
  const ym = `${y}-${pad2(month)}`;

  if (dayText === '') {
    if (ym > todayIso.slice(0, 7)) return { ok: false, field: 'month', code: 'date.future' };
    return { ok: true, date: { value: ym, precision: 'month' } };
  }
  const day = /^\d{1,2}$/.test(dayText) ? Number(dayText) : NaN;
  if (!(day >= 1 && day <= daysInMonth(year.ceYear, month))) return { ok: false, field: 'day', code: 'day.invalid' };
  const ymd = `${ym}-${pad2(day)}`;
  if (ymd > todayIso) return { ok: false, field: 'day', code: 'date.future' };
  return { ok: true, date: { value: ymd, precision: 'day' } };
}

/** Inverse of parsePartialDate for editing forms: year in `era`, month and day without leading zeros, '' if unknown. */
export function partialDateToParts(date: PartialDate, era: Era): { year: string; month: string; day: string } {
  const { y, m, d } = splitPartial(date);
  return {
    year: String(era === 'BE' ? toBuddhistYear(y) : y),
    month: m === undefined ? '' : String(m),
    day: d === undefined ? '' : String(d),
  };
}

const PARTIAL_RE: Record<DatePrecision, RegExp> = {
  year: /^\d{4}$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
};

function splitPartial(date: PartialDate): { y: number; m?: number; d?: number } {
  const ok = PARTIAL_RE[date.precision].test(date.value) && (date.precision !== 'day' || isIsoDate(date.value));
  if (!ok) throw new RangeError(`invalid ${date.precision}-precision date: ${date.value}`);
  const y = Number(date.value.slice(0, 4));
  if (date.precision === 'year') return { y };
  const m = Number(date.value.slice(5, 7));
  if (date.precision === 'month') return { y, m };
  return { y, m, d: Number(date.value.slice(8, 10)) };
}

/** Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as a PartialDate of the matching precision. */
export function toPartialDate(value: string): PartialDate {
  const precision: DatePrecision = value.length === 4 ? 'year' : value.length === 7 ? 'month' : 'day';
  const date = { value, precision };
  splitPartial(date); // validates
  return date;
}

// Own tables, so output never depends on the ICU build (docs/domain.md §7).
export const THAI_MONTHS = [
  'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม',
] as const;
export const THAI_MONTHS_SHORT = [
  'ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.',
] as const;
export const ENGLISH_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
export const ENGLISH_MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** Weekdays from Sunday, the first day of the week on Thai calendars. */
export const THAI_WEEKDAYS = ['อาทิตย์', 'จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์', 'เสาร์'] as const;
export const THAI_WEEKDAYS_SHORT = ['อา.', 'จ.', 'อ.', 'พ.', 'พฤ.', 'ศ.', 'ส.'] as const;
export const ENGLISH_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const ENGLISH_WEEKDAYS_SHORT = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'] as const;

function monthName(m: number, locale: Locale, style: 'long' | 'short'): string {
  const table =
    locale === 'th' ? (style === 'long' ? THAI_MONTHS : THAI_MONTHS_SHORT) : style === 'long' ? ENGLISH_MONTHS : ENGLISH_MONTHS_SHORT;
  const name = table[m - 1];
  if (name === undefined) throw new RangeError(`month out of range: ${m}`);
  return name;
}

/**
 * `1 ตุลาคม 2567` / `1 ต.ค. 2567` (Thai: always the 4-digit BE year, never `1/10/67`), `1 October 2024` /
 * `1 Oct 2024`; month precision `ตุลาคม 2567`, year precision `2567`. A string is read by its length.
 */
export function formatDate(date: string | PartialDate, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const { y, m, d } = splitPartial(typeof date === 'string' ? toPartialDate(date) : date);
  const year = String(locale === 'th' ? toBuddhistYear(y) : y);
  const parts = [d === undefined ? undefined : String(d), m === undefined ? undefined : monthName(m, locale, style), year];
  return parts.filter((p) => p !== undefined).join(' ');
}

/** Bangkok date (short style) and time: `1 ต.ค. 2567 08:30 น.` / `1 Oct 2024 08:30`. */
export function formatInstant(iso: string, locale: Locale): string {
  const { date, time } = bangkokDateTime(iso);
  return `${formatDate(date, locale, 'short')} ${time}${locale === 'th' ? ' น.' : ''}`;
}

/**
 * Whole years completed on `onIso` (birthdays on 29 Feb count from 1 Mar in common years).
 * For month/year precision this is the age the person has certainly reached: the birthday is assumed to be
 * the LAST day of the known month/year, so the age is never overstated (a threshold such as ≥ 60 is only
 * claimed when it is certain). See ageRangeInYears for both bounds. Throws if `onIso` is before the earliest
 * possible birth date; returns 0 while still inside the birth month/year.
 */
export function ageInYears(birth: PartialDate, onIso: string): number {
  return ageRangeInYears(birth, onIso).min;
}

/** Smallest and largest possible whole-year age on `onIso`, given the birth date's precision. */
export function ageRangeInYears(birth: PartialDate, onIso: string): { min: number; max: number } {
  const on = requireIsoDate(onIso);
  const { y, m, d } = splitPartial(birth);
  const earliest = { y, m: m ?? 1, d: d ?? 1 };
  const latestMonth = m ?? 12;
  const latest = { y, m: latestMonth, d: d ?? daysInMonth(y, latestMonth) };
  const yearsSince = (b: { y: number; m: number; d: number }): number =>
    on.y - b.y - (on.m < b.m || (on.m === b.m && on.d < b.d) ? 1 : 0);
  const max = yearsSince(earliest);
  if (max < 0) throw new RangeError(`${onIso} is before the birth date ${birth.value}`);
  return { min: Math.max(0, yearsSince(latest)), max };
}

/** Fiscal year (1 Oct–30 Sep) named by the BE year it ends in, from a Bangkok calendar date (docs/domain.md §6). */
export function fiscalYearBE(dateIso: string): number {
  const { y, m } = requireIsoDate(dateIso);
  return toBuddhistYear(m >= 10 ? y + 1 : y);
}

/** Fiscal quarter: Q1 = Oct–Dec … Q4 = Jul–Sep. */
export function fiscalQuarter(dateIso: string): 1 | 2 | 3 | 4 {
  const { m } = requireIsoDate(dateIso);
  return m >= 10 ? 1 : m <= 3 ? 2 : m <= 6 ? 3 : 4;
}

/** First and last Bangkok calendar dates of a fiscal year: FY2568 → 2024-10-01 … 2025-09-30. */
export function fiscalYearRange(fyBE: number): { start: string; end: string } {
  if (!Number.isInteger(fyBE)) throw new RangeError(`invalid fiscal year: ${fyBE}`);
  const endCe = toGregorianYear(fyBE);
  return { start: `${endCe - 1}-10-01`, end: `${endCe}-09-30` };
}
