/**
 * Zod schemas of the STORED data of each synced record type (not the forms: no transforms, no i18n
 * messages): what a create must carry in full, what a patch may carry in part, and what a pulled row holds.
 * The server validates every pushed mutation with these (records.ts), so a record on the server always has
 * the shape the app writes.
 *
 * Invariants:
 * - `z.output` of each full schema is exactly the TypeScript type in shared/ (ResidentData,
 *   AdlAssessmentData): checked at compile time below, so the two cannot drift apart.
 * - Values are checked as the app stores them: national IDs 13 digits with a valid check digit, phones
 *   normalised, dates real calendar dates, GPS inside Thailand, ADL answers within their item maxima with
 *   total = their sum and group = adlGroup(total), enums from the shared constants.
 * - Cross-field rules (ID xor no-ID reason, allergies vs allergy status) are checked on create only: a patch
 *   carries only changed fields, and concurrent patches may each be valid alone.
 */
import * as z from 'zod/mini';
import { ADL_GROUP_ORDER, ADL_ITEMS, adlGroup, type AdlItemKey } from '../adl';
import { ASSESSMENT_REASONS, type AdlAssessmentData } from '../assessment';
import { TAI_GROUPS } from '../reference/tai';
import { isIsoDate, toPartialDate } from '../dates/thaiDate';
import { validateThaiId } from '../ids/thaiId';
import { validateThaiPhone } from '../phone';
import { DISEASE_CODES } from '../reference/diseases';
import {
  ALLERGY_STATUSES,
  COVERAGES,
  LIVING_SITUATIONS,
  RELATIONSHIPS,
  RESIDENT_STATUSES,
  SEXES,
  type ResidentData,
} from '../resident';
import { CLIENT_ID_RE, TOMBSTONE_FIELD } from './formats';
import { CommunityId, FieldName, HlcString, IsoInstant, JsonValue, Uuid } from './protocol';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
export const IsoDate = z.string().check(z.refine(isIsoDate, { message: 'not a YYYY-MM-DD calendar date' }));

const partialDateSchema = z.strictObject({ value: z.string().check(z.maxLength(10)), precision: z.enum(['day', 'month', 'year']) }).check(z.refine((d) => {
  try {
    return toPartialDate(d.value).precision === d.precision;
  } catch {
    return false;
  }
}, { message: 'not a YYYY / YYYY-MM / YYYY-MM-DD date matching its precision' }));

const thaiIdSchema = z.string().check(z.refine((v) => {
  const r = validateThaiId(v);
  return r.ok && r.id === v;
}, { message: 'thaiId.checksum' }));

const normalisedPhone = z.string().check(z.refine((v) => {
  const r = validateThaiPhone(v);
  return r.ok && r.phone === v;
}, { message: 'phone.invalid' }));

const addressSchema = z.strictObject({
  houseNo: text(1, 40),
  moo: z.string().check(z.regex(/^[0-9๐-๙]{0,3}$/, { message: 'address.moo' })),
  village: text(0, 120),
  soi: text(0, 120),
  road: text(0, 120),
  subDistrict: text(1, 80),
  district: text(1, 80),
  province: text(1, 80),
  postalCode: z.string().check(z.regex(/^[1-9][0-9]{4}$/, { message: 'address.postalCode' })),
});

const gpsSchema = z.strictObject({
  lat: z.number().check(z.gte(5.6), z.lte(20.5)),
  lng: z.number().check(z.gte(97.3), z.lte(105.7)),
  accuracyM: z.nullable(z.number().check(z.gte(0), z.lte(10_000))),
});

const latestAdlSchema = z.strictObject({
  assessmentId: Uuid,
  total: z.number().check(z.int(), z.gte(0), z.lte(20)),
  group: z.enum(ADL_GROUP_ORDER),
  assessedOn: IsoDate,
}).check(z.refine((l) => adlGroup(l.total) === l.group, { message: 'group does not match total', path: ['group'] }));

