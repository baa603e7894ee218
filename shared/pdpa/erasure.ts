/**
 * PDPA erasure and retention rules (docs/domain.md §8): what an erasure request holds, which archived
 * residents have passed retention, and what a submitted report keeps of an erased person.
 *
 * Invariants:
 * - An anonymised service-list row keeps every figure the fund counts (ADL, plan, covered days, visits,
 *   amount) and none of the person's identity (name, ID, birth date, address, phone); the snapshot it sits in
 *   still adds up.
 * - isPastRetention is a pure function of the resident's archive date, the setting and today's Bangkok date.
 */
import * as z from 'zod/mini';
import type { ServiceRow } from '../reports/definitions';
import { Uuid } from '../sync/protocol';

const IsoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.invalid' }));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1, { message: 'required' }), z.maxLength(max, { message: 'tooLong' }));

/** POST /pdpa/erasures: who asked for the erasure, when, and why (s.33). */
export const erasureRequestSchema = z.strictObject({
  residentId: Uuid,
  requestedBy: text(200),
  requestedOn: IsoDate,
  reason: text(500),
});
export type ErasureRequestInput = z.infer<typeof erasureRequestSchema>;

export const erasureIdParamsSchema = z.strictObject({ id: Uuid });
export const residentIdParamsSchema = z.strictObject({ residentId: Uuid });

/** Retention of archived residents (moved, died, or deleted from the register): whole years, 1–50. */
export const retentionSettingSchema = z.strictObject({
  archivedYears: z.number().check(z.int(), z.gte(1), z.lte(50)),
});
export type RetentionSetting = z.infer<typeof retentionSettingSchema>;

/** The retention job's last run (the server runs it daily; an administrator can too): when, how many erased, by whom. */
export const retentionRunSchema = z.strictObject({
  at: z.iso.datetime(),
  erased: z.number().check(z.int(), z.gte(0)),
  by: z.enum(['schedule', 'admin']),
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;

/**
 * Five years after archiving, to confirm with the municipality's DPO: the Act sets no fixed period, and five
 * years covers the fund's audit of the reports the person was counted in.
 */
export const DEFAULT_RETENTION: RetentionSetting = { archivedYears: 5 };

/** The Bangkok date `years` after `date` (29 February falls to 28 February in a common year). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ty = y + years;
  const leap = (ty % 4 === 0 && ty % 100 !== 0) || ty % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(ty).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether a resident archived on `archivedOn` has passed retention on `today`: strictly after the last day kept. */
export function isPastRetention(archivedOn: string, setting: RetentionSetting, today: string): boolean {
  return addYears(archivedOn, setting.archivedYears) < today;
}

/** What an erased person is called in the submitted reports that counted them. */
export const ERASED_LABEL_TH = 'ลบข้อมูลตามคำขอ (PDPA)';

/**
 * A submitted service-list row with the person's identity removed: `anonId` (a hash of the id, the same in
 * every snapshot) replaces the id and stands in the name so the row is still told apart; figures stay.
 */
export function anonymiseServiceRow(row: ServiceRow, anonId: string): ServiceRow {
  return {
    ...row,
    residentId: anonId,
    nationalId: null,
    noIdReason: ERASED_LABEL_TH,
    prefix: '',
    firstName: anonId,
    lastName: '',
    birthDate: '',
    address: '',
    phone: '',
  };
}

/** The erasure-request form: who asked, on which day (not after today), and why. */
export function erasureFormSchema(ctx: { today: string }) {
  return z.object({
    requestedBy: text(200),
    requestedOn: IsoDate.check(z.refine((d) => d <= ctx.today, { message: 'date.future' })),
    reason: text(500),
  });
}
export type ErasureFormValues = z.input<ReturnType<typeof erasureFormSchema>>;
