import { describe, expect, it } from 'vitest';
import { DEFAULT_VITAL_SETTINGS, resolveVitalSettings } from '../../../shared/vitals';
import { comparator, formToOverrides, parseSettingNumber, settingsToForm, type RangesForm } from './rangesForm';

const defaults = (): RangesForm => settingsToForm(DEFAULT_VITAL_SETTINGS);

describe('vital ranges form', () => {
  it('an untouched form means no overrides', () => {
    expect(formToOverrides(defaults())).toEqual({ ok: true, overrides: {} });
  });
  it('keeps only what differs, with the default comparator; empty removes a threshold', () => {
    const f = defaults();
    f.ranges.systolic.high = '150';
    f.ranges.pulse.criticalLow = '';
    f.ranges.diastolic.low = '50'; // no default: exclusive
    f.weightChangePercent = '7';
    const r = formToOverrides(f);
    expect(r).toEqual({
      ok: true,
      overrides: {
        ranges: {
          systolic: { high: { value: 150, inclusive: true } },
          diastolic: { low: { value: 50, inclusive: false } },
          pulse: { criticalLow: null },
        },
        weightChangePercent: 7,
      },
    });
    // Round trip: the form of the resolved settings is the edited form.
    if (r.ok) expect(settingsToForm(resolveVitalSettings(r.overrides))).toEqual(f);
  });
  it('names the vital and box of a number that does not parse', () => {
    const f = defaults();
    f.ranges.glucose.low = '7o';
    expect(formToOverrides(f)).toEqual({ ok: false, issues: [{ field: 'glucose', threshold: 'low', code: 'notANumber' }] });
  });
  it('refuses an unordered range and one outside the accept range, at their vital', () => {
    const f = defaults();
    f.ranges.systolic.high = '80'; // below low 90
    f.ranges.temperature.high = '45'; // accept range ends at 43
    const r = formToOverrides(f);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toContainEqual({ field: 'systolic', threshold: null, code: 'unordered' });
      expect(r.issues).toContainEqual({ field: 'temperature', threshold: null, code: 'outsideAcceptRange' });
      expect(r.issues.some((i) => i.field === 'pulse')).toBe(false);
    }
  });
  it('checks the weight rule fields', () => {
    const f = defaults();
    f.weightChangePercent = '0';
    f.weightChangeDays = '';
    const r = formToOverrides(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.field, i.code]).sort()).toEqual([
      ['weightChangeDays', 'invalid'],
      ['weightChangePercent', 'invalid'],
    ]);
  });
  it('reads Thai digits and a decimal comma', () => {
    expect(parseSettingNumber('๑๔๐')).toBe(140);
    expect(parseSettingNumber('37,5')).toBe(37.5);
    expect(parseSettingNumber(' ')).toBeNull();
    expect(parseSettingNumber('abc')).toBeUndefined();
  });
  it('shows the comparator of each threshold', () => {
    expect(comparator('systolic', 'high')).toBe('≥');
    expect(comparator('pulse', 'high')).toBe('>');
    expect(comparator('systolic', 'low')).toBe('<');
    expect(comparator('diastolic', 'low')).toBe('<');
  });
});
