/**
 * Pure helpers of the visit form (no React, no DOM; unit-tested in node): issue paths and their labels, the
 * live flag of one typed vital, care-list toggling, the problems textarea ⇄ list, reviving a stored draft,
 * and whether ADL reassessment is due.
 *
 * Invariant: reviveVisitForm never returns a non-string where the form expects a string, whatever the
 * stored draft holds, so a draft written by an older build cannot crash the form.
 */
import { reassessmentDueDate } from '../../../shared/alerts';
import type { AdlGroup } from '../../../shared/adl';
import { type PhotoRef } from '../../../shared/visit';
import { emptyVisitForm, type FormIssue, type VisitFormValues } from '../../../shared/visitForm';
import { RANGED_VITALS, VITAL_KEYS, classifyVital, parseVital, type RangedVital, type VitalIssue, type VitalKey, type VitalLevel, type VitalSettings } from '../../../shared/vitals';
import type { MessageKey } from '../../i18n/catalog';

/** Screen order of the form's fields, for sorting the error summary. */
export const VISIT_FIELD_ORDER: readonly string[] = [
  'date',
  'time',
  'durationMinutes',
  'type',
  'planned',
  'outcome',
  'missedReason',
  'missedNote',
  'archivedReason',
  'vitals',
  ...VITAL_KEYS,
  'recheckNote',
  'careGiven',
  'mood',
  'observations',
  'problems',
  'escalation',
  'escalationReason',
  'nextVisitDate',
  'photos',
  'photoConsent',
  'gps',
  'reason',
];

