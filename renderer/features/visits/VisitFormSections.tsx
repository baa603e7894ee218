/**
 * The sections of the visit form (VisitForm.tsx holds the state, validation and saving): when and how the
 * visit went, vital signs with their live flags, care given, notes and follow-up. Each renders what it is
 * given and writes through the form; errors come in as text (errorOf) already naming the field.
 */
import type { UseFormRegisterReturn, UseFormReturn } from 'react-hook-form';
import type { VisitActivityOption } from '../../../shared/carePlan';
import { addDays } from '../../../shared/dates/calendar';
import { bangkokDate, isIsoDate } from '../../../shared/dates/thaiDate';
import type { Resident } from '../../../shared/resident';
import { ESCALATIONS, MISSED_REASONS, VISIT_LIMITS, VISIT_TYPES } from '../../../shared/visit';
import { type VisitFormValues } from '../../../shared/visitForm';
import { VITAL_KEYS, type VitalFlag, type VitalKey, type VitalSettings } from '../../../shared/vitals';
import { useI18n } from '../../i18n/I18nProvider';
import { DateField } from '../../ui/form/DateField';
import { ErrorText } from '../../ui/form/ErrorText';
import { Field } from '../../ui/form/Field';
import { errorTestId, lineError, liveVital, minutesSince, pathError, problemsToText, textToProblems, toggleCare } from './formModel';

export interface SectionProps {
  form: UseFormReturn<VisitFormValues>;
  values: VisitFormValues;
  /** The error text at a path, once it is to be shown. */
  errorOf(path: string): string | undefined;
}

export const invalidOf = (error: string | undefined): true | undefined => (error ? true : undefined);

/** aria-describedby of a control: its hint (if any), then its error (if shown). */
export function describedOf(errorOf: SectionProps['errorOf'], path: string, hint?: string): string | undefined {
  return [hint ?? '', errorOf(path) ? errorTestId(path) : ''].filter(Boolean).join(' ') || undefined;
}

export interface WhenSectionProps extends SectionProps {
  mode: 'new' | 'amend';
  now: string;
  /** The visit's start instant when date and time parse, for "fill in the minutes since". */
  start: string | null;
  endsAt: string | null;
  resident: Resident;
  askArchived: boolean;
  /** Called with the duration's text as it is typed (VisitForm may move an untouched start back). */
  onDurationTyped?: (text: string) => void;
}

