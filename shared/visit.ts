/**
 * The home visit (docs/domain.md §5) and its amendments.
 *
 * Invariants:
 * - A visit is append-only: once saved it is never patched. A correction is a `visit_amendment` record
 *   (reason, author, time, field → new value); applyAmendments gives the current view and the history.
 *   Amendments apply in (at, id) order, so every device computes the same view from the same records.
 * - A stored visit satisfies visitDataSchema: endedAt ≥ startedAt, serviceDate = Bangkok date of startedAt
 *   (a visit 23:40–00:20 is one 40-minute visit dated by its start), a missed visit records no vitals and no
 *   care, an escalation has a reason, the next visit is after this one, photos are few, small and consented.
 *   An amendment whose result would break this is shown in the history as rejected and changes nothing.
 * - The form (what it holds, its validation) is visitForm.ts; this module keeps the stored shape and the
 *   amendments, which it builds on.
 */
import * as z from 'zod/mini';
import { bangkokDate, isIsoDate } from './dates/thaiDate';
import type { Envelope } from './envelope';
import { jsonEqual } from './json';
import { CARE_ACTIVITIES, isCareActivityCode, type CareActivityCode } from './reference/careActivities';
import type { Gps } from './resident';
import { cleanMultiline } from './text/normalise';
import { VITAL_KEYS, type VitalKey, type Vitals } from './vitals';
import { vitalsDataSchema } from './vitalsSchema';
import type { FormIssue, VisitFormOutput } from './visitForm';

export const VISIT_TYPES = ['routine', 'follow_up', 'post_discharge', 'urgent'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export const VISIT_OUTCOMES = ['done', 'missed'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export const MISSED_REASONS = ['not_home', 'in_hospital', 'refused', 'died', 'other'] as const;
export type MissedReason = (typeof MISSED_REASONS)[number];
/** none | รพ.สต. (sub-district health centre) | hospital | 1669 (emergency medical services). */
export const ESCALATIONS = ['none', 'health_centre', 'hospital', 'emergency_1669'] as const;
export type Escalation = (typeof ESCALATIONS)[number];
export const PHOTO_MIME_TYPES = ['image/jpeg', 'image/webp'] as const;
export type PhotoMimeType = (typeof PHOTO_MIME_TYPES)[number];

export const VISIT_LIMITS = {
  /** Longer is refused as a typo; a day is already implausible for one home visit. */
  maxDurationMinutes: 24 * 60,
  /** Longer only warns (docs/domain.md §5: > 8 h warns). */
  warnDurationMinutes: 8 * 60,
  maxActivityMinutes: 600,
  maxProblems: 20,
  problemLength: 300,
  notesLength: 4000,
  reasonLength: 500,
  /** "A photo kept small": the renderer resizes before attaching; this is the stored cap. */
  maxPhotos: 3,
  maxPhotoBytes: 200 * 1024,
  maxPhotoSide: 1600,
  /** The next visit is booked at most a year ahead. */
  maxNextVisitDays: 366,
} as const;

export interface CareGiven {
  code: CareActivityCode;
  minutes: number | null;
}

/** A photo stored beside the record (blobId = SHA-256 of its bytes), never inline (docs/architecture.md "Attachments"). */
export interface PhotoRef {
  blobId: string;
  mimeType: PhotoMimeType;
  bytes: number;
  width: number;
  height: number;
}

export interface VisitData {
  residentId: string;
  caregiverId: string; // user id of who visited
  planned: boolean;
  type: VisitType;
  startedAt: string; // ISO UTC instant
  endedAt: string; // ISO UTC instant, ≥ startedAt
  serviceDate: string; // YYYY-MM-DD: Bangkok date of startedAt
  gps: Gps | null;
  outcome: VisitOutcome;
  missedReason: MissedReason | null; // exactly when outcome = missed
  missedNote: string; // required when missedReason = other
  vitals: Vitals;
  recheckNote: string; // what was done about an urgent value when not escalated
  careGiven: CareGiven[];
  mood: number | null; // 1–5
  observations: string;
  problems: string[];
  escalation: Escalation;
  escalationReason: string; // required exactly when escalation ≠ none
  nextVisitDate: string | null; // YYYY-MM-DD, after serviceDate
  photos: PhotoRef[];
  photoConsent: boolean; // required when photos are attached
  archivedReason: string | null; // why a moved/deceased resident was visited
}

export interface Visit extends Envelope, VisitData {}

/** Whether any vital sign is recorded. */
export const hasAnyVital = (v: Vitals): boolean => VITAL_KEYS.some((k) => v[k] !== null);

export function visitDurationMinutes(v: Pick<VisitData, 'startedAt' | 'endedAt'>): number {
  return Math.round((Date.parse(v.endedAt) - Date.parse(v.startedAt)) / 60_000);
}

const photoShape = z.strictObject({
  // The SHA-256 of the photo's bytes (lower-case hex): the attachment's name on the device and the server.
  blobId: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  mimeType: z.enum(PHOTO_MIME_TYPES),
  bytes: z.number().check(z.int(), z.gte(1), z.lte(VISIT_LIMITS.maxPhotoBytes)),
  width: z.number().check(z.int(), z.gte(1), z.lte(VISIT_LIMITS.maxPhotoSide)),
  height: z.number().check(z.int(), z.gte(1), z.lte(VISIT_LIMITS.maxPhotoSide)),
});
/** A photo reference as stored (the form checks each photo against it too). */
export const photoRefSchema = photoShape;

const gpsShape = z.strictObject({
  lat: z.number().check(z.gte(5.6), z.lte(20.5)),
  lng: z.number().check(z.gte(97.3), z.lte(105.7)),
  accuracyM: z.nullable(z.number().check(z.gte(0), z.lte(10_000))),
});

// ---------------------------------------------------------------------------------------------------------
// Stored shape (for sync/data.ts: no transforms, English messages)

const UserId = z.string().check(z.minLength(1), z.maxLength(64));
const UuidLike = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, { message: 'not a lower-case UUID' }));
const Instant = z.iso.datetime({ offset: false });
const IsoDateSchema = z.string().check(z.refine(isIsoDate, { message: 'not a YYYY-MM-DD calendar date' }));
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

