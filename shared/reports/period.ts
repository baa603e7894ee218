/**
 * Report periods: a month, a fiscal quarter, a fiscal year (1 October – 30 September, named by the Buddhist
 * Era year it ends in) or any range of days, all as Bangkok calendar dates, first and last day inclusive
 * (docs/domain.md §6).
 *
 * Invariants:
 * - resolvePeriod returns from ≤ to, both valid dates; a period starting after today, or a range whose end is
 *   before its start, is refused with a code the UI turns into a message (period.future, period.reversed).
 * - A period may end after today (the current month): its figures are those recorded so far.
 */
import * as z from 'zod/mini';
import { addDays, addMonths, daysBetween, monthBounds } from '../dates/calendar';
import { fiscalYearBE, fiscalYearRange, isIsoDate } from '../dates/thaiDate';

export type PeriodSpec =
  | { kind: 'month'; month: string } // YYYY-MM (CE)
  | { kind: 'quarter'; fyBE: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'fiscalYear'; fyBE: number }
  | { kind: 'range'; from: string; to: string };

export interface Period {
  spec: PeriodSpec;
  from: string;
  to: string;
}

export type PeriodError = 'period.invalid' | 'period.reversed' | 'period.future' | 'period.tooLong';

export type PeriodResult = { ok: true; period: Period } | { ok: false; code: PeriodError };

/** The longest range a report covers: five fiscal years. */
export const MAX_PERIOD_DAYS = 5 * 366;

const FY = z.number().check(z.int(), z.gte(2500), z.lte(2700));
const IsoDate = z.string().check(z.refine(isIsoDate));

/** The wire shape of a period (device → server report requests, snapshots). */
export const periodSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('month'), month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)) }),
  z.strictObject({ kind: z.literal('quarter'), fyBE: FY, quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) }),
  z.strictObject({ kind: z.literal('fiscalYear'), fyBE: FY }),
  z.strictObject({ kind: z.literal('range'), from: IsoDate, to: IsoDate }),
]);

/** First and last day of fiscal quarter `quarter` of fiscal year `fyBE` (Q1 = October–December). */
export function quarterRange(fyBE: number, quarter: 1 | 2 | 3 | 4): { start: string; end: string } {
  const start = addMonths(fiscalYearRange(fyBE).start, (quarter - 1) * 3);
  return { start, end: addDays(addMonths(start, 3), -1) };
}

function bounds(spec: PeriodSpec): { from: string; to: string } | null {
  switch (spec.kind) {
    case 'month': {
      const first = `${spec.month}-01`;
      if (!isIsoDate(first)) return null;
      const b = monthBounds(first);
      return { from: b.first, to: b.last };
    }
    case 'quarter': {
      const r = quarterRange(spec.fyBE, spec.quarter);
      return { from: r.start, to: r.end };
    }
    case 'fiscalYear': {
      const r = fiscalYearRange(spec.fyBE);
      return { from: r.start, to: r.end };
    }
    case 'range':
      return isIsoDate(spec.from) && isIsoDate(spec.to) ? { from: spec.from, to: spec.to } : null;
  }
}

/** The period's first and last days, or why it cannot be reported on `today` (a Bangkok date). */
export function resolvePeriod(spec: PeriodSpec, today: string): PeriodResult {
  if (!periodSpecSchema.safeParse(spec).success) return { ok: false, code: 'period.invalid' };
  const b = bounds(spec);
  if (b === null) return { ok: false, code: 'period.invalid' };
  if (b.to < b.from) return { ok: false, code: 'period.reversed' };
  if (b.from > today) return { ok: false, code: 'period.future' };
  if (daysBetween(b.from, b.to) >= MAX_PERIOD_DAYS) return { ok: false, code: 'period.tooLong' };
  return { ok: true, period: { spec, from: b.from, to: b.to } };
}

/** Calendar months the period touches (a month: 1, a quarter: 3, a fiscal year: 12; a range: every month it reaches into). */
export function monthsIn(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addMonths(m, 1)) months.push(m.slice(0, 7));
  return months;
}

/** The fiscal years a period reaches into, each with the part of the period inside it. */
export function fiscalYearsIn(from: string, to: string): { fyBE: number; from: string; to: string; days: number }[] {
  const out: { fyBE: number; from: string; to: string; days: number }[] = [];
  for (let fy = fiscalYearBE(from); fy <= fiscalYearBE(to); fy++) {
    const r = fiscalYearRange(fy);
    const f = r.start > from ? r.start : from;
    const t = r.end < to ? r.end : to;
    out.push({ fyBE: fy, from: f, to: t, days: daysBetween(f, t) + 1 });
  }
  return out;
}

/** Days in fiscal year `fyBE` (365 or 366: it holds February of the CE year it ends in). */
export function daysInFiscalYear(fyBE: number): number {
  const r = fiscalYearRange(fyBE);
  return daysBetween(r.start, r.end) + 1;
}
