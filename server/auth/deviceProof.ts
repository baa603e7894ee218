/**
 * Server side of device-bound refresh (docs/security.md §4, docs/sync-protocol.md §4).
 *
 * Invariants:
 * - A proof verifies only as ES256 by the device's stored P-256 key (the algorithm is pinned; the header is
 *   exactly { alg, typ }), with `htm` POST, `htu` naming /auth/refresh (any host: see htuMatches), `rth`
 *   the hash of the token presented, and `iat` inside the window of shared/sync/deviceProof.ts.
 * - The retry box holds the pair one rotation issued, sealed with AES-256-GCM under a key derived (HKDF) from
 *   the proof's jti and the presented refresh token. The server keeps that token only hashed, so the box
 *   opens only when the same token and proof come back; the database alone never yields a usable token.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import * as z from 'zod/mini';
import {
  DevicePublicKey,
  REFRESH_PROOF_ALG,
  RefreshProofClaims,
  RefreshProofHeader,
  proofTimeOk,
  type RefreshProofClaims as Claims,
} from '../../shared/sync/deviceProof';

export type ProofCheck = { ok: true; claims: Claims; proofHash: string } | { ok: false; code: 'proof_invalid' | 'proof_stale' };

/**
 * `htu` must name the refresh endpoint. Its host is not compared: reverse proxies rewrite the Host header, so
 * the server cannot know the origin the device used, and a proof cannot serve elsewhere anyway — it is bound
 * to this server's token (`rth`) and checked with the key this server enrolled.
 */
function htuMatches(htu: string): boolean {
  let url: URL;
  try {
    url = new URL(htu);
  } catch {
    return false;
  }
  // A path prefix is allowed: the server may sit under one behind its proxy.
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname.endsWith('/auth/refresh') && url.search === '' && url.hash === '';
}

export function proofHashOf(proof: string): string {
  return createHash('sha256').update(proof, 'utf8').digest('base64url');
}

export async function checkRefreshProof(
  proof: string,
  storedJwk: string,
  input: { refreshTokenHash: string; nowMs: number },
): Promise<ProofCheck> {
  const invalid: ProofCheck = { ok: false, code: 'proof_invalid' };
  let stored: unknown;
  try {
    stored = JSON.parse(storedJwk);
  } catch {
    return invalid;
  }
  const jwk = DevicePublicKey.safeParse(stored);
  if (!jwk.success) return invalid;
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    const key = await importJWK(jwk.data, REFRESH_PROOF_ALG);
    verified = await compactVerify(proof, key, { algorithms: [REFRESH_PROOF_ALG] });
  } catch {
    return invalid;
  }
  if (!RefreshProofHeader.safeParse(verified.protectedHeader).success) return invalid;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.payload));
  } catch {
    return invalid;
  }
  const claims = RefreshProofClaims.safeParse(payload);
  if (!claims.success) return invalid;
  if (claims.data.rth !== input.refreshTokenHash || !htuMatches(claims.data.htu)) return invalid;
  if (!proofTimeOk(claims.data.iat, input.nowMs)) return { ok: false, code: 'proof_stale' };
  return { ok: true, claims: claims.data, proofHash: proofHashOf(proof) };
}

/** What a rotation answered, kept sealed for a resend of the same request. */
export const RetryPair = z.strictObject({
  accessToken: z.string(),
  refreshToken: z.string(),
  accessExpiresAtMs: z.number(),
});
export type RetryPair = z.infer<typeof RetryPair>;

function boxKey(jti: string, refreshToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(refreshToken, 'utf8'), Buffer.from(jti, 'utf8'), 'carerounds refresh retry v1', 32));
}

export function sealRetryPair(pair: RetryPair, jti: string, refreshToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', boxKey(jti, refreshToken), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
  return [iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** The sealed pair, or null when the box does not open with this jti and token. */
export function openRetryPair(box: string, jti: string, refreshToken: string): RetryPair | null {
  const [iv, data, tag] = box.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', boxKey(jti, refreshToken), iv);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    const parsed = RetryPair.safeParse(JSON.parse(plain));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
