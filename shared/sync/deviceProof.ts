/**
 * Device-bound refresh (docs/sync-protocol.md §4, docs/security.md §4): the device key and the proof that
 * goes with every POST /auth/refresh.
 *
 * Invariants:
 * - A device key is ECDSA P-256. Its public half travels as a JWK of exactly { kty, crv, x, y }; the private
 *   half never leaves the host that made it (Electron main, or a non-extractable CryptoKey in a browser).
 * - A proof is a compact JWS (ES256, signature r‖s) over { htm, htu, jti, iat, rth }: the method, the URL,
 *   a fresh random id, the time in seconds and the SHA-256 (base64url) of the refresh token it goes with.
 *   It is bound to that one token, so a proof cannot be moved to another token and a token copied without the
 *   key cannot be refreshed.
 * - Everything signed is ASCII (an allowed server origin is ASCII), so the bytes are the same on every host.
 * - This module does no crypto itself: the host signs and hashes (WebCrypto in a browser and in Node).
 */
import * as z from 'zod/mini';
import { UUID_RE } from './formats';

export const REFRESH_PROOF_TYP = 'carerounds-refresh+jwt';
export const REFRESH_PROOF_ALG = 'ES256';
/** How old a proof may be when the server reads it (seconds), and how far ahead of the server's clock. */
export const PROOF_MAX_AGE_S = 60;
export const PROOF_MAX_AHEAD_S = 10;
/** A client resends a refresh whose answer was lost (the same proof) only this long after making it. */
export const PROOF_RESEND_WINDOW_MS = 25_000;

const B64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** The public half of a device key, as sent at sign-in: P-256 only, no other members. */
export const DevicePublicKey = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().check(z.regex(B64URL_32, { message: 'x: 32 bytes base64url' })),
  y: z.string().check(z.regex(B64URL_32, { message: 'y: 32 bytes base64url' })),
});
export type DevicePublicKey = z.infer<typeof DevicePublicKey>;

/** A compact JWS: three base64url parts. Small: header and claims are fixed, the signature is 64 bytes. */
export const RefreshProof = z.string().check(
  z.maxLength(1024),
  z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'not a compact JWS' }),
);

export const RefreshProofHeader = z.strictObject({ alg: z.literal(REFRESH_PROOF_ALG), typ: z.literal(REFRESH_PROOF_TYP) });

export const RefreshProofClaims = z.strictObject({
  htm: z.literal('POST'),
  htu: z.string().check(z.minLength(1), z.maxLength(400)),
  jti: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'jti: 16–64 base64url characters' })),
  iat: z.number().check(z.int(), z.gte(0), z.lte(2 ** 40)),
  rth: z.string().check(z.regex(B64URL_32, { message: 'rth: SHA-256 base64url' })),
});
export type RefreshProofClaims = z.infer<typeof RefreshProofClaims>;

/** What the host does for a proof: sign with the device key (ECDSA P-256 SHA-256, r‖s) and hash. */
export interface ProofCrypto {
  sign(data: Uint8Array): Promise<Uint8Array>;
  sha256(data: Uint8Array): Promise<Uint8Array>;
}

function ascii(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) throw new Error('proof input must be ASCII');
    bytes[i] = c;
  }
  return bytes;
}

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5); by hand, as shared/ has no Buffer or btoa. */
function b64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += B64URL_ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** base64url(SHA-256(refresh token)): the `rth` claim. */
export async function refreshTokenHash(crypto: Pick<ProofCrypto, 'sha256'>, refreshToken: string): Promise<string> {
  return b64url(await crypto.sha256(ascii(refreshToken)));
}

/** The refresh URL a proof names: the server origin and the refresh path. */
export function refreshUrl(origin: string): string {
  return `${origin}/auth/refresh`;
}

/** Signs a proof for one refresh of `refreshToken` at `origin`. */
export async function signRefreshProof(
  crypto: ProofCrypto,
  input: { origin: string; refreshToken: string; jti: string; iatSec: number },
): Promise<string> {
  const claims: RefreshProofClaims = {
    htm: 'POST',
    htu: refreshUrl(input.origin),
    jti: input.jti,
    iat: input.iatSec,
    rth: await refreshTokenHash(crypto, input.refreshToken),
  };
  const header = { alg: REFRESH_PROOF_ALG, typ: REFRESH_PROOF_TYP };
  const signingInput = `${b64url(ascii(JSON.stringify(header)))}.${b64url(ascii(JSON.stringify(claims)))}`;
  const signature = await crypto.sign(ascii(signingInput));
  if (signature.length !== 64) throw new Error('an ES256 signature is 64 bytes (r‖s)');
  return `${signingInput}.${b64url(signature)}`;
}

/** A fresh jti: 16 random bytes, base64url. */
export function proofJti(random: (bytes: Uint8Array) => Uint8Array): string {
  return b64url(random(new Uint8Array(16)));
}

/**
 * Whether a proof's `iat` (seconds) is acceptable at server time `nowMs`: at most PROOF_MAX_AGE_S old and
 * PROOF_MAX_AHEAD_S ahead.
 */
export function proofTimeOk(iatSec: number, nowMs: number): boolean {
  const iatMs = iatSec * 1000;
  return iatMs >= nowMs - PROOF_MAX_AGE_S * 1000 && iatMs <= nowMs + PROOF_MAX_AHEAD_S * 1000;
}

/** The sign-in a host performs for the page (Electron: main; the page never sees the refresh token). */
export const HostSignInArgs = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(128)),
  deviceName: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  /**
   * The device id this user had on this computer before signing out (the app lock keeps it per user): the
   * server re-uses it only when it names a live device of this user, so the recovery wrap still matches.
   */
  deviceId: z.optional(z.string().check(z.regex(UUID_RE))),
});
export type HostSignInArgs = z.infer<typeof HostSignInArgs>;
