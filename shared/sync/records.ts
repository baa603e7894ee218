/**
 * The registry of synced record types with their data schemas: each type of recordTypes.ts (wire name →
 * local table, immutability, allowed client operations, bucket; re-exported here) gets its schemas and
 * stored-row checks here. Adding a synced type = one entry in recordTypes.ts and its schemas here (the
 * compiler asks for them), plus its table on both sides.
 *
 * Invariants:
 * - A mutation is stored only if validateMutation accepts it; its verdict depends on the mutation alone
 *   (and the author for conflict resolutions), so server and client agree on it.
 * - Immutable types (completed assessments) accept create and void only; any other edit is `immutable_record`.
 * - Conflicts are never created by clients (the server creates them from merge drafts); clients only resolve
 *   them, and a resolution names its author. Notices likewise: the server writes them, their recipient
 *   only dismisses them (her own bucket, permissions.ts).
 * - A row's bucket is a function of its data (recordTypes.ts).
 * - Visits, visit amendments and alert acknowledgements are append-only (a visit may only be voided): they
 *   never produce same-field conflicts. Care plans are patched, and a patch is judged against the stored
 *   plan too (checkStored): identity never changes, content only while a draft, status only along its
 *   transitions, approval only by a care manager naming herself.
 */
import type * as z from 'zod/mini';
import type { Mutation } from './protocol';
import {
  adlAssessmentDataSchema,
  adlAssessmentStoredSchema,
  adlVoidSchema,
  conflictDataSchema,
  conflictPatchSchema,
  noticeDataSchema,
  noticePatchSchema,
  residentDataSchema,
  residentPatchSchema,
} from './data';
import { RECORD_TYPES, SYNC_TYPE_NAMES, isSyncType, type RecordTypeDef, type SyncTable, type SyncType, type TableOfType } from './recordTypes';
import { visitDataSchema, visitStoredSchema, visitVoidSchema, visitAmendmentDataSchema } from '../visit';
import { CONTENT_KEYS, carePlanDataSchema, carePlanPatchSchema, checkPlanPatch, type CarePlanData } from '../carePlan';
import { canApprovePlans, canPlanRounds, type Role } from '../permissions';
import { alertAckDataSchema } from '../alertsSchema';
import { checkConsentPatch, consentDataSchema, consentPatchSchema } from '../consent';
import {
  availabilityDataSchema,
  availabilityPatchSchema,
  holidayDataSchema,
  holidayPatchSchema,
  leaveDataSchema,
  leavePatchSchema,
  ROUND_OUTCOME_FIELDS,
  roundVisitDataSchema,
  roundVisitPatchSchema,
} from '../rounds/recordsSchema';
import { assertNever } from '../assert';


/** Who pushes a mutation: validation of approvals and conflict resolutions depends on it. */
export interface MutationAuthor {
  userId?: string;
  role?: Role;
}

export * from './recordTypes';

