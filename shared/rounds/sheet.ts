/**
 * A caregiver's printable route sheet (ใบงานเยี่ยมบ้าน) for a day or a week of rounds (docs/domain.md §9):
 * which of her round visits are on it, in what order, and what each stop says (time, resident, address,
 * phones, what to do). Pure: no store, no React; the page (renderer/features/rounds/sheet) renders it.
 *
 * Invariants:
 * - A sheet carries only her PUBLISHED, live round visits of its dates: a draft may still change and a
 *   cancelled visit is not to be made. Drafts left out are counted, so the planner can say "publish first".
 * - Stops are in route order (`order`), then planned minute (any-time visits last), then id: a total order,
 *   so the same records always print the same sheet. Stops are numbered from 1 on each day.
 * - A day sheet always has its one day, even empty; a week sheet has only the days with stops (no blank
 *   pages for days off).
 * - A resident whose record is not on the device still gets her stop (marked `resident: null`), never
 *   dropped silently.
 */
import { formatDate, type Locale } from '../dates/thaiDate';
import { formatThaiPhone } from '../phone';
import { careActivity } from '../reference/careActivities';
import { residentFullName, type Address, type ResidentData } from '../resident';
import type { RoundVisitData } from './recordsSchema';
import { mondayOf, weekDates } from './weekInput';

/** The fields of a stored round visit the sheet reads (a stored RoundVisitRecord fits). */
export type SheetRoundInput = Pick<RoundVisitData, 'residentId' | 'caregiverId' | 'date' | 'minute' | 'minutes' | 'fixed' | 'order' | 'activities' | 'status'> & {
  id: string;
  deletedAt?: string | null;
};

/** The fields of a resident the sheet reads (a stored Resident fits). */
export type SheetResidentInput = Pick<ResidentData, 'prefix' | 'firstName' | 'lastName' | 'nickname' | 'address' | 'phones' | 'contacts'> & { id: string };

export type SheetSpan = 'day' | 'week';

export interface SheetStop {
  roundId: string;
  /** 1-based position in the day's route. */
  n: number;
  /** `08:30–09:15`, or null for "any time of her day". */
  time: string | null;
  fixed: boolean;
  minutes: number;
  residentId: string;
  /** Null when the resident's record is not on this device. */
  resident: {
    name: string;
    nickname: string;
    address: string;
    /** Her own phones, formatted, with their labels. */
    phones: string[];
    /** Family and neighbours with a phone: `สมหญิง ใจดี 089-123-4567`. */
    contacts: string[];
  } | null;
  /** Activity names in the sheet's language, in the plan's order. */
  activities: string[];
}

export interface SheetDay {
  date: string;
  stops: SheetStop[];
}

export interface RouteSheet {
  caregiverId: string;
  span: SheetSpan;
  /** The sheet's dates: the day, or Monday to Sunday. */
  dates: string[];
  days: SheetDay[];
  /** Her drafts on these dates, not printed. */
  draftsLeftOut: number;
  /** Stops whose resident is not on this device. */
  missingResidents: number;
}

export interface SheetInput {
  caregiverId: string;
  span: SheetSpan;
  /** The day, or any day of the week (the week starts on its Monday). */
  date: string;
  rounds: readonly SheetRoundInput[];
  residents: readonly SheetResidentInput[];
  locale: Locale;
}

/** The dates a sheet covers. */
export function sheetDates(span: SheetSpan, date: string): string[] {
  return span === 'day' ? [date] : weekDates(mondayOf(date));
}

