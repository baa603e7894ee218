/**
 * The sections of the care plan editor (PlanEditor.tsx holds the form, its validation and the actions):
 * problems, goals, activities, people and dates. Every input is a form-kit field whose DOM id and test id
 * are its path (planFieldId), which is what the error summary focuses and the page model finds.
 */
import { useFieldArray, useWatch, type UseFormReturn } from 'react-hook-form';
import type * as z from 'zod/mini';
import { PERFORMERS, type CarePlanFormValues, type carePlanFormSchema } from '../../../shared/carePlan';
import { isIsoDate } from '../../../shared/dates/thaiDate';
import { CARE_ACTIVITIES } from '../../../shared/reference/careActivities';
import { useI18n } from '../../i18n/I18nProvider';
import { SelectField, type SelectOption } from '../../ui/form/SelectField';
import { TextField } from '../../ui/form/TextField';
import { newProblemKey, planFieldId } from './planForm';

export type PlanFormInput = z.input<ReturnType<typeof carePlanFormSchema>>;
export type PlanFormOutput = z.output<ReturnType<typeof carePlanFormSchema>>;
export type PlanForm = UseFormReturn<PlanFormInput, unknown, PlanFormOutput>;
type FieldPath = Parameters<PlanForm['register']>[0];

export interface PlanSectionProps {
  form: PlanForm;
  /** Error text by field path, already naming the field. */
  errText: ReadonlyMap<string, string>;
}

/** id, test id and registration of the field at `path`; `onChange` sees each new value. */
function useField(form: PlanForm) {
  return (path: FieldPath, onChange?: (value: string) => void) => ({
    id: planFieldId(path),
    testId: planFieldId(path),
    registration: form.register(path, onChange ? { onChange: (e: { target: { value: string } }) => onChange(e.target.value) } : {}),
  });
}

export function ProblemsSection({ form, errText }: PlanSectionProps) {
  const { t } = useI18n();
  const field = useField(form);
  const problems = useFieldArray({ control: form.control, name: 'problems' });
  const removeProblem = (index: number): void => {
    const key = form.getValues(`problems.${index}.key`);
    problems.remove(index);
    // Goals that pointed at it now point at no problem, instead of failing validation.
    form.getValues('goals').forEach((g, i) => {
      if (g.problemKey === key) form.setValue(`goals.${i}.problemKey`, '', { shouldDirty: true });
    });
  };
  return (
    <section className="card" aria-labelledby="plan-problems-h">
      <h2 id="plan-problems-h">{t('plans.section.problems')}</h2>
      <div className="plan-rows">
        {problems.fields.length === 0 ? <p className="small muted">{t('plans.problem.none')}</p> : null}
        {problems.fields.map((f, i) => (
          <div key={f.id} className="plan-row plan-row-inline" data-testid="plan-problem">
            <TextField {...field(`problems.${i}.text`)} label={t('plans.problem', { n: i + 1 })} error={errText.get(`problems.${i}.text`)} className="grow" />
            <div>
              <button type="button" className="btn btn-danger" onClick={() => removeProblem(i)} data-testid={`remove-problem-${i}`}>
                {t('action.remove')}
              </button>
            </div>
          </div>
        ))}
      </div>
      <button
        type="button"
        className="btn"
        onClick={() => problems.append({ key: newProblemKey(form.getValues('problems').map((p) => p.key)), text: '' })}
        data-testid="add-problem"
      >
        {t('plans.problem.add')}
      </button>
    </section>
  );
}

export function GoalsSection({ form, errText }: PlanSectionProps) {
  const { t, date } = useI18n();
  const field = useField(form);
  const goals = useFieldArray({ control: form.control, name: 'goals' });
  const values = useWatch({ control: form.control }) as Partial<CarePlanFormValues>;
  const problemOptions = (values.problems ?? []).filter((p) => (p.text ?? '').trim() !== '').map((p) => ({ value: p.key ?? '', label: p.text ?? '' }));
  return (
    <section className="card" aria-labelledby="plan-goals-h">
      <h2 id="plan-goals-h">{t('plans.section.goals')}</h2>
      <div className="plan-rows">
        {goals.fields.length === 0 ? <p className="small muted">{t('plans.goal.none')}</p> : null}
        {goals.fields.map((f, i) => (
          <div key={f.id} className="plan-row" data-testid="plan-goal">
            <div className="plan-row-head">
              <span>{t('plans.goal', { n: i + 1 })}</span>
              <button type="button" className="btn btn-danger" onClick={() => goals.remove(i)} data-testid={`remove-goal-${i}`}>
                {t('action.remove')}
              </button>
            </div>
            <TextField {...field(`goals.${i}.text`)} label={t('plans.goal.text')} error={errText.get(`goals.${i}.text`)} className="wide" />
            <SelectField
              {...field(`goals.${i}.problemKey`)}
              label={t('plans.goal.problem')}
              options={problemOptions}
              emptyLabel={t('plans.goal.problemAny')}
              error={errText.get(`goals.${i}.problemKey`)}
            />
            <TextField
              {...field(`goals.${i}.targetDate`)}
              label={t('plans.goal.targetDate')}
              inputProps={{ type: 'date' }}
              error={errText.get(`goals.${i}.targetDate`)}
              hint={(() => {
                const v = values.goals?.[i]?.targetDate;
                return v && isIsoDate(v) ? date(v) : undefined;
              })()}
            />
          </div>
        ))}
      </div>
      <button type="button" className="btn" onClick={() => goals.append({ problemKey: '', text: '', targetDate: '' })} data-testid="add-goal">
        {t('plans.goal.add')}
      </button>
    </section>
  );
}

