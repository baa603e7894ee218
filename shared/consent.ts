/**
 * Consent to process a resident's personal data (PDPA s.19 and s.26, docs/domain.md §8): a synced record per
 * consent given, by the resident or a representative, for named purposes under a version of the privacy
 * notice; withdrawn later by a patch that names who recorded the withdrawal and when.
 *
 * Invariants:
 * - A consent record is never edited: the only patch is its withdrawal (withdrawnOn, withdrawnBy, note),
 *   once (checkConsentPatch); a changed consent is a new record.
 * - recordedBy and withdrawnBy name the user who pushes them (shared/sync/records.ts authorship).
 * - consentStatus is a pure function of the records: per purpose, the newest record that covers it decides.
 */
import * as z from 'zod/mini';
import { isIsoDate } from './dates/thaiDate';
import { cleanText } from './text/normalise';

/** The purposes the municipality asks consent for (docs/domain.md §8): care, sharing with the health service, photos. */
export const CONSENT_PURPOSES = ['care', 'share_health_service', 'photos'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_GIVERS = ['self', 'representative'] as const;
/** The privacy notice the consent was given under; bumped when the notice's text changes. */
export const CURRENT_NOTICE_VERSION = '2025-1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const IsoDate = z.string().check(z.refine(isIsoDate, { message: 'date.invalid' }));
const UserId = z.string().check(z.minLength(1), z.maxLength(64));

const consentObject = z.strictObject({
  residentId: z.string().check(z.regex(UUID, { message: 'not a lower-case UUID' })),
  givenBy: z.enum(CONSENT_GIVERS),
  /** Empty when the resident consented herself. */
  representativeName: z.string().check(z.maxLength(200)),
  relationship: z.string().check(z.maxLength(100)),
  purposes: z.array(z.enum(CONSENT_PURPOSES)).check(
    z.minLength(1, { message: 'consent.purposes.required' }),
    z.maxLength(CONSENT_PURPOSES.length),
    z.refine((p) => new Set(p).size === p.length, { message: 'consent.purposes.repeated' }),
  ),
  noticeVersion: z.string().check(z.minLength(1), z.maxLength(40)),
  givenOn: IsoDate,
  recordedBy: UserId,
  withdrawnOn: z.nullable(IsoDate),
  withdrawnBy: z.nullable(UserId),
  withdrawalNote: z.string().check(z.maxLength(300)),
});

export const consentDataSchema = consentObject.check(
  z.refine((c) => c.givenBy === 'self' || (c.representativeName.trim() !== '' && c.relationship.trim() !== ''), { message: 'consent.representative.required', path: ['representativeName'] }),
  z.refine((c) => (c.withdrawnOn === null) === (c.withdrawnBy === null), { message: 'consent.withdrawal.incomplete', path: ['withdrawnBy'] }),
  z.refine((c) => c.withdrawnOn === null || c.withdrawnOn >= c.givenOn, { message: 'consent.withdrawal.beforeGiven', path: ['withdrawnOn'] }),
);
export type ConsentData = z.infer<typeof consentDataSchema>;

/** The one change a consent takes: its withdrawal. */
export const consentPatchSchema = z.strictObject({
  withdrawnOn: IsoDate,
  withdrawnBy: UserId,
  withdrawalNote: z.optional(z.string().check(z.maxLength(300))),
});

/** The stored consent against a withdrawal patch: null when allowed, else the field at fault. */
export function checkConsentPatch(stored: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): string | null {
  if (stored.withdrawnOn !== null && stored.withdrawnOn !== undefined) return 'withdrawnOn';
  if (typeof stored.givenOn === 'string' && typeof patch.withdrawnOn === 'string' && patch.withdrawnOn < stored.givenOn) return 'withdrawnOn';
  return null;
}

export type PurposeStatus = { state: 'none' } | { state: 'given'; on: string; consentId: string } | { state: 'withdrawn'; on: string; consentId: string };

/** Per purpose: the newest consent (by date given, then id) that names it decides whether it stands. */
export function consentStatus(consents: readonly (ConsentData & { id: string })[]): Record<ConsentPurpose, PurposeStatus> {
  const sorted = [...consents].sort((a, b) => (a.givenOn < b.givenOn ? -1 : a.givenOn > b.givenOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = { care: { state: 'none' }, share_health_service: { state: 'none' }, photos: { state: 'none' } } as Record<ConsentPurpose, PurposeStatus>;
  for (const c of sorted) {
    for (const p of c.purposes) {
      out[p] = c.withdrawnOn === null ? { state: 'given', on: c.givenOn, consentId: c.id } : { state: 'withdrawn', on: c.withdrawnOn, consentId: c.id };
    }
  }
  return out;
}

/** The form's values as typed (strings and booleans), so nothing entered is lost on a refusal. */
export interface ConsentFormValues {
  givenBy: 'self' | 'representative';
  representativeName: string;
  relationship: string;
  purposes: Record<ConsentPurpose, boolean>;
  givenOn: string;
}

/** The record-consent form: Bangkok dates up to today; a representative needs a name and relationship. */
export function consentFormSchema(ctx: { today: string }) {
  const name = (max: number) => z.pipe(z.pipe(z.string(), z.transform(cleanText)), z.string().check(z.maxLength(max, { message: 'tooLong' })));
  return z
    .object({
      givenBy: z.enum(CONSENT_GIVERS),
      representativeName: name(200),
      relationship: name(100),
      purposes: z.object({ care: z.boolean(), share_health_service: z.boolean(), photos: z.boolean() }),
      givenOn: z.string().check(z.refine(isIsoDate, { message: 'date.invalid' }), z.refine((d) => d <= ctx.today, { message: 'date.future' })),
    })
    .check(
      z.refine((v) => v.givenBy === 'self' || v.representativeName !== '', { message: 'required', path: ['representativeName'] }),
      z.refine((v) => v.givenBy === 'self' || v.relationship !== '', { message: 'required', path: ['relationship'] }),
      z.refine((v) => CONSENT_PURPOSES.some((p) => v.purposes[p]), { message: 'consent.purposes.required', path: ['purposes'] }),
    );
}
export type ConsentFormOutput = z.output<ReturnType<typeof consentFormSchema>>;

/** The record a valid form makes. */
export function consentFromForm(v: ConsentFormOutput, residentId: string, userId: string): ConsentData {
  const self = v.givenBy === 'self';
  return {
    residentId,
    givenBy: v.givenBy,
    representativeName: self ? '' : v.representativeName,
    relationship: self ? '' : v.relationship,
    purposes: CONSENT_PURPOSES.filter((p) => v.purposes[p]),
    noticeVersion: CURRENT_NOTICE_VERSION,
    givenOn: v.givenOn,
    recordedBy: userId,
    withdrawnOn: null,
    withdrawnBy: null,
    withdrawalNote: '',
  };
}