function clock(minute: number): string {
  const m = minute % (24 * 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** `08:30–09:15` (start and planned end), or null when the visit has no planned time. */
export function stopTime(minute: number | null, minutes: number): string | null {
  return minute === null ? null : `${clock(minute)}–${clock(minute + minutes)}`;
}

/** Route order, then planned minute (any time last), then id. */
export function compareStops(a: SheetRoundInput, b: SheetRoundInput): number {
  if (a.order !== b.order) return a.order - b.order;
  const am = a.minute ?? Number.MAX_SAFE_INTEGER;
  const bm = b.minute ?? Number.MAX_SAFE_INTEGER;
  if (am !== bm) return am - bm;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function prefixed(value: string, short: string, already: RegExp): string {
  return already.test(value) ? value : `${short}${value}`;
}

/**
 * The full address on one line, as written on a Thai envelope: `99/12 ม.4 หมู่บ้าน… ซ.… ถ.… ต.… อ.… จ.… 12130`
 * (Bangkok: แขวง / เขต). Soi and road are often typed with their word already (ซอย…, ถนน…) and then kept as
 * typed. In English the same parts with Moo / Soi / Rd and commas.
 */
export function addressLine(a: Address, locale: Locale): string {
  const bangkok = /กรุงเทพ|bangkok/i.test(a.province);
  if (locale === 'th') {
    return [
      a.houseNo,
      a.moo && `ม.${a.moo}`,
      a.village,
      a.soi && prefixed(a.soi, 'ซ.', /^(ซ\.|ซอย)/),
      a.road && prefixed(a.road, 'ถ.', /^(ถ\.|ถนน)/),
      a.subDistrict && prefixed(a.subDistrict, bangkok ? 'แขวง' : 'ต.', /^(ต\.|ตำบล|แขวง)/),
      a.district && prefixed(a.district, bangkok ? 'เขต' : 'อ.', /^(อ\.|อำเภอ|เขต)/),
      a.province && (bangkok ? a.province : prefixed(a.province, 'จ.', /^(จ\.|จังหวัด)/)),
      a.postalCode,
    ]
      .filter(Boolean)
      .join(' ');
  }
  return [
    [a.houseNo, a.moo && `Moo ${a.moo}`].filter(Boolean).join(' '),
    a.village,
    a.soi && prefixed(a.soi, 'Soi ', /^(soi\b|ซ\.|ซอย)/i),
    a.road && prefixed(a.road, 'Rd ', /^(rd\b|road\b|ถ\.|ถนน)/i),
    a.subDistrict,
    a.district,
    [a.province, a.postalCode].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
}

function phoneText(number: string, label: string): string {
  return label ? `${formatThaiPhone(number)} (${label})` : formatThaiPhone(number);
}

function stopOf(r: SheetRoundInput, n: number, resident: SheetResidentInput | undefined, locale: Locale): SheetStop {
  return {
    roundId: r.id,
    n,
    time: stopTime(r.minute, r.minutes),
    fixed: r.fixed,
    minutes: r.minutes,
    residentId: r.residentId,
    resident: resident
      ? {
          name: residentFullName(resident),
          nickname: resident.nickname,
          address: addressLine(resident.address, locale),
          phones: resident.phones.filter((p) => p.number !== '').map((p) => phoneText(p.number, p.label)),
          contacts: resident.contacts.filter((c) => c.phone !== '').map((c) => `${c.name} ${formatThaiPhone(c.phone)}`),
        }
      : null,
    activities: r.activities.map((code) => careActivity(code)?.[locale] ?? code),
  };
}

/** The sheet of `caregiverId` for the day or week of `date` (see the header for what is on it). */
export function routeSheet(input: SheetInput): RouteSheet {
  const dates = sheetDates(input.span, input.date);
  const inDates = new Set(dates);
  const hers = input.rounds.filter((r) => r.caregiverId === input.caregiverId && inDates.has(r.date) && (r.deletedAt === null || r.deletedAt === undefined));
  const published = hers.filter((r) => r.status === 'published');
  const residents = new Map(input.residents.map((r) => [r.id, r]));
  let missingResidents = 0;
  const days: SheetDay[] = [];
  for (const date of dates) {
    const ofDay = published.filter((r) => r.date === date).sort(compareStops);
    if (ofDay.length === 0 && input.span === 'week') continue;
    days.push({
      date,
      stops: ofDay.map((r, i) => {
        const resident = residents.get(r.residentId);
        if (!resident) missingResidents++;
        return stopOf(r, i + 1, resident, input.locale);
      }),
    });
  }
  return {
    caregiverId: input.caregiverId,
    span: input.span,
    dates,
    days,
    draftsLeftOut: hers.filter((r) => r.status === 'draft').length,
    missingResidents,
  };
}

// What a file system or the bridge's file-name check would refuse (shared/bridge.ts safeFileNameSchema).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]+/g;

/**
 * The PDF's suggested file name: the sheet's title, the caregiver's name and the date (or the week's first
 * and last), e.g. `ใบงานเยี่ยมบ้าน สมศรี ใจดี 7 ธ.ค. 2569`. Characters a file name cannot hold become spaces;
 * never ends with a dot, never longer than 150 characters.
 */
export function sheetFileName(title: string, caregiverName: string, dates: readonly string[], locale: Locale): string {
  const first = dates[0];
  const last = dates[dates.length - 1] ?? first;
  const when = first === undefined || last === undefined ? '' : first === last ? formatDate(first, locale, 'short') : `${formatDate(first, locale, 'short')} - ${formatDate(last, locale, 'short')}`;
  const name = [title, caregiverName, when]
    .map((s) => s.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, 150)
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return name === '' ? 'route-sheet' : name;
}
