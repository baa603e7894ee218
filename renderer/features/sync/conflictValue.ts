/**
 * A conflict's value as a care manager reads it: lists and small objects (phones, contacts, address parts)
 * flattened to their words instead of JSON. Empty parts are left out; the order is the value's own.
 */
export function conflictValueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(conflictValueText).filter((s) => s !== '').join('; ');
  if (typeof v === 'object') {
    return Object.values(v as Record<string, unknown>)
      .map(conflictValueText)
      .filter((s) => s !== '')
      .join(' ');
  }
  return '';
}
