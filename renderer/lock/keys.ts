/**
 * The data key and its wraps (docs/security.md §3).
 *
 * - The data key (DEK) is a random AES-GCM 256 key, made once per user on this device.
 * - It is kept only wrapped (AES-KW) by keys derived with PBKDF2-SHA-256 from a secret the user knows: the
 *   PIN, and the account password (the way back after too many wrong PINs: an online sign-in proves the
 *   password, which unwraps it). In Electron the raw key is also kept through the OS secret store (safeStorage),
 *   read only after an online sign-in, for when the password has changed since the last one.
 * - It is also kept wrapped (AES-KW) under the recovery key the server holds for this device and user, fetched
 *   after an online sign-in and never stored here: the way back when the password was reset by an administrator
 *   and no OS secret store kept the key (a browser).
 * - Unwrapping for use yields a non-extractable key; only a re-wrap (a new PIN, a new password) unwraps it
 *   extractable for the moment of wrapping.
 */
import type { RecoveryWrap } from '../../shared/lock/deviceSchema';
import { PBKDF2_ITERATIONS } from '../../shared/lock/kdf';

export interface KeyWrap {
  kdf: 'pbkdf2-sha256';
  iterations: number;
  /** base64, 16 random bytes. */
  salt: string;
  /** base64, the AES-KW wrapped DEK (40 bytes). */
  wrapped: string;
}

const SALT_BYTES = 16;

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function newDataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** The key-encryption key for `secret` (a PIN or the account password). The slow part of unlocking. */
export async function deriveWrappingKey(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** Wraps an extractable DEK under `secret` with a fresh salt. */
export async function wrapDataKey(dek: CryptoKey, secret: string, iterations: number = PBKDF2_ITERATIONS): Promise<KeyWrap> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const kek = await deriveWrappingKey(secret, salt, iterations);
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dek, kek, 'AES-KW'));
  return { kdf: 'pbkdf2-sha256', iterations, salt: toBase64(salt), wrapped: toBase64(wrapped) };
}

/** The DEK, or null when `secret` is not the one it was wrapped under (AES-KW's integrity check fails). */
export async function unwrapDataKey(wrap: KeyWrap, secret: string, opts: { extractable?: boolean } = {}): Promise<CryptoKey | null> {
  const kek = await deriveWrappingKey(secret, fromBase64(wrap.salt), wrap.iterations);
  try {
    return await crypto.subtle.unwrapKey('raw', fromBase64(wrap.wrapped), kek, 'AES-KW', { name: 'AES-GCM', length: 256 }, opts.extractable ?? false, ['encrypt', 'decrypt']);
  } catch {
    return null;
  }
}

/** The raw DEK for the OS secret store (Electron main encrypts it with safeStorage before it reaches disk). */
export async function exportDataKey(dek: CryptoKey): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', dek)));
}

export function importDataKey(raw: string, extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64(raw), { name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt']);
}

function importRecoveryKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-KW', false, ['wrapKey', 'unwrapKey']);
}

/** Wraps an extractable DEK under the server's recovery key of `deviceId` (32 raw bytes). */
export async function wrapForRecovery(dek: CryptoKey, recoveryKey: Uint8Array<ArrayBuffer>, deviceId: string): Promise<RecoveryWrap> {
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', dek, await importRecoveryKey(recoveryKey), 'AES-KW'));
  return { kind: 'aes-kw', deviceId, wrapped: toBase64(wrapped) };
}

/** The DEK (extractable, to be re-wrapped), or null when `recoveryKey` is not the one it was wrapped under. */
export async function unwrapForRecovery(wrap: RecoveryWrap, recoveryKey: Uint8Array<ArrayBuffer>): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.unwrapKey('raw', fromBase64(wrap.wrapped), await importRecoveryKey(recoveryKey), 'AES-KW', { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  } catch {
    return null;
  }
}
