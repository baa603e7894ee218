/**
 * The encrypted backup file (docs/security.md §3 "Backups"), written and read the same way by the device
 * (a browser or Electron's renderer) and by the server's command line (Node 20): WebCrypto only.
 *
 * Layout (all integers big-endian):
 *
 *   header   "CRBACKUP" · version (1) · content kind (1) · KDF id (1 = PBKDF2-SHA-256) · iterations (u32)
 *            · salt (16) · chunk size (u32) · key check (32) · SHA-256 of everything before it (32)
 *   chunks   length (u32) · AES-256-GCM ciphertext with its 16-byte tag, one per `chunkSize` plaintext bytes
 *
 * The passphrase gives 64 bytes through PBKDF2-HMAC-SHA-256 (600,000 iterations, OWASP's 2023 figure) with
 * a random salt: the AES key, and a key that signs the header (the key check, HMAC-SHA-256).
 *
 * Invariants:
 * - Each chunk's nonce is its index (8 bytes) and a last-chunk flag (STREAM, Hoang–Reyhanitabar–Rogaway–
 *   Vizár 2015), and its additional data is the whole header: reordered, dropped, duplicated or moved chunks,
 *   a file cut short (no chunk flagged last), bytes after the last chunk, or any flipped bit fail.
 * - A header whose own checksum fails is `backup_corrupt`; a sound header whose key check fails is
 *   `backup_wrong_key`. A wrong passphrase never reads as corrupt, a damaged file never as a wrong passphrase
 *   (except a header forged with a matching checksum, which is refused either way).
 * - Readers hand out plaintext only after its chunk authenticated; `openBackup` returns nothing unless the
 *   whole file did. Callers that stream (`decryptBackupStream`) must not commit anything before it ends.
 */

export const BACKUP_MAGIC = [0x43, 0x52, 0x42, 0x41, 0x43, 0x4b, 0x55, 0x50] as const; // "CRBACKUP"
export const BACKUP_FORMAT_VERSION = 1;
export const KDF_PBKDF2_SHA256 = 1;
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** A file claiming more is refused before any work: a crafted header must not stall the reader. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
export const MIN_PBKDF2_ITERATIONS = 100_000;
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
const SALT_BYTES = 16;
const TAG_BYTES = 16;
const CHECK_BYTES = 32;
const DIGEST_BYTES = 32;
const FIELDS_BYTES = BACKUP_MAGIC.length + 3 + 4 + SALT_BYTES + 4;
export const HEADER_BYTES = FIELDS_BYTES + CHECK_BYTES + DIGEST_BYTES;

/** What the plaintext is, so a restore refuses a file meant for something else. */
export const BACKUP_KINDS = { device: 1, postgres: 2, pglite: 3 } as const;
export type BackupKind = keyof typeof BACKUP_KINDS;

export type BackupErrorCode = 'backup_wrong_key' | 'backup_corrupt' | 'backup_wrong_kind';

export class BackupError extends Error {
  readonly code: BackupErrorCode;
  constructor(code: BackupErrorCode, detail?: string) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'BackupError';
    this.code = code;
  }
}

// shared/ is compiled without DOM or Node types: the slice of WebCrypto used here, structurally.
type Bytes = Uint8Array<ArrayBuffer>;
type KeyHandle = object;
interface SubtleLike {
  importKey(format: 'raw', key: Bytes, algorithm: string | { name: string; hash?: string }, extractable: false, usages: string[]): Promise<KeyHandle>;
  deriveBits(algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Bytes; iterations: number }, key: KeyHandle, length: number): Promise<ArrayBuffer>;
  encrypt(algorithm: { name: 'AES-GCM'; iv: Bytes; additionalData: Bytes }, key: KeyHandle, data: Bytes): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: 'AES-GCM'; iv: Bytes; additionalData: Bytes }, key: KeyHandle, data: Bytes): Promise<ArrayBuffer>;
  sign(algorithm: 'HMAC', key: KeyHandle, data: Bytes): Promise<ArrayBuffer>;
  digest(algorithm: 'SHA-256', data: Bytes): Promise<ArrayBuffer>;
}
export interface CryptoLike {
  readonly subtle: SubtleLike;
  getRandomValues<T extends Bytes>(array: T): T;
}

function defaultCrypto(): CryptoLike {
  const c = (globalThis as { crypto?: CryptoLike }).crypto;
  if (c?.subtle === undefined) throw new Error('WebCrypto (crypto.subtle) is not available here');
  return c;
}

export interface BackupHeader {
  kind: BackupKind;
  iterations: number;
  salt: Bytes;
  chunkSize: number;
}

interface Keys {
  aes: KeyHandle;
  check: KeyHandle;
}