const residentShape = {
  prefix: text(1, 60),
  firstName: text(1, 80),
  lastName: text(1, 80),
  nickname: text(0, 40),
  sex: z.enum(SEXES),
  nationalId: z.nullable(thaiIdSchema),
  noIdReason: z.nullable(text(1, 200)),
  birthDate: partialDateSchema,
  communityId: CommunityId,
  address: addressSchema,
  gps: z.nullable(gpsSchema),
  phones: z.array(z.strictObject({ number: normalisedPhone, label: text(0, 40) })).check(z.maxLength(5)),
  contacts: z.array(
    z.strictObject({
      name: text(1, 120),
      relationship: z.enum(RELATIONSHIPS),
      phone: z.union([z.literal(''), normalisedPhone]),
      isCaregiver: z.boolean(),
    }),
  ).check(z.maxLength(10)),
  coverage: z.nullable(z.enum(COVERAGES)),
  diseases: z.array(z.string().check(z.refine((c) => DISEASE_CODES.has(c), { message: 'unknown disease code' }))).check(
    z.maxLength(40),
    z.refine((d) => new Set(d).size === d.length, { message: 'duplicate disease code' }),
  ),
  otherDiseases: text(0, 300),
  allergyStatus: z.enum(ALLERGY_STATUSES),
  allergies: z.array(z.strictObject({ substance: text(1, 120), reaction: text(0, 200) })).check(z.maxLength(30)),
  medications: z.array(z.strictObject({ name: text(1, 120), dose: text(0, 60), frequency: text(0, 60) })).check(z.maxLength(50)),
  livingSituation: z.nullable(z.enum(LIVING_SITUATIONS)),
  language: text(0, 40),
  interpreterNeeded: z.boolean(),
  notes: text(0, 4000),
  status: z.enum(RESIDENT_STATUSES),
  statusDate: z.nullable(IsoDate),
  statusReason: text(0, 300),
  latestAdl: z.nullable(latestAdlSchema),
};

const residentObject = z.strictObject(residentShape);

/** A resident's full data (create). */
export const residentDataSchema = residentObject.check(z.superRefine((r, ctx) => {
  if ((r.nationalId === null) === (r.noIdReason === null)) {
    ctx.addIssue({ code: 'custom', message: 'exactly one of nationalId and noIdReason', path: ['nationalId'] });
  }
  if (r.allergyStatus === 'known' ? r.allergies.length === 0 : r.allergies.length > 0) {
    ctx.addIssue({ code: 'custom', message: 'allergies must be listed exactly when allergyStatus is known', path: ['allergies'] });
  }
}));
/** Any non-empty subset of a resident's fields (patch). */
export const residentPatchSchema = z.partial(residentObject).check(z.refine((p) => Object.keys(p).length > 0, { message: 'empty patch' }));

const _residentTypeCheck: Equal<z.output<typeof residentObject>, ResidentData> = true;

// ---------------------------------------------------------------------------------------------------------

const answerShape = Object.fromEntries(ADL_ITEMS.map((item) => [item.key, z.number().check(z.int(), z.gte(0), z.lte(item.max))])) as Record<AdlItemKey, z.ZodMiniNumber>;

const assessmentShape = {
  residentId: Uuid,
  assessedOn: IsoDate,
  formVersion: text(1, 40),
  answers: z.strictObject(answerShape),
  total: z.number().check(z.int(), z.gte(0), z.lte(20)),
  group: z.enum(ADL_GROUP_ORDER),
  reason: z.enum(ASSESSMENT_REASONS),
  notes: text(0, 2000),
  // Added after the first release: older assessments have none (docs/domain.md "Assessments").
  taiGroup: z.optional(z.nullable(z.enum(TAI_GROUPS))),
};

function checkAdlTotals(a: { answers: Record<AdlItemKey, number>; total: number; group: string }, ctx: z.core.$RefinementCtx): void {
  const sum = ADL_ITEMS.reduce((s, item) => s + a.answers[item.key], 0);
  if (sum !== a.total) ctx.addIssue({ code: 'custom', message: 'total is not the sum of the answers', path: ['total'] });
  else if (adlGroup(a.total) !== a.group) ctx.addIssue({ code: 'custom', message: 'group does not match total', path: ['group'] });
}

const assessmentObject = z.strictObject(assessmentShape);

/** A completed ADL assessment (create; it is never patched). */
export const adlAssessmentDataSchema = assessmentObject.check(z.superRefine(checkAdlTotals));
/** The fields a `void` carries. */
export const adlVoidSchema = z.strictObject({ voidReason: text(1, 300) });
/** What a pulled assessment row holds: the created data, plus the reason once voided. */
export const adlAssessmentStoredSchema = z.strictObject({ ...assessmentShape, voidReason: z.optional(text(1, 300)) }).check(z.superRefine(checkAdlTotals));

const _assessmentTypeCheck: Equal<z.output<typeof assessmentObject>, AdlAssessmentData> = true;

// ---------------------------------------------------------------------------------------------------------
// Conflicts: created by the server from merge.ts ConflictDrafts, resolved by a care manager's patch.