export function WhenSection({ form, values, errorOf, mode, now, start, endsAt, resident, askArchived, onDurationTyped }: WhenSectionProps) {
  const { t } = useI18n();
  const reg = form.register;
  const invalid = (path: string) => invalidOf(errorOf(path));
  const described = (path: string, hint?: string) => describedOf(errorOf, path, hint);
  const missed = values.outcome === 'missed';
  return (
    <section className="card" aria-labelledby="vs-when">
      <h2 id="vs-when">{t('visits.section.when')}</h2>
      <div className="grid">
        <DateField control={form.control} name="date" id="visit-date" testId="visit-date" {...pathError('date')} label={t('visits.field.date')} error={errorOf('date')} max={bangkokDate(now)} />
        <Field id="visit-time" {...pathError('time')} label={t('visits.field.time')} error={errorOf('time')}>
          <input id="visit-time" data-testid="visit-time" type="time" {...reg('time')} aria-invalid={invalid('time')} aria-describedby={described('time')} />
        </Field>
        <Field id="visit-durationMinutes" {...pathError('durationMinutes')} label={t('visits.field.duration')} error={errorOf('durationMinutes')} hint={endsAt ? t('visits.field.endsAt', { time: endsAt }) : undefined}>
          <span className="row" style={{ flexWrap: 'nowrap', alignItems: 'center' }}>
            <input
              id="visit-durationMinutes"
              data-testid="visit-duration"
              inputMode="numeric"
              style={{ width: '6em' }}
              {...reg('durationMinutes', { onChange: (e: { target: { value: string } }) => onDurationTyped?.(e.target.value) })}
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
        </Field>
        <Field id="visit-type" {...pathError('type')} label={t('visits.field.type')} error={errorOf('type')}>
          <select id="visit-type" data-testid="visit-type" {...reg('type')} aria-invalid={invalid('type')} aria-describedby={described('type')}>
            {VISIT_TYPES.map((v) => (
              <option key={v} value={v}>
                {t(`visits.type.${v}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="row visit-outcome">
        <label className="choice" htmlFor="visit-planned">
          <input type="checkbox" id="visit-planned" data-testid="visit-planned" {...reg('planned')} />
          <span>{t('visits.field.planned')}</span>
        </label>
        <fieldset className="choice-group" aria-describedby={errorOf('outcome') ? errorTestId('outcome') : undefined}>
          <legend>{t('visits.field.outcome')}</legend>
          <div className="row">
            {(['done', 'missed'] as const).map((o) => (
              <label key={o} className="choice" htmlFor={`visit-outcome-${o}`}>
                <input type="radio" id={`visit-outcome-${o}`} data-testid={`visit-outcome-${o}`} value={o} {...reg('outcome')} />
                <span>{t(`visits.outcome.${o}`)}</span>
              </label>
            ))}
          </div>
          <ErrorText {...lineError('outcome')} message={errorOf('outcome')} />
        </fieldset>
      </div>
      {missed ? (
        <div className="grid">
          <Field id="visit-missedReason" {...pathError('missedReason')} label={t('visits.field.missedReason')} error={errorOf('missedReason')}>
            <select id="visit-missedReason" data-testid="visit-missedReason" {...reg('missedReason')} aria-invalid={invalid('missedReason')} aria-describedby={described('missedReason')}>
              <option value="">{t('visits.field.missedReason.choose')}</option>
              {MISSED_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`visits.missed.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="visit-missedNote" {...pathError('missedNote')} label={t('visits.field.missedNote')} error={errorOf('missedNote')}>
            <input id="visit-missedNote" data-testid="visit-missedNote" {...reg('missedNote')} aria-invalid={invalid('missedNote')} aria-describedby={described('missedNote')} />
          </Field>
        </div>
      ) : null}
      {askArchived ? (
        <Field
          id="visit-archivedReason"
          {...pathError('archivedReason')}
          label={t('visits.field.archivedReason')}
          error={errorOf('archivedReason')}
          hint={t('visits.field.archivedHint', { status: t(`status.${resident.status}`) })}
        >
          <input id="visit-archivedReason" data-testid="visit-archivedReason" {...reg('archivedReason')} aria-invalid={invalid('archivedReason')} aria-describedby={described('archivedReason', 'visit-archivedReason-hint')} />
        </Field>
      ) : null}
    </section>
  );
}

export interface VitalsSectionProps extends SectionProps {
  vitalSettings: VitalSettings;
  flags: readonly VitalFlag[];
  urgentKeys: readonly VitalKey[];
}

export function VitalsSection({ form, values, errorOf, vitalSettings, flags, urgentKeys }: VitalsSectionProps) {
  const { t } = useI18n();
  const reg = form.register;
  const invalid = (path: string) => invalidOf(errorOf(path));
  const described = (path: string) => describedOf(errorOf, path);
  return (
      <section className="card" aria-labelledby="vs-vitals" data-testid="visit-vitals">
        <h2 id="vs-vitals">{t('visits.section.vitals')}</h2>
        <p className="muted small">{t('visits.section.vitalsHint')}</p>
        <ErrorText {...lineError('vitals')} message={errorOf('vitals')} block />
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
          <Field id="visit-recheckNote" {...pathError('recheckNote')} label={t('visits.field.recheckNote')} error={errorOf('recheckNote')}>
            <textarea id="visit-recheckNote" data-testid="visit-recheck-note" rows={2} {...reg('recheckNote')} aria-invalid={invalid('recheckNote')} aria-describedby={described('recheckNote')} />
          </Field>
        ) : null}
      </section>
  );
}

export interface CareSectionProps extends SectionProps {
  careOptions: readonly VisitActivityOption[];
  hasPlan: boolean;
}

export function CareSection({ form, values, errorOf, careOptions, hasPlan }: CareSectionProps) {
  const { t, locale } = useI18n();
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
        <ErrorText {...lineError(row ? `careGiven.${row.index}.minutes` : '')} message={minutesError} />
        <ErrorText {...lineError(row ? `careGiven.${row.index}.code` : '')} message={codeError} />
      </li>
    );
  };
  return (
      <section className="card" aria-labelledby="vs-care" data-testid="visit-care">
        <h2 id="vs-care">{t('visits.section.care')}</h2>
        <ErrorText {...lineError('careGiven')} message={errorOf('careGiven')} block />
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
  );
}

