/**
 * The unsaved copy of the resident form, kept in sessionStorage per route so that even a reload (or a power
 * blip on a shared laptop) does not lose what was typed. Cleared on a successful save or an explicit cancel.
 * Stored with the era the birth year was typed in, so restoring in the other language converts it.
 */
import type { Era } from '../../../../shared/dates/thaiDate';
import { emptyResidentForm, type ResidentFormValues } from '../../../../shared/resident';
import { convertBirthYear } from './formLogic';

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function draftKey(routeHref: string): string {
  return `carerounds.draft:${routeHref}`;
}

interface StoredDraft {
  era: Era;
  values: ResidentFormValues;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown, fallback: string): string {
  return typeof x === 'string' ? x : fallback;
}

function rows<T extends Record<string, unknown>>(x: unknown, template: T): T[] {
  if (!Array.isArray(x)) return [];
  return x.filter(isRecord).map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) out[k] = typeof row[k] === typeof v ? row[k] : v;
    return out as T;
  });
}

/**
 * Rebuilds form values from stored JSON field by field against the empty form, so a draft written by an
 * older build (or tampered with) can never put a non-string into a text input or crash the form.
 */
export function reviveFormValues(raw: unknown): ResidentFormValues {
  const empty = emptyResidentForm();
  if (!isRecord(raw)) return empty;
  const address = isRecord(raw.address) ? raw.address : {};
  const gps = isRecord(raw.gps) ? raw.gps : {};
  return {
    prefix: str(raw.prefix, empty.prefix),
    prefixOther: str(raw.prefixOther, empty.prefixOther),
    firstName: str(raw.firstName, empty.firstName),
    lastName: str(raw.lastName, empty.lastName),
    nickname: str(raw.nickname, empty.nickname),
    sex: str(raw.sex, empty.sex),
    idMode: raw.idMode === 'none' ? 'none' : 'thai',
    nationalId: str(raw.nationalId, empty.nationalId),
    noIdReason: str(raw.noIdReason, empty.noIdReason),
    birthYear: str(raw.birthYear, empty.birthYear),
    birthMonth: str(raw.birthMonth, empty.birthMonth),
    birthDay: str(raw.birthDay, empty.birthDay),
    communityId: str(raw.communityId, empty.communityId),
    address: {
      houseNo: str(address.houseNo, ''),
      moo: str(address.moo, ''),
      village: str(address.village, ''),
      soi: str(address.soi, ''),
      road: str(address.road, ''),
      subDistrict: str(address.subDistrict, ''),
      district: str(address.district, ''),
      province: str(address.province, ''),
      postalCode: str(address.postalCode, ''),
    },
    gps: { lat: str(gps.lat, ''), lng: str(gps.lng, ''), accuracy: str(gps.accuracy, '') },
    phones: rows(raw.phones, { number: '', label: '' }),
    contacts: rows(raw.contacts, { name: '', relationship: '', phone: '', isCaregiver: false }),
    coverage: str(raw.coverage, empty.coverage),
    diseases: Array.isArray(raw.diseases) ? raw.diseases.filter((d): d is string => typeof d === 'string') : [],
    otherDiseases: str(raw.otherDiseases, empty.otherDiseases),
    allergyStatus: str(raw.allergyStatus, empty.allergyStatus),
    allergies: rows(raw.allergies, { substance: '', reaction: '' }),
    medications: rows(raw.medications, { name: '', dose: '', frequency: '' }),
    livingSituation: str(raw.livingSituation, empty.livingSituation),
    language: str(raw.language, empty.language),
    interpreterNeeded: raw.interpreterNeeded === true,
    notes: str(raw.notes, empty.notes),
  };
}

/** The saved draft in the current era, or null if there is none (or storage is unavailable). */
export function readDraft(storage: DraftStorage | null, key: string, era: Era): ResidentFormValues | null {
  if (!storage) return null;
  try {
    const text = storage.getItem(key);
    if (text === null) return null;
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) return null;
    const values = reviveFormValues(parsed.values);
    const from: Era = parsed.era === 'CE' ? 'CE' : 'BE';
    return { ...values, birthYear: convertBirthYear(values.birthYear, from, era) };
  } catch {
    return null; // an unreadable draft is dropped; the record itself is untouched
  }
}

export function writeDraft(storage: DraftStorage | null, key: string, values: ResidentFormValues, era: Era): void {
  if (!storage) return;
  const draft: StoredDraft = { era, values };
  try {
    storage.setItem(key, JSON.stringify(draft));
  } catch {
    // storage full or disabled: the form itself still holds everything
  }
}

export function clearDraft(storage: DraftStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to clear
  }
}

/** sessionStorage if this environment allows it. */
export function sessionDraftStorage(): DraftStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
