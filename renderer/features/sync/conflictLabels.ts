/**
 * How the conflicts inbox names a field and reads a value of the weekly-rounds records (round visits,
 * availability, leave, holidays; docs/domain.md §9): Thai (or English) labels instead of field names, and
 * values as a care manager reads them: a caregiver's name instead of her id, dates in the UI's calendar (the
 * Buddhist Era year in Thai, docs/domain.md §7), minutes after midnight as HH:MM, codes in words. Pure: takes
 * the translate and date functions and the directory's names; unit-tested in both languages.
 *
 * A field or value this module does not know gets null, and the inbox falls back to its generic reading
 * (conflictValue.ts), so a field added later still shows, only less nicely.
 */
import { careActivity } from '../../../shared/reference/careActivities';
import { ENGLISH_WEEKDAYS, THAI_WEEKDAYS } from '../../../shared/dates/thaiDate';
import { skill } from '../../../shared/rounds/skills';
import { clockTime } from '../../../shared/rounds/today';
import { isMessageKey, type Locale, type MessageKey } from '../../i18n/catalog';

/** The record types whose fields and values are named here. */
export const ROUNDS_RECORD_TYPES = ['round_visit', 'availability', 'leave', 'holiday'] as const;
export type RoundsRecordType = (typeof ROUNDS_RECORD_TYPES)[number];

export function isRoundsRecordType(t: string): t is RoundsRecordType {
  return (ROUNDS_RECORD_TYPES as readonly string[]).includes(t);
}

export interface LabelDeps {
  locale: Locale;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A calendar date in the UI's words (the Buddhist Era year in Thai). */
  date(iso: string): string;
  /** Display names by user id (the directory, and the names the conflict carries). */
  names: ReadonlyMap<string, string>;
}

/** The message key of a field's label, or null when there is none. */
export function conflictFieldKey(recordType: string, field: string): MessageKey | null {
  const key = recordType === 'resident' ? `rf.${field}` : isRoundsRecordType(recordType) ? `conflicts.field.${recordType}.${field}` : null;
  return key !== null && isMessageKey(key) ? key : null;
}

const translated = (t: LabelDeps['t'], key: string, fallback: string): string => (isMessageKey(key) ? t(key) : fallback);

function who(id: unknown, deps: LabelDeps): string | null {
  if (typeof id !== 'string') return null;
  return deps.names.get(id) ?? deps.t('sync.conflicts.someone', { id: id.slice(0, 8) });
}

function time(minute: unknown, deps: LabelDeps): string | null {
  if (minute === null) return deps.t('conflicts.value.anyTime');
  if (typeof minute !== 'number') return null;
  const hhmm = clockTime(minute);
  return hhmm === null ? null : deps.t('conflicts.value.time', { time: hhmm });
}

const codes = (v: unknown): string[] | null => (Array.isArray(v) && v.every((c) => typeof c === 'string') ? v : null);

/**
 * A value of a rounds record's field in words, or null when this module has no reading for it (the inbox
 * then shows it the generic way). `null` values that mean something (any time, no outcome) are said.
 */
export function roundsValueText(recordType: string, field: string, v: unknown, deps: LabelDeps): string | null {
  if (!isRoundsRecordType(recordType)) return null;
  const { t, locale } = deps;
  switch (field) {
    case 'caregiverId':
    case 'userId':
      return who(v, deps);
    case 'date':
    case 'weekStart':
    case 'from':
    case 'to':
      return typeof v === 'string' ? deps.date(v) : null;
    case 'minute':
    case 'startMinute':
    case 'endMinute':
      return time(v, deps);
    case 'minutes':
      return typeof v === 'number' ? t('conflicts.value.minutes', { n: v }) : null;
    case 'legKm':
      return typeof v === 'number' ? t('conflicts.value.km', { km: v }) : null;
    case 'order':
      return typeof v === 'number' ? t('conflicts.value.order', { n: v + 1 }) : null;
    case 'weeklyVisitCap':
      return typeof v === 'number' ? t('conflicts.value.cap', { n: v }) : null;
    case 'locked':
    case 'fixed':
      return typeof v === 'boolean' ? translated(t, `conflicts.value.${field}.${String(v)}`, String(v)) : null;
    case 'status':
      return typeof v === 'string' ? translated(t, `planner.visit.status.${v}`, v) : null;
    case 'outcome':
      return v === null ? t('conflicts.value.noOutcome') : typeof v === 'string' ? translated(t, `today.state.${v}`, v) : null;
    case 'missedReason':
      return typeof v === 'string' ? translated(t, `today.reason.${v}`, v) : null;
    case 'reason':
      return typeof v === 'string' ? translated(t, `staff.reason.${v}`, v) : null;
    case 'activities': {
      const list = codes(v);
      return list === null ? null : list.map((c) => careActivity(c)?.[locale] ?? c).join(', ');
    }
    case 'skills': {
      const list = codes(v);
      return list === null ? null : list.map((c) => skill(c)?.[locale] ?? c).join(', ');
    }
    case 'workingDays': {
      const names = locale === 'th' ? THAI_WEEKDAYS : ENGLISH_WEEKDAYS;
      return Array.isArray(v) ? v.map((d) => (typeof d === 'number' ? (names[d] ?? String(d)) : String(d))).join(', ') : null;
    }
    case 'base':
      if (v === null) return t('conflicts.value.noBase');
      return typeof v === 'object' && 'lat' in v && 'lng' in v ? `${String(v.lat)}, ${String(v.lng)}` : null;
    case 'publishedAs': {
      if (v === null || typeof v !== 'object') return null;
      const p = v as Record<string, unknown>;
      const date = typeof p['date'] === 'string' ? deps.date(p['date']) : '';
      return t('conflicts.value.published', { date, time: time(p['minute'], deps) ?? '', name: who(p['caregiverId'], deps) ?? '' });
    }
    default:
      return null;
  }
}
