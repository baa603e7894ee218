/**
 * Lexical formats and size limits shared by every sync module (wire bodies, records, cursor).
 *
 * Invariants: ids are lower-case UUIDs (so one id has one spelling and never two rows); a client id is
 * 16 lower-case hex digits, the HLC node of its database; field names are camelCase identifiers, so they can
 * never collide with the reserved `$`-prefixed keys (TOMBSTONE_FIELD) or with `__proto__`; JSON values
 * carried in `fields`/`data` are bounded in depth, length and width (checkJsonValue); no stored string (key
 * or value) holds NUL or a lone UTF-16 surrogate (unstorableTextAt), which PostgreSQL refuses in text and
 * jsonb and UTF-8 cannot encode.
 */
import { parseHlc } from '../hlc';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const CLIENT_ID_RE = /^[0-9a-f]{16}$/;
export const FIELD_NAME_RE = /^[a-z][A-Za-z0-9]{0,63}$/;
export const HLC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9A-F]{4}-[0-9a-f]{16}$/;

/**
 * The pseudo-field that holds a record's tombstone in the per-field maps (`hlc`, `fieldSeq`, `fieldBy`) and
 * in conflicts: a last-writer-wins register whose value is "deleted" (true) or "alive" (false).
 */
export const TOMBSTONE_FIELD = '$deleted';

/** The HLC node the server stamps with when it re-stamps a mutation from the future; no client may use it. */
export const SERVER_HLC_NODE = '0000000000000000';

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

export function isHlc(v: unknown): v is string {
  if (typeof v !== 'string' || !HLC_RE.test(v)) return false;
  try {
    parseHlc(v); // also refuses impossible dates such as 2025-02-30
    return true;
  } catch {
    return false;
  }
}

export const JSON_LIMITS = {
  /** Nesting of arrays/objects inside one value; a field value such as `contacts[0].phone` is depth 2. */
  maxDepth: 8,
  maxStringLength: 10_000,
  maxArrayLength: 500,
  maxObjectKeys: 200,
  maxKeyLength: 64,
} as const;

/**
 * Null when `v` is plain JSON within JSON_LIMITS; otherwise a short reason with its path. Refuses
 * non-finite numbers, `undefined`, functions, class instances and the keys `__proto__`/`constructor`/
 * `prototype`, so a value that passes survives a JSON round trip unchanged.
 */
export function checkJsonValue(v: unknown, path = '', depth = 0): string | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : `${path || 'value'}: not a finite number`;
  if (typeof v === 'string') return v.length <= JSON_LIMITS.maxStringLength ? null : `${path || 'value'}: string longer than ${JSON_LIMITS.maxStringLength}`;
  if (typeof v !== 'object') return `${path || 'value'}: not JSON`;
  if (depth >= JSON_LIMITS.maxDepth) return `${path || 'value'}: nested deeper than ${JSON_LIMITS.maxDepth}`;
  if (Array.isArray(v)) {
    if (v.length > JSON_LIMITS.maxArrayLength) return `${path || 'value'}: more than ${JSON_LIMITS.maxArrayLength} items`;
    for (let i = 0; i < v.length; i++) {
      const r = checkJsonValue(v[i], `${path}[${i}]`, depth + 1);
      if (r !== null) return r;
    }
    return null;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return `${path || 'value'}: not a plain object`;
  const keys = Object.keys(v);
  if (keys.length > JSON_LIMITS.maxObjectKeys) return `${path || 'value'}: more than ${JSON_LIMITS.maxObjectKeys} keys`;
  for (const k of keys) {
    if (k.length > JSON_LIMITS.maxKeyLength || FORBIDDEN_KEYS.has(k)) return `${path || 'value'}: key not allowed: ${k.slice(0, 64)}`;
    const r = checkJsonValue((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1);
    if (r !== null) return r;
  }
  return null;
}

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSTORABLE_RE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Visit {
  value: unknown;
  parent: Visit | null;
  key: string;
}

function pathOf(v: Visit): string {
  const parts: string[] = [];
  for (let at: Visit | null = v; at !== null && at.parent !== null; at = at.parent) parts.push(at.key);
  return parts.reverse().join('.');
}

/**
 * The path (`a.b.2`, '' for the value itself) of the first string in `v` (an object key or a value) that
 * holds NUL or a lone surrogate, or null when there is none. A bad key is named `(key)` in the path, so the
 * path never carries the bad text itself. Walks with its own stack: any nesting depth is safe.
 */
export function unstorableTextAt(v: unknown): string | null {
  const stack: Visit[] = [{ value: v, parent: null, key: '' }];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    const x = at.value;
    if (typeof x === 'string') {
      if (UNSTORABLE_RE.test(x)) return pathOf(at);
    } else if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push({ value: x[i] as unknown, parent: at, key: String(i) });
    } else if (typeof x === 'object' && x !== null) {
      const entries = Object.entries(x);
      for (const [k] of entries) if (UNSTORABLE_RE.test(k)) return pathOf({ value: null, parent: at, key: '(key)' });
      // Pushed last to first, so the walk meets values in document order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i] as [string, unknown];
        stack.push({ value: child, parent: at, key: k });
      }
    }
  }
  return null;
}

/**
 * Whether a parsed JSON body holds a `__proto__`/`constructor`/`prototype` key anywhere. zod records drop
 * such keys silently; bodies are refused instead, so a key is never ignored.
 */
export function hasForbiddenKey(v: unknown, depth = 0): boolean {
  if (typeof v !== 'object' || v === null || depth > 64) return false;
  if (Array.isArray(v)) return v.some((x) => hasForbiddenKey(x, depth + 1));
  for (const k of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(k) || hasForbiddenKey((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}
