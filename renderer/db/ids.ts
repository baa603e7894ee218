/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, version 7, 12 bits rand_a, variant 0b10, 62 bits rand_b.
 * Ids sort by creation time, which keeps IndexedDB primary-key inserts append-mostly and gives a stable
 * tie-break between records made on the same day.
 *
 * `uuidv7` is pure (the time and randomness are arguments). `nextId` is the one the store uses: it is
 * monotonic within this process (RFC 9562 §6.2 method 1, rand_a as a counter), so two ids made in the same
 * millisecond, or after the wall clock stepped back, still sort in creation order.
 */

export type RandomFill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const defaultRandom: RandomFill = (bytes) => crypto.getRandomValues(bytes);

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function format(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i] ?? 0];
  }
  return s;
}

/** Builds the 16 bytes; `randA` (12 bits) overrides the random rand_a when given. */
function build(ms: number, random: RandomFill, randA?: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError('uuidv7: time out of range: ' + String(ms));
  const b = random(new Uint8Array(16));
  // 48-bit big-endian timestamp; split because bitwise operators work on 32 bits.
  const high = Math.floor(ms / 2 ** 16);
  const low = ms % 2 ** 16;
  b[0] = (high >>> 24) & 0xff;
  b[1] = (high >>> 16) & 0xff;
  b[2] = (high >>> 8) & 0xff;
  b[3] = high & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  const a = randA ?? (((b[6] ?? 0) << 8) | (b[7] ?? 0)) & 0x0fff;
  b[6] = 0x70 | ((a >>> 8) & 0x0f);
  b[7] = a & 0xff;
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  return format(b);
}

export function uuidv7(now: number = Date.now(), random: RandomFill = defaultRandom): string {
  return build(now, random);
}

export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidV7(s: string): boolean {
  return UUID_V7_PATTERN.test(s);
}

/** Milliseconds encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

export interface UuidV7Generator {
  (now?: number): string;
}

/** A monotonic generator: each id sorts after the previous one from the same generator. */
export function createUuidV7Generator(random: RandomFill = defaultRandom): UuidV7Generator {
  let lastMs = -1;
  let counter = 0;
  return (now = Date.now()) => {
    if (now > lastMs) {
      lastMs = now;
      // Start low in the 12-bit range so many ids fit in one millisecond before borrowing the next.
      counter = ((random(new Uint8Array(1))[0] ?? 0) & 0x7f) << 2;
    } else if (counter < 0x0fff) {
      counter += 1;
    } else {
      lastMs += 1; // counter exhausted: borrow from the next millisecond (RFC 9562 §6.2)
      counter = 0;
    }
    return build(lastMs, random, counter);
  };
}

/** The store's id source. */
export const nextId: UuidV7Generator = createUuidV7Generator();
