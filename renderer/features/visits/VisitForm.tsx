/**
 * The visit form, for a new visit (autosaved as a draft) and for an amendment (the same fields prefilled,
 * plus a reason). Values stay exactly as typed (shared VisitFormValues, strings), so a failed save, a reload
 * or a crash loses nothing; shared/visitForm.ts validateVisitForm decides what is valid and shared/vitals.ts
 * what is abnormal, this component only shows it.
 *
 * Errors: before the first save attempt a problem shows once its field has been left (a typo in a vital
 * sign at once on blur); after it, every problem shows and follows the typing. Each error sits under its
 * field with test id `field-error-<path>` and names the field.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { VisitActivityOption } from '../../../shared/carePlan';
import { bangkokInstant } from '../../../shared/dates/calendar';
import { bangkokDateTime, isIsoDate } from '../../../shared/dates/thaiDate';
import { ARCHIVED_STATUSES, type Resident } from '../../../shared/resident';
import { visitWarnings } from '../../../shared/visitForm';
import { startEndingNow, validateVisitForm, type FormIssue, type VisitFormContext, type VisitFormOutput, type VisitFormValues } from '../../../shared/visitForm';
import { VITAL_KEYS, flagVitals, isUrgentLevel, parseVitals, type VitalSettings, type WeightReading } from '../../../shared/vitals';
import { useStore } from '../../app/StoreProvider';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, focusFieldSoon } from '../../ui/form/ErrorSummary';
import { ErrorText } from '../../ui/form/ErrorText';
import { labelledError, showErrors } from '../../ui/form/errors';
import { Field } from '../../ui/form/Field';
import { VISIT_FIELD_ORDER, domIdFor, issuesByPath, labelFor, lineError, pathError, pathKey, touchedAt, type AdlDue } from './formModel';
import { CareSection, FollowUpSection, NotesSection, VitalsSection, WhenSection, describedOf, invalidOf, type SectionProps } from './VisitFormSections';
import { useVisitDraft } from './useVisitDraft';
import { VisitPhotos } from './VisitPhotos';
import './visits.css';
import { errorText } from '../../i18n/errorText';
import { FormFailure } from '../../ui/form/FormActions';

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

  // The start as the form set it: a new visit opens at "now"; while the user leaves the start alone, typing the
  // duration moves it back so the visit ends now (it is recorded as it ends: shared/visitForm.ts startEndingNow).
  // null once she sets the start herself, and for a form restored from a draft or an amendment.
  const [openedStart] = useState(() => {
    const opened = bangkokDateTime(new Date().toISOString());
    return mode === 'new' && initial.durationMinutes === '' && initial.date === opened.date && initial.time === opened.time ? opened : null;
  });
  const autoStart = useRef<{ date: string; time: string } | null>(openedStart);
  const onDurationTyped = useCallback(
    (text: string) => {
      const auto = autoStart.current;
      if (auto === null) return;
      const v = form.getValues();
      if (v.date !== auto.date || v.time !== auto.time) {
        autoStart.current = { date: '', time: '' }; // she set the start: never moved again
        return;
      }
      const start = startEndingNow(text, new Date().toISOString());
      if (start === null) return;
      form.setValue('date', start.date);
      form.setValue('time', start.time);
      autoStart.current = start;
    },
    [form],
  );

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
  const shown = showErrors(
    [...byPath.values()].map((issue) => ({ path: pathKey(issue.path), issue })),
    { order: VISIT_FIELD_ORDER, text: (e) => issueText(e.issue), domId: (path) => domIdFor(path, values) },
  );
  const errorOf = (path: string): string | undefined => shown.byPath.get(path);
  const summary = shown.summary;

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
      const typed = form.getValues();
      focusFieldSoon(showErrors(r.issues.map((i) => ({ path: pathKey(i.path) })), { order: VISIT_FIELD_ORDER, text: () => '', domId: (path) => domIdFor(path, typed) }).firstId);
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

  const bits: SectionProps = { form, values, errorOf };
  const missed = values.outcome === 'missed';
  const name = `${resident.prefix}${resident.firstName} ${resident.lastName}`;

  return (
    <form
      noValidate
      // Not kept by the browser (form history, session restore): the records are sealed at rest (docs/security.md §3).
      autoComplete="off"
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
      <ErrorText {...lineError('')} message={errorOf('')} block />

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

      <WhenSection {...bits} mode={mode} now={now} start={start} endsAt={endsAt} resident={resident} askArchived={askArchived} onDurationTyped={onDurationTyped} />

      {!missed || values.careGiven.length > 0 || VITAL_KEYS.some((k) => values.vitals[k] !== '') ? (
        <>
          <VitalsSection {...bits} vitalSettings={vitalSettings} flags={flags} urgentKeys={urgentKeys} />
          <CareSection {...bits} careOptions={careOptions} hasPlan={hasPlan} />
        </>
      ) : null}

      <NotesSection {...bits} />

      <FollowUpSection {...bits} />

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
          <Field id="amend-reason" {...pathError('reason')} label={t('visits.amend.reason')} error={errorOf('reason')} hint={t('visits.amend.reasonHint')}>
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
              aria-invalid={invalidOf(errorOf('reason'))}
              aria-describedby={describedOf(errorOf, 'reason', 'amend-reason-hint')}
            />
          </Field>
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
        <FormFailure>{failure && t('v.saveFailed', { detail: failure })}</FormFailure>
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
