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
import { binaryAad, binaryFields, ENVELOPE_VERSION, isSealed, recordAad, SEALED_BINARY_FIELD, SEALED_FIELD, unframeEnvelope, valueAt } from '../../../shared/crypto/recordEnvelope';
import { hashWith, sealRecord, type SealKeys, type SealLayout } from './sealRecord';
import { SealWorkerClient } from './sealWorkerClient';
import { LockedError, type Keyring } from '../../lock/keyring';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SEARCH_KEY_LABEL = encoder.encode('carerounds/search-key/v1');
const CACHE_ROWS = 20_000;
/** Writes of more rows than this are bulk (a first sync's chunk): sealed off the page's thread, not remembered. */
const BULK_ROWS = 500;

export type { SealLayout } from './sealRecord';

export class Sealer {
  private searchKey: Promise<CryptoKey> | null = null;
  /** The records opened or sealed most recently, and the generation before (at most CACHE_ROWS in all). */
  private opened = new Map<string, string>();
  private older = new Map<string, string>();

  private readonly keys: SealKeys = { encrypt: (head, plain, aad) => this.keyring.encryptFramed(head, plain, aad), hash: (index, value) => this.hash(index, value) };
  private readonly offThread = new SealWorkerClient();

  constructor(private readonly keyring: Keyring) {
    // A lock (or another user's key) voids the search key and the opened records with the data key, and
    // stops the worker (a write it was sealing fails with `locked`).
    keyring.subscribe(() => {
      this.offThread.stop();
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

  /** `remember`: keep the record in the cache (not for a bulk write, whose rows would only push each other out). */
  async seal(layout: SealLayout, row: object, remember = true): Promise<Record<string, unknown>> {
    const primaryKey = valueAt(row, layout.primaryKey);
    // Bytes (a photo) are sealed apart: JSON would turn them into an empty object.
    const binaries = binaryFields(row);
    const rest = binaries.length === 0 ? row : Object.fromEntries(Object.entries(row).filter(([k]) => !binaries.includes(k)));
    const json = JSON.stringify(rest);
    const sealingBinaries = Promise.all(
      binaries.map(async (field) => {
        const v = (row as Record<string, unknown>)[field] as ArrayBuffer | ArrayBufferView;
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v.slice(0)) : new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer);
        return [field, await this.keyring.encryptFramed(ENVELOPE_VERSION, bytes, encoder.encode(binaryAad(layout.store, primaryKey, field)))] as const;
      }),
    );
    // Awaited together: a failure of either (the lock) leaves no rejection unhandled.
    const [out, sealedBinaries] = await Promise.all([sealRecord(layout, row, json, this.keys), sealingBinaries]);
    if (binaries.length > 0) out[SEALED_BINARY_FIELD] = Object.fromEntries(sealedBinaries);
    // A row with bytes is not kept in memory: the cache holds JSON, which cannot give them back.
    else if (remember) this.remember(cacheKey(layout, out, out[SEALED_FIELD]), json);
    return out;
  }

  /**
   * The sealed rows of one write. More than BULK_ROWS rows (a first sync's chunk) are sealed by the worker
   * (sealWorker.ts) while this thread goes on (reading the next chunk), and not remembered; where no worker
   * runs (tests in Node) or it fails, here. Rows with bytes are always sealed here.
   */
  async sealMany(layout: SealLayout, rows: readonly object[]): Promise<Record<string, unknown>[]> {
    this.assertUnlocked();
    const bulk = rows.length > BULK_ROWS;
    if (bulk && this.offThread.usable && !rows.some((r) => binaryFields(r).length > 0)) {
      const key = this.keyring.keyForWorker();
      const searchKey = Object.keys(layout.hashed).length > 0 ? await this.key() : null;
      try {
        return await this.offThread.seal(layout, rows, key, searchKey);
      } catch (err) {
        if (err instanceof LockedError) throw err;
        // The worker could not start or failed: sealed here from now on.
      }
    }
    return Promise.all(rows.map((r) => this.seal(layout, r, !bulk)));
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
    return hashWith(await this.key(), index, value);
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

