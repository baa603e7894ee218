/**
 * Equality of JSON values as the sync wire sees them (JSON.stringify, then parse):
 * - object key order does not matter;
 * - an object member holding `undefined` is the same as an absent one (JSON drops it), so `{ a: undefined }`
 *   equals `{}`; an `undefined` array item is the same as `null` (JSON writes it as null);
 * - anything else compares by `===` (numbers, strings, booleans, null).
 * Used wherever a write decides whether a value changed (patches, care plans, visit amendments, read models),
 * so "changed" means the same everywhere: a value equal here would reach the server unchanged.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const xs = a as readonly unknown[];
    const ys = b as readonly unknown[];
    if (xs.length !== ys.length) return false;
    for (let i = 0; i < xs.length; i++) if (!jsonEqual(xs[i] ?? null, ys[i] ?? null)) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of Object.keys(ao)) if (!jsonEqual(ao[k], bo[k])) return false;
  // Members only in b: equal only if they hold undefined (members in both were compared above).
  for (const k of Object.keys(bo)) if (bo[k] !== undefined && !Object.prototype.hasOwnProperty.call(ao, k)) return false;
  return true;
}
