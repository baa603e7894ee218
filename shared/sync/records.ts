/**
 * The registry of synced record types: wire name → local table, data schemas, immutability, allowed
 * client operations and bucket. Adding a synced type = one entry here (plus its table on both sides).
 *
 * Invariants:
 * - A mutation is stored only if validateMutation accepts it; its verdict depends on the mutation alone
 *   (and the author for conflict resolutions), so server and client agree on it.
 * - Immutable types (completed assessments) accept create and void only; any other edit is `immutable_record`.
 * - Conflicts are never created by clients (the server creates them from merge drafts); clients only resolve
 *   them, and a resolution names its author.
 * - A row's bucket is a function of its data: a resident's of its community, an attached row's of its parent
 *   resident (resolved by the server), a conflict's the municipality.
 * - Visits, visit amendments and alert acknowledgements are append-only (a visit may only be voided): they
 *   never produce same-field conflicts. Care plans are patched, and a patch is judged against the stored
 *   plan too (checkStored): identity never changes, content only while a draft, status only along its
 *   transitions, approval only by a care manager naming herself.
 */
import type { z } from 'zod';
import type { MutationOp, Mutation } from './protocol';
import {
  adlAssessmentDataSchema,
  adlAssessmentStoredSchema,
  adlVoidSchema,
  conflictDataSchema,
  conflictPatchSchema,
  residentDataSchema,
  residentPatchSchema,
} from './data';
import { COMMUNITY_ID_RE, MUNICIPALITY_BUCKET, bucketForCommunity } from './scope';
import { visitDataSchema, visitStoredSchema, visitVoidSchema, visitAmendmentDataSchema } from '../visit';
import { CONTENT_KEYS, carePlanDataSchema, carePlanPatchSchema, checkPlanPatch, type CarePlanData } from '../carePlan';
import { canApprovePlans, type Role } from '../permissions';
import { alertAckDataSchema } from '../alerts';
import { isUuid } from './formats';
import { assertNever } from '../assert';


/** Who pushes a mutation: validation of approvals and conflict resolutions depends on it. */
export interface MutationAuthor {
  userId?: string;
  role?: Role;
}

/** Where a row lives: a bucket, or "wherever resident X lives" (the server looks the resident up). */
export type BucketRef = { bucket: string } | { residentId: string };

