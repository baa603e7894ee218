/**
 * Roles and permissions: the one place that says who may do what (docs/security.md "Roles and permissions").
 * The server calls `authorize` for every pulled bucket, pushed mutation, attachment and admin request; the
 * renderer calls the same `can*` functions to decide what to offer, so it never offers what the server
 * would refuse (an action offered by the UI and refused by the server is a bug, and the tests compare them).
 *
 * Invariants:
 * - A role is one of `ROLES`; anything else (a role from a newer server, a hand-edited row) may do nothing.
 * - A disabled user may do nothing.
 * - What a role may write is one table (`POLICY`); every `can*` question is answered from it or from
 *   `authorize`, never by comparing role names at the call site.
 * - Anything not explicitly allowed is refused (default deny), including malformed bucket names.
 */
import { MUNICIPALITY_BUCKET, MUNICIPALITY_ID, coveredBy, ownBucket, parseBucket, scopeOf, workBuckets, type Bucket } from './sync/scope';

export const ROLES = ['caregiver', 'care_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who asks, as far as role-level questions go (the renderer's actor, the server's session user). */
export interface RoleHolder {
  role: Role;
  /** Absent = active. */
  status?: UserStatus;
}

/** Who asks, with the communities that decide bucket-level questions. */
export interface PermissionUser extends RoleHolder {
  communities: readonly string[];
  /** Her id: needed only for her own `u:` bucket. */
  id?: string;
}

/** The synced record types a role may write (inside the buckets it may read), and what else it may do. */
interface RolePolicy {
  writes: ReadonlySet<string>;
  /** Sets `approvedBy` on a care plan (a caregiver drafts and submits but never approves). */
  approvesPlans: boolean;
  /** Uses the admin endpoints (users, devices). */
  administers: boolean;
  /** Plans and publishes the weekly rounds (round visits beyond their outcome). */
  plansRounds: boolean;
  /** Reads the funding reports of the whole device and exports them (docs/domain.md §6). */
  seesReports: boolean;
}

// Every role dismisses the notices addressed to it ('notice': only in its own bucket, see `authorize`).
// A caregiver writes a round visit only to record its outcome (records.ts), in her own work bucket.
const POLICY: Record<Role, RolePolicy> = {
  caregiver: {
    writes: new Set(['resident', 'adl_assessment', 'visit', 'visit_amendment', 'care_plan', 'consent', 'notice', 'round_visit']),
    approvesPlans: false,
    administers: false,
    plansRounds: false,
    seesReports: false,
  },
  care_manager: {
    writes: new Set(['resident', 'adl_assessment', 'visit', 'visit_amendment', 'care_plan', 'consent', 'alert_ack', 'conflict', 'notice', 'availability', 'leave', 'holiday', 'round_visit']),
    approvesPlans: true,
    administers: false,
    plansRounds: true,
    seesReports: true,
  },
  // An administrator manages accounts, the register, staff availability and the holiday calendar; clinical
  // work, rounds and conflict resolution belong to care managers.
  admin: { writes: new Set(['resident', 'adl_assessment', 'notice', 'availability', 'leave', 'holiday']), approvesPlans: false, administers: true, plansRounds: false, seesReports: true },
};

type BucketKind = 'municipality' | 'user' | 'worker' | 'community';

/**
 * The kinds of bucket each record type may live in: conflicts and holidays in the municipality's, notices in
 * their recipient's, a caregiver's availability and leave in her work bucket, a round visit in the
 * municipality's while a draft and in its caregiver's work bucket once published; the rest in a community's.
 */
function bucketKindsOf(recordType: string): readonly BucketKind[] {
  switch (recordType) {
    case 'conflict':
    case 'holiday':
      return ['municipality'];
    case 'notice':
      return ['user'];
    case 'availability':
    case 'leave':
      return ['worker'];
    case 'round_visit':
      return ['municipality', 'worker'];
    default:
      return ['community'];
  }
}

export type Action =
  | { kind: 'read'; bucket: Bucket }
  | { kind: 'write'; bucket: Bucket; recordType: string }
  | { kind: 'approvePlan' }
  | { kind: 'admin' };

export type Decision = { ok: true } | { ok: false; code: 'scope_denied' | 'forbidden' };

const ALLOW: Decision = { ok: true };
const SCOPE_DENIED: Decision = { ok: false, code: 'scope_denied' };
const FORBIDDEN: Decision = { ok: false, code: 'forbidden' };

/** The policy of an active user with a known role, or null (may do nothing). */
function policyOf(user: RoleHolder): RolePolicy | null {
  if (user.status === 'disabled' || !isRole(user.role)) return null;
  return POLICY[user.role];
}

/**
 * The single authorisation decision. `forbidden`: the role may never do this; `scope_denied`: not in this
 * bucket. Read and write actions need the user's communities; the others are role-level.
 */
export function authorize(user: RoleHolder & { id?: string; communities?: readonly string[] }, action: Action): Decision {
  const policy = policyOf(user);
  if (policy === null) return FORBIDDEN;
  switch (action.kind) {
    case 'admin':
      return policy.administers ? ALLOW : FORBIDDEN;
    case 'approvePlan':
      return policy.approvesPlans ? ALLOW : FORBIDDEN;
    case 'read':
      return readable(user, action.bucket) ? ALLOW : SCOPE_DENIED;
    case 'write': {
      if (!policy.writes.has(action.recordType)) return FORBIDDEN;
      if (!readable(user, action.bucket)) return SCOPE_DENIED;
      // Each type only in its kinds of bucket: resident data never in the municipality's, conflicts only there.
      const kind = parseBucket(action.bucket)?.kind;
      if (kind === undefined || kind === 'allWorkers' || !bucketKindsOf(action.recordType).includes(kind)) return SCOPE_DENIED;
      return ALLOW;
    }
    default:
      return FORBIDDEN;
  }
}

function readable(user: RoleHolder & { id?: string; communities?: readonly string[] }, bucket: Bucket): boolean {
  const parsed = parseBucket(bucket);
  if (parsed === null) return false;
  if (parsed.kind === 'user') return ownBucket({ id: user.id, role: user.role, status: user.status, communities: [] }) === bucket;
  const scope = scopeOf({ role: user.role, status: user.status, communities: user.communities ?? [] });
  if (parsed.kind === 'worker' || parsed.kind === 'allWorkers') return coveredBy(workBuckets({ id: user.id, role: user.role, status: user.status, communities: [] }), bucket);
  if (scope.all) return parsed.kind === 'community' || (parsed.kind === 'municipality' && parsed.municipalityId === MUNICIPALITY_ID);
  return scope.buckets.includes(bucket);
}

/** Whether the role may write this record type at all (in some bucket it may read). */
function writesType(user: RoleHolder, recordType: string): boolean {
  return policyOf(user)?.writes.has(recordType) ?? false;
}

export function canRead(user: PermissionUser, bucket: Bucket): boolean {
  return authorize(user, { kind: 'read', bucket }).ok;
}

export function canWrite(user: PermissionUser, bucket: Bucket, recordType: string): boolean {
  return authorize(user, { kind: 'write', bucket, recordType }).ok;
}

/** The conflicts inbox: only who may write a resolution sees it (conflicts live in the municipality bucket). */
export function canResolveConflicts(user: RoleHolder): boolean {
  return authorize({ ...user, communities: [] }, { kind: 'write', bucket: MUNICIPALITY_BUCKET, recordType: 'conflict' }).ok;
}

export function canAdmin(user: RoleHolder): boolean {
  return authorize(user, { kind: 'admin' }).ok;
}

/** Reviews alerts and records acknowledgements. */
export function canAcknowledgeAlerts(user: RoleHolder): boolean {
  return writesType(user, 'alert_ack');
}

/** Drafts, edits and submits care plans. */
export function canDraftPlans(user: RoleHolder): boolean {
  return writesType(user, 'care_plan');
}

/** The week planner: proposes, edits and publishes round visits (records.ts keeps a caregiver to outcomes). */
export function canPlanRounds(user: RoleHolder): boolean {
  return policyOf(user)?.plansRounds ?? false;
}

/** Keeps caregivers' availability and leave and the holiday calendar (the staff page, docs/domain.md §9). */
export function canManageStaff(user: RoleHolder): boolean {
  return writesType(user, 'availability') && writesType(user, 'leave') && writesType(user, 'holiday');
}

/** The funding reports (the Reports page and its exports): care managers and administrators. */
export function canSeeReports(user: RoleHolder): boolean {
  return policyOf(user)?.seesReports ?? false;
}

/** Records and withdraws PDPA consents (caregivers and care managers, docs/domain.md §8). */
export function canRecordConsent(user: RoleHolder): boolean {
  return writesType(user, 'consent');
}

export function canApprovePlans(user: RoleHolder): boolean {
  return authorize(user, { kind: 'approvePlan' }).ok;
}