const visitShape = {
  residentId: UuidLike,
  caregiverId: UserId,
  planned: z.boolean(),
  type: z.enum(VISIT_TYPES),
  startedAt: Instant,
  endedAt: Instant,
  serviceDate: IsoDateSchema,
  gps: z.nullable(gpsShape),
  outcome: z.enum(VISIT_OUTCOMES),
  missedReason: z.nullable(z.enum(MISSED_REASONS)),
  missedNote: text(0, VISIT_LIMITS.reasonLength),
  vitals: vitalsDataSchema,
  recheckNote: text(0, VISIT_LIMITS.reasonLength),
  careGiven: z.array(
    z.strictObject({
      code: z.string().check(z.refine(isCareActivityCode, { message: 'unknown care activity' })) as z.ZodMiniType<CareActivityCode>,
      minutes: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(VISIT_LIMITS.maxActivityMinutes))),
    }),
  ).check(z.maxLength(CARE_ACTIVITIES.length), z.refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, { message: 'duplicate care activity' })),
  mood: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(5))),
  observations: text(0, VISIT_LIMITS.notesLength),
  problems: z.array(text(1, VISIT_LIMITS.problemLength)).check(z.maxLength(VISIT_LIMITS.maxProblems)),
  escalation: z.enum(ESCALATIONS),
  escalationReason: text(0, VISIT_LIMITS.reasonLength),
  nextVisitDate: z.nullable(IsoDateSchema),
  photos: z.array(photoShape).check(z.maxLength(VISIT_LIMITS.maxPhotos)),
  photoConsent: z.boolean(),
  archivedReason: z.nullable(text(1, VISIT_LIMITS.reasonLength)),
};

const visitObject = z.strictObject(visitShape);

/** Cross-field rules of a stored visit (see the header). Returns [path, message] pairs. */
function visitRuleViolations(v: z.output<typeof visitObject>): [string, string][] {
  const out: [string, string][] = [];
  const start = Date.parse(v.startedAt);
  const end = Date.parse(v.endedAt);
  if (end < start) out.push(['endedAt', 'ends before it starts']);
  else if (end - start > VISIT_LIMITS.maxDurationMinutes * 60_000) out.push(['endedAt', 'longer than a day']);
  if (bangkokDate(v.startedAt) !== v.serviceDate) out.push(['serviceDate', 'not the Bangkok date of startedAt']);
  if ((v.outcome === 'missed') !== (v.missedReason !== null)) out.push(['missedReason', 'missedReason exactly when missed']);
  if (v.outcome === 'missed' && (hasAnyVital(v.vitals) || v.careGiven.length > 0)) out.push(['outcome', 'a missed visit records no vitals or care']);
  if (v.missedReason === 'other' && v.missedNote === '') out.push(['missedNote', 'required for other']);
  if ((v.escalation === 'none') !== (v.escalationReason === '')) out.push(['escalationReason', 'a reason exactly when escalated']);
  if (v.nextVisitDate !== null && v.nextVisitDate <= v.serviceDate) out.push(['nextVisitDate', 'not after the visit']);
  if (v.photos.length > 0 && !v.photoConsent) out.push(['photoConsent', 'photos need consent']);
  return out;
}