export function NotesSection({ form, values, errorOf }: SectionProps) {
  const { t } = useI18n();
  const reg = form.register;
  const invalid = (path: string) => invalidOf(errorOf(path));
  const described = (path: string, hint?: string) => describedOf(errorOf, path, hint);
  return (
    <section className="card" aria-labelledby="vs-notes">
      <h2 id="vs-notes">{t('visits.section.notes')}</h2>
      <fieldset className="choice-group" aria-describedby={errorOf('mood') ? errorTestId('mood') : undefined}>
        <legend>{t('visits.field.mood')}</legend>
        <div className="row">
          {(['', '1', '2', '3', '4', '5'] as const).map((m) => (
            <label key={m || 'none'} className="choice" htmlFor={`visit-mood-${m || 'none'}`}>
              <input type="radio" id={`visit-mood-${m || 'none'}`} data-testid={`visit-mood-${m || 'none'}`} value={m} {...reg('mood')} />
              <span>{m === '' ? t('visits.mood.none') : t(`visits.mood.${m}`)}</span>
            </label>
          ))}
        </div>
        <ErrorText {...lineError('mood')} message={errorOf('mood')} />
      </fieldset>
      <Field id="visit-observations" {...pathError('observations')} label={t('visits.field.observations')} error={errorOf('observations')}>
        <textarea id="visit-observations" data-testid="visit-observations" rows={3} {...reg('observations')} aria-invalid={invalid('observations')} aria-describedby={described('observations')} />
      </Field>
      <Field id="visit-problems" {...pathError('problems')} label={t('visits.field.problems')} error={errorOf('problems')} hint={t('visits.field.problemsHint')}>
        <textarea
          id="visit-problems"
          data-testid="visit-problems"
          rows={3}
          value={problemsToText(values.problems)}
          onChange={(e) => form.setValue('problems', textToProblems(e.target.value), { shouldDirty: true })}
          aria-invalid={invalid('problems') ?? (values.problems.some((_, i) => errorOf(`problems.${i}`)) ? true : undefined)}
          aria-describedby={described('problems', 'visit-problems-hint')}
        />
      </Field>
      {values.problems.map((_, i) => (
        <ErrorText key={i} {...lineError(`problems.${i}`)} message={errorOf(`problems.${i}`)} block />
      ))}
    </section>
  );
}

export function FollowUpSection({ form, values, errorOf }: SectionProps) {
  const { t } = useI18n();
  const reg = form.register;
  const invalid = (path: string) => invalidOf(errorOf(path));
  const described = (path: string, hint?: string) => describedOf(errorOf, path, hint);
  return (
    <section className="card" aria-labelledby="vs-follow">
      <h2 id="vs-follow">{t('visits.section.followUp')}</h2>
      <div className="grid">
        <Field id="visit-escalation" {...pathError('escalation')} label={t('visits.field.escalation')} error={errorOf('escalation')}>
          <select id="visit-escalation" data-testid="visit-escalation" {...reg('escalation')} aria-invalid={invalid('escalation')} aria-describedby={described('escalation')}>
            {ESCALATIONS.map((e) => (
              <option key={e} value={e}>
                {t(`visits.escalation.${e}`)}
              </option>
            ))}
          </select>
        </Field>
        <DateField
          control={form.control}
          name="nextVisitDate"
          id="visit-next-date"
          testId="visit-next-date"
          {...pathError('nextVisitDate')}
          label={t('visits.field.nextVisitDate')}
          error={errorOf('nextVisitDate')}
          hint={t('common.optional')}
          min={isIsoDate(values.date) ? addDays(values.date, 1) : undefined}
          max={isIsoDate(values.date) ? addDays(values.date, VISIT_LIMITS.maxNextVisitDays) : undefined}
        />
      </div>
      {values.escalation !== 'none' || values.escalationReason !== '' ? (
        <Field id="visit-escalation-reason" {...pathError('escalationReason')} label={t('visits.field.escalationReason')} error={errorOf('escalationReason')}>
          <textarea id="visit-escalation-reason" data-testid="visit-escalation-reason" rows={2} {...reg('escalationReason')} aria-invalid={invalid('escalationReason')} aria-describedby={described('escalationReason')} />
        </Field>
      ) : null}
    </section>
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
      <ErrorText {...lineError(path)} message={error} />
    </div>
  );
}

