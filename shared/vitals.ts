/**
 * Vital signs (docs/domain.md §5): what may be typed (the ACCEPT range, which refuses typos with a suggested fix)
 * and what is flagged (the configurable NORMAL range, with urgent levels).
 *
 * Invariants:
 * - A stored value is inside its accept range with at most its unit's decimals (temperature and weight 0.1,
 *   the rest whole numbers), and a stored diastolic is below its systolic; blood pressure is both or neither.
 * - Glucose may be the meter's 'LO' (below its range) or 'HI' (above it): they classify as critical low/high.
 * - Classification depends on the value and the settings only; thresholds are ordered
 *   criticalLow ≤ low < high ≤ criticalHigh (vitalSettingsSchema checks overrides), so a value has one level.
 * - Message codes are i18n keys `vitals.<field>.<problem>` (the renderer shows 'v.' + code); `params` carries
 *   what the message needs (`min`, `max`, `decimals`, `suggested`).
 */
import { addDays } from './dates/calendar';
import { isIsoDate } from './dates/thaiDate';

export const VITAL_KEYS = ['systolic', 'diastolic', 'pulse', 'temperature', 'spo2', 'respRate', 'glucose', 'weight'] as const;
export type VitalKey = (typeof VITAL_KEYS)[number];
/** Vitals with a normal range; weight is flagged by its change over time instead. */
export const RANGED_VITALS = ['systolic', 'diastolic', 'pulse', 'temperature', 'spo2', 'respRate', 'glucose'] as const;
export type RangedVital = (typeof RANGED_VITALS)[number];

export type GlucoseMeterReading = 'LO' | 'HI';
export type GlucoseValue = number | GlucoseMeterReading;

export interface Vitals {
  systolic: number | null; // mmHg
  diastolic: number | null; // mmHg
  pulse: number | null; // /min
  temperature: number | null; // °C
  spo2: number | null; // %
  respRate: number | null; // /min
  glucose: GlucoseValue | null; // capillary, mg/dL
  weight: number | null; // kg
}

export const EMPTY_VITALS: Readonly<Vitals> = Object.freeze({
  systolic: null,
  diastolic: null,
  pulse: null,
  temperature: null,
  spo2: null,
  respRate: null,
  glucose: null,
  weight: null,
});

export interface VitalSpec {
  unit: string;
  /** Accept range, inclusive: anything outside is refused as a typo. */
  min: number;
  max: number;
  decimals: number;
}

/** Accept ranges from docs/domain.md §5. */
export const VITAL_SPECS: Readonly<Record<VitalKey, VitalSpec>> = {
  systolic: { unit: 'mmHg', min: 50, max: 260, decimals: 0 },
  diastolic: { unit: 'mmHg', min: 20, max: 160, decimals: 0 },
  pulse: { unit: '/min', min: 20, max: 220, decimals: 0 },
  temperature: { unit: '°C', min: 30, max: 43, decimals: 1 },
  spo2: { unit: '%', min: 50, max: 100, decimals: 0 },
  respRate: { unit: '/min', min: 4, max: 60, decimals: 0 },
  glucose: { unit: 'mg/dL', min: 20, max: 600, decimals: 0 },
  weight: { unit: 'kg', min: 20, max: 200, decimals: 1 },
};

// ---------------------------------------------------------------------------------------------------------
// Normal ranges and flags

/** `inclusive`: whether the threshold value itself is already abnormal (≥ 140 vs > 100). */
export interface Threshold {
  value: number;
  inclusive: boolean;
}

export interface VitalRange {
  low: Threshold | null;
  high: Threshold | null;
  criticalLow: Threshold | null;
  criticalHigh: Threshold | null;
}

export type VitalRanges = Record<RangedVital, VitalRange>;

export interface VitalSettings {
  ranges: VitalRanges;
  /** Weight flag: a change of at least this many percent ... */
  weightChangePercent: number;
  /** ... against a reading at most this many days earlier. */
  weightChangeDays: number;
}

const lt = (value: number): Threshold => ({ value, inclusive: false }); // flagged below value
const gt = (value: number): Threshold => ({ value, inclusive: false }); // flagged above value
const ge = (value: number): Threshold => ({ value, inclusive: true });