function u32(view: DataView, at: number): number {
  return view.getUint32(at, false);
}

function headerFields(h: BackupHeader): Bytes {
  const out = new Uint8Array(FIELDS_BYTES);
  const view = new DataView(out.buffer);
  out.set(BACKUP_MAGIC, 0);
  let at = BACKUP_MAGIC.length;
  out[at++] = BACKUP_FORMAT_VERSION;
  out[at++] = BACKUP_KINDS[h.kind];
  out[at++] = KDF_PBKDF2_SHA256;
  view.setUint32(at, h.iterations, false);
  at += 4;
  out.set(h.salt, at);
  at += SALT_BYTES;
  view.setUint32(at, h.chunkSize, false);
  return out;
}

async function deriveKeys(crypto: CryptoLike, passphrase: string, h: BackupHeader): Promise<Keys> {
  const base = await crypto.subtle.importKey('raw', utf8(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: h.salt, iterations: h.iterations }, base, 512),
  );
  const aes = await crypto.subtle.importKey('raw', bits.slice(0, 32), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const check = await crypto.subtle.importKey('raw', bits.slice(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { aes, check };
}

/** UTF-8 of a passphrase, written out by hand: shared/ has no TextEncoder type. NFC first, so "ก่" typed two ways is one passphrase. */
export function utf8(text: string): Bytes {
  const s = text.normalize('NFC');
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

function nonceFor(index: number, last: boolean): Bytes {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(0, BigInt(index), false);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export interface EncryptOptions {
  kind: BackupKind;
  iterations?: number;
  chunkSize?: number;
  crypto?: CryptoLike;
}

/** Regroups a byte stream into pieces of exactly `size` bytes (the last may be shorter, or empty). */
async function* regroup(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, size: number): AsyncGenerator<Bytes> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const piece of input) {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(size - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  yield buffer.slice(0, filled);
}

/**
 * Encrypts a stream: yields the header, then one framed chunk per `chunkSize` bytes. A chunk is held back
 * until the next one exists, so the last one is known when it is sealed (an empty input gives one empty last chunk).
 */
export async function* encryptBackupStream(
  plaintext: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  passphrase: string,
  options: EncryptOptions,
): AsyncGenerator<Bytes> {
  const crypto = options.crypto ?? defaultCrypto();
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) throw new RangeError('iterations out of range');
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new RangeError('chunkSize out of range');
  const header: BackupHeader = { kind: options.kind, iterations, chunkSize, salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)) };
  const keys = await deriveKeys(crypto, passphrase, header);
  const fields = headerFields(header);
  const check = new Uint8Array(await crypto.subtle.sign('HMAC', keys.check, fields));
  const signed = concat([fields, check]);
  const headerBytes = concat([signed, new Uint8Array(await crypto.subtle.digest('SHA-256', signed))]);
  yield headerBytes;

  let index = 0;
  let pending: Bytes | null = null;
  const seal = async (data: Bytes, last: boolean): Promise<Bytes> => {
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonceFor(index++, last), additionalData: headerBytes }, keys.aes, data));
    const framed = new Uint8Array(4 + sealed.length);
    new DataView(framed.buffer).setUint32(0, sealed.length, false);
    framed.set(sealed, 4);
    return framed;
  };
  for await (const piece of regroup(plaintext, chunkSize)) {
    if (pending !== null) yield await seal(pending, false);
    pending = piece;
  }
  yield await seal(pending ?? new Uint8Array(0), true);
}

function concat(parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function encryptBackup(plaintext: Uint8Array, passphrase: string, options: EncryptOptions): Promise<Bytes> {
  const parts: Bytes[] = [];
  for await (const part of encryptBackupStream([plaintext], passphrase, options)) parts.push(part);
  return concat(parts);
}

/** Reads exactly `n` bytes from a byte stream, or fewer at its end. */
class ByteReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private done = false;
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

  constructor(input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.iterator = Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  }

  async read(n: number): Promise<Bytes> {
    while (this.buffer.length < n && !this.done) {
      const next = await this.iterator.next();
      if (next.done === true) this.done = true;
      else this.buffer = concat([this.buffer, next.value]);
    }
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.subarray(out.length);
    return out;
  }

  async atEnd(): Promise<boolean> {
    return (await this.read(1)).length === 0;
  }
}

