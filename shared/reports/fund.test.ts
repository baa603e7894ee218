import { describe, expect, it } from 'vitest';
import { budgetDate, DEFAULT_FUND_SETTINGS, fundSettingsSchema, proRataSatang, rateSatang } from './fund';

describe('fund rates', () => {
  it('holds 6,000 baht until FY2566 and 10,442 baht from FY2567, nothing before the first listed year', () => {
    expect(rateSatang(DEFAULT_FUND_SETTINGS, 2566)).toBe(600_000);
    expect(rateSatang(DEFAULT_FUND_SETTINGS, 2567)).toBe(1_044_200);
    expect(rateSatang(DEFAULT_FUND_SETTINGS, 2570)).toBe(1_044_200);
    expect(rateSatang(DEFAULT_FUND_SETTINGS, 2558)).toBe(0);
  });

  it('rounds a pro-rata share half up to the satang, exactly', () => {
    expect(proRataSatang(1_044_200, 365, 365)).toBe(1_044_200);
    expect(proRataSatang(1_044_200, 71, 365)).toBe(203_118); // 203,118.36
    expect(proRataSatang(100, 1, 8)).toBe(13); // 12.5 → 13
    expect(proRataSatang(100, 1, 3)).toBe(33); // 33.33 → 33
    expect(proRataSatang(0, 200, 365)).toBe(0);
  });

  it('starts the budget clock on the fiscal year’s first day unless a date is set', () => {
    expect(budgetDate(DEFAULT_FUND_SETTINGS, 2568)).toBe('2024-10-01');
    expect(budgetDate({ ...DEFAULT_FUND_SETTINGS, budgetDates: [{ fyBE: 2568, date: '2024-11-03' }] }, 2568)).toBe('2024-11-03');
  });

  it('accepts the defaults and refuses a duplicate year, a budget date outside its year and an empty source', () => {
    expect(fundSettingsSchema.safeParse(DEFAULT_FUND_SETTINGS).success).toBe(true);
    const issues = (v: unknown): string[] => {
      const r = fundSettingsSchema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    };
    expect(issues({ rates: [...DEFAULT_FUND_SETTINGS.rates, { fyBE: 2567, bahtPerYear: 1, source: 'x' }], budgetDates: [] })).toEqual(['rates.2.fyBE:fund.rate.duplicate']);
    expect(issues({ rates: DEFAULT_FUND_SETTINGS.rates, budgetDates: [{ fyBE: 2568, date: '2025-10-01' }] })).toEqual(['budgetDates.0.date:fund.budget.outsideYear']);
    expect(issues({ rates: [{ fyBE: 2568, bahtPerYear: 1, source: '  ' }], budgetDates: [] })).toHaveLength(1);
  });
});