/** docs/domain.md §5 "Flag" and "Urgent" columns. Temperature has no low flag there, only urgent < 35. */
export const DEFAULT_VITAL_SETTINGS: Readonly<VitalSettings> = {
  ranges: {
    systolic: { low: lt(90), high: ge(140), criticalLow: lt(80), criticalHigh: ge(180) },
    diastolic: { low: null, high: ge(90), criticalLow: null, criticalHigh: ge(110) },
    pulse: { low: lt(50), high: gt(100), criticalLow: lt(40), criticalHigh: gt(130) },
    temperature: { low: null, high: ge(37.5), criticalLow: lt(35), criticalHigh: ge(39) },
    spo2: { low: lt(95), high: null, criticalLow: lt(90), criticalHigh: null },
    respRate: { low: lt(12), high: gt(24), criticalLow: lt(8), criticalHigh: gt(30) },
    glucose: { low: lt(70), high: gt(180), criticalLow: lt(54), criticalHigh: ge(300) },
  },
  weightChangePercent: 5,
  weightChangeDays: 30,
};

export type VitalSettingsOverrides = {
  ranges?: Partial<Record<RangedVital, Partial<VitalRange>>>;
  weightChangePercent?: number;
  weightChangeDays?: number;
};

/** Defaults with the overrides laid over them, threshold by threshold. */
export function resolveVitalSettings(overrides: VitalSettingsOverrides = {}): VitalSettings {
  const ranges = {} as VitalRanges;
  for (const key of RANGED_VITALS) {
    ranges[key] = { ...DEFAULT_VITAL_SETTINGS.ranges[key], ...(overrides.ranges?.[key] ?? {}) };
  }
  return {
    ranges,
    weightChangePercent: overrides.weightChangePercent ?? DEFAULT_VITAL_SETTINGS.weightChangePercent,
    weightChangeDays: overrides.weightChangeDays ?? DEFAULT_VITAL_SETTINGS.weightChangeDays,
  };
}

export type VitalLevel = 'normal' | 'low' | 'high' | 'criticalLow' | 'criticalHigh';
export type AbnormalLevel = Exclude<VitalLevel, 'normal'>;

const isBelow = (v: number, t: Threshold | null): boolean => t !== null && (t.inclusive ? v <= t.value : v < t.value);
const isAbove = (v: number, t: Threshold | null): boolean => t !== null && (t.inclusive ? v >= t.value : v > t.value);

/** The level of one reading; critical wins over plain low/high. */
export function classifyVital(key: RangedVital, value: GlucoseValue, settings: VitalSettings = DEFAULT_VITAL_SETTINGS): VitalLevel {
  const r = settings.ranges[key];
  if (value === 'LO') return r.criticalLow ? 'criticalLow' : 'low';
  if (value === 'HI') return r.criticalHigh ? 'criticalHigh' : 'high';
  if (isBelow(value, r.criticalLow)) return 'criticalLow';
  if (isAbove(value, r.criticalHigh)) return 'criticalHigh';
  if (isBelow(value, r.low)) return 'low';
  if (isAbove(value, r.high)) return 'high';
  return 'normal';
}

export function isUrgentLevel(level: VitalLevel): boolean {
  return level === 'criticalLow' || level === 'criticalHigh';
}

export interface WeightReading {
  date: string; // YYYY-MM-DD, Bangkok service date
  kg: number;
}

export interface WeightChange {
  percent: number; // signed, one decimal
  referenceDate: string;
  referenceKg: number;
}

/**
 * The largest relative change of `current` against the earlier readings at most `weightChangeDays` before it
 * (same day included; readings after `current.date` are ignored). The caller leaves `current` itself out of
 * `history`. Ties go to the older reading. Null when there is no reading in the window.
 */
export function weightChange(current: WeightReading, history: readonly WeightReading[], settings: VitalSettings = DEFAULT_VITAL_SETTINGS): WeightChange | null {
  let best: WeightChange | null = null;
  let bestAbs = -1;
  // YYYY-MM-DD strings order like the dates they name, so the window is two string comparisons.
  const earliest = addDays(current.date, -settings.weightChangeDays);
  for (const h of history) {
    if (h.date < earliest || h.date > current.date || h.kg <= 0) continue;
    const percent = ((current.kg - h.kg) / h.kg) * 100;
    const abs = Math.abs(percent);
    if (abs > bestAbs || (abs === bestAbs && best !== null && h.date < best.referenceDate)) {
      // Rounded half away from zero, so a loss and a gain of the same size show the same number.
      best = { percent: (Math.sign(percent) * Math.round(abs * 10)) / 10 || 0, referenceDate: h.date, referenceKg: h.kg };
      bestAbs = abs;
    }
  }
  return best;
}

export interface VitalFlag {
  key: VitalKey;
  level: AbnormalLevel;
  value: GlucoseValue;
  /** Weight only: the change that raised the flag (level 'low' = loss, 'high' = gain). */
  change?: WeightChange;
}

