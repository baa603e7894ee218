/**
 * A completed Barthel ADL assessment. Completed assessments are immutable (docs/sync-protocol.md §8): a wrong one is
 * voided with a reason (tombstone), and a new one is recorded.
 */
import * as z from 'zod/mini';
import type { Envelope } from './envelope';
import { ADL_ITEMS, adlGroup, adlTotal, ADL_FORM_VERSION, type AdlAnswers, type AdlGroup, type AdlItemKey } from './adl';
import { cleanMultiline } from './text/normalise';
import { TAI_GROUPS, type TaiGroup } from './reference/tai';

/** Rejects anything but an integer in [0, max]; `params.max` lets the UI say "0–3". */
function itemSchema(max: number) {
  return z.number({ error: 'adl.required' }).check((ctx) => {
    const v = ctx.value;
    if (!Number.isInteger(v) || v < 0 || v > max) {
      ctx.issues.push({ code: 'custom', message: 'adl.outOfRange', params: { max }, input: v });
    }
  });
}

const itemShape = Object.fromEntries(ADL_ITEMS.map((item) => [item.key, itemSchema(item.max)])) as Record<
  AdlItemKey,
  ReturnType<typeof itemSchema>
>;

/** Messages are i18n keys: 'adl.required' (missing / not a number), 'adl.outOfRange' (with params.max). */
export const adlAnswersSchema = z.object(itemShape, { error: 'adl.required' });

export const ASSESSMENT_REASONS = ['enrolment', 'routine', 'discharge', 'fall', 'decline', 'other'] as const;
export type AssessmentReason = (typeof ASSESSMENT_REASONS)[number];

export interface AdlAssessmentData {
  residentId: string;
  assessedOn: string; // YYYY-MM-DD, Bangkok
  formVersion: string;
  answers: AdlAnswers;
  total: number;
  group: AdlGroup;
  reason: AssessmentReason;
  notes: string;
  /** TAI group (shared/reference/tai.ts), for the fund's care plan record; absent on assessments made before it existed. */
  taiGroup?: TaiGroup | null | undefined;
}

export interface AdlAssessment extends Envelope, AdlAssessmentData {}

export function adlFormSchema(ctx: { today: string }) {
  return z.pipe(z.object({
    assessedOn: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.invalid' }), z.refine((d) => d <= ctx.today, { message: 'date.future' })),
    answers: adlAnswersSchema,
    reason: z.enum(ASSESSMENT_REASONS, { message: 'required' }),
    notes: z.pipe(z.pipe(z.string(), z.transform(cleanMultiline)), z.string().check(z.maxLength(2000, { message: 'tooLong' }))),
    // Optional: '' (not chosen) is stored as null.
    taiGroup: z.optional(z.union([z.literal(''), z.enum(TAI_GROUPS)], { message: 'required' })),
  }), z.transform((v) => {
    const total = adlTotal(v.answers);
    return { ...v, taiGroup: v.taiGroup === undefined || v.taiGroup === '' ? null : v.taiGroup, formVersion: ADL_FORM_VERSION, total, group: adlGroup(total) };
  }));
}

export type AdlFormOutput = Omit<AdlAssessmentData, 'residentId'>;