/** Parses and checks the header's own checksum; no key needed. */
async function readHeader(crypto: CryptoLike, bytes: Bytes): Promise<BackupHeader> {
  if (bytes.length < HEADER_BYTES) throw new BackupError('backup_corrupt', 'header too short');
  if (!equalBytes(bytes.subarray(0, BACKUP_MAGIC.length), new Uint8Array(BACKUP_MAGIC))) throw new BackupError('backup_corrupt', 'not a CareRounds backup');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice(0, FIELDS_BYTES + CHECK_BYTES)));
  if (!equalBytes(digest, bytes.subarray(FIELDS_BYTES + CHECK_BYTES, HEADER_BYTES))) throw new BackupError('backup_corrupt', 'header checksum');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = BACKUP_MAGIC.length;
  const version = bytes[at++];
  const kindId = bytes[at++];
  const kdf = bytes[at++];
  const iterations = u32(view, at);
  at += 4;
  const salt = bytes.slice(at, at + SALT_BYTES);
  at += SALT_BYTES;
  const chunkSize = u32(view, at);
  const kind = (Object.keys(BACKUP_KINDS) as BackupKind[]).find((k) => BACKUP_KINDS[k] === kindId);
  if (version !== BACKUP_FORMAT_VERSION || kdf !== KDF_PBKDF2_SHA256 || kind === undefined) throw new BackupError('backup_corrupt', 'unknown version, kind or KDF');
  if (iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new BackupError('backup_corrupt', 'parameters out of range');
  }
  return { kind, iterations, salt, chunkSize };
}

export interface DecryptOptions {
  /** Refuse a file of another kind (`backup_wrong_kind`) before deriving any key. */
  expectKind?: BackupKind;
  crypto?: CryptoLike;
  /** Called once the passphrase is known to be right, before any chunk is read. */
  onHeader?: (header: BackupHeader) => void;
}

/**
 * Decrypts a stream, yielding each chunk's plaintext once it authenticated. Throws `backup_wrong_key`,
 * `backup_corrupt` or `backup_wrong_kind`; the generator finishing normally is the only proof the file was whole.
 */
export async function* decryptBackupStream(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  passphrase: string,
  options: DecryptOptions = {},
): AsyncGenerator<Bytes> {
  const crypto = options.crypto ?? defaultCrypto();
  const reader = new ByteReader(input);
  const headerBytes = await reader.read(HEADER_BYTES);
  const header = await readHeader(crypto, headerBytes);
  if (options.expectKind !== undefined && header.kind !== options.expectKind) throw new BackupError('backup_wrong_kind', header.kind);
  const keys = await deriveKeys(crypto, passphrase, header);
  const check = new Uint8Array(await crypto.subtle.sign('HMAC', keys.check, headerBytes.slice(0, FIELDS_BYTES)));
  if (!equalBytes(check, headerBytes.subarray(FIELDS_BYTES, FIELDS_BYTES + CHECK_BYTES))) throw new BackupError('backup_wrong_key');
  options.onHeader?.(header);

  for (let index = 0; ; index++) {
    const lengthBytes = await reader.read(4);
    if (lengthBytes.length < 4) throw new BackupError('backup_corrupt', 'ends before its last chunk');
    const length = u32(new DataView(lengthBytes.buffer), 0);
    if (length < TAG_BYTES || length > header.chunkSize + TAG_BYTES) throw new BackupError('backup_corrupt', `chunk ${index} length`);
    const sealed = await reader.read(length);
    if (sealed.length < length) throw new BackupError('backup_corrupt', 'ends inside a chunk');
    // The flag is not stored: a chunk opens under exactly one of the two nonces, and that says whether it is last.
    const open = async (last: boolean): Promise<Bytes | null> => {
      try {
        return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonceFor(index, last), additionalData: headerBytes }, keys.aes, sealed));
      } catch {
        return null;
      }
    };
    const middle = await open(false);
    if (middle !== null) {
      if (middle.length !== header.chunkSize) throw new BackupError('backup_corrupt', `chunk ${index} size`);
      yield middle;
      continue;
    }
    const last = await open(true);
    if (last === null) throw new BackupError('backup_corrupt', `chunk ${index} does not authenticate`);
    if (!(await reader.atEnd())) throw new BackupError('backup_corrupt', 'bytes after the last chunk');
    yield last;
    return;
  }
}

/** Decrypts a whole file in memory; returns its plaintext only when every chunk, the last included, verified. */
export async function openBackup(file: Uint8Array, passphrase: string, options: DecryptOptions = {}): Promise<Bytes> {
  const parts: Bytes[] = [];
  for await (const part of decryptBackupStream([file], passphrase, options)) parts.push(part);
  return concat(parts);
}

/** Reads the header alone (kind, KDF parameters) to describe a file before asking for its passphrase. */
export async function readBackupHeader(file: Uint8Array, crypto: CryptoLike = defaultCrypto()): Promise<BackupHeader> {
  return readHeader(crypto, file.slice(0, HEADER_BYTES));
}
