/**
 * The bootstrap's hot path (docs/sync-protocol.md §6.6): a chunk line of up to BOOTSTRAP_CHUNK_MAX rows
 * checked by plain code instead of zod. The app's CSP forbids eval, so zod runs without its compiled fast
 * path there, and a first sync checks 210,000 rows.
 *
 * Invariants:
 * - isChange(x, compact) accepts exactly the JSON values that the zod schema `Change` (with `compact`, the
 *   `changes` item of `CompactBootstrapLine`) accepts and that hold no `__proto__`/`constructor`/`prototype`
 *   key (formats.ts hasForbiddenKey; zod's records drop `__proto__` silently, the protocol refuses such
 *   bodies), data values included (formats.ts checkJsonValue, JSON_LIMITS). checkChunkLine does the same for
 *   a whole chunk line against `BootstrapChunk` (`CompactBootstrapLine`'s chunk with `compact`).
 * - An accepted value is returned as it came, deep-equal to what zod's parse returns.
 * - The zod schemas in protocol.ts stay the documented source of truth (docs/protocol-schemas.json is
 *   generated from them); changeCheck.test.ts holds the two equal with property tests over random lines and
 *   random corruptions of every field.
 */
import { HLC_DEFAULT_KEY } from '../envelope';
import { FIELD_NAME_RE, HLC_RE, JSON_LIMITS, TOMBSTONE_FIELD, UUID_RE } from './formats';
import { BUCKET_RE } from './scope';

/** zod's `z.iso.datetime({ offset: false })`: a valid calendar date, `T`, a valid time with seconds, optional fraction, `Z`. */
const ISO_INSTANT_RE =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z))$/;
const BASE64URL_RE = /^[A-Za-z0-9_-]+$/;
/** protocol.ts MAX_CURSOR_LENGTH (not imported: protocol.ts imports this module). */
const MAX_POSITION_LENGTH = 12_000;
/** protocol.ts BOOTSTRAP_CHUNK_MAX. */
const CHUNK_MAX = 30_000;

