/**
 * What a user types into a date field, the way Thai staff write dates (docs/domain.md §2, §7): day, month and a
 * 4-digit year, `5/12/2569`, separated by `/`, `-`, `.` or spaces, in Thai or ASCII digits. The year is in the
 * field's era: BE in the Thai UI, CE in English.
 *
 * Invariants:
 * - parseDateInput gives a real CE ISO date (`YYYY-MM-DD`) or one precise error code; it never guesses a
 *   century (`5/12/69` asks for 4 digits) and never swaps day and month.
 * - Era mistakes follow the one rule of thaiDate.ts (`eraMistake`): a CE-looking year in a BE field and a
 *   BE-looking year in a CE field name the year to type instead, when that year fits the field's range.
 * - Every date of the supported range (DATE_INPUT_MIN … DATE_INPUT_MAX, within the field's own min/max)
 *   round-trips: parseDateInput(formatDateInput(iso, era), era) gives iso back, in both eras.
 * - unparsedDateValue never returns a string the forms' rules would take for an ISO date.
 */
import { asciiDigits, daysInMonth, eraMistake, isIsoDate, toBuddhistYear, toGregorianYear, type Era } from './thaiDate';

/** The earliest and latest dates a date field takes (a birth in 1800 … a plan review in 2399). */
export const DATE_INPUT_MIN = '1800-01-01';
export const DATE_INPUT_MAX = '2399-12-31';

export type DateInputCode =
  | 'dateInput.empty'
  | 'dateInput.incomplete'
  | 'dateInput.format'
  | 'dateInput.day'
  | 'dateInput.month'
  | 'dateInput.yearDigits'
  | 'dateInput.notADate'
  | 'year.looksGregorian'
  | 'year.looksBuddhist'
  | 'dateInput.beforeMin'
  | 'dateInput.afterMax';

export type DateInputResult =
  | { ok: true; iso: string }
  | {
      ok: false;
      code: DateInputCode;
      /** The year to type instead, in the field's era (era mistakes). */
      suggestedYear?: number;
      /** The ISO bound the date fell outside of (beforeMin, afterMax). */
      bound?: string;
    };

export interface DateInputRange {
  /** Earliest ISO date the field takes (inclusive). */
  min?: string | undefined;
  /** Latest ISO date the field takes (inclusive). */
  max?: string | undefined;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The field's range narrowed to what any date field takes. */
function effectiveRange(range: DateInputRange): { min: string; max: string } {
  const min = range.min !== undefined && isIsoDate(range.min) && range.min > DATE_INPUT_MIN ? range.min : DATE_INPUT_MIN;
  const max = range.max !== undefined && isIsoDate(range.max) && range.max < DATE_INPUT_MAX ? range.max : DATE_INPUT_MAX;
  return { min, max };
}

/** Parses typed text into a CE ISO date; `era` is the era the year is typed in. */
export function parseDateInput(text: string, era: Era, range: DateInputRange = {}): DateInputResult {
  const s = asciiDigits(text)
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim();
  if (s === '') return { ok: false, code: 'dateInput.empty' };
  if (/[^0-9/.\-\s]/.test(s)) return { ok: false, code: 'dateInput.format' };
  const parts = s.split(/[/.\-\s]+/);
  if (parts.length > 3) return { ok: false, code: 'dateInput.format' };
  const [dayText = '', monthText = '', yearText = ''] = parts;
  if (dayText === '') return { ok: false, code: 'dateInput.format' };
  if (monthText === '' || yearText === '') return { ok: false, code: 'dateInput.incomplete' };

  const day = /^\d{1,2}$/.test(dayText) ? Number(dayText) : NaN;
  if (!(day >= 1 && day <= 31)) return { ok: false, code: 'dateInput.day' };
  const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : NaN;
  if (!(month >= 1 && month <= 12)) return { ok: false, code: 'dateInput.month' };
  if (!/^\d{4}$/.test(yearText)) return { ok: false, code: 'dateInput.yearDigits' };

  const typed = Number(yearText);
  const { min, max } = effectiveRange(range);
  const [minYear, maxYear] = [Number(min.slice(0, 4)), Number(max.slice(0, 4))];
  const mistake = eraMistake(typed, era, (ce) => ce >= minYear && ce <= maxYear);
  if (mistake) return { ok: false, code: mistake.code, suggestedYear: mistake.suggestedYear };

  const ceYear = era === 'BE' ? toGregorianYear(typed) : typed;
  if (ceYear < Number(DATE_INPUT_MIN.slice(0, 4))) return { ok: false, code: 'dateInput.beforeMin', bound: min };
  if (day > daysInMonth(ceYear, month)) return { ok: false, code: 'dateInput.notADate' };
  const iso = `${String(ceYear).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  if (iso < min) return { ok: false, code: 'dateInput.beforeMin', bound: min };
  if (iso > max) return { ok: false, code: 'dateInput.afterMax', bound: max };
  return { ok: true, iso };
}

/** An ISO date as the field shows it: `05/12/2569` (BE) or `05/12/2026` (CE). */
export function formatDateInput(iso: string, era: Era): string {
  if (!isIsoDate(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const ce = Number(iso.slice(0, 4));
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${era === 'BE' ? toBuddhistYear(ce) : ce}`;
}

/**
 * The form value kept for text that does not parse: the text itself, so nothing typed is lost (a draft keeps
 * it), except that text the forms would read as an ISO date (`2026-12-05`, also in Thai digits) gets `/`
 * for `-`, so the form refuses it as the field does instead of saving a date the field rejected.
 */
export function unparsedDateValue(text: string): string {
  return isIsoDate(asciiDigits(text).trim()) ? text.replace(/-/g, '/') : text;
}

/**
 * The form value for what is typed in a date field: '' for nothing, the ISO date when the text is a date, also
 * one outside the field's min/max (the form's own rules then say what is wrong with it, e.g. a visit in the
 * future), else the text itself (unparsedDateValue), which no form takes for a date.
 */
export function dateFieldValue(text: string, era: Era, range: DateInputRange = {}): string {
  const r = parseDateInput(text, era, range);
  if (r.ok) return r.iso;
  if (r.code === 'dateInput.empty') return '';
  if (r.code === 'dateInput.beforeMin' || r.code === 'dateInput.afterMax') {
    const loose = parseDateInput(text, era);
    if (loose.ok) return loose.iso;
  }
  return unparsedDateValue(text);
}

/** The text a field shows for a form value: the formatted date, or an unparsed value as it was typed. */
export function dateInputText(value: string, era: Era): string {
  return isIsoDate(value) ? formatDateInput(value, era) : value;
}