export interface ActivitiesSectionProps extends PlanSectionProps {
  userOptions: readonly SelectOption[];
  /** Who a new activity is assigned to by default ('' for nobody yet). */
  defaultAssignee(): string;
}

export function ActivitiesSection({ form, errText, userOptions, defaultAssignee }: ActivitiesSectionProps) {
  const { t, locale } = useI18n();
  const field = useField(form);
  const activities = useFieldArray({ control: form.control, name: 'activities' });
  const values = useWatch({ control: form.control }) as Partial<CarePlanFormValues>;
  const addActivity = (): void => {
    activities.append({ code: '', timesPerWeek: '1', minutes: '', performer: 'caregiver', assigneeId: defaultAssignee(), note: '' });
  };
  return (
    <section className="card" aria-labelledby="plan-activities-h">
      <h2 id="plan-activities-h">{t('plans.section.activities')}</h2>
      {errText.get('activities') ? <p className="field-error">{errText.get('activities')}</p> : null}
      <div className="plan-rows">
        {activities.fields.length === 0 ? <p className="small muted">{t('plans.activity.none')}</p> : null}
        {activities.fields.map((f, i) => {
          const performer = values.activities?.[i]?.performer ?? '';
          return (
            <div key={f.id} className="plan-row" data-testid="plan-activity">
              <div className="plan-row-head">
                <span>{t('plans.activity', { n: i + 1 })}</span>
                <button type="button" className="btn btn-danger" onClick={() => activities.remove(i)} data-testid={`remove-activity-${i}`}>
                  {t('action.remove')}
                </button>
              </div>
              <SelectField
                {...field(`activities.${i}.code`)}
                label={t('plans.activity.code')}
                options={CARE_ACTIVITIES.map((a) => ({ value: a.code, label: locale === 'th' ? a.th : a.en }))}
                emptyLabel={t('plans.activity.choose')}
                error={errText.get(`activities.${i}.code`)}
              />
              <TextField
                {...field(`activities.${i}.timesPerWeek`)}
                label={t('plans.activity.timesPerWeek')}
                inputProps={{ inputMode: 'decimal' }}
                hint={i === 0 ? t('plans.activity.timesHint') : undefined}
                error={errText.get(`activities.${i}.timesPerWeek`)}
              />
              <TextField {...field(`activities.${i}.minutes`)} label={t('plans.activity.minutes')} inputProps={{ inputMode: 'numeric' }} error={errText.get(`activities.${i}.minutes`)} />
              <SelectField
                {...field(`activities.${i}.performer`, (v) => {
                  if (v !== 'caregiver') form.setValue(`activities.${i}.assigneeId`, '', { shouldDirty: true });
                })}
                label={t('plans.activity.performer')}
                options={PERFORMERS.map((p) => ({ value: p, label: t(`plans.performer.${p}`) }))}
                error={errText.get(`activities.${i}.performer`)}
              />
              {performer === 'caregiver' ? (
                <SelectField
                  {...field(`activities.${i}.assigneeId`)}
                  label={t('plans.activity.assignee')}
                  options={userOptions}
                  emptyLabel={t('plans.chooseUser')}
                  error={errText.get(`activities.${i}.assigneeId`)}
                />
              ) : null}
              <TextField {...field(`activities.${i}.note`)} label={t('plans.activity.note')} error={errText.get(`activities.${i}.note`)} className="wide" />
            </div>
          );
        })}
      </div>
      <button type="button" className="btn" onClick={addActivity} data-testid="add-activity">
        {t('plans.activity.add')}
      </button>
    </section>
  );
}

export interface PeopleAndDatesProps extends PlanSectionProps {
  userOptions: readonly SelectOption[];
  onStartChange(value: string): void;
}

export function PeopleAndDatesSections({ form, errText, userOptions, onStartChange }: PeopleAndDatesProps) {
  const { t, date } = useI18n();
  const field = useField(form);
  const values = useWatch({ control: form.control }) as Partial<CarePlanFormValues>;
  const startHint = values.startDate && isIsoDate(values.startDate) ? date(values.startDate) : undefined;
  const reviewHint = values.reviewDate && isIsoDate(values.reviewDate) ? `${date(values.reviewDate)} · ${t('plans.reviewDefault')}` : t('plans.reviewDefault');
  return (
    <>
      <section className="card grid" aria-labelledby="plan-people-h">
        <h2 id="plan-people-h" style={{ gridColumn: '1 / -1' }}>
          {t('plans.section.people')}
        </h2>
        <SelectField {...field('primaryCaregiverId')} label={t('plans.primary')} options={userOptions} emptyLabel={t('plans.chooseUser')} error={errText.get('primaryCaregiverId')} hint={t('plans.usersHint')} />
        <SelectField {...field('backupCaregiverId')} label={t('plans.backup')} options={userOptions} emptyLabel={t('plans.nobody')} error={errText.get('backupCaregiverId')} />
      </section>

      <section className="card grid" aria-labelledby="plan-dates-h">
        <h2 id="plan-dates-h" style={{ gridColumn: '1 / -1' }}>
          {t('plans.section.dates')}
        </h2>
        <TextField {...field('startDate', onStartChange)} label={t('plans.startDate')} inputProps={{ type: 'date' }} hint={startHint} error={errText.get('startDate')} />
        <TextField {...field('reviewDate')} label={t('plans.reviewDate')} inputProps={{ type: 'date' }} hint={reviewHint} error={errText.get('reviewDate')} />
      </section>
    </>
  );
}
