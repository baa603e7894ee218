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
import { isUuid } from './formats';
import { assertNever } from '../assert';

export const SYNC_TYPE_NAMES = ['resident', 'adl_assessment', 'conflict'] as const;
export type SyncType = (typeof SYNC_TYPE_NAMES)[number];
export type SyncTable = 'residents' | 'assessments' | 'conflicts';

/** Where a row lives: a bucket, or "wherever resident X lives" (the server looks the resident up). */
export type BucketRef = { bucket: string } | { residentId: string };

export interface SyncTypeDef {
  type: SyncType;
  /** The local Dexie table. */
  table: SyncTable;
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
}

export const SYNC_TYPES: Readonly<Record<SyncType, SyncTypeDef>> = {
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
    bucketOf: (data) => (isUuid(data.residentId) ? { residentId: data.residentId } : null),
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
};

export function isSyncType(t: string): t is SyncType {
  return (SYNC_TYPE_NAMES as readonly string[]).includes(t);
}

export function syncTypeOfTable(table: string): SyncType | null {
  for (const name of SYNC_TYPE_NAMES) if (SYNC_TYPES[name].table === table) return name;
  return null;
}

export type Validation = { ok: true } | { ok: false; code: 'validation_failed' | 'unknown_type' | 'immutable_record'; field?: string };

const OK: Validation = { ok: true };

function failed(error: z.ZodError, fallback?: string): Validation {
  const path = error.issues[0]?.path ?? [];
  const field = path.length > 0 ? path.map(String).join('.') : fallback;
  return field === undefined ? { ok: false, code: 'validation_failed' } : { ok: false, code: 'validation_failed', field };
}

function check(schema: z.ZodType, fields: Record<string, unknown>): Validation {
  const r = schema.safeParse(fields);
  return r.success ? OK : failed(r.error);
}

/**
 * Whether a (wire-valid) mutation fits its record type. `ctx.userId`: the pushing user, to check that a
 * conflict resolution names its real author.
 */
export function validateMutation(m: Mutation, ctx: { userId?: string } = {}): Validation {
  if (m.op === 'skip') return Object.keys(m.fields).length === 0 ? OK : { ok: false, code: 'validation_failed', field: 'fields' };
  if (!isSyncType(m.type)) return { ok: false, code: 'unknown_type' };
  const def = SYNC_TYPES[m.type];
  if (!def.clientOps.includes(m.op)) {
    return def.immutable && m.op !== 'create' ? { ok: false, code: 'immutable_record' } : { ok: false, code: 'validation_failed', field: 'op' };
  }
  switch (m.op) {
    case 'create':
      return check(def.dataSchema, m.fields);
    case 'patch': {
      if (def.patchSchema === null) return { ok: false, code: def.immutable ? 'immutable_record' : 'validation_failed', field: 'op' };
      const r = check(def.patchSchema, m.fields);
      if (r.ok && m.type === 'conflict' && ctx.userId !== undefined && m.fields.resolvedBy !== ctx.userId) {
        return { ok: false, code: 'validation_failed', field: 'resolvedBy' };
      }
      return r;
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
