import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VITAL_SETTINGS,
  EMPTY_VITALS,
  VITAL_KEYS,
  VITAL_MESSAGE_CODES,
  classifyVital,
  emptyVitalsForm,
  flagVitals,
  hasUrgentFlag,
  parseVital,
  parseVitals,
  resolveVitalSettings,
  vitalsToForm,
  weightChange,
  type RangedVital,
  type VitalKey,
  type VitalLevel,
  type Vitals,
} from './vitals';
import { vitalSettingsOverridesSchema, vitalsDataSchema } from './vitalsSchema';

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of result.error?.issues ?? []) out[i.path.map(String).join('.')] = i.message;
  return out;
}

describe('accept ranges (docs/domain.md §5), just inside and just outside each edge', () => {
  // Written out from the table, not read from VITAL_SPECS, so a wrong spec fails here.
  const edges: [VitalKey, string, string, string, string][] = [
    // key, min, below min, max, above max
    ['systolic', '50', '49', '260', '261'],
    ['diastolic', '20', '19', '160', '161'],
    ['pulse', '20', '19', '220', '221'],
    ['temperature', '30', '29.9', '43', '43.1'],
    ['spo2', '50', '49', '100', '101'],
    ['respRate', '4', '3', '60', '61'],
    ['glucose', '20', '19', '600', '601'],
    ['weight', '20', '19.9', '200', '200.1'],
  ];
  it.each(edges)('%s accepts %s and %s, refuses %s and %s', (key, min, belowMin, max, aboveMax) => {
    expect(parseVital(key, min)).toEqual({ ok: true, value: Number(min) });
    expect(parseVital(key, max)).toEqual({ ok: true, value: Number(max) });
    for (const bad of [belowMin, aboveMax]) {
      const r = parseVital(key, bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issue.field).toBe(key);
    }
  });

  it('SpO2 101 is out of range with the limits for the message (pitfall 8)', () => {
    expect(parseVital('spo2', '101')).toEqual({ ok: false, issue: { field: 'spo2', code: 'vitals.spo2.outOfRange', params: { min: 50, max: 100 } } });
  });

  it('empty is "not measured"; Thai digits and stray spaces are read', () => {
    expect(parseVital('pulse', '')).toEqual({ ok: true, value: null });
    expect(parseVital('pulse', '   ')).toEqual({ ok: true, value: null });
    expect(parseVital('systolic', '๑๒๐')).toEqual({ ok: true, value: 120 });
    expect(parseVital('temperature', ' 37.2\u200b')).toEqual({ ok: true, value: 37.2 });
  });

  it('refuses text, negatives, commas and too many decimals', () => {
    expect(parseVital('pulse', 'abc')).toMatchObject({ ok: false, issue: { code: 'vitals.pulse.notANumber' } });
    expect(parseVital('pulse', '-80')).toMatchObject({ ok: false, issue: { code: 'vitals.pulse.notANumber' } });
    expect(parseVital('weight', '55,5')).toMatchObject({ ok: false, issue: { code: 'vitals.weight.notANumber' } });
    expect(parseVital('systolic', '120.5')).toMatchObject({ ok: false, issue: { code: 'vitals.systolic.tooManyDecimals', params: { decimals: 0 } } });
    expect(parseVital('temperature', '37.25')).toMatchObject({ ok: false, issue: { code: 'vitals.temperature.tooManyDecimals', params: { decimals: 1 } } });
    expect(parseVital('temperature', '37.50')).toEqual({ ok: true, value: 37.5 }); // a trailing zero is not precision
  });
});

