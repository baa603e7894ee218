/**
 * POST /auth/login, POST /auth/refresh, POST /auth/logout, POST /auth/wiped, GET /auth/me.
 *
 * Invariants:
 * - Unknown user, wrong password and disabled account give the same 401 `invalid_credentials` after the same
 *   work (one argon2 verify).
 * - Login binds a device: the caller's deviceId is reused only when it is this user's and not revoked;
 *   otherwise a new device is registered. A login starts a new refresh-token family for the device.
 * - Refresh rotates: the presented token is marked used and a new one issued, in one transaction. A used
 *   token presented again (replay: it was stolen, or a copy survives somewhere) voids every token of the
 *   device, including the newest refresh token and live access tokens (token_generation + 1).
 * - Except a lost reply: the same used token presented again within REFRESH_RETRY_GRACE_MS of its use,
 *   while nothing issued since has been used, is the client retrying a refresh whose answer never arrived.
 *   The unused successor is revoked and a new one issued (audited as auth.refresh_retry), so a dropped
 *   connection does not sign a caregiver out in the field.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit } from '../audit';
import type { AppContext } from '../context';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { AUTH_BODY_LIMIT } from '../limits';
import { LoginRequest, LogoutRequest, RefreshRequest, WipedRequest, type LoginResponse, type RefreshResponse } from '../../shared/sync/protocol';
import { findUserById, findUserByUsername, sessionUser } from '../users';
import { parseBody } from '../validation';
import { requireAuth, revokedError } from './guard';
import { verifyPassword } from './passwords';
import { newRefreshToken, signAccessToken, hashRefreshToken } from './tokens';


/** How long after a rotation the old token may be presented again as a retry (see the header). */
export const REFRESH_RETRY_GRACE_MS = 30_000;

function loginRateKey(request: FastifyRequest): string {
  const body = request.body as { username?: unknown } | null | undefined;
  const username = typeof body === 'object' && body !== null && typeof body.username === 'string' ? body.username.trim().toLowerCase().slice(0, 128) : '';
  return `login|${request.ip}|${username}`;
}