/** A visit's full data (create; visits are never patched). */
export const visitDataSchema = visitObject.check(z.superRefine((v, ctx) => {
  for (const [path, message] of visitRuleViolations(v)) ctx.addIssue({ code: 'custom', message, path: [path] });
}));
/** The fields a `void` of a visit carries (a visit recorded for the wrong resident). */
export const visitVoidSchema = z.strictObject({ voidReason: text(1, 300) });
/** What a pulled visit row holds. */
export const visitStoredSchema = z.strictObject({ ...visitShape, voidReason: z.optional(text(1, 300)) }).check(z.superRefine((v, ctx) => {
  for (const [path, message] of visitRuleViolations(v)) ctx.addIssue({ code: 'custom', message, path: [path] });
}));

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _visitTypeCheck: Equal<z.output<typeof visitObject>, VisitData> = true;

// ---------------------------------------------------------------------------------------------------------
// Amendments

/** Fields an amendment may change: everything but who and whom (a wrong resident is a void + new visit). */
export const AMENDABLE_FIELDS = [
  'startedAt',
  'endedAt',
  'planned',
  'type',
  'gps',
  'outcome',
  'missedReason',
  'missedNote',
  ...VITAL_KEYS.map((k) => `vitals.${k}` as const),
  'recheckNote',
  'careGiven',
  'mood',
  'observations',
  'problems',
  'escalation',
  'escalationReason',
  'nextVisitDate',
  'photos',
  'photoConsent',
  'archivedReason',
] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];
export type VisitChanges = Partial<Record<AmendableField, unknown>>;

export interface VisitAmendmentData {
  visitId: string;
  residentId: string; // the visit's resident, so the amendment syncs in the same bucket
  reason: string;
  changes: VisitChanges;
  author: string; // user id
  at: string; // ISO UTC instant
}

export interface VisitAmendment extends Envelope, VisitAmendmentData {}

const vitalValueSchema = (k: VitalKey): z.ZodMiniType => vitalsDataSchema.shape[k];

function fieldSchema(field: AmendableField): z.ZodMiniType {
  if (field.startsWith('vitals.')) return vitalValueSchema(field.slice('vitals.'.length) as VitalKey);
  return visitShape[field as Exclude<AmendableField, `vitals.${string}`>];
}

export const visitAmendmentDataSchema = z.strictObject({
  visitId: UuidLike,
  residentId: UuidLike,
  reason: text(1, VISIT_LIMITS.reasonLength),
  changes: z.partialRecord(z.enum(AMENDABLE_FIELDS), z.unknown()),
  author: UserId,
  at: Instant,
}).check(z.superRefine((a, ctx) => {
  const entries = Object.entries(a.changes) as [AmendableField, unknown][];
  if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'no changes', path: ['changes'] });
  for (const [field, value] of entries) {
    if (value === undefined || !fieldSchema(field).safeParse(value).success) ctx.addIssue({ code: 'custom', message: 'invalid value', path: ['changes', field] });
  }
}));

function readField(v: VisitData, field: AmendableField): unknown {
  if (field.startsWith('vitals.')) return v.vitals[field.slice('vitals.'.length) as VitalKey];
  return v[field as Exclude<AmendableField, `vitals.${string}`>];
}

function writeField(v: VisitData, field: AmendableField, value: unknown): VisitData {
  if (field.startsWith('vitals.')) return { ...v, vitals: { ...v.vitals, [field.slice('vitals.'.length)]: value } };
  const next = { ...v, [field]: value } as VisitData;
  // The service date follows the start, so amending the time of a visit also re-dates it.
  return field === 'startedAt' && typeof value === 'string' && Instant.safeParse(value).success ? { ...next, serviceDate: bangkokDate(value) } : next;
}

/** The changes that turn `current` into `next` (e.g. the form's output when amending); {} if none. */
export function diffVisit(current: VisitData, next: VisitFormOutput): VisitChanges {
  const changes: VisitChanges = {};
  const full: VisitData = { ...next, residentId: current.residentId, caregiverId: current.caregiverId };
  for (const field of AMENDABLE_FIELDS) {
    const to = readField(full, field);
    if (!jsonEqual(readField(current, field), to)) changes[field] = to;
  }
  return changes;
}

