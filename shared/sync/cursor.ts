/**
 * The pull cursor: opaque to clients (store it, send it back), base64url of UTF-8 JSON for the server.
 *
 *   { v: 1, seq, buckets, backfill?: { buckets, seq, until } }
 *
 * - `seq`: every row of `buckets` with seq ≤ `seq` has been sent (main stream).
 * - `buckets`: the user's buckets when the cursor was made, sorted; the next pull compares them with the
 *   current scope: a lost bucket is evicted, an added one is back-filled.
 * - `backfill`: rows of newly added `buckets` with seq in (`backfill.seq`, `until`] still owed; rows above
 *   `until` come through the main stream, which already includes the new buckets.
 *
 * Invariants: encode/decode round-trip exactly; decoding anything that is not a cursor this code wrote
 * (bad base64url, bad UTF-8, bad JSON, wrong shape, too long) throws SyncError('invalid_argument') and
 * never anything else. Implemented without Buffer/atob/TextEncoder, which shared/ (lib ES2023) lacks.
 */
import * as z from 'zod/mini';
import { BucketName, MAX_CURSOR_LENGTH, Seq, SyncError } from './protocol';

const BucketList = z.array(BucketName).check(
  z.maxLength(2000),
  z.refine((b) => b.every((x, i) => i === 0 || (b[i - 1] ?? '') < x), { message: 'buckets must be sorted and unique' }),
);

export const Cursor = z.strictObject({
  v: z.literal(1),
  seq: Seq,
  buckets: BucketList,
  backfill: z.optional(z.strictObject({ buckets: BucketList.check(z.minLength(1)), seq: Seq, until: Seq }).check(z.refine((b) => b.seq <= b.until, { message: 'backfill.seq > until' }))),
});
export type Cursor = z.infer<typeof Cursor>;

// ---------------------------------------------------------------------------------------------------------
// UTF-8 and base64url, by hand.

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX: ReadonlyMap<string, number> = new Map([...B64URL].map((c, i) => [c, i]));

/** UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return out;
}

/** Strict UTF-8 decoding: overlong forms, surrogates, code points above U+10FFFF and truncation → null. */
export function utf8Decode(bytes: readonly number[]): string | null {
  let s = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] ?? 0;
    let cp: number;
    let n: number;
    if (b0 < 0x80) {
      cp = b0;
      n = 0;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1f;
      n = 1;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0f;
      n = 2;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07;
      n = 3;
    } else return null;
    for (let k = 1; k <= n; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

/** base64url without padding (RFC 4648 §5). */
export function base64UrlEncode(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += B64URL[(n >> 18) & 63];
    out += B64URL[(n >> 12) & 63];
    if (b1 !== undefined) out += B64URL[(n >> 6) & 63];
    if (b2 !== undefined) out += B64URL[n & 63];
  }
  return out;
}

/** Strict: only the base64url alphabet, no padding, and unused trailing bits must be zero; else null. */
export function base64UrlDecode(s: string): number[] | null {
  if (s.length % 4 === 1) return null;
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = chunk[k];
      const v = c === undefined ? 0 : B64URL_INDEX.get(c);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    out.push((n >> 16) & 0xff);
    if (chunk.length > 2) out.push((n >> 8) & 0xff);
    if (chunk.length > 3) out.push(n & 0xff);
    // Non-canonical encodings (non-zero padding bits) would give two spellings of one cursor.
    if (chunk.length === 2 && (n & 0xffff) !== 0) return null;
    if (chunk.length === 3 && (n & 0xff) !== 0) return null;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

export function encodeCursor(cursor: Cursor): string {
  const valid = Cursor.parse(cursor); // a server bug must not produce a cursor it would refuse later
  return base64UrlEncode(utf8Encode(JSON.stringify(valid)));
}

/** Decodes base64url UTF-8 JSON and checks it with `schema`; any failure → SyncError('invalid_argument'). */
function decodeToken<T>(s: string, schema: z.ZodMiniType<T>, what: string): T {
  const fail = (why: string): never => {
    throw new SyncError('invalid_argument', `invalid ${what}: ${why}`);
  };
  if (s.length > MAX_CURSOR_LENGTH) fail('too long');
  const bytes = base64UrlDecode(s);
  if (bytes === null) return fail('not base64url');
  const text = utf8Decode(bytes);
  if (text === null) return fail('not UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail('wrong shape');
  return parsed.data;
}

/** '' → null (bootstrap). Anything that is not a cursor → SyncError('invalid_argument'). */
export function decodeCursor(s: string): Cursor | null {
  if (s === '') return null;
  return decodeToken(s, Cursor, 'cursor');
}

/**
 * Where a bootstrap stands (GET /sync/bootstrap `position`), opaque to clients like the cursor:
 * `at` = the seq the snapshot is consistent at (rows with seq ≤ at), `buckets` = the scope when it began,
 * `after` = the last (type, id) sent (null: nothing yet).
 */
export const BootstrapPosition = z.strictObject({
  v: z.literal(1),
  at: Seq,
  buckets: BucketList,
  after: z.nullable(z.strictObject({ type: z.string().check(z.minLength(1), z.maxLength(40)), id: z.string().check(z.minLength(1), z.maxLength(64)) })),
});
export type BootstrapPosition = z.infer<typeof BootstrapPosition>;

export function encodePosition(p: BootstrapPosition): string {
  return base64UrlEncode(utf8Encode(JSON.stringify(BootstrapPosition.parse(p))));
}

export function decodePosition(s: string): BootstrapPosition {
  return decodeToken(s, BootstrapPosition, 'bootstrap position');
}

function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

export interface PullPlan {
  /** The cursor to read this page from: buckets = the current scope, backfill for added buckets. */
  cursor: Cursor;
  /** Buckets that left the scope: sent as `{ bucket }` evictions in this page. */
  evictBuckets: string[];
}

/**
 * Reconciles a stored cursor with the user's current buckets before a page is read. Bootstrap (null) starts
 * the main stream at 0 over every bucket: an empty cursor needs no backfill. An added bucket is back-filled
 * up to the cursor's `seq`; when a backfill is already running the union restarts from 0 (rows sent twice
 * are harmless: clients ignore rows whose seq is not newer than theirs).
 */
export function planPull(stored: Cursor | null, currentBuckets: readonly string[]): PullPlan {
  const buckets = sortedUnique(currentBuckets);
  if (stored === null) return { cursor: { v: 1, seq: 0, buckets }, evictBuckets: [] };
  const now = new Set(buckets);
  const before = new Set(stored.buckets);
  const evictBuckets = stored.buckets.filter((b) => !now.has(b));
  const added = buckets.filter((b) => !before.has(b));
  const stillOwed = (stored.backfill?.buckets ?? []).filter((b) => now.has(b));
  let backfill: Cursor['backfill'];
  if (added.length > 0) {
    backfill = { buckets: sortedUnique([...stillOwed, ...added]), seq: 0, until: stored.seq };
  } else if (stored.backfill !== undefined && stillOwed.length > 0) {
    backfill = { ...stored.backfill, buckets: stillOwed };
  }
  const cursor: Cursor = backfill === undefined ? { v: 1, seq: stored.seq, buckets } : { v: 1, seq: stored.seq, buckets, backfill };
  return { cursor, evictBuckets };
}