/**
 * Every abnormal reading of one visit, in VITAL_KEYS order. Weight is flagged when `weight` context is given
 * (its date and the resident's earlier readings) and the change reaches weightChangePercent (inclusive).
 */
export function flagVitals(
  vitals: Vitals,
  settings: VitalSettings = DEFAULT_VITAL_SETTINGS,
  weight?: { date: string; history: readonly WeightReading[] },
): VitalFlag[] {
  const flags: VitalFlag[] = [];
  for (const key of RANGED_VITALS) {
    const v = vitals[key];
    if (v === null) continue;
    const level = classifyVital(key, v, settings);
    if (level !== 'normal') flags.push({ key, level, value: v });
  }
  if (vitals.weight !== null && weight !== undefined) {
    const change = weightChange({ date: weight.date, kg: vitals.weight }, weight.history, settings);
    // Rounded percent is compared, so "5.0 %" on screen and the flag agree.
    if (change !== null && Math.abs(change.percent) >= settings.weightChangePercent) {
      flags.push({ key: 'weight', level: change.percent < 0 ? 'low' : 'high', value: vitals.weight, change });
    }
  }
  return flags;
}

export function hasUrgentFlag(flags: readonly VitalFlag[]): boolean {
  return flags.some((f) => isUrgentLevel(f.level));
}

// ---------------------------------------------------------------------------------------------------------
// Parsing what was typed

export type VitalProblem = 'notANumber' | 'outOfRange' | 'tooManyDecimals' | 'decimalSlip' | 'extraDigit' | 'fahrenheit' | 'mmolPerL';
export type VitalCode = `vitals.${VitalKey}.${VitalProblem}` | 'vitals.systolic.required' | 'vitals.diastolic.required' | 'vitals.diastolic.notBelowSystolic';

export interface VitalIssue {
  field: VitalKey;
  code: VitalCode;
  params: { min?: number; max?: number; decimals?: number; suggested?: number; suggestedSystolic?: number; suggestedDiastolic?: number };
}

export type VitalParse = { ok: true; value: GlucoseValue | null } | { ok: false; issue: VitalIssue };

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

const inRange = (v: number, spec: VitalSpec): boolean => v >= spec.min && v <= spec.max;

/** Thai digits → ASCII, zero-width and all spaces dropped. */
function cleanNumeric(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '');
}

/** The likely intended value of an out-of-range number, with the kind of slip; null when nothing fits. */
function suggestFix(key: VitalKey, v: number): { problem: VitalProblem; suggested: number } | null {
  const spec = VITAL_SPECS[key];
  const fits = (x: number): boolean => inRange(x, spec);
  if (key === 'temperature' && v >= 86 && v <= 110) {
    // 98.6 °F typed into the °C field.
    const c = roundTo(((v - 32) * 5) / 9, 1);
    if (fits(c)) return { problem: 'fahrenheit', suggested: c };
  }
  if (key === 'glucose' && v < spec.min) {
    // A glucose in mmol/L (5.6) typed into the mg/dL field; 1 mmol/L = 18 mg/dL.
    const mg = Math.round(v * 18);
    if (v > 0 && fits(mg)) return { problem: 'mmolPerL', suggested: mg };
  }
  if (spec.decimals > 0) {
    // A misplaced decimal point: 3.7 or 370 typed for 37.0.
    if (v < spec.min && fits(roundTo(v * 10, spec.decimals))) return { problem: 'decimalSlip', suggested: roundTo(v * 10, spec.decimals) };
    if (v > spec.max && fits(roundTo(v / 10, spec.decimals))) return { problem: 'decimalSlip', suggested: roundTo(v / 10, spec.decimals) };
    return null;
  }
  // A doubled or extra last digit: 1200 or 1355 typed for 120 or 135.
  if (v > spec.max && fits(Math.trunc(v / 10))) return { problem: 'extraDigit', suggested: Math.trunc(v / 10) };
  return null;
}

function vitalIssue(field: VitalKey, problem: VitalProblem, params: VitalIssue['params'] = {}): VitalParse {
  return { ok: false, issue: { field, code: `vitals.${field}.${problem}`, params } };
}

/**
 * One typed field: '' → null; Thai digits accepted; glucose also 'LO'/'HI' (any case). A number outside the
 * accept range is refused with the likely fix when one fits (`suggested`), otherwise `outOfRange` with min/max.
 */
