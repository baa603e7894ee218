/**
 * Test device keys: a P-256 key pair made with Node's WebCrypto, and the signed refresh body a client sends
 * (shared/sync/deviceProof.ts). Tests that steal a token sign with another key made here.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { proofJti, signRefreshProof, type DevicePublicKey, type ProofCrypto } from '../../shared/sync/deviceProof';

export interface TestDeviceKey {
  publicJwk: DevicePublicKey;
  crypto: ProofCrypto;
}

export async function makeDeviceKey(): Promise<TestDeviceKey> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  const publicJwk: DevicePublicKey = { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
  return {
    publicJwk,
    crypto: {
      sign: async (data) => new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, data)),
      sha256: async (data) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', data)),
    },
  };
}

/** The origin `app.inject` requests come to (its default Host header is localhost:80). */
export const INJECT_ORIGIN = 'http://localhost';

export async function signedRefreshBody(
  key: TestDeviceKey,
  input: { deviceId: string; refreshToken: string; nowMs: number; origin?: string; jti?: string; iatSec?: number },
): Promise<{ deviceId: string; refreshToken: string; proof: string }> {
  const proof = await signRefreshProof(key.crypto, {
    origin: input.origin ?? INJECT_ORIGIN,
    refreshToken: input.refreshToken,
    jti: input.jti ?? proofJti((b) => new Uint8Array(randomBytes(b.length))),
    iatSec: input.iatSec ?? Math.floor(input.nowMs / 1000),
  });
  return { deviceId: input.deviceId, refreshToken: input.refreshToken, proof };
}