describe('typo suggestions', () => {
  it('systolic 1200 → 120 (extra digit), 1355 → 135', () => {
    expect(parseVital('systolic', '1200')).toEqual({
      ok: false,
      issue: { field: 'systolic', code: 'vitals.systolic.extraDigit', params: { suggested: 120, min: 50, max: 260 } },
    });
    expect(parseVital('systolic', '1355')).toMatchObject({ ok: false, issue: { params: { suggested: 135 } } });
    expect(parseVital('pulse', '7222')).toMatchObject({ ok: false, issue: { code: 'vitals.pulse.outOfRange' } }); // 722 does not fit either
  });

  it('temperature 3.7 → 37.0 and 370 → 37.0 (decimal slip); 98.6 → 37.0 (Fahrenheit, pitfall 8)', () => {
    expect(parseVital('temperature', '3.7')).toEqual({
      ok: false,
      issue: { field: 'temperature', code: 'vitals.temperature.decimalSlip', params: { suggested: 37, min: 30, max: 43 } },
    });
    expect(parseVital('temperature', '370')).toMatchObject({ ok: false, issue: { code: 'vitals.temperature.decimalSlip', params: { suggested: 37 } } });
    expect(parseVital('temperature', '98.6')).toMatchObject({ ok: false, issue: { code: 'vitals.temperature.fahrenheit', params: { suggested: 37 } } });
    expect(parseVital('temperature', '101.3')).toMatchObject({ ok: false, issue: { code: 'vitals.temperature.fahrenheit', params: { suggested: 38.5 } } });
    expect(parseVital('temperature', '60')).toMatchObject({ ok: false, issue: { code: 'vitals.temperature.outOfRange' } });
  });

  it('weight 5.5 → 55 and 655 → 65.5', () => {
    expect(parseVital('weight', '5.5')).toMatchObject({ ok: false, issue: { code: 'vitals.weight.decimalSlip', params: { suggested: 55 } } });
    expect(parseVital('weight', '655')).toMatchObject({ ok: false, issue: { code: 'vitals.weight.decimalSlip', params: { suggested: 65.5 } } });
    expect(parseVital('weight', '1.5')).toMatchObject({ ok: false, issue: { code: 'vitals.weight.outOfRange' } });
  });

  it('glucose in mmol/L → mg/dL; glucose HI / LO from the meter are readings (pitfall 8)', () => {
    expect(parseVital('glucose', '5.6')).toMatchObject({ ok: false, issue: { code: 'vitals.glucose.mmolPerL', params: { suggested: 101 } } });
    expect(parseVital('glucose', 'HI')).toEqual({ ok: true, value: 'HI' });
    expect(parseVital('glucose', 'lo')).toEqual({ ok: true, value: 'LO' });
    expect(parseVital('pulse', 'HI')).toMatchObject({ ok: false, issue: { code: 'vitals.pulse.notANumber' } });
  });

  it('every code produced is listed in VITAL_MESSAGE_CODES', () => {
    const known = new Set(VITAL_MESSAGE_CODES);
    fc.assert(
      fc.property(fc.constantFrom(...VITAL_KEYS), fc.oneof(fc.double({ min: -10, max: 20_000, noNaN: true }).map(String), fc.string({ maxLength: 6 })), (key, raw) => {
        const r = parseVital(key, raw);
        if (!r.ok) expect(known.has(r.issue.code)).toBe(true);
      }),
    );
  });
});

describe('blood pressure', () => {
  const form = (systolic: string, diastolic: string) => ({ ...emptyVitalsForm(), systolic, diastolic });

  it('refuses diastolic equal to or above systolic, offering the swap when it fits (pitfall 8)', () => {
    expect(parseVitals(form('120', '119')).issues).toEqual([]);
    expect(parseVitals(form('120', '120')).issues).toEqual([{ field: 'diastolic', code: 'vitals.diastolic.notBelowSystolic', params: {} }]);
    expect(parseVitals(form('80', '120')).issues).toEqual([
      { field: 'diastolic', code: 'vitals.diastolic.notBelowSystolic', params: { suggestedSystolic: 120, suggestedDiastolic: 80 } },
    ]);
    // 150/170: 170 is too high for a diastolic, so no swap is offered.
    expect(parseVitals(form('150', '170')).issues[0]?.code).toBe('vitals.diastolic.outOfRange');
    expect(parseVitals(form('150', '155')).issues[0]?.params).toEqual({ suggestedSystolic: 155, suggestedDiastolic: 150 });
  });

  it('needs both numbers or neither', () => {
    expect(parseVitals(form('120', '')).issues).toEqual([{ field: 'diastolic', code: 'vitals.diastolic.required', params: {} }]);
    expect(parseVitals(form('', '80')).issues).toEqual([{ field: 'systolic', code: 'vitals.systolic.required', params: {} }]);
    expect(parseVitals(form('', '')).issues).toEqual([]);
  });

  it('does not add "required" next to a value that was already refused', () => {
    expect(parseVitals(form('1200', '')).issues.map((i) => i.code)).toEqual(['vitals.systolic.extraDigit']);
  });
});

