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
const TAG_BYTES = 16;

/** Random nonces drawn IV_POOL at a time (one getRandomValues call for many records). */
const IV_POOL = 512;
let ivPool = new Uint8Array(0);
let ivAt = 0;

function nextIv(): Uint8Array<ArrayBuffer> {
  if (ivAt + IV_BYTES > ivPool.length) {
    ivPool = crypto.getRandomValues(new Uint8Array(IV_BYTES * IV_POOL));
    ivAt = 0;
  }
  const iv = ivPool.subarray(ivAt, ivAt + IV_BYTES);
  ivAt += IV_BYTES;
  return iv;
}

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

  /**
   * `head || iv || ciphertext+tag` in one buffer (a record envelope's framing, sealer.ts), for the many small
   * values of a first sync: the nonce comes from a pooled random draw and nothing is copied twice. WebCrypto
   * copies `plain` and the nonce when the call is made, so the caller may reuse `plain`'s buffer at once.
   */
  encryptFramed(head: number, plain: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    let key: CryptoKey;
    try {
      key = this.need();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return encryptFramedWith(key, head, plain, aad);
  }

  /**
   * The data key itself, for the worker that seals a first sync's chunks off the page's thread
   * (renderer/db/crypto/sealWorker.ts): non-extractable, it can be used there but never read out.
   */
  keyForWorker(): CryptoKey {
    return this.need();
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

/** Keyring.encryptFramed with a given key (also in the sealing worker, which has no keyring). */
export function encryptFramedWith(key: CryptoKey, head: number, plain: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Uint8Array(1 + IV_BYTES + plain.length + TAG_BYTES);
  out[0] = head;
  out.set(nextIv(), 1);
  const iv = out.subarray(1, 1 + IV_BYTES);
  return crypto.subtle.encrypt(gcm(iv, aad), key, plain).then((sealed) => {
    out.set(new Uint8Array(sealed), 1 + IV_BYTES);
    return out;
  });
}

function gcm(iv: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer> | undefined): AesGcmParams {
  return aad === undefined ? { name: 'AES-GCM', iv } : { name: 'AES-GCM', iv, additionalData: aad };
}

/** The app's one keyring. */
export const keyring = new Keyring();
