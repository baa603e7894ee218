/**
 * Records one Barthel ADL assessment (docs/domain.md §3). The total, group and LTC eligibility shown live all come
 * from shared/adl.ts; this page only collects answers. A failed save keeps every answer.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type * as z from 'zod/mini';
import { ADL_ITEMS, adlGroup, adlTotal, isLtcEligible, type AdlAnswers, type AdlItemKey } from '../../../shared/adl';
import { adlFormSchema, ASSESSMENT_REASONS, type AdlFormOutput } from '../../../shared/assessment';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { TAI_GROUPS } from '../../../shared/reference/tai';
import { residentFullName, type Resident } from '../../../shared/resident';
import { navigate, routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { recordAdlAssessment } from '../../db/assessments';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, focusFieldSoon } from '../../ui/form/ErrorSummary';
import { ErrorText } from '../../ui/form/ErrorText';
import { errorId, firstErrorId, flattenErrors, labelledError, showErrors } from '../../ui/form/errors';
import { SelectField } from '../../ui/form/SelectField';
import { TextAreaField } from '../../ui/form/TextAreaField';
import { DateField } from '../../ui/form/DateField';
import { useResident } from '../residents';
import { AdlGroupBadge } from './AdlGroupBadge';
import { ADL_FIELD_ORDER, ADL_TEXT, adlFieldId } from './adlText';
import { useAssessments } from './queries';
import { errorText } from '../../i18n/errorText';
import { FormFailure, SubmitButton } from '../../ui/form/FormActions';

export interface AdlFormPageProps {
  residentId: string;
}

type AdlFormInput = z.input<ReturnType<typeof adlFormSchema>>;

export function AdlFormPage({ residentId }: AdlFormPageProps) {
  const { t } = useI18n();
  const resident = useResident(residentId);
  const previous = useAssessments(residentId);

  if (resident === undefined || previous === undefined) {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (resident === null || resident.deletedAt !== null) return <p className="empty">{t('common.notFound')}</p>;
  // The first assessment of a resident is the enrolment one; later ones need a reason chosen.
  return <AdlForm resident={resident} defaultReason={previous.length === 0 ? 'enrolment' : ''} />;
}

interface AdlFormProps {
  resident: Resident;
  defaultReason: string;
}

function AdlForm({ resident, defaultReason }: AdlFormProps) {
  const { t, tCode } = useI18n();
  const store = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const resolver = useMemo(() => zodResolver(adlFormSchema({ today })), [today]);
  const form = useForm<AdlFormInput, unknown, AdlFormOutput>({
    resolver,
    defaultValues: { assessedOn: today, answers: {}, reason: defaultReason as AdlFormInput['reason'], notes: '', taiGroup: '' },
    mode: 'onBlur',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  });
  const { errors, isSubmitting, isSubmitted, isDirty } = form.formState;
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // Unanswered items are undefined at run time, whatever the schema's input type says.
  const answers = useWatch({ control: form.control, name: 'answers' }) as Partial<AdlAnswers>;
  const answered = ADL_ITEMS.filter(({ key }) => typeof answers[key] === 'number').length;
  const total = answered === ADL_ITEMS.length ? adlTotal(answers as AdlAnswers) : null;
  const group = total === null ? null : adlGroup(total);

  const label = (path: string): string => {
    const [head, item] = path.split('.');
    if (head === 'answers' && item && item in ADL_TEXT) return t(ADL_TEXT[item as AdlItemKey].name);
    if (head === 'assessedOn') return t('adl.assessedOn');
    if (head === 'reason') return t('adl.reason');
    if (head === 'notes') return t('adl.notes');
    if (head === 'taiGroup') return t('adl.tai');
    return path;
  };
  const shown = showErrors(flattenErrors(errors), { order: ADL_FIELD_ORDER, text: (e) => labelledError(label(e.path), tCode(e.message)), domId: adlFieldId });
  const errText = shown.byPath;
  const summary = shown.summary;

  const choose = (key: AdlItemKey, score: number) => {
    form.setValue(`answers.${key}`, score, { shouldDirty: true, shouldTouch: true, shouldValidate: isSubmitted });
  };

  const submit = form.handleSubmit(
    async (data) => {
      setFailure(null);
      try {
        await recordAdlAssessment(store.db, resident.id, data, actor.writeCtx);
        navigate({ name: 'resident', id: resident.id });
      } catch (err) {
        setFailure(errorText(err, t));
      }
    },
    (invalid) => {
      setShowSummary(true);
      // Focus the first invalid field in screen order; the summary renders from form state a moment later.
      focusFieldSoon(firstErrorId(invalid, ADL_FIELD_ORDER, adlFieldId));
    },
  );

  const cancel = () => {
    if (isDirty && !window.confirm(t('adl.cancelConfirm'))) return;
    navigate({ name: 'resident', id: resident.id });
  };

  const name = residentFullName(resident);

  return (
    <form noValidate onSubmit={(e) => void submit(e)} data-testid="adl-form" aria-labelledby="adl-title">
      <p>
        <a href={routeHref({ name: 'resident', id: resident.id })}>{t('adl.back')}</a>
      </p>
      <div className="page-header">
        <h1 id="adl-title">{t('adl.title')}</h1>
      </div>
      <p>
        <strong>{t('adl.for', { name })}</strong>
      </p>
      <p className="muted">
        {t('adl.subtitle')} · {t('adl.instructions')}
      </p>
      {showSummary ? (
        <ErrorSummary title={summary.length === 1 ? t('v.formHasOneError') : t('v.formHasErrors', { n: summary.length })} items={summary} />
      ) : null}

      <div className="card grid">
        <DateField control={form.control} name="assessedOn" id="adl-assessedOn" testId="adl-assessedOn" label={t('adl.assessedOn')} error={errText.get('assessedOn')} max={today} />
        <SelectField
          id="adl-reason"
          label={t('adl.reason')}
          registration={form.register('reason')}
          options={ASSESSMENT_REASONS.map((r) => ({ value: r, label: t(`adl.reason.${r}`) }))}
          emptyLabel={t('adl.reason.choose')}
          error={errText.get('reason')}
        />
      </div>

      {ADL_ITEMS.map(({ key, max }, index) => {
        const error = errText.get(`answers.${key}`);
        const errId = errorId(adlFieldId(`answers.${key}`));
        return (
          <fieldset key={key} className="card choice-group" data-testid={`adl-item-${key}`} aria-describedby={error ? errId : undefined}>
            <legend>
              {`${index + 1}. `}
              {t(ADL_TEXT[key].name)} <span className="muted">{t('adl.itemMax', { max })}</span>
            </legend>
            <div className="stack">
              {ADL_TEXT[key].levels.map((levelKey, score) => {
                const id = `adl-${key}-${score}`;
                return (
                  <label key={levelKey} className="choice" htmlFor={id}>
                    <input
                      type="radio"
                      id={id}
                      name={`answers.${key}`}
                      value={score}
                      checked={answers[key] === score}
                      onChange={() => choose(key, score)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errId : undefined}
                      data-testid={id}
                    />
                    <span>
                      <strong>{t('adl.score', { score })}</strong> {t(levelKey)}
                    </span>
                  </label>
                );
              })}
            </div>
            <ErrorText id={errId} message={error} />
          </fieldset>
        );
      })}

      <div className="card">
        <SelectField
          id="adl-taiGroup"
          testId="adl-taiGroup"
          label={t('adl.tai')}
          hint={t('adl.tai.hint')}
          registration={form.register('taiGroup')}
          options={TAI_GROUPS.map((g) => ({ value: g, label: g }))}
          emptyLabel={t('adl.tai.none')}
          error={errText.get('taiGroup')}
        />
      </div>

      <div className="card">
        <TextAreaField id="adl-notes" label={t('adl.notes')} registration={form.register('notes')} error={errText.get('notes')} rows={3} />
      </div>

      <div className="card form-actions stack">
        <div className="row" aria-live="polite">
          <span>
            {t('adl.total')}{' '}
            <strong className="adl-total" data-testid="adl-total" data-complete={total !== null}>
              {total ?? '–'}
            </strong>{' '}
            {t('adl.outOf')}
          </span>
          <span>
            {t('adl.group')}{' '}
            <span data-testid="adl-group" data-group={group ?? 'none'}>
              {group ? <AdlGroupBadge group={group} /> : '–'}
            </span>
          </span>
          <span className="muted">{t('adl.answered', { n: answered })}</span>
        </div>
        <p className="small" data-testid="adl-ltc">
          {total === null ? t('adl.pending') : isLtcEligible(total) ? t('adl.ltcEligible') : t('adl.ltcNotEligible')}
        </p>
        <FormFailure>{failure && t('v.saveFailed', { detail: failure })}</FormFailure>
        <div className="row">
          <SubmitButton busy={isSubmitting} label={t('adl.save')} testId="save-adl" />
          <button type="button" className="btn" onClick={cancel}>
            {t('action.cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}
