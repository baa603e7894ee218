/**
 * The visit form, for a new visit (autosaved as a draft) and for an amendment (the same fields prefilled,
 * plus a reason). Values stay exactly as typed (shared VisitFormValues, strings), so a failed save, a reload
 * or a crash loses nothing; shared/visit.ts validateVisitForm decides what is valid and shared/vitals.ts
 * what is abnormal, this component only shows it.
 *
 * Errors: before the first save attempt a problem shows once its field has been left (a typo in a vital
 * sign at once on blur); after it, every problem shows and follows the typing. Each error sits under its
 * field with test id `field-error-<path>` and names the field.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useForm, useWatch, type FieldPath, type UseFormRegisterReturn } from 'react-hook-form';
import type { VisitActivityOption } from '../../../shared/carePlan';
import { bangkokInstant } from '../../../shared/dates/calendar';
import { bangkokDate, bangkokDateTime, isIsoDate } from '../../../shared/dates/thaiDate';
import { ARCHIVED_STATUSES, type Resident } from '../../../shared/resident';
import {
  ESCALATIONS,
  MISSED_REASONS,
  VISIT_TYPES,
  validateVisitForm,
  visitWarnings,
  type FormIssue,
  type VisitFormContext,
  type VisitFormOutput,
  type VisitFormValues,
} from '../../../shared/visit';
import { VITAL_KEYS, flagVitals, isUrgentLevel, parseVitals, type VitalKey, type VitalSettings, type WeightReading } from '../../../shared/vitals';
import { useStore } from '../../app/StoreProvider';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, focusField } from '../../ui/form/ErrorSummary';
import { compareFieldPaths, labelledError } from '../../ui/form/errors';
import { VISIT_FIELD_ORDER, errorTestId, issuesByPath, labelFor, liveVital, minutesSince, pathKey, problemsToText, textToProblems, toggleCare, type AdlDue } from './formModel';
import { useVisitDraft } from './useVisitDraft';
import { VisitPhotos } from './VisitPhotos';
import './visits.css';
import { errorText } from '../../i18n/errorText';

export type SaveResult = { ok: true } | { ok: false; issues?: FormIssue[]; error?: string };

export interface VisitFormProps {
  resident: Resident;
  initial: VisitFormValues;
  mode: 'new' | 'amend';
  careOptions: readonly VisitActivityOption[];
  hasPlan: boolean;
  vitalSettings: VitalSettings;
  /** The resident's other weight readings (for the weight-change flag). */
  weightHistory: readonly WeightReading[];
  adl: AdlDue;
  /** New visits: where the draft is kept, and when it was restored from (null: a fresh form). */
  draft?: { userId: string; restoredFrom: string | null };
  /** Amendments: whether an archived resident's reason is asked (only when the visit was recorded with one). */
  askArchivedReason?: boolean;
  onSave(data: VisitFormOutput, reason: string): Promise<SaveResult>;
  onCancel(): void;
  onRecordAdl?: () => void;
}

