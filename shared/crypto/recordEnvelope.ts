/**
 * The shape of a record at rest on a device (docs/security.md §3 "Records at rest"), as pure functions: which
 * fields stay readable for the indexes, how the sealed bytes are framed, and what they are bound to.
 *
 * A sealed row is `{ <primary key>, <indexed fields>, <hashed indexes>, [SEALED_FIELD]: envelope }`. The
 * envelope holds the whole record (its JSON), so reading never merges the readable part back: that part
 * exists only for IndexedDB's indexes. Envelope bytes: `version (1) || iv (12) || AES-GCM ciphertext+tag`,
 * the additional data binding the store and the primary key, so a sealed value copied to another row or
 * store does not open.
 */

export const ENVELOPE_VERSION = 1;

/** The field of a sealed row holding its envelope. A row without it is plain (written before sealing, or on a device without a data key). */
export const SEALED_FIELD = '_sealed';

export class EnvelopeError extends Error {
  readonly code = 'envelope' as const;
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/** The keyring's sealed bytes of an envelope; an unknown version or a value that is no envelope throws. */
export function unframeEnvelope(envelope: unknown): Uint8Array<ArrayBuffer> {
  if (!(envelope instanceof Uint8Array) || envelope.length < 1 + 12 + 16) throw new EnvelopeError('not a record envelope');
  if (envelope[0] !== ENVELOPE_VERSION) throw new EnvelopeError(`record envelope version ${String(envelope[0])} is not known here`);
  return new Uint8Array(envelope.subarray(1));
}

/** The additional data of a record's envelope: its store and primary key (JSON, so 1 and "1" differ). */
export function recordAad(store: string, primaryKey: unknown): string {
  return `carerounds/record/v${ENVELOPE_VERSION}\u0000${store}\u0000${JSON.stringify(primaryKey)}`;
}

/** The input of a hashed index's keyed hash: the index name and the value, so equal values in two indexes hash apart. */
export function indexHashInput(index: string, value: string): string {
  return `${index}\u0000${value}`;
}

/**
 * The field of a sealed row holding its binary fields (a photo's bytes), each in an envelope of its own: JSON
 * cannot carry bytes, so they are left out of the record's envelope and sealed apart, bound to the same
 * record and their field name.
 */
export const SEALED_BINARY_FIELD = '_sealedBin';

/** The additional data of a binary field's envelope. */
export function binaryAad(store: string, primaryKey: unknown, field: string): string {
  return `${recordAad(store, primaryKey)}\u0000${field}`;
}

/** The top-level fields of a record that hold bytes (ArrayBuffer or a typed array view). */
export function binaryFields(row: object): string[] {
  return Object.entries(row)
    .filter(([, v]) => v instanceof ArrayBuffer || ArrayBuffer.isView(v))
    .map(([k]) => k);
}

export function isSealed(row: unknown): row is Record<string, unknown> & { [SEALED_FIELD]: Uint8Array } {
  return typeof row === 'object' && row !== null && SEALED_FIELD in row;
}

/** The value at a dotted key path (`birthDate.value`), or undefined. */
export function valueAt(row: unknown, path: string): unknown {
  let cur: unknown = row;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (typeof next === 'object' && next !== null) cur = next as Record<string, unknown>;
    else {
      const made: Record<string, unknown> = {};
      cur[part] = made;
      cur = made;
    }
  }
  cur[parts[parts.length - 1] ?? path] = value;
}

/**
 * The readable part of a row: the values at `paths` (the primary key and the indexed key paths, compound
 * ones listed part by part), nested as in the row; absent values stay absent (IndexedDB then leaves the row
 * out of that index, as it would the plain row).
 */
export function readablePart(row: object, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const v = valueAt(row, path);
    if (v !== undefined) setAt(out, path, v);
  }
  return out;
}
