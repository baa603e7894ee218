/**
 * One file past 400 lines on purpose: the stored shape, the form values and the schema between them change
 * together, field by field.
 *
 * The resident profile (docs/domain.md §2): stored shape, the form's values and the schema that turns one into
 * the other. Validation messages are i18n keys ('thaiId.checksum', 'required', ...) that the renderer
 * translates together with the field's label, so one rule serves both languages.
 */
import * as z from 'zod/mini';
import { refineTo } from './refineTo';
import type { Envelope } from './envelope';
import type { AdlGroup } from './adl';
import { validateThaiId } from './ids/thaiId';
import { validateThaiPhone } from './phone';
import { cleanMultiline, cleanText } from './text/normalise';
import { parsePartialDate, partialDateToParts, type Era, type PartialDate } from './dates/thaiDate';
import { DISEASE_CODES } from './reference/diseases';

export const PREFIXES = ['นาย', 'นาง', 'นางสาว'] as const;
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];
export const COVERAGES = ['ucs', 'civil_servant', 'social_security', 'other', 'none'] as const;
export type Coverage = (typeof COVERAGES)[number];
export const LIVING_SITUATIONS = ['alone', 'spouse', 'family', 'other'] as const;
export type LivingSituation = (typeof LIVING_SITUATIONS)[number];
export const ALLERGY_STATUSES = ['unknown', 'none', 'known'] as const;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];
export const RESIDENT_STATUSES = ['active', 'in_hospital', 'moved', 'died'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
export const ARCHIVED_STATUSES: readonly ResidentStatus[] = ['moved', 'died'];
export const RELATIONSHIPS = ['spouse', 'child', 'grandchild', 'sibling', 'relative', 'neighbour', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface Address {
  houseNo: string;
  moo: string;
  village: string;
  soi: string;
  road: string;
  subDistrict: string;
  district: string;
  province: string;
  postalCode: string;
}

export interface Gps {
  lat: number;
  lng: number;
  accuracyM: number | null;
}

export interface Phone {
  number: string; // normalised digits, e.g. 0812345678
  label: string;
}

export interface Contact {
  name: string;
  relationship: Relationship;
  phone: string; // normalised digits or ''
  isCaregiver: boolean; // the family carer (ญาติผู้ดูแล)
}

export interface Allergy {
  substance: string;
  reaction: string;
}

export interface Medication {
  name: string;
  dose: string;
  frequency: string;
}

export interface LatestAdl {
  assessmentId: string;
  total: number;
  group: AdlGroup;
  assessedOn: string;
}

export interface ResidentData {
  prefix: string;
  firstName: string;
  lastName: string;
  nickname: string;
  sex: Sex;
  nationalId: string | null; // 13 digits, or null with noIdReason
  noIdReason: string | null;
  birthDate: PartialDate;
  communityId: string;
  address: Address;
  gps: Gps | null;
  phones: Phone[];
  contacts: Contact[];
  coverage: Coverage | null;
  diseases: string[]; // ICD-10 codes from CHRONIC_DISEASES
  otherDiseases: string;
  allergyStatus: AllergyStatus;
  allergies: Allergy[];
  medications: Medication[];
  livingSituation: LivingSituation | null;
  language: string;
  interpreterNeeded: boolean;
  notes: string;
  status: ResidentStatus;
  statusDate: string | null; // YYYY-MM-DD, for in_hospital / moved / died
  statusReason: string;
  latestAdl: LatestAdl | null; // denormalised from the newest assessment, for the register
}

export interface Resident extends Envelope, ResidentData {}

/** The name as a person is addressed on screen: prefix joined to the first name, then the last name. */
export function residentFullName(r: Pick<ResidentData, 'prefix' | 'firstName' | 'lastName'>): string {
  return `${r.prefix}${r.firstName} ${r.lastName}`;
}

/** Fields that the profile form edits; status and latestAdl change through their own actions. */
export type ResidentProfile = Omit<ResidentData, 'status' | 'statusDate' | 'statusReason' | 'latestAdl'>;

const FEMALE_PREFIXES = new Set(['นาง', 'นางสาว', 'น.ส.', 'นส.', 'ด.ญ.']);
const MALE_PREFIXES = new Set(['นาย', 'ด.ช.']);

/**
 * True when the title and sex disagree (นาย with female, นาง/นางสาว with male). Only a warning: the record
 * may still be right (docs/domain.md §2), so saving is never blocked by it.
 */
export function prefixSexMismatch(prefix: string, sex: string): boolean {
  const p = cleanText(prefix);
  if (sex === 'female') return MALE_PREFIXES.has(p);
  if (sex === 'male') return FEMALE_PREFIXES.has(p);
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Form values: what react-hook-form holds. Every input is a string so nothing the user typed is ever lost.

export interface ResidentFormValues {
  prefix: string; // one of PREFIXES or 'other'
  prefixOther: string;
  firstName: string;
  lastName: string;
  nickname: string;
  sex: string;
  idMode: 'thai' | 'none';
  nationalId: string;
  noIdReason: string;
  birthYear: string; // in the era of the UI language
  birthMonth: string; // '' or 1..12
  birthDay: string; // '' or 1..31
  communityId: string;
  address: Address;
  gps: { lat: string; lng: string; accuracy: string };
  phones: { number: string; label: string }[];
  contacts: { name: string; relationship: string; phone: string; isCaregiver: boolean }[];
  coverage: string;
  diseases: string[];
  otherDiseases: string;
  allergyStatus: string;
  allergies: Allergy[];
  medications: Medication[];
  livingSituation: string;
  language: string;
  interpreterNeeded: boolean;
  notes: string;
}

export function emptyResidentForm(): ResidentFormValues {
  return {
    prefix: '',
    prefixOther: '',
    firstName: '',
    lastName: '',
    nickname: '',
    sex: '',
    idMode: 'thai',
    nationalId: '',
    noIdReason: '',
    birthYear: '',
    birthMonth: '',
    birthDay: '',
    communityId: '',
    address: { houseNo: '', moo: '', village: '', soi: '', road: '', subDistrict: '', district: '', province: '', postalCode: '' },
    gps: { lat: '', lng: '', accuracy: '' },
    phones: [],
    contacts: [],
    coverage: '',
    diseases: [],
    otherDiseases: '',
    allergyStatus: 'unknown',
    allergies: [],
    medications: [],
    livingSituation: '',
    language: 'ไทย',
    interpreterNeeded: false,
    notes: '',
  };
}

export function residentToForm(r: ResidentProfile, era: Era): ResidentFormValues {
  const isListed = (PREFIXES as readonly string[]).includes(r.prefix);
  const birth = partialDateToParts(r.birthDate, era);
  return {
    prefix: isListed ? r.prefix : 'other',
    prefixOther: isListed ? '' : r.prefix,
    firstName: r.firstName,
    lastName: r.lastName,
    nickname: r.nickname,
    sex: r.sex,
    idMode: r.nationalId ? 'thai' : 'none',
    nationalId: r.nationalId ?? '',
    noIdReason: r.noIdReason ?? '',
    birthYear: birth.year,
    birthMonth: birth.month,
    birthDay: birth.day,
    communityId: r.communityId,
    address: { ...r.address },
    gps: r.gps
      ? { lat: String(r.gps.lat), lng: String(r.gps.lng), accuracy: r.gps.accuracyM === null ? '' : String(r.gps.accuracyM) }
      : { lat: '', lng: '', accuracy: '' },
    phones: r.phones.map((p) => ({ ...p })),
    contacts: r.contacts.map((c) => ({ ...c })),
    coverage: r.coverage ?? '',
    diseases: [...r.diseases],
    otherDiseases: r.otherDiseases,
    allergyStatus: r.allergyStatus,
    allergies: r.allergies.map((a) => ({ ...a })),
    medications: r.medications.map((m) => ({ ...m })),
    livingSituation: r.livingSituation ?? '',
    language: r.language,
    interpreterNeeded: r.interpreterNeeded,
    notes: r.notes,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Validation. Issue messages are i18n keys; `params` carries what the message needs (e.g. a suggested year).

export interface FormContext {
  era: Era;
  today: string; // YYYY-MM-DD, Bangkok
}

const text = (max: number) => z.pipe(z.pipe(z.string(), z.transform(cleanText)), z.string().check(z.maxLength(max, { message: 'tooLong' })));
const requiredText = (max: number) =>
  z.pipe(z.pipe(z.string(), z.transform(cleanText)), z.string().check(z.minLength(1, { message: 'required' }), z.maxLength(max, { message: 'tooLong' })));
const multiline = (max: number) => z.pipe(z.pipe(z.string(), z.transform(cleanMultiline)), z.string().check(z.maxLength(max, { message: 'tooLong' })));
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  refineTo(z.string(), (v): v is T[number] => (values as readonly string[]).includes(v), { message: 'required' });
const optionalOneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(z.string().check(z.refine((v) => v === '' || (values as readonly string[]).includes(v), { message: 'invalidChoice' })), z.transform((v) => (v === '' ? null : (v as T[number]))));

const addressSchema = z.object({
  houseNo: z.pipe(requiredText(40), z.string().check(z.regex(/^[0-9๐-๙A-Za-zก-ฮ/\- ]+$/, { message: 'address.houseNo' }))),
  moo: z.pipe(text(4), z.string().check(z.regex(/^([0-9๐-๙]{1,3})?$/, { message: 'address.moo' }))),
  village: text(120),
  soi: text(120),
  road: text(120),
  subDistrict: requiredText(80),
  district: requiredText(80),
  province: requiredText(80),
  postalCode: z.pipe(z.pipe(z.string(), z.transform((v) => cleanText(v).replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)))), z.string().check(z.regex(/^[1-9][0-9]{4}$/, { message: 'address.postalCode' }))),
});

const phoneSchema = z.pipe(z.object({ number: z.string(), label: text(40) }), z.transform((p, ctx) => {
  const result = validateThaiPhone(p.number);
  if (!result.ok) {
    ctx.issues.push({ code: 'custom', message: result.code, path: ['number'], input: p });
    return z.NEVER;
  }
  return { number: result.phone, label: p.label };
}));

const contactSchema = z.pipe(z.object({
  name: requiredText(120),
  relationship: oneOf(RELATIONSHIPS),
  phone: z.string(),
  isCaregiver: z.boolean(),
}), z.transform((c, ctx) => {
  if (cleanText(c.phone) === '') return { ...c, phone: '' };
  const result = validateThaiPhone(c.phone);
  if (!result.ok) {
    ctx.issues.push({ code: 'custom', message: result.code, path: ['phone'], input: c });
    return z.NEVER;
  }
  return { ...c, phone: result.phone };
}));

/** Parses a decimal typed with Thai or ASCII digits; '' → null. */
function parseDecimal(raw: string): number | null | 'invalid' {
  const v = cleanText(raw).replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  if (v === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(v)) return 'invalid';
  return Number(v);
}

/** GPS is optional; when given it must lie inside Thailand (docs/domain.md §2), and 0,0 is never a real place. */
const gpsSchema = z.pipe(z.object({ lat: z.string(), lng: z.string(), accuracy: z.string() }), z.transform((g, ctx): Gps | null => {
  const lat = parseDecimal(g.lat);
  const lng = parseDecimal(g.lng);
  const accuracy = parseDecimal(g.accuracy);
  if (lat === null && lng === null) return null;
  let bad = false;
  if (lat === null || lat === 'invalid' || lat < 5.6 || lat > 20.5) {
    ctx.issues.push({ code: 'custom', message: 'gps.lat', path: ['lat'], input: g });
    bad = true;
  }
  if (lng === null || lng === 'invalid' || lng < 97.3 || lng > 105.7) {
    ctx.issues.push({ code: 'custom', message: 'gps.lng', path: ['lng'], input: g });
    bad = true;
  }
  if (accuracy === 'invalid' || (typeof accuracy === 'number' && (accuracy < 0 || accuracy > 10_000))) {
    ctx.issues.push({ code: 'custom', message: 'gps.accuracy', path: ['accuracy'], input: g });
    bad = true;
  }
  if (bad || typeof lat !== 'number' || typeof lng !== 'number') return z.NEVER;
  return { lat, lng, accuracyM: typeof accuracy === 'number' ? accuracy : null };
}));

export function residentFormSchema(ctx: FormContext) {
  return z.pipe(z.object({
    prefix: z.string(),
    prefixOther: text(60),
    firstName: requiredText(80),
    lastName: requiredText(80),
    nickname: text(40),
    sex: oneOf(SEXES),
    idMode: z.enum(['thai', 'none']),
    nationalId: z.string(),
    noIdReason: text(200),
    birthYear: z.string(),
    birthMonth: z.string(),
    birthDay: z.string(),
    communityId: z.string().check(z.minLength(1, { message: 'required' })),
    address: addressSchema,
    gps: gpsSchema,
    phones: z.array(phoneSchema).check(z.maxLength(5)),
    contacts: z.array(contactSchema).check(z.maxLength(10)),
    coverage: optionalOneOf(COVERAGES),
    diseases: z.array(z.string().check(z.refine((c) => DISEASE_CODES.has(c), { message: 'invalidChoice' }))).check(z.maxLength(40)),
    otherDiseases: text(300),
    allergyStatus: oneOf(ALLERGY_STATUSES),
    allergies: z.array(z.object({ substance: requiredText(120), reaction: text(200) })).check(z.maxLength(30)),
    medications: z.array(z.object({ name: requiredText(120), dose: text(60), frequency: text(60) })).check(z.maxLength(50)),
    livingSituation: optionalOneOf(LIVING_SITUATIONS),
    language: text(40),
    interpreterNeeded: z.boolean(),
    notes: multiline(4000),
  }).check(z.superRefine((v, zctx) => {
    if (v.prefix === '' || (v.prefix === 'other' && cleanText(v.prefixOther) === '')) {
      zctx.addIssue({ code: 'custom', message: 'required', path: [v.prefix === 'other' ? 'prefixOther' : 'prefix'] });
    }
    if (v.idMode === 'thai') {
      const id = validateThaiId(v.nationalId);
      if (!id.ok) {
        zctx.addIssue({ code: 'custom', message: cleanText(v.nationalId) === '' ? 'required' : id.code, path: ['nationalId'], params: { digits: id.digits } });
      }
    } else if (cleanText(v.noIdReason) === '') {
      zctx.addIssue({ code: 'custom', message: 'noIdReason.required', path: ['noIdReason'] });
    }
    const birth = parsePartialDate({ year: v.birthYear, month: v.birthMonth, day: v.birthDay }, ctx.era, ctx.today);
    if (!birth.ok) {
      const field = birth.field === 'year' ? 'birthYear' : birth.field === 'month' ? 'birthMonth' : 'birthDay';
      zctx.addIssue({ code: 'custom', message: birth.code, path: [field], params: { suggestedYear: birth.suggestedYear, era: ctx.era } });
    }
    if (v.allergyStatus === 'known' && (v.allergies ?? []).length === 0) {
      zctx.addIssue({ code: 'custom', message: 'allergies.required', path: ['allergies'] });
    }
  }, { when: () => true })), z.transform((v, zctx): ResidentProfile => {
    // Only reached when every check above passed.
    const prefix = v.prefix === 'other' ? v.prefixOther : v.prefix;
    const id = v.idMode === 'thai' ? validateThaiId(v.nationalId) : null;
    const birth = parsePartialDate({ year: v.birthYear, month: v.birthMonth, day: v.birthDay }, ctx.era, ctx.today);
    if ((id && !id.ok) || !birth.ok) {
      zctx.issues.push({ code: 'custom', message: 'invalidChoice', input: v });
      return z.NEVER;
    }
    return {
      prefix,
      firstName: v.firstName,
      lastName: v.lastName,
      nickname: v.nickname,
      sex: v.sex,
      nationalId: id ? id.id : null,
      noIdReason: id ? null : v.noIdReason,
      birthDate: birth.date,
      communityId: v.communityId,
      address: v.address,
      gps: v.gps,
      phones: v.phones,
      contacts: v.contacts,
      coverage: v.coverage,
      diseases: [...new Set(v.diseases)],
      otherDiseases: v.otherDiseases,
      allergyStatus: v.allergyStatus,
      allergies: v.allergyStatus === 'known' ? v.allergies : [],
      medications: v.medications,
      livingSituation: v.livingSituation,
      language: v.language,
      interpreterNeeded: v.interpreterNeeded,
      notes: v.notes,
    };
  }));
}

/** Archiving: moved or died, with a date (not in the future, not before birth) and a reason. */
export function archiveSchema(ctx: { today: string }) {
  return z.object({
    status: z.enum(['moved', 'died']),
    statusDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.invalid' }), z.refine((d) => d <= ctx.today, { message: 'date.future' })),
    statusReason: requiredText(300),
  });
}
export type ArchiveInput = z.output<ReturnType<typeof archiveSchema>>;
