/**
 * The unlocked data key, in memory only (docs/security.md §3). `unlock` takes a non-extractable key; `lock`
 * drops it. While locked, encrypt and decrypt throw LockedError (code 'locked'), so no code path can read or
 * write protected bytes without an unlocked app.
 *
 * Sealed bytes are `iv (12) || AES-GCM ciphertext+tag`; `aad`, when given, is bound to them (the records at rest
 * bind their store and key, renderer/db/crypto/sealer.ts).
 */

export class LockedError extends Error {
  readonly code = 'locked' as const;
  constructor() {
    super('the app is locked');
    this.name = 'LockedError';
  }
}

const IV_BYTES = 12;

export class Keyring {
  private key: CryptoKey | null = null;
  private readonly listeners = new Set<() => void>();

  unlock(key: CryptoKey): void {
    if (key.extractable) throw new TypeError('the keyring takes only a non-extractable key');
    this.key = key;
    this.emit();
  }

  lock(): void {
    if (this.key === null) return;
    this.key = null;
    this.emit();
  }

  get unlocked(): boolean {
    return this.key !== null;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private emit(): void {
    for (const fn of this.listeners) fn();
  }

  private need(): CryptoKey {
    if (this.key === null) throw new LockedError();
    return this.key;
  }

  async encrypt(plain: Uint8Array<ArrayBuffer>, aad?: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const key = this.need();
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(await crypto.subtle.encrypt(gcm(iv, aad), key, plain));
    const out = new Uint8Array(IV_BYTES + sealed.length);
    out.set(iv, 0);
    out.set(sealed, IV_BYTES);
    return out;
  }

  async decrypt(sealed: Uint8Array<ArrayBuffer>, aad?: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const key = this.need();
    const iv = sealed.slice(0, IV_BYTES);
    return new Uint8Array(await crypto.subtle.decrypt(gcm(iv, aad), key, sealed.slice(IV_BYTES)));
  }

  /**
   * 32 bytes determined by the data key and `label` alone (a PRF: the AES-GCM keystream of a nonce derived from
   * the label, which random record nonces meet with chance 2^-96). For keys that must be the same at every
   * unlock without being stored, such as the search key of docs/security.md §3.
   */
  async derive(label: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const key = this.need();
    const iv = new Uint8Array(await crypto.subtle.digest('SHA-256', label)).slice(0, IV_BYTES);
    const stream = new Uint8Array(await crypto.subtle.encrypt(gcm(iv, label), key, new Uint8Array(32)));
    return stream.slice(0, 32);
  }
}

function gcm(iv: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer> | undefined): AesGcmParams {
  return aad === undefined ? { name: 'AES-GCM', iv } : { name: 'AES-GCM', iv, additionalData: aad };
}

/** The app's one keyring. */
export const keyring = new Keyring();
