/**
 * The staff page's three forms (availability, leave, holiday) as typed values and zod schemas that turn them
 * into records (docs/domain.md §9). Every input is kept as the string typed, so a refused save loses nothing;
 * each schema first gives Thai-first messages naming the fix (a message is a `staff.err.*` key), then checks
 * the result against the record's own shared schema (recordsSchema.ts), so nothing the server would refuse
 * leaves the form. No React: unit-tested in node.
 */
import * as z from 'zod/mini';
import { asciiDigits, isIsoDate } from '../../../shared/dates/thaiDate';
import { minuteText, parseHhmm } from '../../../shared/rounds/availability';
import {
  LEAVE_REASONS,
  availabilityDataSchema,
  holidayDataSchema,
  leaveDataSchema,
  type AvailabilityData,
  type HolidayData,
  type LeaveData,
} from '../../../shared/rounds/recordsSchema';
import { SKILLS } from '../../../shared/rounds/skills';
import type { MessageKey } from '../../i18n/catalog';

type Add = (path: string, message: StaffErrorKey) => void;

export type StaffErrorKey = Extract<MessageKey, `staff.err.${string}`>;

/** Issues of a record's own schema, at a form path (a check the form's rules did not foresee). */
function sharedCheck<T>(schema: z.ZodMiniType<T>, value: T, pathOf: (field: string) => string, add: Add): void {
  const r = schema.safeParse(value);
  if (r.success) return;
  for (const issue of r.error.issues) add(pathOf(String(issue.path[0] ?? '')), 'staff.err.invalid');
}

const text = z.string();
/** A checkbox list as react-hook-form gives it: an array, one value, or false for none. */
const checked = z.pipe(z.union([z.array(z.string()), z.string(), z.boolean()]), z.transform((v) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])));

// --- Availability -----------------------------------------------------------------------------------------

export interface AvailabilityFormValues {
  workingDays: string[];
  start: string;
  end: string;
  cap: string;
  skills: string[];
  lat: string;
  lng: string;
}

/** Field names in screen order. */
export const AVAILABILITY_FIELD_ORDER = ['workingDays', 'start', 'end', 'cap', 'skills', 'lat', 'lng'] as const;

export const AVAILABILITY_LABELS: Record<(typeof AVAILABILITY_FIELD_ORDER)[number], MessageKey> = {
  workingDays: 'staff.field.workingDays',
  start: 'staff.field.start',
  end: 'staff.field.end',
  cap: 'staff.field.cap',
  skills: 'staff.field.skills',
  lat: 'staff.field.lat',
  lng: 'staff.field.lng',
};

export function availabilityToForm(a: AvailabilityData): AvailabilityFormValues {
  return {
    workingDays: [...a.workingDays].sort((x, y) => x - y).map(String),
    start: minuteText(a.startMinute),
    end: minuteText(a.endMinute),
    cap: String(a.weeklyVisitCap),
    skills: SKILLS.map((s) => s.code).filter((c) => a.skills.includes(c)),
    lat: a.base === null ? '' : String(a.base.lat),
    lng: a.base === null ? '' : String(a.base.lng),
  };
}