async function issueRefreshToken(tx: Db, deviceId: string, nowIso: string): Promise<string> {
  const { token, hash } = newRefreshToken();
  await tx.query('INSERT INTO refresh_tokens (id, device_id, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
    randomUUID(),
    deviceId,
    hash,
    nowIso,
  ]);
  return token;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db, config } = ctx;

  app.post(
    '/auth/login',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      config: {
        rateLimit: { max: config.rateLimit.loginPerMinute, timeWindow: 60_000, hook: 'preHandler', keyGenerator: loginRateKey },
      },
    },
    async (request, reply) => {
      const body = parseBody(LoginRequest, request.body);
      const user = await findUserByUsername(db, body.username.trim());
      const passwordOk = await verifyPassword(user?.passwordHash ?? null, body.password);
      const now = ctx.now();
      if (!user || !passwordOk || user.status !== 'active') {
        await appendAudit(db, { userId: user?.id ?? null, action: 'auth.login', outcome: 'failure', requestId: request.id }, now);
        throw new ApiError('invalid_credentials', 'wrong username or password');
      }
      const nowIso = new Date(now).toISOString();
      const result = await db.transaction(async (tx) => {
        let device = body.deviceId
          ? (await tx.query<{ id: string; token_generation: number }>(
              'SELECT id, token_generation FROM devices WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL FOR UPDATE',
              [body.deviceId, user.id],
            )).rows[0]
          : undefined;
        const enrolled = device === undefined;
        if (device) {
          await tx.query('UPDATE devices SET name = $2, last_seen_at = $3 WHERE id = $1', [device.id, body.deviceName, nowIso]);
          // A fresh sign-in supersedes the device's earlier refresh tokens.
          await tx.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL AND used_at IS NULL', [
            device.id,
            nowIso,
          ]);
        } else {
          device = { id: randomUUID(), token_generation: 0 };
          await tx.query('INSERT INTO devices (id, user_id, name, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [
            device.id,
            user.id,
            body.deviceName,
            nowIso,
          ]);
        }
        const refreshToken = await issueRefreshToken(tx, device.id, nowIso);
        await appendAudit(tx, { userId: user.id, deviceId: device.id, action: 'auth.login', outcome: 'success', requestId: request.id }, now);
        if (enrolled) {
          await appendAudit(tx, { userId: user.id, deviceId: device.id, action: 'device.enrol', recordType: 'device', recordId: device.id, outcome: 'success', requestId: request.id }, now);
        }
        return { device, refreshToken };
      });
      const accessToken = await signAccessToken(config, { userId: user.id, deviceId: result.device.id, generation: result.device.token_generation }, now);
      const response: LoginResponse = {
        accessToken,
        expiresIn: config.accessTtlSec,
        refreshToken: result.refreshToken,
        device: { id: result.device.id },
        user: sessionUser(user),
        serverTime: new Date(now).toISOString(),
      };
      return reply.send(response);
    },
  );

  app.post('/auth/refresh', { bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const body = parseBody(RefreshRequest, request.body);
    const now = ctx.now();
    const nowIso = new Date(now).toISOString();
    const hash = hashRefreshToken(body.refreshToken);

    type Outcome =
      | { kind: 'ok'; accessGeneration: number; userId: string; refreshToken: string }
      | { kind: 'refused'; error: ApiError };

    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      const row = (await tx.query<{
        id: string;
        device_id: string;
        created_at: Date;
        used_at: Date | null;
        revoked_at: Date | null;
        user_id: string;
        device_revoked_at: Date | null;
        wipe_ordered_at: Date | null;
        token_generation: number;
        user_status: string;
      }>(
        `SELECT rt.id, rt.device_id, rt.created_at, rt.used_at, rt.revoked_at,
                d.user_id, d.revoked_at AS device_revoked_at, d.wipe_ordered_at, d.token_generation, u.status AS user_status
         FROM refresh_tokens rt JOIN devices d ON d.id = rt.device_id JOIN users u ON u.id = d.user_id
         WHERE rt.token_hash = $1
         FOR UPDATE OF rt, d`,
        [hash],
      )).rows[0];
      const refused = (code: 'invalid_credentials' | 'device_revoked', message: string): Outcome => ({
        kind: 'refused',
        error: new ApiError(code, message),
      });
      if (!row || row.device_id !== body.deviceId) {
        await appendAudit(tx, { deviceId: body.deviceId, action: 'auth.refresh', outcome: 'failure', requestId: request.id }, now);
        return refused('invalid_credentials', 'refresh token not recognised; sign in again');
      }
      if (row.device_revoked_at !== null) return { kind: 'refused', error: revokedError(row.wipe_ordered_at) };
      if (row.used_at !== null && row.revoked_at === null && now - row.used_at.getTime() <= REFRESH_RETRY_GRACE_MS) {
        const laterUse = await tx.query('SELECT 1 FROM refresh_tokens WHERE device_id = $1 AND used_at >= $2 AND id <> $3 LIMIT 1', [row.device_id, row.used_at, row.id]);
        if (laterUse.rows.length === 0 && row.device_revoked_at === null && row.user_status === 'active') {
          // The successor(s) issued by that rotation were never used: the reply was lost. Replace them.
          await tx.query('UPDATE refresh_tokens SET revoked_at = $3 WHERE device_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND created_at >= $2', [
            row.device_id,
            row.used_at,
            nowIso,
          ]);
          await appendAudit(tx, { userId: row.user_id, deviceId: row.device_id, action: 'auth.refresh_retry', outcome: 'success', requestId: request.id }, now);
          const refreshToken = await issueRefreshToken(tx, row.device_id, nowIso);
          return { kind: 'ok', accessGeneration: row.token_generation, userId: row.user_id, refreshToken };
        }
      }
      if (row.used_at !== null) {
        // Replay: void everything this device holds, the newest refresh token and live access tokens included.
        await tx.query('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE device_id = $1', [row.device_id, nowIso]);
        await tx.query('UPDATE devices SET token_generation = token_generation + 1 WHERE id = $1', [row.device_id]);
        await appendAudit(tx, { userId: row.user_id, deviceId: row.device_id, action: 'auth.refresh_replay', outcome: 'denied', requestId: request.id }, now);
        return refused('invalid_credentials', 'refresh token was already used; all of this device’s sessions were ended, sign in again');
      }
      if (row.revoked_at !== null) return refused('invalid_credentials', 'refresh token was revoked; sign in again');
      if (row.user_status !== 'active') return refused('invalid_credentials', 'this account is disabled');
      if (now - row.created_at.getTime() > config.refreshTtlSec * 1000) return refused('invalid_credentials', 'session expired; sign in again');

      await tx.query('UPDATE refresh_tokens SET used_at = $2 WHERE id = $1', [row.id, nowIso]);
      await tx.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [row.device_id, nowIso]);
      const refreshToken = await issueRefreshToken(tx, row.device_id, nowIso);
      return { kind: 'ok', accessGeneration: row.token_generation, userId: row.user_id, refreshToken };
    });

    if (outcome.kind === 'refused') throw outcome.error;
    const user = await findUserById(db, outcome.userId);
    if (!user) throw new ApiError('invalid_credentials', 'account not found; sign in again');
    const accessToken = await signAccessToken(config, { userId: outcome.userId, deviceId: body.deviceId, generation: outcome.accessGeneration }, now);
    const response: RefreshResponse = {
      accessToken,
      expiresIn: config.accessTtlSec,
      refreshToken: outcome.refreshToken,
      user: sessionUser(user),
      serverTime: new Date(now).toISOString(),
    };
    return reply.send(response);
  });

  // Ends the device's session: every refresh token of the device is revoked and live access tokens voided.
  // Answers 204 whatever was sent (idempotent; reveals nothing about tokens).
  app.post('/auth/logout', { bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const body = parseBody(LogoutRequest, request.body);
    const now = ctx.now();
    await db.transaction(async (tx) => {
      const row = (await tx.query<{ device_id: string; user_id: string }>(
        `SELECT rt.device_id, d.user_id FROM refresh_tokens rt JOIN devices d ON d.id = rt.device_id
         WHERE rt.token_hash = $1 AND rt.used_at IS NULL AND rt.revoked_at IS NULL FOR UPDATE OF rt, d`,
        [hashRefreshToken(body.refreshToken)],
      )).rows[0];
      if (!row || row.device_id !== body.deviceId) return;
      const nowIso = new Date(now).toISOString();
      await tx.query('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE device_id = $1', [row.device_id, nowIso]);
      await tx.query('UPDATE devices SET token_generation = token_generation + 1 WHERE id = $1', [row.device_id]);
      await appendAudit(tx, { userId: row.user_id, deviceId: row.device_id, action: 'auth.logout', outcome: 'success', requestId: request.id }, now);
    });
    return reply.status(204).send();
  });

  // A device that obeyed a wipe order confirms it (docs/sync-protocol.md §4, "Revocation"). Public: a revoked
  // device has no access token; it names itself with the last refresh token it held (revoked or used, it was
  // this device's). Records the first confirmation of a device that had a wipe order; 204 whatever was sent.
  app.post('/auth/wiped', { bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const body = parseBody(WipedRequest, request.body);
    const now = ctx.now();
    await db.transaction(async (tx) => {
      const row = (await tx.query<{ device_id: string; user_id: string }>(
        `SELECT rt.device_id, d.user_id FROM refresh_tokens rt JOIN devices d ON d.id = rt.device_id
         WHERE rt.token_hash = $1 AND d.id = $2 AND d.wipe_ordered_at IS NOT NULL AND d.wiped_at IS NULL FOR UPDATE OF d`,
        [hashRefreshToken(body.refreshToken), body.deviceId],
      )).rows[0];
      if (!row) return;
      await tx.query('UPDATE devices SET wiped_at = $2 WHERE id = $1', [row.device_id, new Date(now).toISOString()]);
      await appendAudit(tx, { userId: row.user_id, deviceId: row.device_id, action: 'device.wiped', recordType: 'device', recordId: row.device_id, outcome: 'success', requestId: request.id }, now);
    });
    return reply.status(204).send();
  });

  app.get('/auth/me', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    return reply.send({ user: sessionUser(auth.user), device: { id: auth.deviceId }, serverTime: new Date(ctx.now()).toISOString() });
  });
}
