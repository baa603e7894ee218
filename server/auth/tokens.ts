/**
 * Access and refresh tokens (docs/security.md §4).
 *
 * Invariants:
 * - Access tokens are JWTs signed HS256 only; verification pins the algorithm (so `alg: none` or RS/HS
 *   confusion never verifies) and checks `iss`, `aud`, `exp` against the injected clock, no tolerance.
 * - A token names its user (`sub`), device (`dev`) and the device's token generation (`gen`); the per-request
 *   check compares `gen` with the database, so voiding a device's tokens also voids live access tokens.
 * - A token made by a password sign-in (POST /auth/login) carries `amr: ["pwd"]`; one made by a refresh does not.
 *   The recovery key (./recovery.ts) is given only for the former.
 * - Refresh tokens are 32 random bytes (base64url); only their SHA-256 is stored.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { ApiError } from '../errors';

export const JWT_ISSUER = 'carerounds-server';
export const JWT_AUDIENCE = 'carerounds';
const ALG = 'HS256';

export interface AccessClaims {
  userId: string;
  deviceId: string;
  generation: number;
  /** Made by a sign-in with the password (not by a refresh). */
  password?: boolean;
  /** Expiry (epoch ms); set on verified claims. */
  expiresAtMs?: number;
}

export interface TokenKeys {
  jwtSecret: Uint8Array;
  accessTtlSec: number;
}

export async function signAccessToken(keys: TokenKeys, claims: AccessClaims, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ dev: claims.deviceId, gen: claims.generation, ...(claims.password === true ? { amr: ['pwd'] } : {}) })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + keys.accessTtlSec)
    .setJti(randomUUID())
    .sign(keys.jwtSecret);
}

/** Verifies a bearer token; throws 401 `auth_expired` (expired or otherwise unusable: refresh and retry). */
export async function verifyAccessToken(keys: TokenKeys, token: string, nowMs: number): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, keys.jwtSecret, {
      algorithms: [ALG],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const { sub, dev, gen, exp, amr } = payload;
    if (typeof sub !== 'string' || typeof dev !== 'string' || typeof gen !== 'number' || !Number.isInteger(gen) || typeof exp !== 'number') {
      throw new ApiError('auth_expired', 'access token is not valid; refresh it');
    }
    const password = Array.isArray(amr) && amr.includes('pwd');
    return { userId: sub, deviceId: dev, generation: gen, expiresAtMs: exp * 1000, ...(password ? { password } : {}) };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof errors.JWTExpired) throw new ApiError('auth_expired', 'access token expired; refresh it');
    throw new ApiError('auth_expired', 'access token is not valid; refresh it');
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_\-.=]{1,4096})$/.exec(header.trim());
  return m?.[1] ?? null;
}
