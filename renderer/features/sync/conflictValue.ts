import { formatThaiPhone } from '../../../shared/phone';

/** Keys whose string is a phone number (a phone entry's `number`, a contact's `phone`). */
const PHONE_KEYS = new Set(['number', 'phone']);

/**
 * A conflict's value as a care manager reads it: lists and small objects (phones, contacts, address parts)
 * flattened to their words instead of JSON, phone numbers written as everywhere else (081-234-5678). Empty
 * parts are left out; the order is the value's own. `field` is the record field the value belongs to.
 */
export function conflictValueText(v: unknown, field = ''): string {
  if (typeof v === 'string' && PHONE_KEYS.has(field)) return formatThaiPhone(v.trim());
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => conflictValueText(x, field === 'phones' ? 'number' : '')).filter((s) => s !== '').join('; ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([key, x]) => conflictValueText(x, key))
      .filter((s) => s !== '')
      .join(' ');
  }
  return '';
}
