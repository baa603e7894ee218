/**
 * Per-request authentication (docs/security.md §4: every /sync/* request re-reads user and device status).
 *
 * Invariants:
 * - A request is authenticated only when its JWT verifies AND, read from the database now, the device exists,
 *   belongs to the token's user, is not revoked, its token generation equals the token's `gen`, and the user
 *   is active. So revoking a device or voiding its tokens takes effect on the very next request.
 * - Verified claims, and the request's AuthContext once loaded, are cached per request object only: the
 *   central check (access.ts) loads it before the body is read, and the handler's requireAuth gets the same.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { canAdmin, type Role, type UserStatus } from '../../shared/permissions';
import { bearerToken, verifyAccessToken, type AccessClaims } from './tokens';
import type { User } from '../users';

/** The signed-in user as a request sees it: the user without the account's creation date. */
export type AuthUser = Omit<User, 'createdAt'>;

export interface AuthContext {
  user: AuthUser;
  deviceId: string;
  /** When the access token used for this request expires (epoch ms). */
  tokenExpiresAtMs: number;
}

const claimsCache = new WeakMap<FastifyRequest, Promise<AccessClaims | null>>();
const authCache = new WeakMap<FastifyRequest, AuthContext>();

/** The request's verified claims, or null when it has no usable token (no database access). */
export function peekClaims(ctx: AppContext, request: FastifyRequest): Promise<AccessClaims | null> {
  let cached = claimsCache.get(request);
  if (!cached) {
    const token = bearerToken(request.headers.authorization);
    cached = token === null ? Promise.resolve(null) : verifyAccessToken(ctx.config, token, ctx.now()).catch(() => null);
    claimsCache.set(request, cached);
  }
  return cached;
}

interface DeviceUserRow {
  device_user_id: string;
  revoked_at: Date | null;
  wipe_ordered_at: Date | null;
  token_generation: number;
  last_seen_at: Date;
  id: string;
  username: string;
  display_name: string;
  role: Role;
  status: UserStatus;
  communities: string[] | null;
}

const LAST_SEEN_GRANULARITY_MS = 60_000;

/** 401 `device_revoked`, carrying the wipe order when an administrator gave one (docs/sync-protocol.md §4). */
export function revokedError(wipeOrderedAt: Date | null): ApiError {
  if (wipeOrderedAt === null) return new ApiError('device_revoked', 'this device was revoked by an administrator');
  return new ApiError('device_revoked', 'this device was revoked by an administrator, who ordered its local data erased', {
    wipe: { orderedAt: wipeOrderedAt.toISOString() },
  });
}

/** Re-reads device and user; throws the 401/403 the client acts on. Usable inside a transaction. */
export async function loadAuth(db: Db, claims: AccessClaims, nowMs: number): Promise<AuthContext> {
  const row = (await db.query<DeviceUserRow>(
    `SELECT d.user_id AS device_user_id, d.revoked_at, d.wipe_ordered_at, d.token_generation, d.last_seen_at,
            u.id, u.username, u.display_name, u.role, u.status,
            COALESCE((SELECT array_agg(uc.community_id ORDER BY uc.community_id) FROM user_communities uc WHERE uc.user_id = u.id), '{}') AS communities
     FROM devices d JOIN users u ON u.id = d.user_id
     WHERE d.id = $1`,
    [claims.deviceId],
  )).rows[0];
  if (!row || row.device_user_id !== claims.userId) throw new ApiError('device_revoked', 'this device is not registered; sign in again');
  if (row.revoked_at !== null) throw revokedError(row.wipe_ordered_at);
  if (row.token_generation !== claims.generation) throw new ApiError('auth_expired', 'access token was voided; refresh it');
  if (row.status !== 'active') throw new ApiError('device_revoked', 'this account is disabled');
  if (nowMs - row.last_seen_at.getTime() > LAST_SEEN_GRANULARITY_MS) {
    await db.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [claims.deviceId, new Date(nowMs).toISOString()]);
  }
  return {
    deviceId: claims.deviceId,
    tokenExpiresAtMs: claims.expiresAtMs ?? nowMs,
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      status: row.status,
      communities: row.communities ?? [],
    },
  };
}

export async function requireAuth(ctx: AppContext, request: FastifyRequest): Promise<AuthContext> {
  const known = authCache.get(request);
  if (known) return known;
  const token = bearerToken(request.headers.authorization);
  if (token === null) throw new ApiError('auth_expired', 'sign in first: missing bearer token');
  const claims = await verifyAccessToken(ctx.config, token, ctx.now());
  claimsCache.set(request, Promise.resolve(claims));
  const auth = await loadAuth(ctx.db, claims, ctx.now());
  authCache.set(request, auth);
  return auth;
}

export async function requireAdmin(ctx: AppContext, request: FastifyRequest): Promise<AuthContext> {
  const auth = await requireAuth(ctx, request);
  if (!canAdmin(auth.user)) throw new ApiError('forbidden', 'administrators only');
  return auth;
}
