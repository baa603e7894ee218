/**
 * The home-visit form (docs/domain.md §5): what the form and its locally kept draft hold (inputs as typed, so
 * nothing is ever lost), an empty form and one prefilled from a visit to amend, and validateVisitForm, which
 * reports every problem of a form in one round as i18n keys (`visit.<field>.<problem>`,
 * `vitals.<field>.<problem>`, `required`, `tooLong`, `invalidChoice`) or gives the visit to store. The
 * stored shape, its cross-field rules and the amendments are in visit.ts.
 */
import { addDays, bangkokInstant } from './dates/calendar';
import { bangkokDate, bangkokDateTime, isIsoDate, type PartialDate } from './dates/thaiDate';
import { isCareActivityCode } from './reference/careActivities';
import { ARCHIVED_STATUSES, type Gps, type ResidentStatus } from './resident';
import { cleanMultiline, cleanText } from './text/normalise';
import {
  EMPTY_VITALS,
  DEFAULT_VITAL_SETTINGS,
  emptyVitalsForm,
  flagVitals,
  hasUrgentFlag,
  parseVitals,
  vitalsToForm,
  type VitalSettings,
  type VitalsFormValues,
} from './vitals';
import {
  ESCALATIONS,
  hasAnyVital,
  MISSED_REASONS,
  photoRefSchema,
  VISIT_LIMITS,
  VISIT_OUTCOMES,
  VISIT_TYPES,
  visitDurationMinutes,
  type CareGiven,
  type Escalation,
  type MissedReason,
  type PhotoRef,
  type VisitData,
  type VisitOutcome,
  type VisitType,
} from './visit';

/** What the visit form (and its locally kept draft) holds: inputs as typed, so nothing is ever lost. */
export interface VisitFormValues {
  date: string; // YYYY-MM-DD (CE; the date picker converts from BE)
  time: string; // HH:mm, Bangkok
  durationMinutes: string;
  type: string;
  planned: boolean;
  outcome: string;
  missedReason: string;
  missedNote: string;
  vitals: VitalsFormValues;
  recheckNote: string;
  careGiven: { code: string; minutes: string }[];
  mood: string;
  observations: string;
  problems: string[];
  escalation: string;
  escalationReason: string;
  nextVisitDate: string;
  photos: PhotoRef[];
  photoConsent: boolean;
  archivedReason: string;
  gps: Gps | null;
}

/** A new visit starting `now` (ISO instant). */
/** How far past `now` a visit's end may lie (clocks of two devices, a minute rounded up). */
const END_SLACK_MS = 2 * 60_000;

export function emptyVisitForm(now: string): VisitFormValues {
  const { date, time } = bangkokDateTime(now);
  return {
    date,
    time,
    durationMinutes: '',
    type: 'routine',
    planned: true,
    outcome: 'done',
    missedReason: '',
    missedNote: '',
    vitals: emptyVitalsForm(),
    recheckNote: '',
    careGiven: [],
    mood: '',
    observations: '',
    problems: [],
    escalation: 'none',
    escalationReason: '',
    nextVisitDate: '',
    photos: [],
    photoConsent: false,
    archivedReason: '',
    gps: null,
  };
}

/** The form prefilled from a visit's current view (to amend it). */
export function visitToForm(v: VisitData): VisitFormValues {
  const { date, time } = bangkokDateTime(v.startedAt);
  return {
    date,
    time,
    durationMinutes: String(visitDurationMinutes(v)),
    type: v.type,
    planned: v.planned,
    outcome: v.outcome,
    missedReason: v.missedReason ?? '',
    missedNote: v.missedNote,
    vitals: vitalsToForm(v.vitals),
    recheckNote: v.recheckNote,
    careGiven: v.careGiven.map((c) => ({ code: c.code, minutes: c.minutes === null ? '' : String(c.minutes) })),
    mood: v.mood === null ? '' : String(v.mood),
    observations: v.observations,
    problems: [...v.problems],
    escalation: v.escalation,
    escalationReason: v.escalationReason,
    nextVisitDate: v.nextVisitDate ?? '',
    photos: v.photos.map((p) => ({ ...p })),
    photoConsent: v.photoConsent,
    archivedReason: v.archivedReason ?? '',
    gps: v.gps ? { ...v.gps } : null,
  };
}

export interface VisitFormContext {
  /** ISO instant: the visit may not start after it. */
  now: string;
  resident: { birthDate: PartialDate; status: ResidentStatus };
  vitalSettings?: VitalSettings;
}

/** The visit without who/whom: the caller adds residentId and caregiverId. */
export type VisitFormOutput = Omit<VisitData, 'residentId' | 'caregiverId'>;

