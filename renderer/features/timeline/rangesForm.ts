/**
 * The normal-range settings form (Settings → VitalRangesSection) as plain data: what the inputs show, and
 * the overrides they mean. Kept here, beside the timeline that uses the ranges, so it can be tested in node.
 *
 * Invariants:
 * - The overrides hold only what differs from shared DEFAULT_VITAL_SETTINGS (an untouched form gives {}).
 * - A threshold keeps its default's comparator (≥ 140 stays inclusive); one added where the default has
 *   none is exclusive (flagged strictly beyond the value). An empty input removes the threshold.
 * - Every problem is reported at the vital (or weight field) it concerns, all in one round.
 */
import { checkVitalOverrides } from '../../db/settings';
import { DEFAULT_VITAL_SETTINGS, RANGED_VITALS, type RangedVital, type Threshold, type VitalRange, type VitalSettings, type VitalSettingsOverrides } from '../../../shared/vitals';

export const THRESHOLD_NAMES = ['criticalLow', 'low', 'high', 'criticalHigh'] as const satisfies readonly (keyof VitalRange)[];
export type ThresholdName = (typeof THRESHOLD_NAMES)[number];

export interface RangesForm {
  ranges: Record<RangedVital, Record<ThresholdName, string>>;
  weightChangePercent: string;
  weightChangeDays: string;
}

export type RangesField = RangedVital | 'weightChangePercent' | 'weightChangeDays';

export interface RangesIssue {
  field: RangesField;
  /** The input at fault when known (a number that does not parse). */
  threshold: ThresholdName | null;
  code: 'notANumber' | 'outsideAcceptRange' | 'unordered' | 'invalid';
}

function show(t: Threshold | null): string {
  return t === null ? '' : String(t.value);
}

export function settingsToForm(settings: VitalSettings): RangesForm {
  const ranges = {} as RangesForm['ranges'];
  for (const key of RANGED_VITALS) {
    const r = settings.ranges[key];
    ranges[key] = { criticalLow: show(r.criticalLow), low: show(r.low), high: show(r.high), criticalHigh: show(r.criticalHigh) };
  }
  return { ranges, weightChangePercent: String(settings.weightChangePercent), weightChangeDays: String(settings.weightChangeDays) };
}

/** '' → null; Thai digits and a decimal comma accepted; anything else → undefined (not a number). */
export function parseSettingNumber(raw: string): number | null | undefined {
  const text = raw
    .trim()
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(',', '.');
  if (text === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Whether a low threshold (criticalLow, low) or a high one: decides the comparator of a new threshold. */
export function comparator(key: RangedVital, name: ThresholdName, settings: VitalSettings = DEFAULT_VITAL_SETTINGS): '<' | '≤' | '>' | '≥' {
  const inclusive = settings.ranges[key][name]?.inclusive ?? DEFAULT_VITAL_SETTINGS.ranges[key][name]?.inclusive ?? false;
  const low = name === 'low' || name === 'criticalLow';
  return low ? (inclusive ? '≤' : '<') : inclusive ? '≥' : '>';
}

/** The overrides a form means, checked with the shared schema; or every problem, by field. */
export function formToOverrides(form: RangesForm): { ok: true; overrides: VitalSettingsOverrides } | { ok: false; issues: RangesIssue[] } {
  const issues: RangesIssue[] = [];
  const ranges: NonNullable<VitalSettingsOverrides['ranges']> = {};
  for (const key of RANGED_VITALS) {
    const defaults = DEFAULT_VITAL_SETTINGS.ranges[key];
    const changed: Partial<VitalRange> = {};
    for (const name of THRESHOLD_NAMES) {
      const value = parseSettingNumber(form.ranges[key][name]);
      if (value === undefined) {
        issues.push({ field: key, threshold: name, code: 'notANumber' });
        continue;
      }
      const base = defaults[name];
      if (value === null) {
        if (base !== null) changed[name] = null;
      } else if (base === null || base.value !== value) {
        changed[name] = { value, inclusive: base?.inclusive ?? false };
      }
    }
    if (Object.keys(changed).length > 0) ranges[key] = changed;
  }
  const overrides: VitalSettingsOverrides = {};
  if (Object.keys(ranges).length > 0) overrides.ranges = ranges;
  for (const field of ['weightChangePercent', 'weightChangeDays'] as const) {
    const value = parseSettingNumber(form[field]);
    if (value === undefined || value === null) issues.push({ field, threshold: null, code: value === null ? 'invalid' : 'notANumber' });
    else if (value !== DEFAULT_VITAL_SETTINGS[field]) overrides[field] = value;
  }
  // A row with an unreadable number is not checked further: its order problem would be noise.
  const unreadable = new Set(issues.map((i) => i.field));
  const checked = checkVitalOverrides(overrides);
  if (!checked.ok) {
    for (const issue of checked.issues) {
      const [first, second] = issue.path;
      const field = (first === 'ranges' ? second : first) as RangesField | undefined;
      if (field === undefined || unreadable.has(field)) continue;
      const code = issue.code === 'vitals.settings.outsideAcceptRange' ? 'outsideAcceptRange' : issue.code === 'vitals.settings.unordered' ? 'unordered' : 'invalid';
      if (!issues.some((i) => i.field === field && i.code === code)) issues.push({ field, threshold: null, code });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, overrides: checked.ok ? checked.overrides : overrides };
}