describe('parseVitals on a whole form', () => {
  it('reports every field at once, each at its own field', () => {
    const r = parseVitals({ systolic: '1200', diastolic: '80', pulse: 'x', temperature: '3.7', spo2: '101', respRate: '', glucose: 'HI', weight: '' });
    expect(Object.fromEntries(r.issues.map((i) => [i.field, i.code]))).toEqual({
      systolic: 'vitals.systolic.extraDigit',
      pulse: 'vitals.pulse.notANumber',
      temperature: 'vitals.temperature.decimalSlip',
      spo2: 'vitals.spo2.outOfRange',
    });
  });

  it('turns a good form into stored vitals that the data schema accepts, and back', () => {
    const r = parseVitals({ systolic: '150', diastolic: '95', pulse: '88', temperature: '37.6', spo2: '96', respRate: '18', glucose: 'LO', weight: '52.5' });
    expect(r.issues).toEqual([]);
    const v: Vitals = r.vitals;
    expect(v).toEqual({ systolic: 150, diastolic: 95, pulse: 88, temperature: 37.6, spo2: 96, respRate: 18, glucose: 'LO', weight: 52.5 });
    expect(vitalsDataSchema.safeParse(v).success).toBe(true);
    expect(parseVitals(vitalsToForm(v))).toEqual({ vitals: v, issues: [] });
  });

  it('property: whatever the form accepts, the stored schema accepts', () => {
    const raw = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 700 }).map(String), fc.double({ min: 0, max: 300, noNaN: true }).map((x) => x.toFixed(1)), fc.constantFrom('HI', 'LO'));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(VITAL_KEYS.map((k) => [k, raw])) as Record<VitalKey, typeof raw>), (form) => {
        const r = parseVitals(form);
        if (r.issues.length === 0) expect(vitalsDataSchema.safeParse(r.vitals).success).toBe(true);
      }),
    );
  });
});

describe('vitalsDataSchema', () => {
  it('refuses out-of-range, over-precise and inverted values and unknown keys', () => {
    expect(vitalsDataSchema.safeParse(EMPTY_VITALS).success).toBe(true);
    expect(vitalsDataSchema.safeParse({ ...EMPTY_VITALS, spo2: 101 }).success).toBe(false);
    expect(vitalsDataSchema.safeParse({ ...EMPTY_VITALS, temperature: 37.25 }).success).toBe(false);
    expect(vitalsDataSchema.safeParse({ ...EMPTY_VITALS, systolic: 100, diastolic: 100 }).success).toBe(false);
    expect(vitalsDataSchema.safeParse({ ...EMPTY_VITALS, systolic: 100 }).success).toBe(false);
    expect(vitalsDataSchema.safeParse({ ...EMPTY_VITALS, glucose: 'HIGH' }).success).toBe(false);
    expect(vitalsDataSchema.safeParse({ ...EMPTY_VITALS, bmi: 22 }).success).toBe(false);
  });
});

