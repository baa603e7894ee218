/**
 * The zod schemas of vital signs: the device's settings overrides and the vitals stored on a visit. Apart from
 * vitals.ts so the vital-sign rules load without zod (docs/architecture.md, "What loads first").
 */
import * as z from 'zod/mini';
import { RANGED_VITALS, VITAL_SPECS, bloodPressureIssues, resolveVitalSettings, roundTo, type RangedVital, type Threshold, type VitalKey, type VitalSettingsOverrides } from './vitals';

const thresholdSchema = z.nullable(z.strictObject({ value: z.number(), inclusive: z.boolean() }));
const rangeOverrideSchema = z.strictObject({
  low: z.optional(thresholdSchema),
  high: z.optional(thresholdSchema),
  criticalLow: z.optional(thresholdSchema),
  criticalHigh: z.optional(thresholdSchema),
});

/**
 * A settings override as kept in config: each given threshold replaces the default one (null removes it).
 * The merged range must stay ordered (criticalLow ≤ low < high ≤ criticalHigh) and inside the accept range,
 * or a flag could never fire or fire on every value.
 */
export const vitalSettingsOverridesSchema = z.strictObject({
  ranges: z.optional(z.strictObject(Object.fromEntries(RANGED_VITALS.map((k) => [k, z.optional(rangeOverrideSchema)])) as Record<RangedVital, z.ZodMiniOptional<typeof rangeOverrideSchema>>)),
  weightChangePercent: z.optional(z.number().check(z.gt(0), z.lte(50))),
  weightChangeDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(365))),
}).check(z.superRefine((o, ctx) => {
  const merged = resolveVitalSettings(o as VitalSettingsOverrides);
  for (const key of RANGED_VITALS) {
    const r = merged.ranges[key];
    const spec = VITAL_SPECS[key];
    const present = [r.criticalLow, r.low, r.high, r.criticalHigh].filter((t): t is Threshold => t !== null);
    for (const t of present) {
      if (t.value < spec.min || t.value > spec.max) ctx.addIssue({ code: 'custom', message: 'vitals.settings.outsideAcceptRange', path: ['ranges', key] });
    }
    const lows = [r.criticalLow, r.low].filter((t): t is Threshold => t !== null).map((t) => t.value);
    const highs = [r.high, r.criticalHigh].filter((t): t is Threshold => t !== null).map((t) => t.value);
    const ordered =
      (r.criticalLow === null || r.low === null || r.criticalLow.value <= r.low.value) &&
      (r.high === null || r.criticalHigh === null || r.high.value <= r.criticalHigh.value) &&
      lows.every((l) => highs.every((h) => l < h));
    if (!ordered) ctx.addIssue({ code: 'custom', message: 'vitals.settings.unordered', path: ['ranges', key] });
  }
}));

function storedNumber(key: VitalKey) {
  const spec = VITAL_SPECS[key];
  return z.nullable(z.number().check(z.gte(spec.min), z.lte(spec.max), z.refine((v) => roundTo(v, spec.decimals) === v, { message: `at most ${spec.decimals} decimals` })));
}

/** Vitals as stored on a visit (no transforms; English messages, as in sync/data.ts). */
export const vitalsDataSchema = z.strictObject({
  systolic: storedNumber('systolic'),
  diastolic: storedNumber('diastolic'),
  pulse: storedNumber('pulse'),
  temperature: storedNumber('temperature'),
  spo2: storedNumber('spo2'),
  respRate: storedNumber('respRate'),
  glucose: z.nullable(z.union([z.literal('LO'), z.literal('HI'), storedNumber('glucose').def.innerType])),
  weight: storedNumber('weight'),
}).check(z.superRefine((v, ctx) => {
  for (const i of bloodPressureIssues(v.systolic, v.diastolic)) ctx.addIssue({ code: 'custom', message: i.code, path: [i.field] });
}));
