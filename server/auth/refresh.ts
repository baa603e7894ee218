/**
 * POST /auth/refresh: rotation of a device-bound refresh token (docs/security.md §4, docs/sync-protocol.md §4).
 *
 * Invariants, in the order they are checked:
 * - The token must be known and belong to the named device, and the device must be live and hold a key.
 * - The proof must verify with that device's key, for this token, with a fresh `iat`. A bad proof (another
 *   key: a token copied off a disk) is refused with `proof_invalid` or `proof_stale`, audited, and changes
 *   nothing: a thief without the key cannot end the rightful device's session.
 * - An unused token rotates: marked used with the proof's jti and hash, a new token issued, and the new pair
 *   sealed in the used row's retry box (./deviceProof.ts), all in one transaction.
 * - The same proof again (a lost answer resent) within REFRESH_RETRY_GRACE_MS, while the successor is
 *   unused, gets the same pair back from the box: nothing new is minted.
 * - The same jti with another proof is refused (`proof_reused`), nothing revoked.
 * - A used token with a new, valid proof is a replay by the device's own key: every token of the device is
 *   voided (refresh tokens revoked, token generation + 1), as before keys existed.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../audit';
import type { AppContext } from '../context';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { AUTH_BODY_LIMIT } from '../limits';
import { RefreshRequest, type RefreshResponse } from '../../shared/sync/protocol';
import { findUserById, sessionUser } from '../users';
import { parseBody } from '../validation';
import { revokedError } from './guard';
import { checkRefreshProof, openRetryPair, sealRetryPair, type RetryPair } from './deviceProof';
import { hashRefreshToken, newRefreshToken, signAccessToken } from './tokens';

/** How long after a rotation the same signed request may come again as a retry of a lost answer. */
export const REFRESH_RETRY_GRACE_MS = 30_000;

type RefusalCode = 'invalid_credentials' | 'device_revoked' | 'proof_invalid' | 'proof_stale' | 'proof_reused';
type Outcome = { kind: 'ok'; userId: string; pair: RetryPair } | { kind: 'refused'; error: ApiError };

interface TokenRow {
  id: string;
  device_id: string;
  created_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  used_proof_jti: string | null;
  used_proof_hash: string | null;
  retry_box: string | null;
  user_id: string;
  device_revoked_at: Date | null;
  wipe_ordered_at: Date | null;
  token_generation: number;
  public_key_jwk: string | null;
  user_status: string;
}

export async function issueRefreshToken(tx: Db, deviceId: string, nowIso: string): Promise<string> {
  const { token, hash } = newRefreshToken();
  await tx.query('INSERT INTO refresh_tokens (id, device_id, token_hash, created_at) VALUES ($1, $2, $3, $4)', [randomUUID(), deviceId, hash, nowIso]);
  return token;
}

/** Voids every token the device holds: refresh tokens revoked, retry boxes dropped, live access tokens stale. */
export async function voidDeviceTokens(tx: Db, deviceId: string, nowIso: string): Promise<void> {
  await tx.query('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2), retry_box = NULL WHERE device_id = $1', [deviceId, nowIso]);
  await tx.query('UPDATE devices SET token_generation = token_generation + 1 WHERE id = $1', [deviceId]);
}

