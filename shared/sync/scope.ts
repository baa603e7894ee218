/**
 * Buckets and scope (docs/sync-protocol.md §11, docs/security.md §4): which buckets a user reads. Who may write what is
 * decided in shared/permissions.ts (`authorize`), which builds on the scope computed here.
 *
 * Invariants:
 * - Every synced row lives in exactly one bucket: `c:<communityId>` for a resident and everything attached
 *   to it, `m:main` for municipality-wide rows (conflicts, holidays, draft rounds), `u:<userId>` for rows
 *   addressed to one user (notices), `w:<userId>` for one caregiver's work (availability, leave, published
 *   rounds).
 * - A caregiver reads and writes only the `c:` buckets of the communities assigned to them; a care manager
 *   and an admin read every `c:` bucket and `m:main`. Every active user reads her own `u:` bucket and no
 *   one else's, whatever her role. A caregiver reads her own `w:` bucket; care managers and admins read
 *   every `w:` bucket, listed in a pull's buckets as the one pattern `w:*` (ALL_WORKERS), which no row
 *   has, so a municipality's cursor does not grow with its staff.
 * - A disabled user, or a role this build does not know, reads nothing (default deny).
 */
import type { Role, UserStatus } from '../permissions';
import { UUID_RE } from './formats';

/** One server serves one municipality; its id is fixed. */
export const MUNICIPALITY_ID = 'main';
export const MUNICIPALITY_BUCKET = 'm:main';

/** Community ids are short codes such as `c-01`; kept to a URL- and JSON-safe alphabet. */
export const COMMUNITY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const BUCKET_RE = /^(?:c:[A-Za-z0-9_-]{1,64}|m:[a-z0-9_-]{1,32}|[uw]:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|w:\*)$/;

/** The pattern standing for every `w:` bucket in a pull's bucket list (never a row's bucket). */
export const ALL_WORKERS: Bucket = 'w:*';

export type Bucket = string;

export function bucketForCommunity(communityId: string): Bucket {
  if (!COMMUNITY_ID_RE.test(communityId)) throw new RangeError(`invalid community id: ${communityId}`);
  return `c:${communityId}`;
}

export function bucketForUser(userId: string): Bucket {
  if (!UUID_RE.test(userId)) throw new RangeError(`invalid user id: ${userId}`);
  return `u:${userId}`;
}

/** A caregiver's work bucket: her availability, leave and published rounds. */
export function bucketForWorker(userId: string): Bucket {
  if (!UUID_RE.test(userId)) throw new RangeError(`invalid user id: ${userId}`);
  return `w:${userId}`;
}

export type ParsedBucket =
  | { kind: 'community'; communityId: string }
  | { kind: 'municipality'; municipalityId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'worker'; userId: string }
  | { kind: 'allWorkers' };

export function parseBucket(bucket: string): ParsedBucket | null {
  if (!BUCKET_RE.test(bucket)) return null;
  const rest = bucket.slice(2);
  if (bucket === ALL_WORKERS) return { kind: 'allWorkers' };
  if (bucket.startsWith('c:')) return { kind: 'community', communityId: rest };
  if (bucket.startsWith('m:')) return { kind: 'municipality', municipalityId: rest };
  if (bucket.startsWith('w:')) return { kind: 'worker', userId: rest };
  return { kind: 'user', userId: rest };
}

/** Whether a row's bucket is covered by a pull's bucket list (which may hold the ALL_WORKERS pattern). */
export function coveredBy(list: readonly Bucket[], bucket: Bucket): boolean {
  return list.includes(bucket) || (bucket.startsWith('w:') && bucket !== ALL_WORKERS && list.includes(ALL_WORKERS));
}

export interface ScopeUser {
  /** The user's id: her own `u:` bucket. Absent = questions about community and municipality buckets only. */
  id?: string;
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

/** Whether a role reads only the communities assigned to it (a caregiver) rather than every community. */
export function scopedToCommunities(role: Role): boolean {
  return role === 'caregiver';
}

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
 * The communities of `all` a user works in, in their order: every one for a care manager or an admin, her
 * own for a caregiver (what her device holds: filters and pickers offer no other), none for a disabled user
 * or an unknown role.
 */
export function communitiesOf<C extends { id: string }>(user: ScopeUser, all: readonly C[]): C[] {
  const scope = scopeOf(user);
  if (scope.all) return [...all];
  const mine = new Set(scope.buckets);
  return all.filter((c) => COMMUNITY_ID_RE.test(c.id) && mine.has(bucketForCommunity(c.id)));
}

/** The user's own bucket, or null (no id, disabled, or a role this build does not know). */
export function ownBucket(user: ScopeUser): Bucket | null {
  if (user.id === undefined || !UUID_RE.test(user.id) || user.status === 'disabled') return null;
  return user.role === 'caregiver' || user.role === 'care_manager' || user.role === 'admin' ? bucketForUser(user.id) : null;
}

/** The work buckets a user reads: her own (a caregiver), every one (ALL_WORKERS: care managers, admins), or none. */
export function workBuckets(user: ScopeUser): Bucket[] {
  if (ownBucket(user) === null) return [];
  if (scopeOf(user).all) return [ALL_WORKERS];
  return user.role === 'caregiver' && user.id !== undefined ? [bucketForWorker(user.id)] : [];
}

/**
 * The explicit bucket list a pull covers (the cursor stores it, to notice added and lost buckets): the
 * scope's buckets, or for an all-scope user the municipality bucket plus one per existing community; and
 * the user's own bucket and her work buckets (workBuckets).
 */
export function bucketsForUser(user: ScopeUser, allCommunityIds: readonly string[]): Bucket[] {
  const scope = scopeOf(user);
  const own = ownBucket(user);
  const buckets = new Set<Bucket>(scope.all ? [MUNICIPALITY_BUCKET] : scope.buckets);
  if (scope.all) for (const c of allCommunityIds) if (COMMUNITY_ID_RE.test(c)) buckets.add(bucketForCommunity(c));
  if (own !== null) buckets.add(own);
  for (const w of workBuckets(user)) buckets.add(w);
  return [...buckets].sort();
}
