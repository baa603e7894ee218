/**
 * How the Reports page shows the figures (docs/domain.md §6): money, hours and rates as text, what kind of
 * record each figure's ids are (for drill-down), the default period and the period form's reading. Pure, so
 * the page stays thin and the rules are tested here.
 */
import { addMonths, monthBounds } from '../dates/calendar';
import { fiscalYearBE } from '../dates/thaiDate';
import type { ReportFigures } from './definitions';
import type { PeriodSpec } from './period';

/** Satang as baht with thousands separators and 2 decimals: 104420050 → `1,044,200.50`. */
export function formatBaht(satang: number): string {
  const sign = satang < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(satang));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Minutes as hours with one decimal: 95 → `1.6`. */
export function hoursText(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toFixed(1);
}

/** Visits per person per month (done ÷ residents visited ÷ months), one decimal; null when there is no one. */
export function perPersonPerMonth(done: number, residents: number, months: number): string | null {
  if (residents <= 0 || months <= 0) return null;
  return (Math.round((done / residents / months) * 10) / 10).toFixed(1);
}

export type TableName = Exclude<keyof ReportFigures, 'from' | 'to' | 'months' | 'service' | 'serviceTotalSatang'>;
export type IdKind = 'resident' | 'visit' | 'plan';

/** What the ids of a figure are: residents, visits or care plans (definitions.ts fills each column so). */
export function idKindOf(table: TableName, column: string): IdKind {
  switch (table) {
    case 'register':
    case 'tai':
    case 'changes':
      return 'resident';
    case 'plans':
      return column === 'approvedInPeriod' || column === 'approvedWithin30' ? 'plan' : 'resident';
    case 'visitsByCaregiver':
    case 'visitsByCommunity':
      return column === 'residents' ? 'resident' : 'visit';
    case 'findings':
      return column === 'abnormalResidents' ? 'resident' : 'visit';
    case 'monthly':
      return 'visit';
  }
}

/** The last complete month before `today`'s. */
export function defaultPeriod(today: string): PeriodSpec {
  return { kind: 'month', month: addMonths(monthBounds(today).first, -1).slice(0, 7) };
}

/** What the period form holds (every kind's fields at once, so switching kind loses nothing typed). */
export interface PeriodForm {
  kind: PeriodSpec['kind'];
  /** Month 1–12 as text. */
  month: string;
  /** BE year of the month. */
  monthYearBE: string;
  fyBE: string;
  quarter: string;
  from: string;
  to: string;
}

export function periodFormOf(spec: PeriodSpec, today: string): PeriodForm {
  const fy = String(fiscalYearBE(today));
  const base: PeriodForm = { kind: spec.kind, month: today.slice(5, 7).replace(/^0/, ''), monthYearBE: String(Number(today.slice(0, 4)) + 543), fyBE: fy, quarter: '1', from: '', to: '' };
  switch (spec.kind) {
    case 'month':
      return { ...base, month: String(Number(spec.month.slice(5, 7))), monthYearBE: String(Number(spec.month.slice(0, 4)) + 543) };
    case 'quarter':
      return { ...base, fyBE: String(spec.fyBE), quarter: String(spec.quarter) };
    case 'fiscalYear':
      return { ...base, fyBE: String(spec.fyBE) };
    case 'range':
      return { ...base, from: spec.from, to: spec.to };
  }
}

/** The spec the form asks for (resolvePeriod then judges it; text that is no number gives an invalid spec). */
export function periodSpecOfForm(f: PeriodForm): PeriodSpec {
  const int = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);
  switch (f.kind) {
    case 'month': {
      const y = int(f.monthYearBE) - 543;
      const m = int(f.month);
      return { kind: 'month', month: Number.isFinite(y) && Number.isFinite(m) ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}` : '' };
    }
    case 'quarter':
      return { kind: 'quarter', fyBE: int(f.fyBE), quarter: int(f.quarter) as 1 | 2 | 3 | 4 };
    case 'fiscalYear':
      return { kind: 'fiscalYear', fyBE: int(f.fyBE) };
    case 'range':
      return { kind: 'range', from: f.from, to: f.to };
  }
}
