/**
 * POST /auth/login, POST /auth/logout, POST /auth/wiped, GET /auth/me; POST /auth/refresh is in ./refresh.ts,
 * POST /auth/recovery-key in ./recovery.ts.
 *
 * Invariants:
 * - Unknown user, wrong password and disabled account give the same 401 `invalid_credentials` after the same
 *   work (one argon2 verify).
 * - Login binds a device: the caller's deviceId is reused only when it is this user's and not revoked;
 *   otherwise a new device is registered. A login starts a new refresh-token family for the device.
 * - Login binds a device key when the client sends one (its public half, stored per device, replacing the
 *   previous one): only then does the answer carry a refresh token, and every refresh must be signed by that
 *   key (./refresh.ts). A login without a key gets an access token only.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit } from '../audit';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { AUTH_BODY_LIMIT } from '../limits';
import { LoginRequest, LogoutRequest, WipedRequest, type LoginResponse } from '../../shared/sync/protocol';
import { findUserByUsername, sessionUser } from '../users';
import { parseBody } from '../validation';
import { requireAuth } from './guard';
import { verifyPassword } from './passwords';
import { registerRecoveryKeyRoute } from './recovery';
import { issueRefreshToken, registerRefreshRoute, voidDeviceTokens } from './refresh';
import { signAccessToken, hashRefreshToken } from './tokens';

function loginRateKey(request: FastifyRequest): string {
  const body = request.body as { username?: unknown } | null | undefined;
  const username = typeof body === 'object' && body !== null && typeof body.username === 'string' ? body.username.trim().toLowerCase().slice(0, 128) : '';
  return `login|${request.ip}|${username}`;
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
      // Only the four members the schema allows are stored, in a fixed order.
      const publicKey = body.deviceKey ? JSON.stringify({ kty: body.deviceKey.kty, crv: body.deviceKey.crv, x: body.deviceKey.x, y: body.deviceKey.y }) : null;
      const result = await db.transaction(async (tx) => {
        let device = body.deviceId
          ? (await tx.query<{ id: string; token_generation: number }>(
              'SELECT id, token_generation FROM devices WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL FOR UPDATE',
              [body.deviceId, user.id],
            )).rows[0]
          : undefined;
        const enrolled = device === undefined;
        if (device) {
          await tx.query('UPDATE devices SET name = $2, last_seen_at = $3, public_key_jwk = $4 WHERE id = $1', [device.id, body.deviceName, nowIso, publicKey]);
          // A fresh sign-in supersedes the device's earlier refresh tokens (and what a resend could still open).
          await tx.query('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2), retry_box = NULL WHERE device_id = $1 AND (revoked_at IS NULL OR retry_box IS NOT NULL)', [
            device.id,
            nowIso,
          ]);
        } else {
          device = { id: randomUUID(), token_generation: 0 };
          await tx.query('INSERT INTO devices (id, user_id, name, created_at, last_seen_at, public_key_jwk) VALUES ($1, $2, $3, $4, $4, $5)', [
            device.id,
            user.id,
            body.deviceName,
            nowIso,
            publicKey,
          ]);
        }
        const refreshToken = publicKey === null ? undefined : await issueRefreshToken(tx, device.id, nowIso);
        await appendAudit(tx, { userId: user.id, deviceId: device.id, action: 'auth.login', outcome: 'success', requestId: request.id }, now);
        if (enrolled) {
          await appendAudit(tx, { userId: user.id, deviceId: device.id, action: 'device.enrol', recordType: 'device', recordId: device.id, outcome: 'success', requestId: request.id }, now);
        }
        return { device, refreshToken };
      });
      const accessToken = await signAccessToken(config, { userId: user.id, deviceId: result.device.id, generation: result.device.token_generation, password: true }, now);
      const response: LoginResponse = {
        accessToken,
        expiresIn: config.accessTtlSec,
        ...(result.refreshToken === undefined ? {} : { refreshToken: result.refreshToken }),
        device: { id: result.device.id },
        user: sessionUser(user),
        serverTime: new Date(now).toISOString(),
      };
      return reply.send(response);
    },
  );

  registerRefreshRoute(app, ctx);

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
      await voidDeviceTokens(tx, row.device_id, nowIso);
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

  registerRecoveryKeyRoute(app, ctx);

  app.get('/auth/me', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    return reply.send({ user: sessionUser(auth.user), device: { id: auth.deviceId }, serverTime: new Date(ctx.now()).toISOString() });
  });
}