describe('normal ranges and flags (docs/domain.md §5), at every threshold', () => {
  // [key, value, expected level]: each threshold with the value on both sides, written from the table.
  const cases: [RangedVital, number | 'LO' | 'HI', VitalLevel][] = [
    ['systolic', 79, 'criticalLow'], ['systolic', 80, 'low'], ['systolic', 89, 'low'], ['systolic', 90, 'normal'],
    ['systolic', 139, 'normal'], ['systolic', 140, 'high'], ['systolic', 179, 'high'], ['systolic', 180, 'criticalHigh'],
    ['diastolic', 20, 'normal'], ['diastolic', 89, 'normal'], ['diastolic', 90, 'high'], ['diastolic', 109, 'high'], ['diastolic', 110, 'criticalHigh'],
    ['pulse', 39, 'criticalLow'], ['pulse', 40, 'low'], ['pulse', 49, 'low'], ['pulse', 50, 'normal'],
    ['pulse', 100, 'normal'], ['pulse', 101, 'high'], ['pulse', 130, 'high'], ['pulse', 131, 'criticalHigh'],
    ['temperature', 34.9, 'criticalLow'], ['temperature', 35, 'normal'], ['temperature', 37.4, 'normal'],
    ['temperature', 37.5, 'high'], ['temperature', 38.9, 'high'], ['temperature', 39, 'criticalHigh'],
    ['spo2', 89, 'criticalLow'], ['spo2', 90, 'low'], ['spo2', 94, 'low'], ['spo2', 95, 'normal'], ['spo2', 100, 'normal'],
    ['respRate', 7, 'criticalLow'], ['respRate', 8, 'low'], ['respRate', 11, 'low'], ['respRate', 12, 'normal'],
    ['respRate', 24, 'normal'], ['respRate', 25, 'high'], ['respRate', 30, 'high'], ['respRate', 31, 'criticalHigh'],
    ['glucose', 53, 'criticalLow'], ['glucose', 54, 'low'], ['glucose', 69, 'low'], ['glucose', 70, 'normal'],
    ['glucose', 180, 'normal'], ['glucose', 181, 'high'], ['glucose', 299, 'high'], ['glucose', 300, 'criticalHigh'],
    ['glucose', 'LO', 'criticalLow'], ['glucose', 'HI', 'criticalHigh'],
  ];
  it.each(cases)('%s %s is %s', (key, value, level) => {
    expect(classifyVital(key, value)).toBe(level);
  });

  it('overrides replace single thresholds; null removes one', () => {
    const s = resolveVitalSettings({ ranges: { systolic: { high: { value: 130, inclusive: true } }, spo2: { low: null } } });
    expect(classifyVital('systolic', 130, s)).toBe('high');
    expect(classifyVital('systolic', 129, s)).toBe('normal');
    expect(classifyVital('systolic', 180, s)).toBe('criticalHigh'); // untouched
    expect(classifyVital('spo2', 92, s)).toBe('normal');
    expect(classifyVital('spo2', 89, s)).toBe('criticalLow');
    expect(DEFAULT_VITAL_SETTINGS.ranges.systolic.high).toEqual({ value: 140, inclusive: true }); // defaults not mutated
  });

  it('refuses overrides that are out of order or outside the accept range', () => {
    expect(vitalSettingsOverridesSchema.safeParse({ ranges: { systolic: { high: { value: 130, inclusive: true } } } }).success).toBe(true);
    expect(issues(vitalSettingsOverridesSchema.safeParse({ ranges: { systolic: { high: { value: 200, inclusive: true } } } }))).toEqual({
      'ranges.systolic': 'vitals.settings.unordered',
    });
    expect(issues(vitalSettingsOverridesSchema.safeParse({ ranges: { pulse: { criticalLow: { value: 10, inclusive: false } } } }))).toEqual({
      'ranges.pulse': 'vitals.settings.outsideAcceptRange',
    });
    expect(vitalSettingsOverridesSchema.safeParse({ ranges: { bmi: {} } }).success).toBe(false);
    expect(vitalSettingsOverridesSchema.safeParse({ weightChangePercent: 0 }).success).toBe(false);
  });

  it('flagVitals lists the abnormal readings in field order and says when one is urgent', () => {
    const v: Vitals = { ...EMPTY_VITALS, systolic: 182, diastolic: 95, pulse: 72, spo2: 96, glucose: 'HI' };
    const flags = flagVitals(v);
    expect(flags).toEqual([
      { key: 'systolic', level: 'criticalHigh', value: 182 },
      { key: 'diastolic', level: 'high', value: 95 },
      { key: 'glucose', level: 'criticalHigh', value: 'HI' },
    ]);
    expect(hasUrgentFlag(flags)).toBe(true);
    expect(hasUrgentFlag(flagVitals({ ...EMPTY_VITALS, systolic: 150, diastolic: 85 }))).toBe(false);
    expect(flagVitals({ ...EMPTY_VITALS, systolic: 120, diastolic: 80, temperature: 36.8 })).toEqual([]);
  });
});

describe('weight change (±5 % in 30 days)', () => {
  const on = '2025-03-31';
  it('flags a change of exactly 5 %, not 4.9 %, against a reading up to 30 days earlier', () => {
    const at = (kg: number, history: { date: string; kg: number }[]) => flagVitals({ ...EMPTY_VITALS, weight: kg }, DEFAULT_VITAL_SETTINGS, { date: on, history });
    expect(at(57, [{ date: '2025-03-01', kg: 60 }])).toEqual([
      { key: 'weight', level: 'low', value: 57, change: { percent: -5, referenceDate: '2025-03-01', referenceKg: 60 } },
    ]);
    expect(at(57.1, [{ date: '2025-03-01', kg: 60 }])).toEqual([]);
    expect(at(63, [{ date: '2025-03-01', kg: 60 }])[0]?.level).toBe('high');
    // 31 days earlier is outside the window; a later reading is ignored.
    expect(at(50, [{ date: '2025-02-28', kg: 60 }, { date: '2025-04-02', kg: 60 }])).toEqual([]);
    // Without history context, weight is never flagged.
    expect(flagVitals({ ...EMPTY_VITALS, weight: 30 })).toEqual([]);
  });

  it('compares with the reading that differs most; ties go to the older one', () => {
    expect(weightChange({ date: on, kg: 60 }, [{ date: '2025-03-20', kg: 62 }, { date: '2025-03-10', kg: 64 }, { date: '2025-03-25', kg: 61 }])).toEqual({
      percent: -6.3,
      referenceDate: '2025-03-10',
      referenceKg: 64,
    });
    expect(weightChange({ date: on, kg: 60 }, [{ date: '2025-03-20', kg: 63 }, { date: '2025-03-10', kg: 63 }])?.referenceDate).toBe('2025-03-10');
    expect(weightChange({ date: on, kg: 60 }, [])).toBeNull();
  });
});
