import { describe, expect, it } from 'vitest';
import { defaultPeriod, formatBaht, hoursText, idKindOf, perPersonPerMonth, periodFormOf, periodSpecOfForm } from './present';
import { resolvePeriod } from './period';

describe('report presentation', () => {
  it('shows baht with thousands separators and 2 decimals', () => {
    expect(formatBaht(104420050)).toBe('1,044,200.50');
    expect(formatBaht(1044200)).toBe('10,442.00');
    expect(formatBaht(99)).toBe('0.99');
    expect(formatBaht(0)).toBe('0.00');
  });
  it('shows care hours from minutes with one decimal', () => {
    expect(hoursText(0)).toBe('0.0');
    expect(hoursText(95)).toBe('1.6');
    expect(hoursText(600)).toBe('10.0');
  });
  it('derives visits per person per month, nothing without residents', () => {
    expect(perPersonPerMonth(24, 2, 12)).toBe('1.0');
    expect(perPersonPerMonth(7, 2, 3)).toBe('1.2');
    expect(perPersonPerMonth(3, 0, 1)).toBeNull();
  });
  it('knows what each figure counts', () => {
    expect(idKindOf('register', 'total')).toBe('resident');
    expect(idKindOf('plans', 'withPlan')).toBe('resident');
    expect(idKindOf('plans', 'approvedInPeriod')).toBe('plan');
    expect(idKindOf('visitsByCaregiver', 'done')).toBe('visit');
    expect(idKindOf('visitsByCommunity', 'residents')).toBe('resident');
    expect(idKindOf('findings', 'abnormalResidents')).toBe('resident');
    expect(idKindOf('findings', 'hospital')).toBe('visit');
    expect(idKindOf('monthly', 'minutes')).toBe('visit');
  });
  it('defaults to the last complete month, across a year end too', () => {
    expect(defaultPeriod('2026-12-06')).toEqual({ kind: 'month', month: '2026-11' });
    expect(defaultPeriod('2027-01-01')).toEqual({ kind: 'month', month: '2026-12' });
  });
  it('reads the period form in BE years, and keeps what was typed when the spec is refused', () => {
    const today = '2026-12-06';
    const form = periodFormOf({ kind: 'month', month: '2026-11' }, today);
    expect(form).toMatchObject({ kind: 'month', month: '11', monthYearBE: '2569', fyBE: '2570' });
    expect(periodSpecOfForm(form)).toEqual({ kind: 'month', month: '2026-11' });
    expect(periodSpecOfForm({ ...form, kind: 'fiscalYear', fyBE: '2568' })).toEqual({ kind: 'fiscalYear', fyBE: 2568 });
    const fy = resolvePeriod(periodSpecOfForm({ ...form, kind: 'fiscalYear', fyBE: '2568' }), today);
    expect(fy).toEqual({ ok: true, period: { spec: { kind: 'fiscalYear', fyBE: 2568 }, from: '2024-10-01', to: '2025-09-30' } });
    expect(resolvePeriod(periodSpecOfForm({ ...form, kind: 'quarter', fyBE: '2570', quarter: '3' }), today)).toEqual({ ok: false, code: 'period.future' });
    expect(resolvePeriod(periodSpecOfForm({ ...form, kind: 'range', from: '2026-11-10', to: '2026-11-01' }), today)).toEqual({ ok: false, code: 'period.reversed' });
    expect(resolvePeriod(periodSpecOfForm({ ...form, kind: 'fiscalYear', fyBE: 'abc' }), today)).toEqual({ ok: false, code: 'period.invalid' });
    expect(resolvePeriod(periodSpecOfForm({ ...form, kind: 'range', from: '', to: '2026-11-01' }), today)).toEqual({ ok: false, code: 'period.invalid' });
  });
});