const CHANGE_KEYS: ReadonlySet<string> = new Set(['type', 'id', 'bucket', 'seq', 'deleted', 'data', 'hlc', 'fieldSeq', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deviceId']);
const CHUNK_KEYS: ReadonlySet<string> = new Set(['kind', 'position', 'from', 'to', 'remaining', 'changes']);
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const hasOwn = Object.prototype.hasOwnProperty;

/** Plain objects as JSON.parse makes them (zod's isPlainObject for those). */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
/** zod `z.number().int().min(min).max(Number.MAX_SAFE_INTEGER)`. */
const isSeq = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** Field names already checked (a few dozen distinct ones recur in every row). */
const knownFieldNames = new Set<string>();
function isFieldName(k: string): boolean {
  if (knownFieldNames.has(k)) return true;
  if (!FIELD_NAME_RE.test(k) || FORBIDDEN_KEYS.has(k)) return false;
  if (knownFieldNames.size < 10_000) knownFieldNames.add(k);
  return true;
}
const isFieldKey = (k: string): boolean => k === TOMBSTONE_FIELD || isFieldName(k);

/** Instants already checked (a row's createdAt and updatedAt are often the same). */
let lastInstant: string | null = null;
function isInstant(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  if (v === lastInstant) return true;
  if (!ISO_INSTANT_RE.test(v)) return false;
  lastInstant = v;
  return true;
}

const digits2 = (s: string, at: number): number => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * formats.ts isHlc without its Date round trip (a third of the check's time): the format, then a real
 * calendar date and time (months 1–12, the month's days, leap years, hours 0–23, minutes and seconds 0–59).
 */
export function isHlcString(v: unknown): boolean {
  if (typeof v !== 'string' || !HLC_RE.test(v)) return false;
  const year = digits2(v, 0) * 100 + digits2(v, 2);
  const month = digits2(v, 5);
  const day = digits2(v, 8);
  if (month < 1 || month > 12 || day < 1 || digits2(v, 11) > 23 || digits2(v, 14) > 59 || digits2(v, 17) > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0));
}

/** checkJsonValue(v) === null (formats.ts), without building the paths of its messages. */
function isJsonValue(v: unknown, depth: number): boolean {
  // The common cases first: most data values are strings and numbers.
  if (typeof v === 'string') return v.length <= JSON_LIMITS.maxStringLength;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v !== 'object') return false;
  if (depth >= JSON_LIMITS.maxDepth) return false;
  if (Array.isArray(v)) {
    if (v.length > JSON_LIMITS.maxArrayLength) return false;
    for (let i = 0; i < v.length; i++) if (!isJsonValue(v[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length > JSON_LIMITS.maxObjectKeys) return false;
  for (const k of keys) {
    if (k.length > JSON_LIMITS.maxKeyLength || FORBIDDEN_KEYS.has(k)) return false;
    if (!isJsonValue(o[k], depth + 1)) return false;
  }
  return true;
}

/** `data`: protocol.ts Fields. */
function isFields(v: unknown): boolean {
  if (!isRecord(v)) return false;
  for (const k in v) {
    if (!hasOwn.call(v, k) || !isFieldName(k) || !isJsonValue(v[k], 0)) return false;
  }
  return true;
}

/** `hlc`: FieldMap(HlcString), or with `compact` also `*`. The fields of one mutation share a stamp: each distinct one is checked once. */
function isHlcMap(v: unknown, compact: boolean): boolean {
  if (!isRecord(v)) return false;
  let last: string | null = null;
  for (const k in v) {
    if (!hasOwn.call(v, k)) return false;
    if (!isFieldKey(k) && !(compact && k === HLC_DEFAULT_KEY)) return false;
    const h = v[k];
    if (typeof h !== 'string') return false;
    if (h !== last) {
      if (!isHlcString(h)) return false;
      last = h;
    }
  }
  return true;
}

/** `fieldSeq`: FieldMap(Seq). */
function isSeqMap(v: unknown): boolean {
  if (!isRecord(v)) return false;
  for (const k in v) if (!hasOwn.call(v, k) || !isFieldKey(k) || !isSeq(v[k], 0)) return false;
  return true;
}

/** One row of a chunk (see the header). */
export function isChange(x: unknown, compact: boolean): boolean {
  if (!isRecord(x)) return false;
  for (const k in x) if (!CHANGE_KEYS.has(k) || !hasOwn.call(x, k)) return false;
  if (!isString(x.type, 1, 40) || typeof x.id !== 'string' || !UUID_RE.test(x.id)) return false;
  if (typeof x.bucket !== 'string' || !BUCKET_RE.test(x.bucket)) return false;
  if (!isSeq(x.seq, 1) || typeof x.deleted !== 'boolean') return false;
  if (!isInstant(x.createdAt) || !isInstant(x.updatedAt)) return false;
  if (!isString(x.createdBy, 1, 64) || !isString(x.updatedBy, 1, 64) || !isString(x.deviceId, 1, 64)) return false;
  if (!isHlcMap(x.hlc, compact) || !isFields(x.data)) return false;
  if (x.fieldSeq !== undefined && !isSeqMap(x.fieldSeq)) return false;
  // The tombstone rule (Change's refine): a deleted row carries the stamp of its deletion.
  return !x.deleted || (x.hlc as Record<string, unknown>)[TOMBSTONE_FIELD] !== undefined;
}

/** A chunk's `from` (nullable) and `to`: { type, id }. */
function isRangeKey(v: unknown): boolean {
  if (!isRecord(v)) return false;
  for (const k in v) if ((k !== 'type' && k !== 'id') || !hasOwn.call(v, k)) return false;
  return isString(v.type, 1, 40) && typeof v.id === 'string' && UUID_RE.test(v.id);
}

/** A chunk line (see the header): the line itself when it is one, else null. */
export function checkChunkLine<T>(x: unknown, compact: boolean): T | null {
  if (!isRecord(x)) return null;
  for (const k in x) if (!CHUNK_KEYS.has(k) || !hasOwn.call(x, k)) return null;
  if (x.kind !== 'chunk') return null;
  if (!isString(x.position, 1, MAX_POSITION_LENGTH) || !BASE64URL_RE.test(x.position)) return null;
  if (x.from !== null && !isRangeKey(x.from)) return null;
  if (!isRangeKey(x.to) || !isSeq(x.remaining, 0)) return null;
  const changes = x.changes;
  if (!Array.isArray(changes) || changes.length < 1 || changes.length > CHUNK_MAX) return null;
  for (let i = 0; i < changes.length; i++) if (!isChange(changes[i], compact)) return null;
  return x as T;
}