export function pathKey(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

/** The test id / DOM id suffix of an error at `path` (the form-level error has path ''). */
export function errorTestId(path: string): string {
  return `field-error-${path === '' ? 'form' : path}`;
}

/** The error of a field sits at `field-error-<path>` (DOM id and test id): what the page model finds. */
export function pathError(path: string): { errorDomId: string; errorTestId: string } {
  return { errorDomId: errorTestId(path), errorTestId: errorTestId(path) };
}

/** The same ids for an error shown on its own line (a section's, a list item's). */
export function lineError(path: string): { id: string; testId: string } {
  return { id: errorTestId(path), testId: errorTestId(path) };
}

/** DOM id of the control an issue path points at (the error summary focuses it). */
export function domIdFor(path: string, values: VisitFormValues): string {
  const [head, second, third] = path.split('.');
  switch (head) {
    case 'vitals':
      return second ? `vital-${second}` : 'vital-systolic';
    case 'careGiven': {
      const code = second !== undefined ? values.careGiven[Number(second)]?.code : values.careGiven[0]?.code;
      if (code === undefined) return 'visit-care';
      return third === 'minutes' ? `care-minutes-${code}` : `care-${code}`;
    }
    case 'problems':
      return 'visit-problems';
    case 'escalationReason':
      return 'visit-escalation-reason';
    case 'nextVisitDate':
      return 'visit-next-date';
    case 'reason':
      return 'amend-reason';
    case 'outcome':
      return 'visit-outcome-done';
    case 'mood':
      return 'visit-mood-none';
    case undefined:
    case '':
      return 'visit-form-title';
    default:
      return `visit-${head}`;
  }
}

/** Whether react-hook-form's touched tree marks `path` (a dotted path) as left by the user. */
export function touchedAt(touched: unknown, path: string): boolean {
  let node: unknown = touched;
  for (const seg of path.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[seg];
  }
  return node === true;
}

const isVitalKey = (k: string | undefined): k is VitalKey => k !== undefined && (VITAL_KEYS as readonly string[]).includes(k);

const SIMPLE_LABELS: Readonly<Record<string, MessageKey>> = {
  '': 'visits.field.form',
  date: 'visits.field.date',
  time: 'visits.field.time',
  durationMinutes: 'visits.field.duration',
  type: 'visits.field.type',
  planned: 'visits.field.planned',
  outcome: 'visits.field.outcome',
  missedReason: 'visits.field.missedReason',
  missedNote: 'visits.field.missedNote',
  vitals: 'visits.field.vitals',
  recheckNote: 'visits.field.recheckNote',
  careGiven: 'visits.field.careGiven',
  mood: 'visits.field.mood',
  observations: 'visits.field.observations',
  problems: 'visits.field.problems',
  escalation: 'visits.field.escalation',
  escalationReason: 'visits.field.escalationReason',
  nextVisitDate: 'visits.field.nextVisitDate',
  photos: 'visits.field.photos',
  photoConsent: 'visits.field.photoConsent',
  archivedReason: 'visits.field.archivedReason',
  gps: 'visits.field.gps',
  reason: 'visits.amend.reason',
};

export interface LabelRef {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * The label naming the field of an issue. Care rows are named by their activity (`activityName` is given
 * the row's code), problems by their line number.
 */
export function labelFor(path: string, careCodeAt: (index: number) => string | undefined): LabelRef | { text: string } {
  const [head, second] = path.split('.');
  if (head === 'vitals' && isVitalKey(second)) return { key: `visits.vital.${second}` };
  if (head === 'problems' && second !== undefined && /^\d+$/.test(second)) return { key: 'visits.field.problem', params: { n: Number(second) + 1 } };
  if (head === 'careGiven' && second !== undefined && /^\d+$/.test(second)) {
    const code = careCodeAt(Number(second));
    if (code !== undefined) return { text: code };
  }
  const simple = SIMPLE_LABELS[head ?? ''];
  return simple ? { key: simple } : { key: 'visits.field.form' };
}

/** Issues keyed by path; the first issue of a path wins (validateVisitForm reports the most useful first). */
export function issuesByPath(issues: readonly FormIssue[]): Map<string, FormIssue> {
  const out = new Map<string, FormIssue>();
  for (const i of issues) {
    const k = pathKey(i.path);
    if (!out.has(k)) out.set(k, i);
  }
  return out;
}

export type LiveVital = { kind: 'empty' } | { kind: 'issue'; issue: VitalIssue } | { kind: 'level'; level: VitalLevel };

/** What one typed vital shows as it is typed: nothing, a refusal (typo), or its level against the ranges. */
export function liveVital(key: VitalKey, raw: string, settings: VitalSettings): LiveVital {
  const r = parseVital(key, raw);
  if (!r.ok) return { kind: 'issue', issue: r.issue };
  if (r.value === null) return { kind: 'empty' };
  if (!(RANGED_VITALS as readonly string[]).includes(key)) return { kind: 'level', level: 'normal' };
  return { kind: 'level', level: classifyVital(key as RangedVital, r.value, settings) };
}

/** Ticks or unticks one activity; a newly ticked one starts with the plan's minutes (if any). */
export function toggleCare(list: VisitFormValues['careGiven'], code: string, on: boolean, defaultMinutes: number | null): VisitFormValues['careGiven'] {
  const without = list.filter((c) => c.code !== code);
  return on ? [...without, { code, minutes: defaultMinutes === null ? '' : String(defaultMinutes) }] : without;
}

/** The problems list as the textarea shows it, one per line; the round trip keeps empty lines being typed. */
export function problemsToText(problems: readonly string[]): string {
  return problems.join('\n');
}

export function textToProblems(text: string): string[] {
  return text === '' ? [] : text.split(/\r?\n/);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const str = (x: unknown, fallback: string): string => (typeof x === 'string' ? x : fallback);

/** Form values from a stored draft, field by field against the empty form (see the header). */
export function reviveVisitForm(raw: unknown, now: string): VisitFormValues {
  const empty = emptyVisitForm(now);
  if (!isRecord(raw)) return empty;
  const vitals = isRecord(raw.vitals) ? raw.vitals : {};
  const gps = isRecord(raw.gps) && typeof raw.gps.lat === 'number' && typeof raw.gps.lng === 'number' ? raw.gps : null;
  return {
    date: str(raw.date, empty.date),
    time: str(raw.time, empty.time),
    durationMinutes: str(raw.durationMinutes, empty.durationMinutes),
    type: str(raw.type, empty.type),
    planned: typeof raw.planned === 'boolean' ? raw.planned : empty.planned,
    outcome: str(raw.outcome, empty.outcome),
    missedReason: str(raw.missedReason, ''),
    missedNote: str(raw.missedNote, ''),
    vitals: Object.fromEntries(VITAL_KEYS.map((k) => [k, str(vitals[k], '')])) as VisitFormValues['vitals'],
    recheckNote: str(raw.recheckNote, ''),
    careGiven: Array.isArray(raw.careGiven)
      ? raw.careGiven.filter(isRecord).map((c) => ({ code: str(c.code, ''), minutes: str(c.minutes, '') })).filter((c) => c.code !== '')
      : [],
    mood: str(raw.mood, ''),
    observations: str(raw.observations, ''),
    problems: Array.isArray(raw.problems) ? raw.problems.filter((p): p is string => typeof p === 'string') : [],
    escalation: str(raw.escalation, empty.escalation),
    escalationReason: str(raw.escalationReason, ''),
    nextVisitDate: str(raw.nextVisitDate, ''),
    photos: Array.isArray(raw.photos) ? (raw.photos.filter(isRecord) as unknown as PhotoRef[]) : [],
    photoConsent: raw.photoConsent === true,
    archivedReason: str(raw.archivedReason, ''),
    gps: gps ? { lat: gps.lat as number, lng: gps.lng as number, accuracyM: typeof gps.accuracyM === 'number' ? gps.accuracyM : null } : null,
  };
}

export type AdlDue = { due: false } | { due: true; lastAssessedOn: string | null; dueDate: string | null };

/**
 * Whether an ADL re-score is due on a visit today (docs/domain.md §3, the same intervals as the reassessment
 * alert): never assessed, or 6 months after the last one for dependants and 12 months for the social group.
 * The due date itself counts as due (the alert fires only the day after).
 */
export function adlDue(latest: { assessedOn: string; group: AdlGroup } | null | undefined, today: string): AdlDue {
  if (!latest) return { due: true, lastAssessedOn: null, dueDate: null };
  const dueDate = reassessmentDueDate(latest);
  return today >= dueDate ? { due: true, lastAssessedOn: latest.assessedOn, dueDate } : { due: false };
}

/** Minutes from a Bangkok start (date + HH:mm) to `now`, or null when the start is not a valid past time. */
export function minutesSince(startInstant: string | null, now: number): number | null {
  if (startInstant === null) return null;
  const ms = now - Date.parse(startInstant);
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.max(1, Math.round(ms / 60_000));
}
