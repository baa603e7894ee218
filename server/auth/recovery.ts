/**
 * POST /auth/recovery-key: the recovery key of the calling device and its user (docs/security.md §3 "Recovery
 * after a block", docs/sync-protocol.md §4 "Recovery key"). The device keeps its data key wrapped under this key,
 * so that after an administrator reset the password it can still open its data; the server holds the key and
 * never the wrapped data key.
 *
 * Invariants:
 * - The key is 32 random bytes, made at the first request for the pair and then always the same (idempotent;
 *   two first requests at once make one key: the insert does nothing on a conflict and the stored row is read).
 * - It is answered only to an access token of that same device and user (the body names the device, and a
 *   device row belongs to one user), and only to a token made by a password sign-in (`amr`): a token from a
 *   refresh is 403 `forbidden`, so a stolen device whose session is still live cannot read it without the
 *   password. The device's revocation deletes it (server/users.ts revokeDevice).
 * - The fetch is audited (`recovery.key`) without the key; the key is never logged.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../audit';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { AUTH_BODY_LIMIT } from '../limits';
import { RecoveryKeyRequest, type RecoveryKeyResponse } from '../../shared/sync/protocol';
import { parseBody } from '../validation';
import { peekClaims, requireAuth } from './guard';

const KEY_BYTES = 32;

export function registerRecoveryKeyRoute(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx;
  app.post('/auth/recovery-key', { bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const claims = await peekClaims(ctx, request);
    const body = parseBody(RecoveryKeyRequest, request.body);
    if (body.deviceId !== auth.deviceId) throw new ApiError('forbidden', 'the recovery key is given only to the device it belongs to');
    if (claims?.password !== true) throw new ApiError('forbidden', 'the recovery key is given only right after a sign-in with the password');
    const now = ctx.now();
    const key = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO recovery_keys (device_id, user_id, key_b64, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO NOTHING', [
        auth.deviceId,
        auth.user.id,
        randomBytes(KEY_BYTES).toString('base64'),
        new Date(now).toISOString(),
      ]);
      const row = (await tx.query<{ key_b64: string }>('SELECT key_b64 FROM recovery_keys WHERE device_id = $1 AND user_id = $2', [auth.deviceId, auth.user.id])).rows[0];
      await appendAudit(tx, { userId: auth.user.id, deviceId: auth.deviceId, action: 'recovery.key', recordType: 'device', recordId: auth.deviceId, outcome: 'success', requestId: request.id }, now);
      return row?.key_b64;
    });
    // A row of another user under this device id cannot exist (a device belongs to one user); refuse rather than guess.
    if (key === undefined) throw new ApiError('forbidden', 'no recovery key for this device and user');
    return reply.send({ deviceId: auth.deviceId, key } satisfies RecoveryKeyResponse);
  });
}