/** Orders amendments: by `at` (as an instant), then by id, so every device applies them alike. */
export function compareAmendments(a: { at: string; id: string }, b: { at: string; id: string }): number {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface AmendmentChange {
  field: AmendableField;
  from: unknown;
  to: unknown;
}

export interface AmendmentHistoryEntry {
  amendmentId: string;
  reason: string;
  author: string;
  at: string;
  changes: AmendmentChange[];
  /** 'rejected': applying it would have made the visit invalid (e.g. two offline corrections that clash). */
  status: 'applied' | 'rejected';
  problems: string[];
}

export interface AmendedVisit<V extends VisitData> {
  current: V;
  history: AmendmentHistoryEntry[]; // oldest first, newest last
  /** Fields that differ from what was first saved. */
  amendedFields: AmendableField[];
}

/**
 * The current view of a visit and its history. Amendments of other visits are ignored; each applies on top
 * of the previous result in compareAmendments order, so the same field amended twice ends with the later
 * value. Pure: the inputs are not modified.
 */
export function applyAmendments<V extends VisitData & { id: string }>(
  visit: V,
  amendments: readonly (VisitAmendmentData & { id: string })[],
): AmendedVisit<V> {
  const mine = amendments.filter((a) => a.visitId === visit.id).sort(compareAmendments);
  let current: VisitData = visit;
  const history: AmendmentHistoryEntry[] = [];
  for (const a of mine) {
    let next = current;
    const changes: AmendmentChange[] = [];
    for (const field of AMENDABLE_FIELDS) {
      if (!Object.prototype.hasOwnProperty.call(a.changes, field)) continue;
      const to = a.changes[field];
      changes.push({ field, from: readField(current, field), to });
      next = writeField(next, field, to);
    }
    const check = visitDataSchema.safeParse(pickVisitData(next));
    const base = { amendmentId: a.id, reason: a.reason, author: a.author, at: a.at, changes };
    if (check.success) {
      current = next;
      history.push({ ...base, status: 'applied', problems: [] });
    } else {
      history.push({ ...base, status: 'rejected', problems: check.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`) });
    }
  }
  const amendedFields = AMENDABLE_FIELDS.filter((f) => !jsonEqual(readField(visit, f), readField(current, f)));
  return { current: { ...visit, ...pickVisitData(current) }, history, amendedFields };
}

/**
 * Each visit with its own amendments applied (applyAmendments), in the order given. Most visits are never
 * amended: those are their own current view, without a parse.
 */
export function amendVisits<V extends VisitData & { id: string }>(
  visits: readonly V[],
  amendments: readonly (VisitAmendmentData & { id: string })[],
): AmendedVisit<V>[] {
  const byVisit = new Map<string, (VisitAmendmentData & { id: string })[]>();
  for (const a of amendments) {
    const list = byVisit.get(a.visitId);
    if (list) list.push(a);
    else byVisit.set(a.visitId, [a]);
  }
  return visits.map((v) => {
    const mine = byVisit.get(v.id);
    return mine ? applyAmendments(v, mine) : { current: v, history: [], amendedFields: [] };
  });
}

const VISIT_DATA_KEYS = Object.keys(visitShape) as (keyof VisitData)[];

/** Only the data fields (drops the envelope and anything else a row carries). */
export function pickVisitData(v: VisitData): VisitData {
  const out: Record<string, unknown> = {};
  for (const k of VISIT_DATA_KEYS) out[k] = v[k];
  return out as unknown as VisitData;
}

/**
 * An amendment from the edited form: the reason is required and something must change. Codes:
 * 'required' (path reason), 'tooLong', 'visit.amendment.noChanges'.
 */
export function buildAmendment(input: {
  visit: VisitData & { id: string };
  current: VisitData;
  edited: VisitFormOutput;
  reason: string;
  author: string;
  at: string;
}): { ok: true; data: VisitAmendmentData } | { ok: false; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const reason = cleanMultiline(input.reason);
  if (reason === '') issues.push({ path: ['reason'], code: 'required' });
  else if (reason.length > VISIT_LIMITS.reasonLength) issues.push({ path: ['reason'], code: 'tooLong' });
  const changes = diffVisit(input.current, input.edited);
  if (Object.keys(changes).length === 0) issues.push({ path: [], code: 'visit.amendment.noChanges' });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, data: { visitId: input.visit.id, residentId: input.visit.residentId, reason, changes, author: input.author, at: input.at } };
}
