import { describe, expect, it } from 'vitest';
import { daysInFiscalYear, fiscalYearsIn, monthsIn, quarterRange, resolvePeriod, type PeriodSpec } from './period';

const TODAY = '2025-11-15';

function resolved(spec: PeriodSpec): { from: string; to: string } {
  const r = resolvePeriod(spec, TODAY);
  if (!r.ok) throw new Error(r.code);
  return { from: r.period.from, to: r.period.to };
}

describe('resolvePeriod', () => {
  it('gives a month its first and last day, February of a leap year included', () => {
    expect(resolved({ kind: 'month', month: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolved({ kind: 'month', month: '2025-02' })).toEqual({ from: '2025-02-01', to: '2025-02-28' });
  });

  it('names the fiscal year by the BE year it ends in: FY2568 = 1 Oct 2024 – 30 Sep 2025', () => {
    expect(resolved({ kind: 'fiscalYear', fyBE: 2568 })).toEqual({ from: '2024-10-01', to: '2025-09-30' });
  });

  it('starts the fiscal quarters in October', () => {
    expect(resolved({ kind: 'quarter', fyBE: 2568, quarter: 1 })).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(resolved({ kind: 'quarter', fyBE: 2568, quarter: 2 })).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(quarterRange(2568, 4)).toEqual({ start: '2025-07-01', end: '2025-09-30' });
  });

  it('accepts a range, even one day, and the current month though it has not ended', () => {
    expect(resolved({ kind: 'range', from: '2025-03-05', to: '2025-03-05' })).toEqual({ from: '2025-03-05', to: '2025-03-05' });
    expect(resolved({ kind: 'month', month: '2025-11' })).toEqual({ from: '2025-11-01', to: '2025-11-30' });
  });

  it('refuses reversed dates, a future period, impossible dates and an overlong range, each with its code', () => {
    expect(resolvePeriod({ kind: 'range', from: '2025-03-05', to: '2025-03-04' }, TODAY)).toEqual({ ok: false, code: 'period.reversed' });
    expect(resolvePeriod({ kind: 'month', month: '2025-12' }, TODAY)).toEqual({ ok: false, code: 'period.future' });
    expect(resolvePeriod({ kind: 'fiscalYear', fyBE: 2570 }, TODAY)).toEqual({ ok: false, code: 'period.future' });
    expect(resolvePeriod({ kind: 'range', from: '2025-02-30', to: '2025-03-04' }, TODAY)).toEqual({ ok: false, code: 'period.invalid' });
    expect(resolvePeriod({ kind: 'month', month: '2025-13' }, TODAY)).toEqual({ ok: false, code: 'period.invalid' });
    expect(resolvePeriod({ kind: 'range', from: '2015-01-01', to: '2025-01-01' }, TODAY)).toEqual({ ok: false, code: 'period.tooLong' });
  });
});

describe('period arithmetic', () => {
  it('lists every month a range reaches into', () => {
    expect(monthsIn('2024-10-01', '2025-09-30')).toHaveLength(12);
    expect(monthsIn('2025-01-31', '2025-03-01')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(monthsIn('2025-03-05', '2025-03-05')).toEqual(['2025-03']);
  });

  it('splits a range at the fiscal-year boundary (30 Sep | 1 Oct)', () => {
    expect(fiscalYearsIn('2024-09-15', '2024-10-10')).toEqual([
      { fyBE: 2567, from: '2024-09-15', to: '2024-09-30', days: 16 },
      { fyBE: 2568, from: '2024-10-01', to: '2024-10-10', days: 10 },
    ]);
  });

  it('counts 366 days in a fiscal year that holds 29 February', () => {
    expect(daysInFiscalYear(2567)).toBe(366); // Oct 2023 – Sep 2024
    expect(daysInFiscalYear(2568)).toBe(365);
  });
});
