/**
 * The LTC fund's money rules as data: the rate per dependent person per fiscal year and the day the budget
 * arrived (the 30-day approval clock starts there), each with its source. Defaults below; an admin edits them
 * on the Settings page, so a new rate needs no code change (docs/domain.md §6).
 *
 * Invariants:
 * - A rate holds from its fiscal year until the next listed one; a fiscal year before the first listed has no
 *   rate (0, and the service list says so).
 * - Money is integer satang; a pro-rata share is rounded half up, the same in TypeScript and in SQL
 *   (server/reports/sql.ts), so device and server agree to the satang.
 */
import * as z from 'zod/mini';
import { fiscalYearRange, isIsoDate } from '../dates/thaiDate';

export interface FundRate {
  fyBE: number;
  /** Baht per dependent person per fiscal year. */
  bahtPerYear: number;
  source: string;
}

export interface BudgetDate {
  fyBE: number;
  /** The day the fund's budget for that year arrived (the 30-day approval clock starts on it). */
  date: string;
}

export interface FundSettings {
  rates: FundRate[];
  budgetDates: BudgetDate[];
}

export const DEFAULT_FUND_SETTINGS: Readonly<FundSettings> = Object.freeze({
  rates: [
    {
      fyBE: 2559,
      bahtPerYear: 6000,
      source: 'ประกาศคณะกรรมการหลักประกันสุขภาพแห่งชาติ เรื่อง การดูแลระยะยาวด้านสาธารณสุขสำหรับผู้สูงอายุที่มีภาวะพึ่งพิง (6,000 บาท/คน/ปี, ถึงปีงบประมาณ 2566)',
    },
    {
      fyBE: 2567,
      bahtPerYear: 10442,
      source: 'สปสช. ปีงบประมาณ 2567: 10,442 บาท/คน/ปี (เพิ่มกลุ่มภาวะสมองเสื่อมและผู้ป่วยระยะท้าย)',
    },
  ],
  budgetDates: [],
});

const FY = z.number().check(z.int(), z.gte(2500), z.lte(2700));

export const fundSettingsSchema = z.strictObject({
  rates: z.array(z.strictObject({ fyBE: FY, bahtPerYear: z.number().check(z.int(), z.gte(0), z.lte(1_000_000)), source: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)) })).check(z.minLength(1), z.maxLength(100)),
  budgetDates: z.array(z.strictObject({ fyBE: FY, date: z.string().check(z.refine(isIsoDate)) })).check(z.maxLength(100)),
}).check(z.superRefine((s, ctx) => {
  const seen = new Set<number>();
  s.rates.forEach((r, i) => {
    if (seen.has(r.fyBE)) ctx.addIssue({ code: 'custom', message: 'fund.rate.duplicate', path: ['rates', i, 'fyBE'] });
    seen.add(r.fyBE);
  });
  const seenBudget = new Set<number>();
  s.budgetDates.forEach((b, i) => {
    const fy = fiscalYearRange(b.fyBE);
    if (seenBudget.has(b.fyBE)) ctx.addIssue({ code: 'custom', message: 'fund.budget.duplicate', path: ['budgetDates', i, 'fyBE'] });
    else if (b.date < fy.start || b.date > fy.end) ctx.addIssue({ code: 'custom', message: 'fund.budget.outsideYear', path: ['budgetDates', i, 'date'] });
    seenBudget.add(b.fyBE);
  });
}));

/** Satang per person for fiscal year `fyBE` (0 before the first listed rate). */
export function rateSatang(settings: FundSettings, fyBE: number): number {
  let best: FundRate | null = null;
  for (const r of settings.rates) if (r.fyBE <= fyBE && (best === null || r.fyBE > best.fyBE)) best = r;
  return best === null ? 0 : best.bahtPerYear * 100;
}

/** The day the budget of fiscal year `fyBE` arrived (its first day unless set). */
export function budgetDate(settings: FundSettings, fyBE: number): string {
  return settings.budgetDates.find((b) => b.fyBE === fyBE)?.date ?? fiscalYearRange(fyBE).start;
}

/** `rate × days / daysInYear` in satang, rounded half up (integers only: exact on both sides). */
export function proRataSatang(rate: number, days: number, daysInYear: number): number {
  return Math.floor((2 * rate * days + daysInYear) / (2 * daysInYear));
}
