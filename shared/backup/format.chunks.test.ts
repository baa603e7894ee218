// The backup format's round trip whatever the chunking of its input (docs/security.md §3 "Backups"):
// a stream hands over bytes in pieces of any size, so the encrypter must not depend on how the plaintext
// arrives, nor the decrypter on how the file is read (1-byte reads, a header or a length prefix cut in two,
// empty pieces, pieces that arrive asynchronously).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, MIN_PBKDF2_ITERATIONS, decryptBackupStream, encryptBackupStream } from './format';

const PASS = 'แบ่งชิ้น split anywhere';
// Each run derives a key three times: the floor the format allows keeps the property affordable.
const ITERATIONS = MIN_PBKDF2_ITERATIONS;

/** Cuts `bytes` at the given offsets (sorted, clamped, duplicates give empty pieces). */
function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...offsets.map((o) => Math.min(Math.max(o, 0), bytes.length))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    pieces.push(bytes.slice(at, p));
    at = p;
  }
  pieces.push(bytes.slice(at));
  return pieces;
}

function ones(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

/** Hands the pieces over asynchronously, now and then a timer turn apart, as a file or pipe stream does. */
async function* arriving(pieces: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const [i, piece] of pieces.entries()) {
    if (i % 64 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    yield piece;
  }
}

async function collect(parts: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const all: Uint8Array[] = [];
  for await (const p of parts) all.push(p);
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A plaintext and a chunk size, with lengths on and around whole-chunk boundaries drawn often. */
const plainAndChunk = fc.integer({ min: 1, max: 97 }).chain((chunkSize) =>
  fc
    .oneof(
      fc.integer({ min: 0, max: 600 }),
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(-1, 0, 1)).map(([k, d]) => Math.max(0, k * chunkSize + d)),
    )
    .chain((length) => fc.tuple(fc.constant(chunkSize), fc.uint8Array({ minLength: length, maxLength: length }))),
);

describe('backup format: any chunking round-trips', () => {
  it('encrypting plaintext split anywhere and decrypting the file read in any pieces gives the plaintext back', async () => {
    await fc.assert(
      fc.asyncProperty(
        plainAndChunk,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: -6, max: 6 }),
        async ([chunkSize, plain], plainCuts, fileCuts, aroundHeader) => {
          const file = await collect(
            encryptBackupStream(arriving(cut(plain, plainCuts.map((c) => c % (plain.length + 1)))), PASS, { kind: 'device', chunkSize, iterations: ITERATIONS }),
          );
          // One cut at most a few bytes from the header's end or inside the first length prefix.
          const offsets = [...fileCuts.map((c) => c % (file.length + 1)), HEADER_BYTES + aroundHeader];
          expect(await collect(decryptBackupStream(arriving(cut(file, offsets)), PASS))).toEqual(plain);
          expect(await collect(decryptBackupStream(cut(file, offsets), PASS))).toEqual(plain);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it('round-trips when both sides get one byte at a time', async () => {
    const plain = Uint8Array.from({ length: 257 }, (_, i) => (i * 13 + 5) & 255);
    for (const chunkSize of [1, 16, 257, 300]) {
      const file = await collect(encryptBackupStream(arriving(ones(plain)), PASS, { kind: 'postgres', chunkSize, iterations: ITERATIONS }));
      expect(await collect(decryptBackupStream(arriving(ones(file)), PASS))).toEqual(plain);
    }
  }, 240_000);
});