/** DOM id of the control an issue path points at (the error summary focuses it). */
function domIdFor(path: string, values: VisitFormValues): string {
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

function touchedAt(touched: unknown, path: string): boolean {
  let node: unknown = touched;
  for (const seg of path.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[seg];
  }
  return node === true;
}

export function VisitForm(props: VisitFormProps) {
  const { resident, initial, mode, careOptions, hasPlan, vitalSettings, weightHistory, adl, draft, onSave, onCancel, onRecordAdl } = props;
  const { t, tCode, date, instant, locale } = useI18n();
  const { db } = useStore();
  const form = useForm<VisitFormValues>({ defaultValues: initial, mode: 'onBlur' });
  const { touchedFields } = form.formState;
  const values = useWatch({ control: form.control }) as VisitFormValues;
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [extraIssues, setExtraIssues] = useState<FormIssue[]>([]);
  const [reason, setReason] = useState('');
  const [reasonTouched, setReasonTouched] = useState(false);
  const [now, setNow] = useState(() => new Date().toISOString());

  // "Now" moves on, so a visit that was in the future a minute ago can become valid while the form is open.
  useEffect(() => {
    const id = setInterval(() => setNow(new Date().toISOString()), 30_000);
    return () => clearInterval(id);
  }, []);

  const archived = ARCHIVED_STATUSES.includes(resident.status);
  const askArchived = mode === 'new' ? archived : props.askArchivedReason === true;
  const ctx = useMemo<VisitFormContext>(
    // An amendment of a visit made while the resident was active must not start asking for an archive reason.
    () => ({ now, resident: { birthDate: resident.birthDate, status: askArchived ? resident.status : 'active' }, vitalSettings }),
    [now, resident.birthDate, resident.status, askArchived, vitalSettings],
  );

  const getValues = useCallback(() => form.getValues(), [form]);
  const autosave = useVisitDraft({ db, residentId: resident.id, userId: draft?.userId ?? '', getValues, enabled: mode === 'new' && draft !== undefined });
  const { changed } = autosave;
  useEffect(() => {
    // Every value change (typing, ticking, setValue) schedules an autosave.
    return form.subscribe({ formState: { values: true }, callback: () => changed() });
  }, [form, changed]);

  const result = useMemo(() => validateVisitForm(values, ctx), [values, ctx]);
  const allIssues = useMemo(() => [...(result.ok ? [] : result.issues), ...extraIssues], [result, extraIssues]);
  const shownIssues = submitted ? allIssues : allIssues.filter((i) => touchedAt(touchedFields, pathKey(i.path)) || (pathKey(i.path) === 'reason' && reasonTouched));
  const byPath = issuesByPath(shownIssues);

  const careName = (code: string): string => {
    const opt = careOptions.find((c) => c.code === code);
    return opt ? (locale === 'th' ? opt.th : opt.en) : code;
  };
  const labelText = (path: string): string => {
    const l = labelFor(path, (i) => values.careGiven[i]?.code);
    return 'text' in l ? careName(l.text) : t(l.key, l.params);
  };
  const issueText = (i: FormIssue): string => {
    const path = pathKey(i.path);
    let msg = tCode(i.code, i.params);
    if (i.code === 'vitals.diastolic.notBelowSystolic' && i.params && typeof i.params.suggestedSystolic === 'number' && typeof i.params.suggestedDiastolic === 'number') {
      msg = `${msg} ${t('visits.swapHint', { suggestedSystolic: i.params.suggestedSystolic, suggestedDiastolic: i.params.suggestedDiastolic })}`;
    }
    return labelledError(labelText(path), msg);
  };
  const errorOf = (path: string): string | undefined => {
    const i = byPath.get(path);
    return i ? issueText(i) : undefined;
  };

  const sortedShown = [...byPath.values()].sort((a, b) => compareFieldPaths(pathKey(a.path), pathKey(b.path), VISIT_FIELD_ORDER));
  const summary = sortedShown.map((i) => ({ id: domIdFor(pathKey(i.path), values), text: issueText(i) }));

  // Live flags on what parses; urgent ones need an escalation or a recheck note.
  const parsed = useMemo(() => parseVitals(values.vitals), [values.vitals]);
  const flags = useMemo(
    () => flagVitals(parsed.vitals, vitalSettings, isIsoDate(values.date) ? { date: values.date, history: weightHistory } : undefined),
    [parsed.vitals, vitalSettings, values.date, weightHistory],
  );
  const urgentKeys = flags.filter((f) => isUrgentLevel(f.level)).map((f) => f.key);
  const warnings = result.ok ? visitWarnings(result.data) : [];

  const start = useMemo(() => {
    try {
      return isIsoDate(values.date) && /^\d{2}:\d{2}$/.test(values.time) ? bangkokInstant(values.date, values.time) : null;
    } catch {
      return null;
    }
  }, [values.date, values.time]);
  const durationNum = /^\d{1,4}$/.test(values.durationMinutes.trim()) ? Number(values.durationMinutes.trim()) : null;
  const endsAt = start !== null && durationNum !== null && durationNum > 0 ? bangkokDateTime(new Date(Date.parse(start) + durationNum * 60_000)).time : null;

  const submit = async () => {
    setFailure(null);
    setSubmitted(true);
    const freshNow = new Date().toISOString();
    setNow(freshNow);
    const r = validateVisitForm(form.getValues(), { ...ctx, now: freshNow });
    if (!r.ok) {
      setExtraIssues([]);
      setShowSummary(true);
      void autosave.flush();
      const first = [...r.issues].sort((a, b) => compareFieldPaths(pathKey(a.path), pathKey(b.path), VISIT_FIELD_ORDER))[0];
      if (first) requestAnimationFrame(() => focusField(domIdFor(pathKey(first.path), form.getValues())));
      return;
    }
    setSaving(true);
    await autosave.stop();
    const saved = await onSave(r.data, reason).catch((err: unknown): SaveResult => ({ ok: false, error: errorText(err, t) }));
    if (saved.ok) return; // the caller navigates away
    setSaving(false);
    autosave.resume();
    if (saved.issues) {
      setExtraIssues(saved.issues);
      setShowSummary(true);
    }
    if (saved.error) setFailure(saved.error);
  };

  const reg = (name: FieldPath<VisitFormValues>) => form.register(name);
  const invalid = (path: string) => (byPath.has(path) ? true : undefined);
  const described = (path: string, hint?: string) => [hint ?? '', byPath.has(path) ? errorTestId(path) : ''].filter(Boolean).join(' ') || undefined;

  const setCare = (code: string, on: boolean, minutes: number | null) =>
    form.setValue('careGiven', toggleCare(form.getValues('careGiven'), code, on, minutes), { shouldDirty: true, shouldTouch: true });
  const setCareMinutes = (code: string, minutes: string) =>
    form.setValue(
      'careGiven',
      form.getValues('careGiven').map((c) => (c.code === code ? { ...c, minutes } : c)),
      { shouldDirty: true },
    );
  const ticked = new Map(values.careGiven.map((c, i) => [c.code, { minutes: c.minutes, index: i }]));
  const planOptions = careOptions.filter((o) => o.fromPlan);
  const otherOptions = careOptions.filter((o) => !o.fromPlan);

  const missed = values.outcome === 'missed';
  const name = `${resident.prefix}${resident.firstName} ${resident.lastName}`;

  const careRow = (o: VisitActivityOption) => {
    const row = ticked.get(o.code);
    const minutesError = row ? errorOf(`careGiven.${row.index}.minutes`) : undefined;
    const codeError = row ? errorOf(`careGiven.${row.index}.code`) : undefined;
    return (
      <li key={o.code} className="care-row">
        <label className="choice" htmlFor={`care-${o.code}`}>
          <input type="checkbox" id={`care-${o.code}`} data-testid={`care-${o.code}`} checked={row !== undefined} onChange={(e) => setCare(o.code, e.target.checked, o.minutes)} />
          <span>
            {locale === 'th' ? o.th : o.en}
            {o.fromPlan && o.timesPerWeek !== null ? <span className="muted small"> · {t('visits.care.planTimes', { n: o.timesPerWeek })}</span> : null}
          </span>
        </label>
        {row ? (
          <span className="care-minutes">
            <input
              id={`care-minutes-${o.code}`}
              data-testid={`care-minutes-${o.code}`}
              inputMode="numeric"
              aria-label={t('visits.care.minutesFor', { activity: locale === 'th' ? o.th : o.en })}
              value={row.minutes}
              onChange={(e) => setCareMinutes(o.code, e.target.value)}
              aria-invalid={minutesError ? true : undefined}
              aria-describedby={minutesError ? errorTestId(`careGiven.${row.index}.minutes`) : undefined}
            />
            <span className="muted small">{t('visits.care.minutes')}</span>
          </span>
        ) : null}
        <ErrorLine path={row ? `careGiven.${row.index}.minutes` : ''} message={minutesError} />
        <ErrorLine path={row ? `careGiven.${row.index}.code` : ''} message={codeError} />
      </li>
    );
  };

  return (
    <form
      noValidate
      className="visit-form"
      data-testid={mode === 'new' ? 'visit-form' : 'amend-form'}
      aria-labelledby="visit-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onBlur={() => void autosave.flush()}
    >
      <div className="page-header">
        <h1 id="visit-form-title" tabIndex={-1}>
          {mode === 'new' ? t('visits.form.title') : t('visits.form.amendTitle')}
        </h1>
      </div>
      <p>
        <strong>{t('visits.form.for', { name })}</strong>
      </p>
      {mode === 'new' ? <p className="muted small">{t('visits.form.autosaveNote')}</p> : null}
      {draft?.restoredFrom ? (
        <p className="alert alert-success" role="status" data-testid="draft-restored">
          {t('visits.draft.restored', { time: instant(draft.restoredFrom) })}
        </p>
      ) : null}
      {showSummary && summary.length > 0 ? (
        <ErrorSummary title={summary.length === 1 ? t('v.formHasOneError') : t('v.formHasErrors', { n: summary.length })} items={summary} testId="visit-error-summary" />
      ) : null}
      <ErrorLine path="" message={errorOf('')} block />

      {adl.due && mode === 'new' ? (
        <div className="alert alert-warning" data-testid="adl-due">
          <p style={{ margin: 0 }}>{adl.lastAssessedOn ? t('visits.adl.due', { date: date(adl.lastAssessedOn) }) : t('visits.adl.never')}</p>
          {onRecordAdl ? (
            <p style={{ margin: '6px 0 0' }}>
              <button type="button" className="btn" onClick={onRecordAdl} data-testid="visit-record-adl">
                {t('visits.adl.record')}
              </button>{' '}
              <span className="muted small">{t('visits.adl.afterSave')}</span>
            </p>
          ) : null}
        </div>
      ) : null}

      <section className="card" aria-labelledby="vs-when">
        <h2 id="vs-when">{t('visits.section.when')}</h2>
        <div className="grid">
          <VField id="visit-date" path="date" label={t('visits.field.date')} error={errorOf('date')} hint={isIsoDate(values.date) ? date(values.date) : undefined}>
            <input id="visit-date" data-testid="visit-date" type="date" max={bangkokDate(now)} {...reg('date')} aria-invalid={invalid('date')} aria-describedby={described('date', isIsoDate(values.date) ? 'visit-date-hint' : undefined)} />
          </VField>
          <VField id="visit-time" path="time" label={t('visits.field.time')} error={errorOf('time')}>
            <input id="visit-time" data-testid="visit-time" type="time" {...reg('time')} aria-invalid={invalid('time')} aria-describedby={described('time')} />
          </VField>
          <VField id="visit-durationMinutes" path="durationMinutes" label={t('visits.field.duration')} error={errorOf('durationMinutes')} hint={endsAt ? t('visits.field.endsAt', { time: endsAt }) : undefined}>
            <span className="row" style={{ flexWrap: 'nowrap', alignItems: 'center' }}>
              <input
                id="visit-durationMinutes"
                data-testid="visit-duration"
                inputMode="numeric"
                style={{ width: '6em' }}
                {...reg('durationMinutes')}
                aria-invalid={invalid('durationMinutes')}
                aria-describedby={described('durationMinutes', endsAt ? 'visit-durationMinutes-hint' : undefined)}
              />
              {mode === 'new' ? (
                <button
                  type="button"
                  className="btn"
                  data-testid="visit-duration-now"
                  onClick={() => {
                    const m = minutesSince(start, Date.now());
                    if (m !== null) form.setValue('durationMinutes', String(m), { shouldDirty: true, shouldTouch: true });
                  }}
                >
                  {t('visits.field.durationNow')}
                </button>
              ) : null}
            </span>
          </VField>
          <VField id="visit-type" path="type" label={t('visits.field.type')} error={errorOf('type')}>
            <select id="visit-type" data-testid="visit-type" {...reg('type')} aria-invalid={invalid('type')} aria-describedby={described('type')}>
              {VISIT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {t(`visits.type.${v}`)}
                </option>
              ))}
            </select>
          </VField>
        </div>
        <div className="row visit-outcome">
          <label className="choice" htmlFor="visit-planned">
            <input type="checkbox" id="visit-planned" data-testid="visit-planned" {...reg('planned')} />
            <span>{t('visits.field.planned')}</span>
          </label>
          <fieldset className="choice-group" aria-describedby={byPath.has('outcome') ? errorTestId('outcome') : undefined}>
            <legend>{t('visits.field.outcome')}</legend>
            <div className="row">
              {(['done', 'missed'] as const).map((o) => (
                <label key={o} className="choice" htmlFor={`visit-outcome-${o}`}>
                  <input type="radio" id={`visit-outcome-${o}`} data-testid={`visit-outcome-${o}`} value={o} {...reg('outcome')} />
                  <span>{t(`visits.outcome.${o}`)}</span>
                </label>
              ))}
            </div>
            <ErrorLine path="outcome" message={errorOf('outcome')} />
          </fieldset>
        </div>
        {missed ? (
          <div className="grid">
            <VField id="visit-missedReason" path="missedReason" label={t('visits.field.missedReason')} error={errorOf('missedReason')}>
              <select id="visit-missedReason" data-testid="visit-missedReason" {...reg('missedReason')} aria-invalid={invalid('missedReason')} aria-describedby={described('missedReason')}>
                <option value="">{t('visits.field.missedReason.choose')}</option>
                {MISSED_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`visits.missed.${r}`)}
                  </option>
                ))}
              </select>
            </VField>
            <VField id="visit-missedNote" path="missedNote" label={t('visits.field.missedNote')} error={errorOf('missedNote')}>
              <input id="visit-missedNote" data-testid="visit-missedNote" {...reg('missedNote')} aria-invalid={invalid('missedNote')} aria-describedby={described('missedNote')} />
            </VField>
          </div>
        ) : null}
        {askArchived ? (
          <VField
            id="visit-archivedReason"
            path="archivedReason"
            label={t('visits.field.archivedReason')}
            error={errorOf('archivedReason')}
            hint={t('visits.field.archivedHint', { status: t(`status.${resident.status}`) })}
          >
            <input id="visit-archivedReason" data-testid="visit-archivedReason" {...reg('archivedReason')} aria-invalid={invalid('archivedReason')} aria-describedby={described('archivedReason', 'visit-archivedReason-hint')} />
          </VField>
        ) : null}
      </section>

      {!missed || values.careGiven.length > 0 || VITAL_KEYS.some((k) => values.vitals[k] !== '') ? (
        <>
          <section className="card" aria-labelledby="vs-vitals" data-testid="visit-vitals">
            <h2 id="vs-vitals">{t('visits.section.vitals')}</h2>
            <p className="muted small">{t('visits.section.vitalsHint')}</p>
            <ErrorLine path="vitals" message={errorOf('vitals')} block />
            <div className="vitals-grid">
              {VITAL_KEYS.map((key) => (
                <VitalInput
                  key={key}
                  vitalKey={key}
                  label={t(`visits.vital.${key}`)}
                  unit={t(`visits.unit.${key}`)}
                  raw={values.vitals[key]}
                  settings={vitalSettings}
                  weightFlag={key === 'weight' ? (flags.find((f) => f.key === 'weight') ?? null) : null}
                  error={errorOf(`vitals.${key}`)}
                  registration={reg(`vitals.${key}`)}
                  hint={key === 'glucose' ? t('visits.glucoseHint') : undefined}
                />
              ))}
            </div>
            {urgentKeys.length > 0 ? (
              <p className="alert alert-error" role="alert" data-testid="vital-urgent">
                {t('visits.urgent', { fields: urgentKeys.map((k) => t(`visits.vital.${k}`)).join(', ') })}
              </p>
            ) : null}
            {urgentKeys.length > 0 || values.recheckNote !== '' ? (
              <VField id="visit-recheckNote" path="recheckNote" label={t('visits.field.recheckNote')} error={errorOf('recheckNote')}>
                <textarea id="visit-recheckNote" data-testid="visit-recheck-note" rows={2} {...reg('recheckNote')} aria-invalid={invalid('recheckNote')} aria-describedby={described('recheckNote')} />
              </VField>
            ) : null}
          </section>

          <section className="card" aria-labelledby="vs-care" data-testid="visit-care">
            <h2 id="vs-care">{t('visits.section.care')}</h2>
            <ErrorLine path="careGiven" message={errorOf('careGiven')} block />
            {planOptions.length > 0 ? (
              <>
                <h3 className="care-heading">{t('visits.care.fromPlan')}</h3>
                <ul className="care-list" data-testid="care-plan-activities">
                  {planOptions.map(careRow)}
                </ul>
                <h3 className="care-heading">{t('visits.care.others')}</h3>
              </>
            ) : !hasPlan ? (
              <p className="muted small">{t('visits.care.noPlan')}</p>
            ) : null}
            <ul className="care-list">{otherOptions.map(careRow)}</ul>
          </section>
        </>
      ) : null}

      <section className="card" aria-labelledby="vs-notes">
        <h2 id="vs-notes">{t('visits.section.notes')}</h2>
        <fieldset className="choice-group" aria-describedby={byPath.has('mood') ? errorTestId('mood') : undefined}>
          <legend>{t('visits.field.mood')}</legend>
          <div className="row">
            {(['', '1', '2', '3', '4', '5'] as const).map((m) => (
              <label key={m || 'none'} className="choice" htmlFor={`visit-mood-${m || 'none'}`}>
                <input type="radio" id={`visit-mood-${m || 'none'}`} data-testid={`visit-mood-${m || 'none'}`} value={m} {...reg('mood')} />
                <span>{m === '' ? t('visits.mood.none') : t(`visits.mood.${m}`)}</span>
              </label>
            ))}
          </div>
          <ErrorLine path="mood" message={errorOf('mood')} />
        </fieldset>
        <VField id="visit-observations" path="observations" label={t('visits.field.observations')} error={errorOf('observations')}>
          <textarea id="visit-observations" data-testid="visit-observations" rows={3} {...reg('observations')} aria-invalid={invalid('observations')} aria-describedby={described('observations')} />
        </VField>
        <VField id="visit-problems" path="problems" label={t('visits.field.problems')} error={errorOf('problems')} hint={t('visits.field.problemsHint')}>
          <textarea
            id="visit-problems"
            data-testid="visit-problems"
            rows={3}
            value={problemsToText(values.problems)}
            onChange={(e) => form.setValue('problems', textToProblems(e.target.value), { shouldDirty: true })}
            aria-invalid={invalid('problems') ?? (values.problems.some((_, i) => byPath.has(`problems.${i}`)) ? true : undefined)}
            aria-describedby={described('problems', 'visit-problems-hint')}
          />
        </VField>
        {values.problems.map((_, i) => (
          <ErrorLine key={i} path={`problems.${i}`} message={errorOf(`problems.${i}`)} block />
        ))}
      </section>

      <section className="card" aria-labelledby="vs-follow">
        <h2 id="vs-follow">{t('visits.section.followUp')}</h2>
        <div className="grid">
          <VField id="visit-escalation" path="escalation" label={t('visits.field.escalation')} error={errorOf('escalation')}>
            <select id="visit-escalation" data-testid="visit-escalation" {...reg('escalation')} aria-invalid={invalid('escalation')} aria-describedby={described('escalation')}>
              {ESCALATIONS.map((e) => (
                <option key={e} value={e}>
                  {t(`visits.escalation.${e}`)}
                </option>
              ))}
            </select>
          </VField>
          <VField id="visit-next-date" path="nextVisitDate" label={t('visits.field.nextVisitDate')} error={errorOf('nextVisitDate')} hint={isIsoDate(values.nextVisitDate) ? date(values.nextVisitDate) : t('common.optional')}>
            <input id="visit-next-date" data-testid="visit-next-date" type="date" {...reg('nextVisitDate')} aria-invalid={invalid('nextVisitDate')} aria-describedby={described('nextVisitDate', 'visit-next-date-hint')} />
          </VField>
        </div>
        {values.escalation !== 'none' || values.escalationReason !== '' ? (
          <VField id="visit-escalation-reason" path="escalationReason" label={t('visits.field.escalationReason')} error={errorOf('escalationReason')}>
            <textarea id="visit-escalation-reason" data-testid="visit-escalation-reason" rows={2} {...reg('escalationReason')} aria-invalid={invalid('escalationReason')} aria-describedby={described('escalationReason')} />
          </VField>
        ) : null}
      </section>

      <section className="card" aria-labelledby="vs-photos">
        <h2 id="vs-photos">{t('visits.section.photos')}</h2>
        <VisitPhotos
          residentId={resident.id}
          photos={values.photos}
          consent={values.photoConsent}
          onChange={(photos) => form.setValue('photos', photos, { shouldDirty: true, shouldTouch: true })}
          onConsent={(c) => form.setValue('photoConsent', c, { shouldDirty: true, shouldTouch: true })}
          error={errorOf('photos')}
          consentError={errorOf('photoConsent')}
        />
      </section>

      {mode === 'amend' ? (
        <section className="card" aria-labelledby="vs-reason">
          <h2 id="vs-reason">{t('visits.amend.reason')}</h2>
          <VField id="amend-reason" path="reason" label={t('visits.amend.reason')} error={errorOf('reason')} hint={t('visits.amend.reasonHint')}>
            <textarea
              id="amend-reason"
              data-testid="amend-reason"
              rows={2}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setExtraIssues((xs) => xs.filter((x) => pathKey(x.path) !== 'reason'));
              }}
              onBlur={() => setReasonTouched(true)}
              aria-invalid={invalid('reason')}
              aria-describedby={described('reason', 'amend-reason-hint')}
            />
          </VField>
        </section>
      ) : null}

      <div className="card form-actions stack">
        {warnings.length > 0 ? (
          <div className="alert alert-warning" data-testid="visit-warnings">
            <p style={{ margin: 0 }}>{t('visits.warning.title')}</p>
            <ul>
              {warnings.map((w) => (
                <li key={w.code}>{tCode(w.code, w.params)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {failure ? (
          <p className="alert alert-error" role="alert" data-testid="save-failed">
            {t('v.saveFailed', { detail: failure })}
          </p>
        ) : null}
        {autosave.error ? (
          <p className="alert alert-warning" role="status">
            {t('visits.draft.saveFailed', { detail: errorText(autosave.error.cause, t) })}
          </p>
        ) : null}
        <div className="row" style={{ alignItems: 'center' }}>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid={mode === 'new' ? 'save-visit' : 'save-amendment'}>
            {saving ? t('action.saving') : mode === 'new' ? t('visits.save') : t('visits.amend.save')}
          </button>
          <button type="button" className="btn" onClick={onCancel} data-testid={mode === 'new' ? 'visit-cancel' : 'amend-cancel'}>
            {mode === 'new' ? t('visits.cancel') : t('visits.amend.cancel')}
          </button>
          {mode === 'new' ? (
            <span className="muted small" role="status" aria-live="polite" data-testid={autosave.savedAt ? 'draft-saved' : 'draft-status'} data-saves={autosave.saves}>
              {autosave.savedAt ? t('visits.draft.saved', { time: instant(autosave.savedAt) }) : ''}
            </span>
          ) : null}
        </div>
      </div>
    </form>
  );
}

function ErrorLine({ path, message, block }: { path: string; message: string | undefined; block?: boolean }) {
  if (!message) return null;
  return (
    <span className={block ? 'field-error field-error-block' : 'field-error'} id={errorTestId(path)} data-testid={errorTestId(path)}>
      {message}
    </span>
  );
}

function VField({ id, path, label, error, hint, children }: { id: string; path: string; label: string; error: string | undefined; hint?: string | undefined; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <ErrorLine path={path} message={error} />
    </div>
  );
}

interface VitalInputProps {
  vitalKey: VitalKey;
  label: string;
  unit: string;
  raw: string;
  settings: VitalSettings;
  weightFlag: { level: string; change?: { percent: number } } | null;
  error: string | undefined;
  registration: UseFormRegisterReturn;
  hint?: string | undefined;
}

/** One vital sign with its unit and its live flag (`vital-flag-<key>`, data-level) as typed. */
function VitalInput({ vitalKey, label, unit, raw, settings, weightFlag, error, registration, hint }: VitalInputProps) {
  const { t } = useI18n();
  const live = liveVital(vitalKey, raw, settings);
  const level = vitalKey === 'weight' ? (weightFlag?.level ?? null) : live.kind === 'level' && live.level !== 'normal' ? live.level : null;
  const urgent = level === 'criticalLow' || level === 'criticalHigh';
  const flagText =
    level === null
      ? null
      : vitalKey === 'weight' && weightFlag?.change
        ? t('visits.flag.weight', { percent: weightFlag.change.percent, days: settings.weightChangeDays })
        : t(`visits.flag.${level as 'low' | 'high' | 'criticalLow' | 'criticalHigh'}`);
  const id = `vital-${vitalKey}`;
  const path = `vitals.${vitalKey}`;
  return (
    <div className={`field vital${level ? ` vital-abnormal${urgent ? ' vital-urgent' : ''}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="vital-input">
        <input
          id={id}
          data-testid={id}
          inputMode={vitalKey === 'glucose' ? 'text' : 'decimal'}
          autoComplete="off"
          {...registration}
          aria-invalid={error ? true : undefined}
          aria-describedby={[flagText ? `${id}-flag` : '', hint ? `${id}-hint` : '', error ? errorTestId(path) : ''].filter(Boolean).join(' ') || undefined}
        />
        <span className="vital-unit">{unit}</span>
      </span>
      {flagText ? (
        <span id={`${id}-flag`} className={`vital-flag vital-flag-${level ?? ''}`} data-testid={`vital-flag-${vitalKey}`} data-level={level ?? ''} role={urgent ? 'alert' : undefined}>
          {urgent ? '⚠ ' : level === 'low' ? '▼ ' : '▲ '}
          {flagText}
        </span>
      ) : null}
      {hint ? (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <ErrorLine path={path} message={error} />
    </div>
  );
}
