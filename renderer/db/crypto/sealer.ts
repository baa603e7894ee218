/**
 * Sealing and opening records with the unlocked data key (docs/security.md §3 "Records at rest"). The data
 * key stays in the keyring, non-extractable; while the app is locked every call rejects with the keyring's
 * `locked` error, so no code path gets a sealed row's content or writes a plain one into a sealed store.
 *
 * The search key (for the hashed indexes) is derived from the data key at first use after each unlock and
 * held in memory, as a non-extractable HMAC key, until the next lock.
 *
 * Records opened or sealed recently are kept in memory (as their JSON, by store, key and nonce, at most
 * CACHE_ROWS) until the next lock, so the reads a write makes (the read models read all of a resident's
 * visits) need no crypto: no decryption, and no pumped transaction.
 */
import { binaryAad, binaryFields, frameEnvelope, indexHashInput, isSealed, readablePart, recordAad, SEALED_BINARY_FIELD, SEALED_FIELD, unframeEnvelope, valueAt } from '../../../shared/crypto/recordEnvelope';
import { LockedError, type Keyring } from '../../lock/keyring';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SEARCH_KEY_LABEL = encoder.encode('carerounds/search-key/v1');
/** Bytes of HMAC-SHA-256 kept in a hashed index: 128 bits, no collision among a device's records. */
const HASH_BYTES = 16;
const CACHE_ROWS = 20_000;

/** How one store's rows are sealed: which paths stay readable, and which indexes hold keyed hashes of which path. */
export interface SealLayout {
  store: string;
  /** Key path of the primary key (bound into the envelope). */
  primaryKey: string;
  /** Paths kept readable for IndexedDB's indexes. */
  readable: readonly string[];
  /** Index name → the path whose keyed hash it holds (that path is not readable). */
  hashed: Readonly<Record<string, string>>;
}

export class Sealer {
  private searchKey: Promise<CryptoKey> | null = null;
  /** The records opened or sealed most recently, and the generation before (at most CACHE_ROWS in all). */
  private opened = new Map<string, string>();
  private older = new Map<string, string>();

  constructor(private readonly keyring: Keyring) {
    // A lock (or another user's key) voids the search key and the opened records with the data key.
    keyring.subscribe(() => {
      this.searchKey = null;
      this.opened = new Map();
      this.older = new Map();
    });
  }

  get unlocked(): boolean {
    return this.keyring.unlocked;
  }

  assertUnlocked(): void {
    if (!this.keyring.unlocked) throw new LockedError();
  }

  async seal(layout: SealLayout, row: object): Promise<Record<string, unknown>> {
    const out = readablePart(row, layout.readable);
    const pending: Promise<void>[] = [];
    for (const [index, source] of Object.entries(layout.hashed)) {
      const v = valueAt(row, source);
      if (typeof v === 'string' && v !== '') pending.push(this.hash(index, v).then((h) => void (out[index] = h)));
    }
    const primaryKey = valueAt(row, layout.primaryKey);
    const aad = encoder.encode(recordAad(layout.store, primaryKey));
    // Bytes (a photo) are sealed apart: JSON would turn them into an empty object.
    const binaries = binaryFields(row);
    const rest = binaries.length === 0 ? row : Object.fromEntries(Object.entries(row).filter(([k]) => !binaries.includes(k)));
    const json = JSON.stringify(rest);
    const sealingBinaries = Promise.all(
      binaries.map(async (field) => {
        const v = (row as Record<string, unknown>)[field] as ArrayBuffer | ArrayBufferView;
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v.slice(0)) : new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer);
        return [field, frameEnvelope(await this.keyring.encrypt(bytes, encoder.encode(binaryAad(layout.store, primaryKey, field))))] as const;
      }),
    );
    const sealed = await this.keyring.encrypt(encoder.encode(json), aad);
    await Promise.all(pending);
    const envelope = frameEnvelope(sealed);
    out[SEALED_FIELD] = envelope;
    if (binaries.length > 0) out[SEALED_BINARY_FIELD] = Object.fromEntries(await sealingBinaries);
    // A row with bytes is not kept in memory: the cache holds JSON, which cannot give them back.
    else this.remember(cacheKey(layout, out, envelope), json);
    return out;
  }

  /** The record of a sealed row if it was opened or sealed since the unlock (no crypto), else undefined. */
  recall(layout: SealLayout, row: Record<string, unknown>): unknown {
    if (!this.keyring.unlocked) return undefined;
    const key = cacheKey(layout, row, row[SEALED_FIELD]);
    const json = key === null ? undefined : (this.opened.get(key) ?? this.older.get(key));
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }

  private remember(key: string | null, json: string): void {
    if (key === null || !this.keyring.unlocked) return;
    // Two generations instead of evicting the oldest entry one by one: a Map whose first entries are deleted
    // over and over makes every later `keys().next()` step over the holes, which cost seconds in a first sync.
    if (this.opened.size >= CACHE_ROWS / 2) {
      this.older = this.opened;
      this.opened = new Map();
    }
    this.opened.set(key, json);
  }

  /** The record a stored row holds: a sealed row opened, a plain one as it is. */
  async open(layout: SealLayout, row: unknown): Promise<unknown> {
    if (!isSealed(row)) return row;
    const primaryKey = valueAt(row, layout.primaryKey);
    const aad = encoder.encode(recordAad(layout.store, primaryKey));
    const binaries = row[SEALED_BINARY_FIELD];
    if (typeof binaries === 'object' && binaries !== null) {
      const [plain, fields] = await Promise.all([
        this.keyring.decrypt(unframeEnvelope(row[SEALED_FIELD]), aad),
        Promise.all(Object.entries(binaries).map(async ([field, env]) => [field, (await this.keyring.decrypt(unframeEnvelope(env), encoder.encode(binaryAad(layout.store, primaryKey, field)))).buffer] as const)),
      ]);
      return { ...(JSON.parse(decoder.decode(plain)) as Record<string, unknown>), ...Object.fromEntries(fields) };
    }
    const plain = await this.keyring.decrypt(unframeEnvelope(row[SEALED_FIELD]), aad);
    const json = decoder.decode(plain);
    this.remember(cacheKey(layout, row, row[SEALED_FIELD]), json);
    return JSON.parse(json) as unknown;
  }

  /** The keyed hash a hashed index holds for `value`. */
  async hash(index: string, value: string): Promise<string> {
    const key = await this.key();
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(indexHashInput(index, value))));
    return base64url(mac.subarray(0, HASH_BYTES));
  }

  private key(): Promise<CryptoKey> {
    this.assertUnlocked();
    if (this.searchKey === null) {
      const made = this.keyring.derive(SEARCH_KEY_LABEL).then((raw) => {
        const key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        raw.fill(0);
        return key;
      });
      made.catch(() => {
        if (this.searchKey === made) this.searchKey = null;
      });
      this.searchKey = made;
    }
    return this.searchKey;
  }
}

/** Store, primary key and the envelope's version and nonce (unique per sealing): one sealed value. */
function cacheKey(layout: SealLayout, row: Record<string, unknown>, envelope: unknown): string | null {
  if (!(envelope instanceof Uint8Array) || envelope.length < 13) return null;
  return `${layout.store}\u0000${JSON.stringify(valueAt(row, layout.primaryKey))}\u0000${String.fromCharCode(...envelope.subarray(0, 13))}`;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