export interface SyncTypeDef<T extends string = SyncType, Table extends string = SyncTable> {
  type: T;
  /** The local Dexie table. */
  table: Table;
  /** Full data, validated on create. */
  dataSchema: z.ZodType;
  /** A non-empty subset of fields, validated on patch; null = patch never allowed. */
  patchSchema: z.ZodType | null;
  /** The fields a `void` carries; null = void not allowed. */
  voidSchema: z.ZodType | null;
  /** What a pulled row's data may hold (data plus fields added by later ops, e.g. voidReason). */
  storedSchema: z.ZodType;
  immutable: boolean;
  /** Ops a client may push for this type (`skip` is always allowed). */
  clientOps: readonly MutationOp[];
  /** Whether a losing value becomes a conflict. False only for conflicts themselves: no conflicts about conflicts. */
  recordsConflicts: boolean;
  /** For rows attached to a resident: the field naming it (they move and are evicted with it). */
  parentField: string | null;
  /** Null when `data` lacks what the bucket depends on (e.g. a patch that does not move the record). */
  bucketOf(data: Readonly<Record<string, unknown>>): BucketRef | null;
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

/** Per field of a stored row: the seq at which it last changed and the client that wrote it. */
export interface StoredFieldState {
  fieldSeq: Readonly<Record<string, number>>;
  fieldBy: Readonly<Record<string, { clientId: string }>>;
  clientId: string; // the pushing client
}

const byResident = (data: Readonly<Record<string, unknown>>): BucketRef | null => (isUuid(data.residentId) ? { residentId: data.residentId } : null);

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

/** Checks each entry's `type` against its key and keeps the literal table names, so types derive from it. */
function registry<const D extends { readonly [K in keyof D]: SyncTypeDef<K & string, string> }>(defs: D): D {
  return defs;
}

/**
 * The one list of synced record types. Every other list (wire names, local tables, the type ↔ table maps,
 * the renderer's table names, immutable tables, resident-attached tables) is derived from it, at the type
 * level too: adding a type here makes the compiler ask for its record type, table and indexes elsewhere.
 */
const DEFINITIONS = registry({
  resident: {
    type: 'resident',
    table: 'residents',
    dataSchema: residentDataSchema,
    patchSchema: residentPatchSchema,
    voidSchema: null,
    storedSchema: residentDataSchema,
    immutable: false,
    clientOps: ['create', 'patch', 'delete', 'restore'],
    recordsConflicts: true,
    parentField: null,
    bucketOf: (data) => {
      const c = data.communityId;
      return typeof c === 'string' && COMMUNITY_ID_RE.test(c) ? { bucket: bucketForCommunity(c) } : null;
    },
  },
  adl_assessment: {
    type: 'adl_assessment',
    table: 'assessments',
    dataSchema: adlAssessmentDataSchema,
    patchSchema: null,
    voidSchema: adlVoidSchema,
    storedSchema: adlAssessmentStoredSchema,
    immutable: true,
    clientOps: ['create', 'void'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  conflict: {
    type: 'conflict',
    table: 'conflicts',
    dataSchema: conflictDataSchema,
    patchSchema: conflictPatchSchema,
    voidSchema: null,
    storedSchema: conflictDataSchema,
    immutable: false,
    clientOps: ['patch'],
    recordsConflicts: false,
    parentField: null,
    bucketOf: () => ({ bucket: MUNICIPALITY_BUCKET }),
  },
  visit: {
    type: 'visit',
    table: 'visits',
    dataSchema: visitDataSchema,
    patchSchema: null,
    voidSchema: visitVoidSchema,
    storedSchema: visitStoredSchema,
    immutable: true,
    clientOps: ['create', 'void'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  visit_amendment: {
    type: 'visit_amendment',
    table: 'visitAmendments',
    dataSchema: visitAmendmentDataSchema,
    patchSchema: null,
    voidSchema: null,
    storedSchema: visitAmendmentDataSchema,
    immutable: true,
    clientOps: ['create'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
  care_plan: {
    type: 'care_plan',
    table: 'carePlans',
    dataSchema: carePlanDataSchema,
    patchSchema: carePlanPatchSchema,
    voidSchema: null,
    storedSchema: carePlanDataSchema,
    immutable: false,
    clientOps: ['create', 'patch'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
    checkStored: checkCarePlanPatch,
    checkMerged: checkMergedCarePlan,
  },
  alert_ack: {
    type: 'alert_ack',
    table: 'alertAcks',
    dataSchema: alertAckDataSchema,
    patchSchema: null,
    voidSchema: null,
    storedSchema: alertAckDataSchema,
    immutable: true,
    clientOps: ['create'],
    recordsConflicts: true,
    parentField: 'residentId',
    bucketOf: byResident,
  },
});

/** The registry's literal type (wire names, tables, parent fields as written), for type-level derivations. */
export type SyncRegistry = typeof DEFINITIONS;
export type SyncType = keyof SyncRegistry;
/** The local table of a synced type. */
export type TableOfType<T extends SyncType> = (typeof DEFINITIONS)[T]['table'];

/** The registry as its readers use it: each entry a SyncTypeDef, with its own wire name and table. */
export const SYNC_TYPES: { readonly [T in SyncType]: SyncTypeDef<T, TableOfType<T>> } = DEFINITIONS;
export type SyncTable = TableOfType<SyncType>;

/** Wire names, in registry order. */
export const SYNC_TYPE_NAMES = Object.keys(SYNC_TYPES) as readonly SyncType[];
/** Local table names, in registry order. */
export const SYNC_TABLE_NAMES: readonly SyncTable[] = SYNC_TYPE_NAMES.map((t) => SYNC_TYPES[t].table);

export const TABLE_OF_TYPE = Object.fromEntries(SYNC_TYPE_NAMES.map((t) => [t, SYNC_TYPES[t].table])) as { readonly [T in SyncType]: TableOfType<T> };
export const TYPE_OF_TABLE = Object.fromEntries(SYNC_TYPE_NAMES.map((t) => [SYNC_TYPES[t].table, t])) as Readonly<Record<SyncTable, SyncType>>;

export function isSyncType(t: string): t is SyncType {
  return (SYNC_TYPE_NAMES as readonly string[]).includes(t);
}

export function syncTypeOfTable(table: string): SyncType | null {
  return Object.hasOwn(TYPE_OF_TABLE, table) ? TYPE_OF_TABLE[table as SyncTable] : null;
}

export type Validation = { ok: true } | { ok: false; code: 'validation_failed' | 'unknown_type' | 'immutable_record'; field?: string };

const OK: Validation = { ok: true };

function failed(error: z.ZodError, fallback?: string): Validation {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  // An unknown key is reported at its object's path: name the key itself (field names are identifiers).
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const full = unknownKey === undefined ? path.map(String) : [...path.map(String), unknownKey];
  const field = full.length > 0 ? full.join('.') : fallback;
  return field === undefined ? { ok: false, code: 'validation_failed' } : { ok: false, code: 'validation_failed', field };
}

function check(schema: z.ZodType, fields: Record<string, unknown>): Validation {
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
      return extra === undefined ? OK : { ok: false, code: 'validation_failed', field: extra };
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
    default:
      return OK;
  }
}