/** What a type adds to its RecordTypeDef here: its schemas and the checks that need the stored row. */
export interface SyncTypeSchemas {
  /** Full data, validated on create. */
  dataSchema: z.ZodMiniType;
  /** A non-empty subset of fields, validated on patch; null = patch never allowed. */
  patchSchema: z.ZodMiniType | null;
  /** The fields a `void` carries; null = void not allowed. */
  voidSchema: z.ZodMiniType | null;
  /** What a pulled row's data may hold (data plus fields added by later ops, e.g. voidReason). */
  storedSchema: z.ZodMiniType;
  /**
   * Rules that need the stored row (server at apply time, client before writing): null = fine, else the
   * offending field. Absent = nothing beyond the stateless checks.
   */
  checkStored?(stored: Readonly<Record<string, unknown>>, m: Pick<Mutation, 'op' | 'fields'> & { baseSeq?: number }, author: MutationAuthor, state?: StoredFieldState): string | null;
  /**
   * For rows whose fields are merged one by one (last writer wins per field): whether the merged result is
   * still a valid record. Null = fine (or the stored row was already invalid), else the offending field.
   * A patch judged fine against the stored row can still lose some fields to newer writes and win others
   * (e.g. an approval racing a return to draft would leave a draft naming an approver).
   */
  checkMerged?(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string | null;
}

export type SyncTypeDef<T extends string = SyncType, Table extends string = SyncTable> = RecordTypeDef<T, Table> & SyncTypeSchemas;

/** Per field of a stored row: the seq at which it last changed and the client that wrote it. */
export interface StoredFieldState {
  fieldSeq: Readonly<Record<string, number>>;
  fieldBy: Readonly<Record<string, { clientId: string }>>;
  clientId: string; // the pushing client
}

/** The field a care-plan patch breaks, judged against the stored plan (carePlan.checkPlanPatch). */
function checkCarePlanPatch(
  stored: Readonly<Record<string, unknown>>,
  m: Pick<Mutation, 'op' | 'fields'> & { baseSeq?: number },
  author: MutationAuthor,
  state?: StoredFieldState,
): string | null {
  if (m.op !== 'patch') return null;
  // An approval approves what the care manager saw: content another device changed after her copy
  // (seq above her baseSeq) makes it an approval of unseen content. She pulls the plan again and re-approves.
  if (m.fields.status === 'approved' && state !== undefined && m.baseSeq !== undefined) {
    for (const k of CONTENT_KEYS) {
      const seq = state.fieldSeq[k];
      if (seq !== undefined && seq > m.baseSeq && state.fieldBy[k]?.clientId !== state.clientId) return 'approvedBy';
    }
  }
  const current = carePlanDataSchema.safeParse(stored);
  // A stored plan that no longer parses (older schema) is judged by the stateless rules only.
  if (!current.success) return null;
  const verdict = checkPlanPatch(current.data as CarePlanData, m.fields as Partial<CarePlanData>, { id: author.userId ?? '', role: author.role ?? null });
  if (verdict.ok) return null;
  switch (verdict.code) {
    case 'carePlan.patch.identity':
      return 'version';
    case 'carePlan.patch.content':
      return 'activities';
    case 'carePlan.patch.transition':
      return 'status';
    case 'carePlan.approve.forbidden':
      return 'approvedBy';
    case 'carePlan.patch.invalid': {
      // Name the field the patched plan breaks, not a generic one.
      const r = carePlanDataSchema.safeParse({ ...current.data, ...m.fields });
      const path = r.success ? [] : (r.error.issues[0]?.path ?? []);
      return path.length > 0 ? path.map(String).join('.') : 'status';
    }
    default:
      return assertNever(verdict.code);
  }
}

/** The first rule a merged care plan breaks (none when it was already invalid before the merge). */
function checkMergedCarePlan(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string | null {
  if (!carePlanDataSchema.safeParse(before).success) return null;
  const r = carePlanDataSchema.safeParse(after);
  if (r.success) return null;
  const path = r.error.issues[0]?.path ?? [];
  return path.length > 0 ? path.map(String).join('.') : 'status';
}

/** checkMerged for records whose cross-field rules a field-by-field merge can break (an end before a start). */
function mergedStillValid(schema: z.ZodMiniType): (before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>) => string | null {
  return (before, after) => {
    if (!schema.safeParse(before).success) return null;
    const r = schema.safeParse(after);
    if (r.success) return null;
    const path = r.error.issues[0]?.path ?? [];
    return path.length > 0 ? path.map(String).join('.') : 'fields';
  };
}

/** The schemas of every type of RECORD_TYPES (a type without its entry here is a compile error). */
const SCHEMAS: { readonly [T in SyncType]: SyncTypeSchemas } = {
  resident: { dataSchema: residentDataSchema, patchSchema: residentPatchSchema, voidSchema: null, storedSchema: residentDataSchema },
  adl_assessment: { dataSchema: adlAssessmentDataSchema, patchSchema: null, voidSchema: adlVoidSchema, storedSchema: adlAssessmentStoredSchema },
  conflict: { dataSchema: conflictDataSchema, patchSchema: conflictPatchSchema, voidSchema: null, storedSchema: conflictDataSchema },
  visit: { dataSchema: visitDataSchema, patchSchema: null, voidSchema: visitVoidSchema, storedSchema: visitStoredSchema },
  visit_amendment: { dataSchema: visitAmendmentDataSchema, patchSchema: null, voidSchema: null, storedSchema: visitAmendmentDataSchema },
  care_plan: {
    dataSchema: carePlanDataSchema,
    patchSchema: carePlanPatchSchema,
    voidSchema: null,
    storedSchema: carePlanDataSchema,
    checkStored: checkCarePlanPatch,
    checkMerged: checkMergedCarePlan,
  },
  alert_ack: { dataSchema: alertAckDataSchema, patchSchema: null, voidSchema: null, storedSchema: alertAckDataSchema },
  notice: { dataSchema: noticeDataSchema, patchSchema: noticePatchSchema, voidSchema: null, storedSchema: noticeDataSchema },
  availability: { dataSchema: availabilityDataSchema, patchSchema: availabilityPatchSchema, voidSchema: null, storedSchema: availabilityDataSchema, checkMerged: mergedStillValid(availabilityDataSchema) },
  leave: { dataSchema: leaveDataSchema, patchSchema: leavePatchSchema, voidSchema: null, storedSchema: leaveDataSchema, checkMerged: mergedStillValid(leaveDataSchema) },
  holiday: { dataSchema: holidayDataSchema, patchSchema: holidayPatchSchema, voidSchema: null, storedSchema: holidayDataSchema },
  consent: {
    dataSchema: consentDataSchema,
    patchSchema: consentPatchSchema,
    voidSchema: null,
    storedSchema: consentDataSchema,
    checkStored: (stored, m) => (m.op === 'patch' ? checkConsentPatch(stored, m.fields) : null),
  },
  round_visit: { dataSchema: roundVisitDataSchema, patchSchema: roundVisitPatchSchema, voidSchema: null, storedSchema: roundVisitDataSchema, checkMerged: mergedStillValid(roundVisitDataSchema) },
};

/** The registry with its schemas, as the server and the sync client use it. */
export const SYNC_TYPES = Object.fromEntries(SYNC_TYPE_NAMES.map((t) => [t, { ...RECORD_TYPES[t], ...SCHEMAS[t] }])) as unknown as {
  readonly [T in SyncType]: SyncTypeDef<T, TableOfType<T>>;
};

export type Validation = { ok: true } | { ok: false; code: 'validation_failed' | 'unknown_type' | 'immutable_record'; field?: string };

const OK: Validation = { ok: true };

function failed(error: z.core.$ZodError, fallback?: string): Validation {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  // An unknown key is reported at its object's path: name the key itself (field names are identifiers).
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const full = unknownKey === undefined ? path.map(String) : [...path.map(String), unknownKey];
  const field = full.length > 0 ? full.join('.') : fallback;
  return field === undefined ? { ok: false, code: 'validation_failed' } : { ok: false, code: 'validation_failed', field };
}

function check(schema: z.ZodMiniType, fields: Record<string, unknown>): Validation {
  const r = schema.safeParse(fields);
  return r.success ? OK : failed(r.error);
}

/**
 * Whether a (wire-valid) mutation fits its record type, without the stored row. `ctx`: the pushing user, to
 * check that a conflict resolution, a care-plan approval or an acknowledgement names its real author, and
 * that only care managers approve and acknowledge.
 */
export function validateMutation(m: Mutation, ctx: MutationAuthor = {}): Validation {
  if (m.op === 'skip') return Object.keys(m.fields).length === 0 ? OK : { ok: false, code: 'validation_failed', field: 'fields' };
  if (!isSyncType(m.type)) return { ok: false, code: 'unknown_type' };
  const def = SYNC_TYPES[m.type];
  if (!def.clientOps.includes(m.op)) {
    return def.immutable && m.op !== 'create' ? { ok: false, code: 'immutable_record' } : { ok: false, code: 'validation_failed', field: 'op' };
  }
  switch (m.op) {
    case 'create': {
      const r = check(def.dataSchema, m.fields);
      return r.ok ? authorship(m, ctx) : r;
    }
    case 'patch': {
      if (def.patchSchema === null) return { ok: false, code: def.immutable ? 'immutable_record' : 'validation_failed', field: 'op' };
      const r = check(def.patchSchema, m.fields);
      if (r.ok && m.type === 'conflict' && ctx.userId !== undefined && m.fields.resolvedBy !== ctx.userId) {
        return { ok: false, code: 'validation_failed', field: 'resolvedBy' };
      }
      return r.ok ? authorship(m, ctx) : r;
    }
    case 'delete':
    case 'restore': {
      const extra = Object.keys(m.fields)[0];
      return extra === undefined ? authorship(m, ctx) : { ok: false, code: 'validation_failed', field: extra };
    }
    case 'void':
      return def.voidSchema === null ? { ok: false, code: 'validation_failed', field: 'op' } : check(def.voidSchema, m.fields);
    default:
      return assertNever(m.op);
  }
}

/** Fields that name their author must name the pusher; approvals and acknowledgements need a care manager. */
function authorship(m: Mutation, ctx: MutationAuthor): Validation {
  if (ctx.userId === undefined) return OK; // the client's own pre-check: it writes its own id
  const f = m.fields;
  switch (m.type) {
    case 'care_plan':
      if (f.approvedBy !== undefined && f.approvedBy !== null && (f.approvedBy !== ctx.userId || ctx.role === undefined || !canApprovePlans({ role: ctx.role }))) {
        return { ok: false, code: 'validation_failed', field: 'approvedBy' };
      }
      if (f.submittedBy !== undefined && f.submittedBy !== null && f.submittedBy !== ctx.userId && m.op === 'patch') {
        return { ok: false, code: 'validation_failed', field: 'submittedBy' };
      }
      return OK;
    case 'alert_ack':
      return f.by === ctx.userId ? OK : { ok: false, code: 'validation_failed', field: 'by' };
    case 'visit_amendment':
      return f.author === ctx.userId ? OK : { ok: false, code: 'validation_failed', field: 'author' };
    case 'consent':
      // Who recorded a consent, and who its withdrawal, is the pusher.
      if (m.op === 'create' && f.recordedBy !== ctx.userId) return { ok: false, code: 'validation_failed', field: 'recordedBy' };
      if (m.op === 'patch' && f.withdrawnBy !== ctx.userId) return { ok: false, code: 'validation_failed', field: 'withdrawnBy' };
      return OK;
    case 'availability':
      // One record per caregiver, named by her id.
      return m.op !== 'create' || f.userId === m.id ? OK : { ok: false, code: 'validation_failed', field: 'userId' };
    case 'round_visit': {
      // A caregiver records what happened; planning is the care manager's.
      if (ctx.role === undefined || canPlanRounds({ role: ctx.role })) return OK;
      const other = m.op === 'patch' ? Object.keys(f).find((k) => !(ROUND_OUTCOME_FIELDS as readonly string[]).includes(k)) : 'op';
      return other === undefined ? OK : { ok: false, code: 'validation_failed', field: other };
    }
    default:
      return OK;
  }
}
