/**
 * Thai phone numbers (docs/domain.md §2). Stored normalised: domestic digits only, leading 0.
 * Mobile: 10 digits, 06/08/09. Landline: 9 digits, area codes 02 (Bangkok, Pathum Thani…), 03, 04, 05, 07
 * (06 is mobile-only).
 */

const FORMATTING = /[\s\-\u2010-\u2015\u2212.()\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Thai digits → ASCII, formatting removed, international forms (+66, 66, 0066, optionally followed by the
 * trunk 0 written as "(0)") → the domestic leading 0. Other characters are kept so validation can report them.
 */
export function normaliseThaiPhone(input: string): string {
  const s = input.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(FORMATTING, '');
  // A domestic number always starts with 0 (never 66), so a leading 66 can only be the country code.
  const intl = /^(?:\+|00)?66(\d*)$/.exec(s);
  if (intl) return '0' + (intl[1] ?? '').replace(/^0/, '');
  return s;
}

export type ThaiPhoneResult =
  | { ok: true; phone: string; kind: 'mobile' | 'landline' }
  | { ok: false; code: 'phone.chars' | 'phone.length' | 'phone.prefix' };

export function validateThaiPhone(input: string): ThaiPhoneResult {
  const s = normaliseThaiPhone(input);
  if (!/^\d*$/.test(s)) return { ok: false, code: 'phone.chars' };
  if (s === '') return { ok: false, code: 'phone.length' };
  if (/^0[689]/.test(s)) return s.length === 10 ? { ok: true, phone: s, kind: 'mobile' } : { ok: false, code: 'phone.length' };
  if (/^0[2-57]/.test(s)) return s.length === 9 ? { ok: true, phone: s, kind: 'landline' } : { ok: false, code: 'phone.length' };
  // No leading 0 (e.g. an Excel import that dropped it), or 00 / 01.
  return { ok: false, code: 'phone.prefix' };
}

/** `081-234-5678`, `02-123-4567`, `053-123-456`; anything invalid is returned unchanged. */
export function formatThaiPhone(phone: string): string {
  const r = validateThaiPhone(phone);
  if (!r.ok) return phone;
  const p = r.phone;
  if (r.kind === 'mobile') return `${p.slice(0, 3)}-${p.slice(3, 6)}-${p.slice(6)}`;
  if (p.startsWith('02')) return `${p.slice(0, 2)}-${p.slice(2, 5)}-${p.slice(5)}`;
  return `${p.slice(0, 3)}-${p.slice(3, 6)}-${p.slice(6)}`;
}