function parseNumber(s: string): number | null {
  const clean = asciiDigits(s).replace(/[\s,]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

const AVAILABILITY_PATH: Record<string, string> = { workingDays: 'workingDays', startMinute: 'start', endMinute: 'end', weeklyVisitCap: 'cap', skills: 'skills', base: 'lat', userId: 'workingDays' };

/** The availability form → her record (`userId` is the caregiver edited); other skills stored before are kept. */
export function availabilityFormSchema(userId: string, keptSkills: readonly string[] = []) {
  return z.pipe(z.object({ workingDays: checked, start: text, end: text, cap: text, skills: checked, lat: text, lng: text }), z.transform((f, ctx): AvailabilityData => {
    const add: Add = (path, message) => ctx.issues.push({ code: 'custom', message, path: [path], input: f });
    const days = [...new Set(f.workingDays.map(Number))].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
    if (days.length === 0) add('workingDays', 'staff.err.days');
    const start = parseHhmm(f.start);
    const end = parseHhmm(f.end);
    if (start === null) add('start', 'staff.err.time');
    if (end === null) add('end', 'staff.err.time');
    else if (start !== null && end <= start) add('end', 'staff.err.endBeforeStart');
    const cap = parseNumber(f.cap);
    if (cap === null || !Number.isInteger(cap) || cap < 0 || cap > 200) add('cap', 'staff.err.cap');
    const lat = f.lat.trim() === '' ? null : parseNumber(f.lat);
    const lng = f.lng.trim() === '' ? null : parseNumber(f.lng);
    const latGiven = f.lat.trim() !== '';
    const lngGiven = f.lng.trim() !== '';
    if (latGiven !== lngGiven) add(latGiven ? 'lng' : 'lat', 'staff.err.latLngPair');
    if (latGiven && (lat === null || lat < 5.6 || lat > 20.5)) add('lat', 'staff.err.lat');
    if (lngGiven && (lng === null || lng < 97.3 || lng > 105.7)) add('lng', 'staff.err.lng');
    const known = new Set<string>(SKILLS.map((s) => s.code));
    const skills = [...SKILLS.map((s) => s.code).filter((c) => f.skills.includes(c)), ...keptSkills.filter((c) => !known.has(c))];
    const out: AvailabilityData = {
      userId,
      skills,
      workingDays: days,
      startMinute: start ?? 0,
      endMinute: end ?? 0,
      weeklyVisitCap: cap ?? 0,
      base: lat !== null && lng !== null ? { lat, lng } : null,
    };
    if (ctx.issues.length === 0) sharedCheck(availabilityDataSchema, out, (k) => AVAILABILITY_PATH[k] ?? 'workingDays', add);
    return out;
  }));
}

/** What react-hook-form holds for the availability form (a checkbox list may come as one value or none). */
export type AvailabilityFormInput = z.input<ReturnType<typeof availabilityFormSchema>>;

// --- Leave ------------------------------------------------------------------------------------------------

export interface LeaveFormValues {
  from: string;
  to: string;
  reason: string;
  note: string;
}

export const LEAVE_FIELD_ORDER = ['from', 'to', 'reason', 'note'] as const;
export const LEAVE_LABELS: Record<(typeof LEAVE_FIELD_ORDER)[number], MessageKey> = {
  from: 'staff.leave.from',
  to: 'staff.leave.to',
  reason: 'staff.leave.reason',
  note: 'staff.leave.note',
};

export const emptyLeaveForm = (): LeaveFormValues => ({ from: '', to: '', reason: '', note: '' });

export function leaveFormSchema(userId: string) {
  return z.pipe(z.object({ from: text, to: text, reason: text, note: text }), z.transform((f, ctx): LeaveData => {
    const add: Add = (path, message) => ctx.issues.push({ code: 'custom', message, path: [path], input: f });
    if (!isIsoDate(f.from)) add('from', 'staff.err.dateRequired');
    if (!isIsoDate(f.to)) add('to', 'staff.err.dateRequired');
    else if (isIsoDate(f.from) && f.to < f.from) add('to', 'staff.err.toBeforeFrom');
    const reason = (LEAVE_REASONS as readonly string[]).includes(f.reason) ? (f.reason as LeaveData['reason']) : null;
    if (reason === null) add('reason', 'staff.err.reason');
    const note = f.note.trim();
    if (note.length > 300) add('note', 'staff.err.noteLong');
    const out: LeaveData = { userId, from: f.from, to: f.to, reason: reason ?? 'other', note };
    if (ctx.issues.length === 0) sharedCheck(leaveDataSchema, out, (k) => (k === 'userId' ? 'from' : k), add);
    return out;
  }));
}

// --- Holidays ---------------------------------------------------------------------------------------------

export interface HolidayFormValues {
  date: string;
  nameTh: string;
  nameEn: string;
}

export const HOLIDAY_FIELD_ORDER = ['date', 'nameTh', 'nameEn'] as const;
export const HOLIDAY_LABELS: Record<(typeof HOLIDAY_FIELD_ORDER)[number], MessageKey> = {
  date: 'staff.holiday.date',
  nameTh: 'staff.holiday.nameTh',
  nameEn: 'staff.holiday.nameEn',
};

export const holidayToForm = (h: HolidayData): HolidayFormValues => ({ date: h.date, nameTh: h.nameTh, nameEn: h.nameEn });

/** `takenDates`: the dates of the other holidays (one holiday a date). */
export function holidayFormSchema(takenDates: ReadonlySet<string>) {
  return z.pipe(z.object({ date: text, nameTh: text, nameEn: text }), z.transform((f, ctx): HolidayData => {
    const add: Add = (path, message) => ctx.issues.push({ code: 'custom', message, path: [path], input: f });
    if (!isIsoDate(f.date)) add('date', 'staff.err.dateRequired');
    else if (takenDates.has(f.date)) add('date', 'staff.err.dateTaken');
    const nameTh = f.nameTh.trim().replace(/\s+/g, ' ');
    const nameEn = f.nameEn.trim().replace(/\s+/g, ' ');
    if (nameTh === '') add('nameTh', 'staff.err.nameRequired');
    else if (nameTh.length > 120) add('nameTh', 'staff.err.nameLong');
    if (nameEn === '') add('nameEn', 'staff.err.nameRequired');
    else if (nameEn.length > 120) add('nameEn', 'staff.err.nameLong');
    const out: HolidayData = { date: f.date, nameTh, nameEn };
    if (ctx.issues.length === 0) sharedCheck(holidayDataSchema, out, (k) => k, add);
    return out;
  }));
}