export function parseVital(key: VitalKey, raw: string): VitalParse {
  const text = cleanNumeric(raw);
  if (text === '') return { ok: true, value: null };
  if (key === 'glucose') {
    const upper = text.toUpperCase();
    if (upper === 'LO' || upper === 'LOW') return { ok: true, value: 'LO' };
    if (upper === 'HI' || upper === 'HIGH') return { ok: true, value: 'HI' };
  }
  if (!/^\d+(\.\d+)?$/.test(text)) return vitalIssue(key, 'notANumber');
  const v = Number(text);
  const spec = VITAL_SPECS[key];
  if (!inRange(v, spec)) {
    const fix = suggestFix(key, v);
    return fix ? vitalIssue(key, fix.problem, { suggested: fix.suggested, min: spec.min, max: spec.max }) : vitalIssue(key, 'outOfRange', { min: spec.min, max: spec.max });
  }
  if (roundTo(v, spec.decimals) !== v) return vitalIssue(key, 'tooManyDecimals', { decimals: spec.decimals });
  return { ok: true, value: v };
}

export type VitalsFormValues = Record<VitalKey, string>;

export function emptyVitalsForm(): VitalsFormValues {
  return { systolic: '', diastolic: '', pulse: '', temperature: '', spo2: '', respRate: '', glucose: '', weight: '' };
}

export function vitalsToForm(v: Vitals): VitalsFormValues {
  const s = (x: GlucoseValue | null): string => (x === null ? '' : String(x));
  return {
    systolic: s(v.systolic),
    diastolic: s(v.diastolic),
    pulse: s(v.pulse),
    temperature: s(v.temperature),
    spo2: s(v.spo2),
    respRate: s(v.respRate),
    glucose: s(v.glucose),
    weight: s(v.weight),
  };
}

/** Blood-pressure cross-checks on parsed values: both or neither, diastolic below systolic. */
export function bloodPressureIssues(systolic: number | null, diastolic: number | null): VitalIssue[] {
  if (systolic === null && diastolic !== null) return [{ field: 'systolic', code: 'vitals.systolic.required', params: {} }];
  if (systolic !== null && diastolic === null) return [{ field: 'diastolic', code: 'vitals.diastolic.required', params: {} }];
  if (systolic !== null && diastolic !== null && diastolic >= systolic) {
    // Swapped fields are the common slip: offer the swap when it would be valid.
    const swapOk = diastolic !== systolic && inRange(diastolic, VITAL_SPECS.systolic) && inRange(systolic, VITAL_SPECS.diastolic);
    return [
      {
        field: 'diastolic',
        code: 'vitals.diastolic.notBelowSystolic',
        params: swapOk ? { suggestedSystolic: diastolic, suggestedDiastolic: systolic } : {},
      },
    ];
  }
  return [];
}

/** Every field at once: the values that parsed, and every issue (per field, then blood pressure). */
export function parseVitals(form: VitalsFormValues): { vitals: Vitals; issues: VitalIssue[] } {
  const vitals: Vitals = { ...EMPTY_VITALS };
  const issues: VitalIssue[] = [];
  for (const key of VITAL_KEYS) {
    const r = parseVital(key, form[key]);
    if (!r.ok) {
      issues.push(r.issue);
      continue;
    }
    if (key === 'glucose') vitals.glucose = r.value;
    else if (typeof r.value !== 'string') vitals[key] = r.value;
  }
  const sysOk = !issues.some((i) => i.field === 'systolic');
  const diaOk = !issues.some((i) => i.field === 'diastolic');
  // Only when both fields parsed: "required" next to an already-refused value would be noise.
  if (sysOk && diaOk) issues.push(...bloodPressureIssues(vitals.systolic, vitals.diastolic));
  return { vitals, issues };
}

/** Every message code this module can produce (for the i18n catalog's completeness test). */
export const VITAL_MESSAGE_CODES: readonly string[] = [
  ...VITAL_KEYS.flatMap((k) => ['notANumber', 'outOfRange', 'tooManyDecimals'].map((p) => `vitals.${k}.${p}`)),
  'vitals.temperature.decimalSlip',
  'vitals.temperature.fahrenheit',
  'vitals.weight.decimalSlip',
  'vitals.glucose.mmolPerL',
  ...(['systolic', 'diastolic', 'pulse', 'spo2', 'respRate', 'glucose'] as const).map((k) => `vitals.${k}.extraDigit`),
  'vitals.systolic.required',
  'vitals.diastolic.required',
  'vitals.diastolic.notBelowSystolic',
];

// ---------------------------------------------------------------------------------------------------------
// Stored shape

/** Weight readings of a set of visits, for weightChange / flagVitals. */
export function weightReadings(visits: readonly { serviceDate: string; vitals: Vitals }[]): WeightReading[] {
  const out: WeightReading[] = [];
  for (const v of visits) if (v.vitals.weight !== null && isIsoDate(v.serviceDate)) out.push({ date: v.serviceDate, kg: v.vitals.weight });
  return out;
}