export interface FormIssue {
  path: (string | number)[];
  code: string;
  params?: Record<string, unknown>;
}

const VISIT_FORM_CODES_LIST = [
  'required',
  'tooLong',
  'invalidChoice',
  'gps.lat',
  'gps.lng',
  'gps.accuracy',
  'visit.date.invalid',
  'visit.date.future',
  'visit.date.beforeBirth',
  'visit.time.invalid',
  'visit.time.future',
  'visit.duration.required',
  'visit.duration.invalid',
  'visit.duration.tooLong',
  'visit.duration.endsInFuture',
  'visit.missedReason.required',
  'visit.missedNote.required',
  'visit.vitals.onMissedVisit',
  'visit.careGiven.onMissedVisit',
  'visit.careGiven.duplicate',
  'visit.careGiven.minutes',
  'visit.escalation.urgentNeedsAction',
  'visit.escalationReason.required',
  'visit.mood.invalid',
  'visit.problems.tooMany',
  'visit.nextVisitDate.invalid',
  'visit.nextVisitDate.notAfterVisit',
  'visit.nextVisitDate.tooFar',
  'visit.photos.tooMany',
  'visit.photos.tooLarge',
  'visit.photos.invalid',
  'visit.photoConsent.required',
  'visit.archivedReason.required',
  'visit.amendment.noChanges',
] as const;
/** Message codes of the visit form besides VITAL_MESSAGE_CODES (the renderer's catalog has 'v.' + each). */
export const VISIT_FORM_CODES: readonly string[] = VISIT_FORM_CODES_LIST;

const TIME_RE = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

