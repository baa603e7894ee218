/**
 * The unlocked data key, in memory only (docs/security.md §3). `unlock` takes a non-extractable key; `lock`
 * drops it. While locked, encrypt and decrypt throw LockedError (code 'locked'), so no code path can read or
 * write protected bytes without an unlocked app.
 *
 * Sealed bytes are `iv (12) || AES-GCM ciphertext+tag`.
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

  async encrypt(plain: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const key = this.need();
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
    const out = new Uint8Array(IV_BYTES + sealed.length);
    out.set(iv, 0);
    out.set(sealed, IV_BYTES);
    return out;
  }

  async decrypt(sealed: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const key = this.need();
    const iv = sealed.slice(0, IV_BYTES);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, sealed.slice(IV_BYTES)));
  }
}

/** The app's one keyring. */
export const keyring = new Keyring();