export const Author = z.strictObject({
  userId: z.string().check(z.minLength(1), z.maxLength(64)),
  clientId: z.string().check(z.regex(CLIENT_ID_RE)),
  deviceId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type Author = z.infer<typeof Author>;

/** 'value': a same-field write lost (field may be TOMBSTONE_FIELD). 'deleted_edit': edits made concurrently with a delete. */
export const CONFLICT_KINDS = ['value', 'deleted_edit'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const CONFLICT_RESOLUTIONS = ['kept_winner', 'chose_loser'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

const conflictShape = {
  kind: z.enum(CONFLICT_KINDS),
  recordType: z.string().check(z.minLength(1), z.maxLength(40)),
  recordId: Uuid,
  field: z.union([FieldName, z.literal(TOMBSTONE_FIELD)]),
  winnerValue: JsonValue,
  winnerHlc: HlcString,
  winnerBy: Author,
  loserValue: JsonValue,
  loserHlc: HlcString,
  loserBy: Author,
  /** Display names of the two authors when the conflict was opened (the inbox says who, offline too). */
  winnerName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  loserName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  status: z.enum(['open', 'resolved']),
  resolvedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  resolvedAt: z.optional(IsoInstant),
  resolution: z.optional(z.enum(CONFLICT_RESOLUTIONS)),
};

export interface ConflictData {
  kind: ConflictKind;
  recordType: string;
  recordId: string;
  field: string;
  winnerValue: unknown;
  winnerHlc: string;
  winnerBy: Author;
  loserValue: unknown;
  loserHlc: string;
  loserBy: Author;
  winnerName?: string;
  loserName?: string;
  status: 'open' | 'resolved';
  resolvedBy?: string;
  resolvedAt?: string;
  resolution?: ConflictResolution;
}

export const conflictDataSchema = z.strictObject(conflictShape).check(z.superRefine((c, ctx) => {
  // z.unknown() would also accept a missing key: a conflict always names both values (null included).
  if (!('winnerValue' in c)) ctx.addIssue({ code: 'custom', message: 'winnerValue missing', path: ['winnerValue'] });
  if (!('loserValue' in c)) ctx.addIssue({ code: 'custom', message: 'loserValue missing', path: ['loserValue'] });
  const resolved = c.status === 'resolved';
  if (resolved !== (c.resolution !== undefined && c.resolvedBy !== undefined && c.resolvedAt !== undefined)) {
    ctx.addIssue({ code: 'custom', message: 'resolvedBy, resolvedAt and resolution exactly when resolved', path: ['status'] });
  }
}));

/** The only change a client may make to a conflict: resolving it (care managers only, scope.ts). */
export const conflictPatchSchema = z.strictObject({
  status: z.literal('resolved'),
  resolvedBy: z.string().check(z.minLength(1), z.maxLength(64)),
  resolvedAt: IsoInstant,
  resolution: z.enum(CONFLICT_RESOLUTIONS),
});

/**
 * A notice to one user (bucket `u:<userId>`, docs/sync-protocol.md §9.5): an edit of hers lost a conflict.
 * The server writes one for the losing author of every conflict it opens, in whichever order the two
 * edits arrived, so she is told even when her edit reached the server first and was replaced afterwards.
 * It copies what she needs to read it offline (her value, the value that replaced it, who wrote it); the
 * conflict itself stays in the care managers' inbox.
 */
const noticeShape = {
  /** The recipient: the author whose edit lost. */
  userId: Uuid,
  kind: z.literal('edit_replaced'),
  conflictId: Uuid,
  conflictKind: z.enum(CONFLICT_KINDS),
  recordType: z.string().check(z.minLength(1), z.maxLength(40)),
  recordId: Uuid,
  field: z.union([FieldName, z.literal(TOMBSTONE_FIELD)]),
  /** What she wrote (for 'deleted_edit': the fields she changed on a record that was deleted). */
  sent: JsonValue,
  /** What replaced it at the time (for 'deleted_edit': true, the record was deleted). */
  replacedWith: JsonValue,
  replacedBy: z.string().check(z.minLength(1), z.maxLength(64)),
  replacedByName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** When the server opened the conflict. */
  at: IsoInstant,
  dismissedAt: z.nullable(IsoInstant),
};

export interface NoticeData {
  userId: string;
  kind: 'edit_replaced';
  conflictId: string;
  conflictKind: ConflictKind;
  recordType: string;
  recordId: string;
  field: string;
  sent: unknown;
  replacedWith: unknown;
  replacedBy: string;
  replacedByName?: string;
  at: string;
  dismissedAt: string | null;
}

export const noticeDataSchema = z.strictObject(noticeShape).check(z.superRefine((n, ctx) => {
  if (!('sent' in n)) ctx.addIssue({ code: 'custom', message: 'sent missing', path: ['sent'] });
  if (!('replacedWith' in n)) ctx.addIssue({ code: 'custom', message: 'replacedWith missing', path: ['replacedWith'] });
}));

/** The only change a client may make to a notice: its recipient dismisses it (permissions.ts: her own bucket only). */
export const noticePatchSchema = z.strictObject({ dismissedAt: IsoInstant });