function toAsciiDigits(s: string): string {
  return cleanText(s).replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

/** '' → null; otherwise a whole number or 'invalid'. */
/**
 * The start of a new visit whose start was left as the form opened it ("now") when its duration is typed:
 * the visit is being recorded as it ends, so it started `duration` minutes before `now` (Bangkok date and
 * time). null when the duration is not a whole number of minutes within the limit.
 */
export function startEndingNow(durationText: string, now: string): { date: string; time: string } | null {
  const minutes = parseWhole(durationText);
  if (minutes === null || minutes === 'invalid' || minutes <= 0 || minutes > VISIT_LIMITS.maxDurationMinutes) return null;
  return bangkokDateTime(new Date(Date.parse(now) - minutes * 60_000).toISOString());
}

function parseWhole(raw: string): number | null | 'invalid' {
  const v = toAsciiDigits(raw);
  if (v === '') return null;
  return /^\d{1,6}$/.test(v) ? Number(v) : 'invalid';
}

/** First possible day of a (partial) birth date: a visit before it is certainly before birth. */
function earliestBirthDay(b: PartialDate): string {
  return b.precision === 'day' ? b.value : b.precision === 'month' ? `${b.value}-01` : `${b.value}-01-01`;
}

const photoOk = (p: PhotoRef): boolean => photoRefSchema.safeParse(p).success;

/**
 * Validates the whole form at once. Pure and without zod: the visit form calls it on every change (live
 * issues and warnings) and again on save.
 */
export function validateVisitForm(f: VisitFormValues, ctx: VisitFormContext): { ok: true; data: VisitFormOutput } | { ok: false; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const add = (path: (string | number)[], code: string, params?: Record<string, unknown>): void => {
    issues.push(params === undefined ? { path, code } : { path, code, params });
  };
  const today = bangkokDate(ctx.now);
  const settings = ctx.vitalSettings ?? DEFAULT_VITAL_SETTINGS;

  // When: start instant from Bangkok date + time.
  const date = toAsciiDigits(f.date);
  const timeMatch = TIME_RE.exec(toAsciiDigits(f.time));
  const time = timeMatch ? `${(timeMatch[1] ?? '').padStart(2, '0')}:${timeMatch[2] ?? ''}` : null;
  const dateOk = isIsoDate(date);
  if (!dateOk) add(['date'], date === '' ? 'required' : 'visit.date.invalid');
  if (time === null) add(['time'], toAsciiDigits(f.time) === '' ? 'required' : 'visit.time.invalid');
  let startedAt: string | null = null;
  if (dateOk) {
    if (date > today) add(['date'], 'visit.date.future');
    else if (date < earliestBirthDay(ctx.resident.birthDate)) add(['date'], 'visit.date.beforeBirth');
    else if (time !== null) {
      const start = bangkokInstant(date, time);
      if (Date.parse(start) > Date.parse(ctx.now)) add(['time'], 'visit.time.future');
      else startedAt = start;
    }
  }

  const outcome = (VISIT_OUTCOMES as readonly string[]).includes(f.outcome) ? (f.outcome as VisitOutcome) : null;
  if (outcome === null) add(['outcome'], 'required');
  const type = (VISIT_TYPES as readonly string[]).includes(f.type) ? (f.type as VisitType) : null;
  if (type === null) add(['type'], 'required');

  // Duration: required for a visit that happened; a missed one may leave it empty (0).
  const duration = parseWhole(f.durationMinutes);
  let durationMinutes = 0;
  if (duration === 'invalid') add(['durationMinutes'], 'visit.duration.invalid');
  else if (duration === null) {
    if (outcome === 'done') add(['durationMinutes'], 'visit.duration.required');
  } else if (duration > VISIT_LIMITS.maxDurationMinutes) add(['durationMinutes'], 'visit.duration.tooLong', { max: VISIT_LIMITS.maxDurationMinutes });
  else if (duration === 0 && outcome === 'done') add(['durationMinutes'], 'visit.duration.required');
  else durationMinutes = duration;
  // A visit is recorded once it happened: its end (start + duration) must not lie ahead. The form opens with
  // the start at "now", so typing the planned duration at once would end the visit later today.
  if (startedAt !== null && durationMinutes > 0 && Date.parse(startedAt) + durationMinutes * 60_000 > Date.parse(ctx.now) + END_SLACK_MS) {
    add(['durationMinutes'], 'visit.duration.endsInFuture');
  }

  let missedReason: MissedReason | null = null;
  const missedNote = cleanText(f.missedNote);
  if (outcome === 'missed') {
    if ((MISSED_REASONS as readonly string[]).includes(f.missedReason)) missedReason = f.missedReason as MissedReason;
    else add(['missedReason'], 'visit.missedReason.required');
    if (missedReason === 'other' && missedNote === '') add(['missedNote'], 'visit.missedNote.required');
  }
  if (missedNote.length > VISIT_LIMITS.reasonLength) add(['missedNote'], 'tooLong');

  // Vitals, each at its own path; then what an urgent value requires.
  const parsed = parseVitals(f.vitals);
  for (const i of parsed.issues) add(['vitals', i.field], i.code, i.params);
  const vitals = parsed.vitals;
  if (outcome === 'missed' && hasAnyVital(vitals)) add(['vitals'], 'visit.vitals.onMissedVisit');

  const escalation = (ESCALATIONS as readonly string[]).includes(f.escalation) ? (f.escalation as Escalation) : null;
  if (escalation === null) add(['escalation'], 'required');
  const escalationReason = cleanMultiline(f.escalationReason);
  if (escalation !== null && escalation !== 'none' && escalationReason === '') add(['escalationReason'], 'visit.escalationReason.required');
  if (escalationReason.length > VISIT_LIMITS.reasonLength) add(['escalationReason'], 'tooLong');
  const recheckNote = cleanMultiline(f.recheckNote);
  if (recheckNote.length > VISIT_LIMITS.reasonLength) add(['recheckNote'], 'tooLong');
  const urgent = flagVitals(vitals, settings).filter((fl) => fl.level === 'criticalLow' || fl.level === 'criticalHigh');
  if (hasUrgentFlag(urgent) && escalation === 'none' && recheckNote === '') {
    // docs/domain.md §5: an urgent value needs an escalation or a recheck note.
    add(['escalation'], 'visit.escalation.urgentNeedsAction', { fields: urgent.map((u) => u.key) });
  }

  // Care given.
  const careGiven: CareGiven[] = [];
  const seen = new Set<string>();
  f.careGiven.forEach((c, i) => {
    if (!isCareActivityCode(c.code)) {
      add(['careGiven', i, 'code'], 'invalidChoice');
      return;
    }
    if (seen.has(c.code)) add(['careGiven', i, 'code'], 'visit.careGiven.duplicate');
    seen.add(c.code);
    const minutes = parseWhole(c.minutes);
    if (minutes === 'invalid' || (minutes !== null && (minutes < 1 || minutes > VISIT_LIMITS.maxActivityMinutes))) {
      add(['careGiven', i, 'minutes'], 'visit.careGiven.minutes', { max: VISIT_LIMITS.maxActivityMinutes });
      return;
    }
    careGiven.push({ code: c.code, minutes });
  });
  if (outcome === 'missed' && f.careGiven.length > 0) add(['careGiven'], 'visit.careGiven.onMissedVisit');

  const mood = parseWhole(f.mood);
  if (mood === 'invalid' || (mood !== null && (mood < 1 || mood > 5))) add(['mood'], 'visit.mood.invalid');

  const observations = cleanMultiline(f.observations);
  if (observations.length > VISIT_LIMITS.notesLength) add(['observations'], 'tooLong');

  // Empty rows the form added but nobody filled are dropped, not refused.
  const problems = f.problems.map(cleanText).filter((p) => p !== '');
  if (problems.length > VISIT_LIMITS.maxProblems) add(['problems'], 'visit.problems.tooMany', { max: VISIT_LIMITS.maxProblems });
  f.problems.forEach((p, i) => {
    if (cleanText(p).length > VISIT_LIMITS.problemLength) add(['problems', i], 'tooLong');
  });

  const next = toAsciiDigits(f.nextVisitDate);
  let nextVisitDate: string | null = null;
  if (next !== '') {
    if (!isIsoDate(next)) add(['nextVisitDate'], 'visit.nextVisitDate.invalid');
    else if (dateOk && next <= date) add(['nextVisitDate'], 'visit.nextVisitDate.notAfterVisit');
    else if (dateOk && next > addDays(date, VISIT_LIMITS.maxNextVisitDays)) add(['nextVisitDate'], 'visit.nextVisitDate.tooFar', { max: VISIT_LIMITS.maxNextVisitDays });
    else nextVisitDate = next;
  }

  if (f.photos.length > VISIT_LIMITS.maxPhotos) add(['photos'], 'visit.photos.tooMany', { max: VISIT_LIMITS.maxPhotos });
  f.photos.forEach((p, i) => {
    if (typeof p.bytes === 'number' && p.bytes > VISIT_LIMITS.maxPhotoBytes) add(['photos', i], 'visit.photos.tooLarge', { maxBytes: VISIT_LIMITS.maxPhotoBytes });
    else if (!photoOk(p)) add(['photos', i], 'visit.photos.invalid');
  });
  if (f.photos.length > 0 && !f.photoConsent) add(['photoConsent'], 'visit.photoConsent.required');

  const archived = ARCHIVED_STATUSES.includes(ctx.resident.status);
  const archivedReason = cleanText(f.archivedReason);
  if (archived && archivedReason === '') add(['archivedReason'], 'visit.archivedReason.required');
  if (archivedReason.length > VISIT_LIMITS.reasonLength) add(['archivedReason'], 'tooLong');

  if (f.gps !== null) {
    if (!(f.gps.lat >= 5.6 && f.gps.lat <= 20.5)) add(['gps', 'lat'], 'gps.lat');
    if (!(f.gps.lng >= 97.3 && f.gps.lng <= 105.7)) add(['gps', 'lng'], 'gps.lng');
    if (f.gps.accuracyM !== null && !(f.gps.accuracyM >= 0 && f.gps.accuracyM <= 10_000)) add(['gps', 'accuracyM'], 'gps.accuracy');
  }

  if (issues.length > 0 || startedAt === null || outcome === null || type === null || escalation === null || mood === 'invalid') {
    return { ok: false, issues };
  }
  return {
    ok: true,
    data: {
      planned: f.planned,
      type,
      startedAt,
      endedAt: new Date(Date.parse(startedAt) + durationMinutes * 60_000).toISOString(),
      serviceDate: date,
      gps: f.gps ? { ...f.gps } : null,
      outcome,
      missedReason,
      missedNote: missedReason === null ? '' : missedNote,
      vitals: outcome === 'missed' ? { ...EMPTY_VITALS } : vitals,
      recheckNote,
      careGiven,
      mood,
      observations,
      problems,
      escalation,
      escalationReason: escalation === 'none' ? '' : escalationReason,
      nextVisitDate,
      photos: f.photos.map((p) => ({ ...p })),
      photoConsent: f.photoConsent,
      archivedReason: archived ? archivedReason : null,
    },
  };
}

export type VisitWarning = { code: 'visit.duration.long'; params: { minutes: number } } | { code: 'visit.careGiven.exceedsDuration'; params: { minutes: number } };

/** Things worth a second look that do not block saving. */
export function visitWarnings(v: Pick<VisitData, 'startedAt' | 'endedAt' | 'careGiven'>): VisitWarning[] {
  const out: VisitWarning[] = [];
  const minutes = visitDurationMinutes(v);
  if (minutes > VISIT_LIMITS.warnDurationMinutes) out.push({ code: 'visit.duration.long', params: { minutes } });
  const care = v.careGiven.reduce((s, c) => s + (c.minutes ?? 0), 0);
  if (care > minutes && minutes > 0) out.push({ code: 'visit.careGiven.exceedsDuration', params: { minutes: care } });
  return out;
}