export function registerRefreshRoute(app: FastifyInstance, ctx: AppContext): void {
  const { db, config } = ctx;

  app.post('/auth/refresh', { bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const body = parseBody(RefreshRequest, request.body);
    const now = ctx.now();
    const nowIso = new Date(now).toISOString();
    const tokenHash = hashRefreshToken(body.refreshToken);
    const refused = (code: RefusalCode, message: string): Outcome => ({ kind: 'refused', error: new ApiError(code, message) });

    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      const row = (await tx.query<TokenRow>(
        `SELECT rt.id, rt.device_id, rt.created_at, rt.used_at, rt.revoked_at, rt.used_proof_jti, rt.used_proof_hash, rt.retry_box,
                d.user_id, d.revoked_at AS device_revoked_at, d.wipe_ordered_at, d.token_generation, d.public_key_jwk, u.status AS user_status
         FROM refresh_tokens rt JOIN devices d ON d.id = rt.device_id JOIN users u ON u.id = d.user_id
         WHERE rt.token_hash = $1
         FOR UPDATE OF rt, d`,
        [tokenHash],
      )).rows[0];
      const audit = (action: string, outcome: 'success' | 'failure' | 'denied') =>
        appendAudit(tx, { userId: row?.user_id ?? null, deviceId: row?.device_id ?? body.deviceId, action, outcome, requestId: request.id }, now);
      if (!row || row.device_id !== body.deviceId) {
        await audit('auth.refresh', 'failure');
        return refused('invalid_credentials', 'refresh token not recognised; sign in again');
      }
      if (row.device_revoked_at !== null) return { kind: 'refused', error: revokedError(row.wipe_ordered_at) };
      if (row.public_key_jwk === null) return refused('invalid_credentials', 'this session has no device key; sign in again');

      const proof = await checkRefreshProof(body.proof, row.public_key_jwk, { refreshTokenHash: tokenHash, nowMs: now });
      if (!proof.ok) {
        await audit('auth.refresh_proof', 'denied');
        return refused(proof.code, proof.code === 'proof_stale' ? 'proof iat outside the allowed window; sign in again' : 'proof not signed by this device’s key');
      }
      const { jti } = proof.claims;

      if (row.used_at !== null) {
        if (row.revoked_at === null && row.used_proof_jti === jti) {
          if (row.used_proof_hash !== proof.proofHash) {
            await audit('auth.refresh_proof', 'denied');
            return refused('proof_reused', 'this proof id was already used with another proof');
          }
          const pair = row.retry_box !== null && now - row.used_at.getTime() <= REFRESH_RETRY_GRACE_MS ? openRetryPair(row.retry_box, jti, body.refreshToken) : null;
          if (pair !== null && row.user_status === 'active') {
            await audit('auth.refresh_retry', 'success');
            return { kind: 'ok', userId: row.user_id, pair };
          }
        }
        await voidDeviceTokens(tx, row.device_id, nowIso);
        await audit('auth.refresh_replay', 'denied');
        return refused('invalid_credentials', 'refresh token was already used; all of this device’s sessions were ended, sign in again');
      }
      if (row.revoked_at !== null) return refused('invalid_credentials', 'refresh token was revoked; sign in again');
      if (row.user_status !== 'active') return refused('invalid_credentials', 'this account is disabled');
      if (now - row.created_at.getTime() > config.refreshTtlSec * 1000) return refused('invalid_credentials', 'session expired; sign in again');

      const refreshToken = await issueRefreshToken(tx, row.device_id, nowIso);
      const accessToken = await signAccessToken(config, { userId: row.user_id, deviceId: row.device_id, generation: row.token_generation }, now);
      const pair: RetryPair = { accessToken, refreshToken, accessExpiresAtMs: now + config.accessTtlSec * 1000 };
      // Earlier boxes of this device are no longer answerable (their successors are now used): drop them.
      await tx.query('UPDATE refresh_tokens SET retry_box = NULL WHERE device_id = $1 AND retry_box IS NOT NULL', [row.device_id]);
      await tx.query('UPDATE refresh_tokens SET used_at = $2, used_proof_jti = $3, used_proof_hash = $4, retry_box = $5 WHERE id = $1', [
        row.id,
        nowIso,
        jti,
        proof.proofHash,
        sealRetryPair(pair, jti, body.refreshToken),
      ]);
      await tx.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [row.device_id, nowIso]);
      return { kind: 'ok', userId: row.user_id, pair };
    });

    if (outcome.kind === 'refused') throw outcome.error;
    const user = await findUserById(db, outcome.userId);
    if (!user) throw new ApiError('invalid_credentials', 'account not found; sign in again');
    const response: RefreshResponse = {
      accessToken: outcome.pair.accessToken,
      expiresIn: Math.min(config.accessTtlSec, Math.max(1, Math.floor((outcome.pair.accessExpiresAtMs - now) / 1000))),
      refreshToken: outcome.pair.refreshToken,
      user: sessionUser(user),
      serverTime: new Date(now).toISOString(),
    };
    return reply.send(response);
  });
}
