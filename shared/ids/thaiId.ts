/**
 * Thai national ID (เลขประจำตัวประชาชน), docs/domain.md §2.
 *
 * Invariant: a stored ID is exactly 13 ASCII digits (no dashes), the first not 0, whose last digit is the
 * mod-11 check digit. No ID is issued with a first digit of 0 (it is the person's category, 1–8), yet
 * `0000000000001` and other zero-led strings pass the checksum: they are refused as impossible (a person
 * without an ID is recorded as "no ID" with a reason instead, docs/domain.md §2).
 * The check is weak: every change of the 3rd digit (weight 11) and some changes that move
 * `sum mod 11` between 0 and 10 (both give check digit 1) pass it, so duplicates are still checked by ID.
 */

/** Characters that are only formatting: spaces of any kind, hyphen and dash variants, zero-width chars. */
const FORMATTING = /[\s\-\u2010-\u2015\u2212\u200B-\u200D\u2060\uFEFF]/g;

function thaiDigitsToAscii(s: string): string {
  return s.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

/** Thai digits → ASCII, formatting removed; any other character is kept so validation can report it. */
export function normaliseThaiId(input: string): string {
  return thaiDigitsToAscii(input).replace(FORMATTING, '');
}

/** Check digit for the first 12 digits: (11 − Σ d[i]×(13−i) mod 11) mod 10. */
export function thaiIdCheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError('thaiIdCheckDigit needs exactly 12 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return (11 - (sum % 11)) % 10;
}

export type ThaiIdResult =
  | { ok: true; id: string }
  | { ok: false; code: 'thaiId.chars' | 'thaiId.length' | 'thaiId.leadingZero' | 'thaiId.checksum'; digits: number };

/** `digits` counts the digits found, so the UI can say "12 of 13 digits" (e.g. Excel dropped a leading zero). */
export function validateThaiId(input: string): ThaiIdResult {
  const s = normaliseThaiId(input);
  const digits = s.replace(/\D/g, '').length;
  if (digits !== s.length) return { ok: false, code: 'thaiId.chars', digits };
  if (digits !== 13) return { ok: false, code: 'thaiId.length', digits };
  if (s[0] === '0') return { ok: false, code: 'thaiId.leadingZero', digits };
  if (thaiIdCheckDigit(s.slice(0, 12)) !== Number(s[12])) return { ok: false, code: 'thaiId.checksum', digits };
  return { ok: true, id: s };
}

/** `X-XXXX-XXXXX-XX-X`; anything that does not normalise to 13 digits is returned unchanged. */
export function formatThaiId(id: string): string {
  const s = normaliseThaiId(id);
  if (!/^\d{13}$/.test(s)) return id;
  return `${s.slice(0, 1)}-${s.slice(1, 5)}-${s.slice(5, 10)}-${s.slice(10, 12)}-${s.slice(12)}`;
}

/**
 * For reports and exports: `1-1303-xxxxx-xx-8` (first 5 and last digit shown). Input that is not 13 digits
 * has every digit masked, since we cannot tell which part is safe to show.
 */
export function maskThaiId(id: string): string {
  const s = normaliseThaiId(id);
  if (!/^\d{13}$/.test(s)) return id.replace(/[0-9๐-๙]/g, 'x');
  return `${s.slice(0, 1)}-${s.slice(1, 5)}-xxxxx-xx-${s.slice(12)}`;
}
