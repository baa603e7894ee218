/**
 * Test helpers for the keyring: bytes sealed the one way the app seals (Keyring.encryptFramed, the record
 * envelope's framing), unframed for Keyring.decrypt, so a test of the lock's key handling seals as the app does.
 */
import { ENVELOPE_VERSION, unframeEnvelope } from '../../shared/crypto/recordEnvelope';
import type { Keyring } from './keyring';

const NO_AAD = new Uint8Array(0);

/** `plain` sealed under the keyring's data key (rejects with `locked` while locked); open with keyring.decrypt. */
export async function sealBytes(keyring: Keyring, plain: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return unframeEnvelope(await keyring.encryptFramed(ENVELOPE_VERSION, plain, NO_AAD));
}
