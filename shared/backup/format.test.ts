import { describe, expect, it } from 'vitest';
import {
  BackupError,
  DEFAULT_PBKDF2_ITERATIONS,
  HEADER_BYTES,
  decryptBackupStream,
  encryptBackup,
  encryptBackupStream,
  openBackup,
  readBackupHeader,
  type BackupErrorCode,
} from './format';

const PASS = 'ลืมไม่ได้ correct horse';
const CHUNK = 1000;

function sample(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 255;
  return out;
}

/** Splits a file into its header and framed chunks (each with its 4-byte length). */
function frames(file: Uint8Array): { header: Uint8Array; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  let at = HEADER_BYTES;
  while (at < file.length) {
    const length = new DataView(file.buffer, file.byteOffset + at, 4).getUint32(0, false);
    chunks.push(file.slice(at, at + 4 + length));
    at += 4 + length;
  }
  return { header: file.slice(0, HEADER_BYTES), chunks };
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function failure(run: () => Promise<unknown>): Promise<BackupErrorCode | 'no error'> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    if (error instanceof BackupError) return error.code;
    throw error;
  }
}

/** Everything the streaming reader handed out before it failed: must be checked by callers, here only counted. */
async function streamed(file: Uint8Array, passphrase: string): Promise<{ chunks: number; code: BackupErrorCode | 'no error' }> {
  let chunks = 0;
  const code = await failure(async () => {
    for await (const _ of decryptBackupStream([file], passphrase)) chunks++;
  });
  return { chunks, code };
}

describe('backup file format', () => {
  // One file of 3.5 chunks, made once: key derivation at the real iteration count is the slow part.
  const plain = sample(3 * CHUNK + 500);
  const made = encryptBackup(plain, PASS, { kind: 'device', chunkSize: CHUNK });

  it('round-trips, with the default 600,000 PBKDF2 iterations in the header', async () => {
    const file = await made;
    expect(await openBackup(file, PASS)).toEqual(plain);
    const header = await readBackupHeader(file);
    expect(header).toMatchObject({ kind: 'device', iterations: DEFAULT_PBKDF2_ITERATIONS, chunkSize: CHUNK });
    expect(DEFAULT_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(frames(file).chunks).toHaveLength(4);
  });

  it('round-trips empty input and input of exactly whole chunks, streamed in odd pieces', async () => {
    for (const input of [new Uint8Array(0), sample(2 * CHUNK)]) {
      const pieces = [input.subarray(0, 7), input.subarray(7, 1500), input.subarray(1500)];
      const parts: Uint8Array[] = [];
      for await (const p of encryptBackupStream(pieces, PASS, { kind: 'pglite', chunkSize: CHUNK, iterations: 100_000 })) parts.push(p);
      const file = join(parts);
      const out: Uint8Array[] = [];
      // Read back one byte at a time: the reader must not depend on how its input is cut.
      const bytes = Array.from(file, (b) => new Uint8Array([b]));
      for await (const p of decryptBackupStream(bytes, PASS)) out.push(p);
      expect(join(out)).toEqual(input);
    }
  });

  it('encrypts: the plaintext does not appear and two files of the same input differ', async () => {
    const marker = new Uint8Array(Array.from('MARKER-ผู้สูงอายุ-1234', (c) => c.charCodeAt(0) & 255));
    const input = join([sample(100), marker, sample(100)]);
    const a = await encryptBackup(input, PASS, { kind: 'device', iterations: 100_000 });
    const b = await encryptBackup(input, PASS, { kind: 'device', iterations: 100_000 });
    const hex = (bytes: Uint8Array): string => Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(a).includes(hex(marker))).toBe(false);
    expect(hex(a)).not.toBe(hex(b));
  });

  it('refuses a wrong passphrase with backup_wrong_key and yields nothing', async () => {
    const file = await made;
    expect(await streamed(file, 'not the passphrase')).toEqual({ chunks: 0, code: 'backup_wrong_key' });
    expect(await failure(() => openBackup(file, PASS.normalize('NFD') + ' '))).toBe('backup_wrong_key');
  });

  it('gives backup_corrupt for a flipped byte anywhere in a chunk or the header', async () => {
    const file = await made;
    const { header, chunks } = frames(file);
    const positions = [HEADER_BYTES + 4, HEADER_BYTES + 200, HEADER_BYTES + (chunks[0]?.length ?? 0) + 10, file.length - 1, 3, 20, HEADER_BYTES - 1];
    for (const at of positions) {
      const bad = file.slice();
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      expect(await failure(() => openBackup(bad, PASS)), `byte ${at}`).toBe('backup_corrupt');
    }
    expect(header.length).toBe(HEADER_BYTES);
  });

  it('gives backup_corrupt for a dropped last chunk, swapped chunks, a duplicated chunk, truncation and trailing bytes', async () => {
    const file = await made;
    const { header, chunks } = frames(file);
    const [c0, c1, c2, c3] = chunks as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const cases: Record<string, Uint8Array> = {
      'dropped last chunk': join([header, c0, c1, c2]),
      'dropped middle chunk': join([header, c0, c2, c3]),
      'swapped chunks': join([header, c1, c0, c2, c3]),
      'duplicated chunk': join([header, c0, c0, c1, c2, c3]),
      'cut inside a chunk': file.slice(0, file.length - 5),
      'cut inside the header': file.slice(0, 40),
      'header only': header,
      'trailing bytes': join([file, new Uint8Array([0])]),
      'a chunk from another file': new Uint8Array(0),
    };
    const other = frames(await encryptBackup(plain, PASS, { kind: 'device', chunkSize: CHUNK, iterations: 100_000 }));
    cases['a chunk from another file'] = join([header, c0, other.chunks[1] ?? new Uint8Array(0), c2, c3]);
    for (const [name, bad] of Object.entries(cases)) {
      expect(await failure(() => openBackup(bad, PASS)), name).toBe('backup_corrupt');
    }
    // The streaming reader hands out the chunks that verified, then fails: callers commit only at its end.
    expect(await streamed(join([header, c0, c1, c2]), PASS)).toEqual({ chunks: 3, code: 'backup_corrupt' });
  });

  it('refuses a file of another kind before deriving a key', async () => {
    const file = await made;
    expect(await failure(() => openBackup(file, 'whatever', { expectKind: 'postgres' }))).toBe('backup_wrong_kind');
  });

  it('refuses parameters that would stall the reader or weaken the key', async () => {
    await expect(encryptBackup(plain, PASS, { kind: 'device', iterations: 1000 })).rejects.toThrow(RangeError);
    expect(await failure(() => openBackup(new TextEncoder().encode('CRBACKUP but not really a backup file at all........................................'), PASS))).toBe('backup_corrupt');
  });
});
