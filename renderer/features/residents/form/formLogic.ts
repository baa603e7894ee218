/**
 * Pure pieces of the resident form: how an error message is put together, how a typed birth year follows a
 * language switch, which order errors are listed in, and what the address search asks for. No React, no
 * DOM: unit-tested in node.
 */
import type { Era } from '../../../../shared/dates/thaiDate';
import { cleanText } from '../../../../shared/text/normalise';
import { compareFieldPaths, labelledError } from '../../../ui/form/errors';

const BE_OFFSET = 543;

function asciiDigits(s: string): string {
  return s.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

/** The typed value as a 4-digit year, or null (Thai digits and surrounding spaces are accepted). */
export function typedYear(value: string): number | null {
  const v = asciiDigits(cleanText(value));
  return /^\d{4}$/.test(v) ? Number(v) : null;
}

// As in shared checkBirthYear: 1800–2299 reads as a CE year, 2300 and above as BE.
const ERA_SPLIT = 2300;

/**
 * Converts a typed birth year when the UI switches era (Thai shows BE, English CE) so it keeps its meaning.
 * A year that already reads as the target era (say 2490 typed into the CE field by mistake, then the user
 * switches to Thai) is left alone: that is what the user meant. Anything not a 4-digit year is left as typed.
 */
export function convertBirthYear(value: string, from: Era, to: Era): string {
  if (from === to) return value;
  const year = typedYear(value);
  if (year === null) return value;
  const readsAsBE = year >= ERA_SPLIT;
  if (from === 'CE' && to === 'BE') return readsAsBE ? value : String(year + BE_OFFSET);
  return readsAsBE ? String(year - BE_OFFSET) : value;
}

/**
 * Parameters for a validation message. The resolver does not pass zod's issue params through, so what the
 * message needs is recomputed from the raw typed value: the suggested year for an era mix-up, the number of
 * digits for a wrong-length national ID.
 */
export function errorParams(code: string, typed: string): Record<string, string | number> {
  const params: Record<string, string | number> = { typed: cleanText(typed) };
  const year = typedYear(typed);
  if (code === 'year.looksBuddhist') params.suggestedYear = year === null ? '…' : year - BE_OFFSET;
  if (code === 'year.looksGregorian') params.suggestedYear = year === null ? '…' : year + BE_OFFSET;
  if (code === 'thaiId.length' || code === 'thaiId.chars') params.digits = (typed.match(/[0-9๐-๙]/g) ?? []).length;
  return params;
}

export type TranslateCode = (code: string, params?: Record<string, unknown>) => string;

/** "<field label>: <what is wrong and how to fix it>", in the current language. */
export function fieldErrorText(label: string, code: string, typed: string, tCode: TranslateCode): string {
  return labelledError(label, tCode(code, errorParams(code, typed)));
}

/**
 * Field names in the order the form shows them (birth date is day, month, year as Thai writes it). Error
 * lists follow this order so the summary reads top to bottom and focus goes to the first one on screen.
 */
export const FIELD_ORDER = [
  'prefix', 'prefixOther', 'firstName', 'lastName', 'nickname', 'sex',
  'idMode', 'nationalId', 'noIdReason',
  'birthDay', 'birthMonth', 'birthYear',
  'communityId', 'address', 'houseNo', 'moo', 'village', 'soi', 'road', 'subDistrict', 'district', 'province', 'postalCode',
  'gps', 'lat', 'lng', 'accuracy',
  'phones', 'number', 'label',
  'contacts', 'name', 'relationship', 'phone', 'isCaregiver',
  'coverage', 'diseases', 'otherDiseases', 'allergyStatus', 'allergies', 'substance', 'reaction',
  'medications', 'dose', 'frequency',
  'livingSituation', 'language', 'interpreterNeeded', 'notes',
] as const;

/** Orders dotted paths by the resident form's layout. */
export function compareResidentPaths(a: string, b: string): number {
  return compareFieldPaths(a, b, FIELD_ORDER);
}

export type AddressQuery = { kind: 'postal'; code: string } | { kind: 'name'; text: string } | null;

// Written Thai puts these before a sub-district name; the data has bare names.
const SUB_DISTRICT_PREFIX = /^(ตำบล|แขวง|ต\.|ต\s)\s*/;

/**
 * What the address search box asks the address data for: 3–5 digits search postal codes (by prefix),
 * anything else of at least 2 characters searches sub-district names. Shorter input asks nothing.
 */
export function addressQuery(raw: string): AddressQuery {
  const v = asciiDigits(cleanText(raw));
  if (/^\d+$/.test(v)) return v.length >= 3 && v.length <= 5 ? { kind: 'postal', code: v } : null;
  const text = v.replace(SUB_DISTRICT_PREFIX, '').trim();
  return text.length >= 2 ? { kind: 'name', text } : null;
}

