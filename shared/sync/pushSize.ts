/**
 * How many of a push's mutations fit the push body limit (docs/sync-protocol.md §2, `MAX_PUSH_BYTES`).
 *
 * The client packs its batches by bytes as well as by count, so it never sends a body the server must refuse
 * with `batch_too_large`; the server enforces the same number. Sizes are UTF-8 bytes of the JSON body, which is
 * what the server counts (Thai text is three bytes a character, one UTF-16 unit).
 */
import { MAX_PUSH_BYTES, type Mutation, type PushRequest } from './protocol';

/** UTF-8 length of a string without allocating its bytes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // the rest of the BMP (a lone surrogate never reaches here raw: JSON.stringify escapes it)
  }
  return n;
}

/**
 * The number of leading mutations of `req` whose body fits in `maxBytes` (all of them when the whole body fits;
 * 0 when even the first alone does not). Measures the whole body once; only a body over the limit is measured
 * mutation by mutation.
 */
export function mutationsThatFit(req: PushRequest, maxBytes: number = MAX_PUSH_BYTES): number {
  const whole = JSON.stringify(req);
  // Every UTF-16 unit is at most 3 UTF-8 bytes, so short bodies need no exact count.
  if (whole.length * 3 <= maxBytes || utf8Length(whole) <= maxBytes) return req.mutations.length;
  const envelope = utf8Length(JSON.stringify({ ...req, mutations: [] as Mutation[] }));
  let used = envelope;
  let n = 0;
  for (const m of req.mutations) {
    used += utf8Length(JSON.stringify(m)) + (n > 0 ? 1 : 0); // the comma between array items
    if (used > maxBytes) break;
    n++;
  }
  return n;
}
