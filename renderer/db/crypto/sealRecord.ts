/**
 * One record sealed (docs/security.md §3 "Records at rest"): the part its indexes read, the keyed hashes of
 * its hashed indexes, and the envelope of its JSON. The same code seals in the page (sealer.ts) and in the
 * worker that seals a first sync's large writes off the page's thread (sealWorker.ts), so both store the same.
 */
import { ENVELOPE_VERSION, indexHashInput, readablePart, recordAad, SEALED_FIELD, valueAt } from '../../../shared/crypto/recordEnvelope';

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

/** The keys' two operations: the framed envelope of bytes bound to `aad`, and the keyed hash of an index value. */
export interface SealKeys {
  encrypt(head: number, plain: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
  hash(index: string, value: string): Promise<string>;
}

const encoder = new TextEncoder();
/** Bytes of HMAC-SHA-256 kept in a hashed index: 128 bits, no collision among a device's records. */
const HASH_BYTES = 16;

/** One buffer each record's UTF-8 is written into: WebCrypto copies it when called (no allocation per record). */
let scratch = new Uint8Array(64 * 1024);

function utf8(text: string): Uint8Array<ArrayBuffer> {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/** The sealed row of `row`, whose JSON (without any bytes field, sealed apart by the caller) is `json`. */
export async function sealRecord(layout: SealLayout, row: object, json: string, keys: SealKeys): Promise<Record<string, unknown>> {
  const out = readablePart(row, layout.readable);
  const pending: Promise<void>[] = [];
  for (const [index, source] of Object.entries(layout.hashed)) {
    const v = valueAt(row, source);
    if (typeof v === 'string' && v !== '') pending.push(keys.hash(index, v).then((h) => void (out[index] = h)));
  }
  const aad = encoder.encode(recordAad(layout.store, valueAt(row, layout.primaryKey)));
  // No await between utf8() and the encryption: the next record reuses the buffer. Awaited together, so a
  // failure of either (the lock) leaves no rejection unhandled.
  const [envelope] = await Promise.all([keys.encrypt(ENVELOPE_VERSION, utf8(json), aad), ...pending]);
  out[SEALED_FIELD] = envelope;
  return out;
}

/** The keyed hash a hashed index holds for `value`, under the search key. */
export async function hashWith(searchKey: CryptoKey, index: string, value: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', searchKey, encoder.encode(indexHashInput(index, value))));
  return base64url(mac.subarray(0, HASH_BYTES));
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What the page asks the sealing worker: seal `rows` of one store with these keys. */
export interface SealRequest {
  id: number;
  layout: SealLayout;
  rows: object[];
  key: CryptoKey;
  /** Only when the layout has hashed indexes. */
  searchKey: CryptoKey | null;
}

export type SealReply = { id: number; ok: true; rows: Record<string, unknown>[] } | { id: number; ok: false; message: string };
