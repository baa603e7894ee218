/**
 * Buckets and authorisation (SYNC.md §2 "Scope", SECURITY.md §4): the one pure function that says who may
 * read or write what. The server calls it for every pulled bucket and every pushed mutation; the client uses
 * it only to hide actions the server would refuse.
 *
 * Invariants:
 * - Every synced row lives in exactly one bucket: `c:<communityId>` for a resident and everything attached
 *   to it, `m:main` for municipality-wide rows (conflicts). `u:<userId>` is reserved for a user's own rows
 *   (rounds, next issue): no record type uses it yet, so no scope includes it.
 * - A caregiver reads and writes only the `c:` buckets of the communities assigned to them; a care manager
 *   and an admin read every `c:` bucket and `m:main`.
 * - Conflicts are written (resolved) only by care managers; the server creates them. Admin endpoints are
 *   for admins only. A disabled user may do nothing.
 * - Anything not explicitly allowed is refused (default deny), including malformed bucket names.
 */
import { UUID_RE } from './formats';

export const ROLES = ['caregiver', 'care_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** One server serves one municipality; its id is fixed. */
export const MUNICIPALITY_ID = 'main';
export const MUNICIPALITY_BUCKET = 'm:main';

/** Community ids are short codes such as `c-01`; kept to a URL- and JSON-safe alphabet. */
export const COMMUNITY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const BUCKET_RE = /^(?:c:[A-Za-z0-9_-]{1,64}|m:[a-z0-9_-]{1,32}|u:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

export type Bucket = string;

export function bucketForCommunity(communityId: string): Bucket {
  if (!COMMUNITY_ID_RE.test(communityId)) throw new RangeError(`invalid community id: ${communityId}`);
  return `c:${communityId}`;
}

export function bucketForUser(userId: string): Bucket {
  if (!UUID_RE.test(userId)) throw new RangeError(`invalid user id: ${userId}`);
  return `u:${userId}`;
}

export type ParsedBucket = { kind: 'community'; communityId: string } | { kind: 'municipality'; municipalityId: string } | { kind: 'user'; userId: string };

export function parseBucket(bucket: string): ParsedBucket | null {
  if (!BUCKET_RE.test(bucket)) return null;
  const rest = bucket.slice(2);
  if (bucket.startsWith('c:')) return { kind: 'community', communityId: rest };
  if (bucket.startsWith('m:')) return { kind: 'municipality', municipalityId: rest };
  return { kind: 'user', userId: rest };
}

export interface ScopeUser {
  role: Role;
  communities: readonly string[];
  /** Absent = active. */
  status?: UserStatus;
}

export interface Scope {
  /** True: every bucket of the municipality (care manager, admin). */
  all: boolean;
  /** The explicit buckets when `all` is false (sorted, unique); empty when `all` is true. */
  buckets: Bucket[];
}

const NOTHING: Scope = { all: false, buckets: [] };

export function scopeOf(user: ScopeUser): Scope {
  if (user.status === 'disabled') return NOTHING;
  switch (user.role) {
    case 'care_manager':
    case 'admin':
      return { all: true, buckets: [] };
    case 'caregiver': {
      const buckets = new Set<Bucket>();
      for (const c of user.communities) if (COMMUNITY_ID_RE.test(c)) buckets.add(bucketForCommunity(c));
      return { all: false, buckets: [...buckets].sort() };
    }
    default:
      return NOTHING; // a role from a newer server: default deny
  }
}

/**
 * The explicit bucket list a pull covers (the cursor stores it, to notice added and lost buckets): the
 * scope's buckets, or for an all-scope user the municipality bucket plus one per existing community.
 */
export function bucketsForUser(user: ScopeUser, allCommunityIds: readonly string[]): Bucket[] {
  const scope = scopeOf(user);
  if (!scope.all) return scope.buckets;
  const buckets = new Set<Bucket>([MUNICIPALITY_BUCKET]);
  for (const c of allCommunityIds) if (COMMUNITY_ID_RE.test(c)) buckets.add(bucketForCommunity(c));
  return [...buckets].sort();
}

export type Action =
  | { kind: 'read'; bucket: Bucket }
  | { kind: 'write'; bucket: Bucket; recordType: string }
  | { kind: 'admin' };

export type Decision = { ok: true } | { ok: false; code: 'scope_denied' | 'forbidden' };

const ALLOW: Decision = { ok: true };
const SCOPE_DENIED: Decision = { ok: false, code: 'scope_denied' };
const FORBIDDEN: Decision = { ok: false, code: 'forbidden' };

/** Record types each role may write (inside its readable buckets). */
const WRITABLE_TYPES: Record<Role, ReadonlySet<string>> = {
  caregiver: new Set(['resident', 'adl_assessment', 'visit', 'visit_amendment', 'care_plan']),
  care_manager: new Set(['resident', 'adl_assessment', 'visit', 'visit_amendment', 'care_plan', 'alert_ack', 'conflict']),
  admin: new Set(['resident', 'adl_assessment']),
};

/** The single authorisation decision (SECURITY.md §4). `forbidden`: the role may never; `scope_denied`: not this bucket. */
export function authorize(user: ScopeUser, action: Action): Decision {
  if (user.status === 'disabled') return FORBIDDEN;
  if (!(ROLES as readonly string[]).includes(user.role)) return FORBIDDEN;
  switch (action.kind) {
    case 'admin':
      return user.role === 'admin' ? ALLOW : FORBIDDEN;
    case 'read':
      return readable(user, action.bucket) ? ALLOW : SCOPE_DENIED;
    case 'write': {
      if (!WRITABLE_TYPES[user.role].has(action.recordType)) return FORBIDDEN;
      if (!readable(user, action.bucket)) return SCOPE_DENIED;
      // Conflicts live only in the municipality bucket; resident data never does.
      const parsed = parseBucket(action.bucket);
      if (action.recordType === 'conflict' ? parsed?.kind !== 'municipality' : parsed?.kind === 'municipality') return SCOPE_DENIED;
      return ALLOW;
    }
    default:
      return FORBIDDEN;
  }
}

function readable(user: ScopeUser, bucket: Bucket): boolean {
  const parsed = parseBucket(bucket);
  if (parsed === null) return false;
  const scope = scopeOf(user);
  if (scope.all) return parsed.kind === 'community' || (parsed.kind === 'municipality' && parsed.municipalityId === MUNICIPALITY_ID);
  return scope.buckets.includes(bucket);
}

export function canRead(user: ScopeUser, bucket: Bucket): boolean {
  return authorize(user, { kind: 'read', bucket }).ok;
}

export function canWrite(user: ScopeUser, bucket: Bucket, recordType: string): boolean {
  return authorize(user, { kind: 'write', bucket, recordType }).ok;
}

export function canResolveConflicts(user: ScopeUser): boolean {
  return canWrite(user, MUNICIPALITY_BUCKET, 'conflict');
}

export function canAdmin(user: ScopeUser): boolean {
  return authorize(user, { kind: 'admin' }).ok;
}
