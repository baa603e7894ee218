/**
 * One care plan (#/residents/:id/plans/:planId, 'new' for a first plan). A draft or submitted plan opens in
 * the editor (for those who draft plans); anything else is read-only. All status changes go through
 * renderer/db/carePlans.ts with the acting user (useActor().writeCtx), which applies the same rules the
 * server does: only a care manager approves, an approved plan is revised as a new version.
 *
 * Invariant: a failed save, submit or approval never clears the form — the typed values stay until a write
 * succeeds (then the form is reset to exactly what was stored).
 */
import './carePlans.css';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useFieldArray, useForm, useWatch, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import {
  PERFORMERS,
  carePlanFormSchema,
  defaultReviewDate,
  isReviewOverdue,
  type CarePlan,
  type CarePlanData,
  type CarePlanFormValues,
} from '../../../shared/carePlan';
import { isIsoDate, todayBangkok } from '../../../shared/dates/thaiDate';
import { canDraftPlans } from '../../../shared/permissions';
import { CARE_ACTIVITIES } from '../../../shared/reference/careActivities';
import type { Resident } from '../../../shared/resident';
import { navigate, routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { approveCarePlan, closeCarePlan, createCarePlan, listCarePlans, reviseCarePlan, submitCarePlan, updateCarePlan } from '../../db/carePlans';
import { isStoreError } from '../../db/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, focusField } from '../../ui/form/ErrorSummary';
import { compareFieldPaths, describedBy, flattenErrors, labelledError } from '../../ui/form/errors';
import { Field } from '../../ui/form/Field';
import { activityName, formatTimes } from './activityName';
import { CODE_PARAMS, PLAN_FIELD_ORDER, emptyCarePlanForm, gapKeys, missingForApproval, newProblemKey, planActions, planFieldId, planMode, planToForm, type GapKey } from './planForm';
import { PlanStatusBadge } from './PlanStatusBadge';
import { useAssignableUsers, useUserNames } from './users';
import { errorText } from '../../i18n/errorText';

type PlanFormInput = z.input<ReturnType<typeof carePlanFormSchema>>;
type PlanFormOutput = z.output<ReturnType<typeof carePlanFormSchema>>;
type PlanForm = UseFormReturn<PlanFormInput, unknown, PlanFormOutput>;

const residentName = (r: Resident): string => `${r.prefix}${r.firstName} ${r.lastName}`;

/** The action just done on a new plan: creating it changes the route, which remounts the editor. */
let carriedNotice: { planId: string; action: Action } | null = null;

export function CarePlanPage({ residentId, planId }: { residentId: string; planId: string }) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const resident = useLiveQuery(async () => (await db.residents.get(residentId)) ?? null, [db, residentId]);
  const plans = useLiveQuery(() => listCarePlans(db, residentId), [db, residentId]);
  // Tagged with its id: right after a new plan is created the route changes before the list query catches up.
  const found = useLiveQuery(async () => ({ id: planId, plan: planId === 'new' ? null : ((await db.carePlans.get(planId)) ?? null) }), [db, planId]);

  if (resident === undefined || plans === undefined || found === undefined || found.id !== planId) {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (resident === null || resident.deletedAt !== null) return <p className="empty">{t('common.notFound')}</p>;
  if (planId === 'new') {
    if (!canDraftPlans(actor)) return <p className="empty">{t('plans.cannotDraft')}</p>;
    return <PlanEditor key="new" resident={resident} plan={null} plans={plans} />;
  }
  const plan = found.plan;
  if (plan === null || plan.deletedAt !== null || plan.residentId !== residentId) return <p className="empty">{t('plans.notFound')}</p>;
  return planMode(plan.status, actor.role) === 'edit' ? (
    <PlanEditor key={plan.id} resident={resident} plan={plan} plans={plans} />
  ) : (
    <PlanView resident={resident} plan={plan} plans={plans} />
  );
}

/** The stored data of a first (or next, when older plans exist) plan of the resident, as a draft. */
function newPlanData(resident: Resident, plans: readonly CarePlan[], content: PlanFormOutput): CarePlanData {
  const latest = plans[0] ?? null; // listCarePlans: newest version first
  return {
    residentId: resident.id,
    version: (latest?.version ?? 0) + 1,
    previousPlanId: latest?.id ?? null,
    adlTotal: resident.latestAdl?.total ?? null,
    adlGroup: resident.latestAdl?.group ?? null,
    ...content,
    status: 'draft',
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    subCommittee: null,
    closedReason: '',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Editor

type Action = 'save' | 'submit' | 'approve';

function PlanEditor({ resident, plan, plans }: { resident: Resident; plan: CarePlan | null; plans: CarePlan[] }) {
  const { t, tCode, date, instant, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const resolver = useMemo(() => zodResolver(carePlanFormSchema()), []);
  const initial = useMemo<CarePlanFormValues>(() => (plan ? planToForm(plan) : emptyCarePlanForm(today)), [plan, today]);
  const form: PlanForm = useForm<PlanFormInput, unknown, PlanFormOutput>({
    resolver,
    defaultValues: initial,
    mode: 'onBlur',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  });
  const problems = useFieldArray({ control: form.control, name: 'problems' });
  const goals = useFieldArray({ control: form.control, name: 'goals' });
  const activities = useFieldArray({ control: form.control, name: 'activities' });
  const values = useWatch({ control: form.control }) as Partial<CarePlanFormValues>;
  const { errors, isSubmitting, isDirty } = form.formState;
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [gaps, setGaps] = useState<GapKey[]>([]);
  const [notice, setNotice] = useState<Action | null>(() => (carriedNotice !== null && plan !== null && carriedNotice.planId === plan.id ? carriedNotice.action : null));
  useEffect(() => {
    carriedNotice = null;
  }, []);
  const lastStart = useRef(initial.startDate);

  const planIds = [...(plan ? [plan.primaryCaregiverId, plan.backupCaregiverId, ...plan.activities.map((a) => a.assigneeId)] : [])].filter((x): x is string => x !== null);
  const users = useAssignableUsers(resident.id, planIds);
  const names = useUserNames();
  const actions = planActions(plan?.status ?? 'draft', actor.role);
  const previous = plan?.previousPlanId ? (plans.find((p) => p.id === plan.previousPlanId) ?? null) : null;

  const label = (path: string): string => {
    const [head, index, field] = path.split('.');
    const n = Number(index) + 1;
    if (head === 'problems') return index === undefined ? t('plans.section.problems') : t('plans.problem', { n });
    if (head === 'goals') {
      if (index === undefined) return t('plans.section.goals');
      const f = field === 'problemKey' ? t('plans.goal.problem') : field === 'targetDate' ? t('plans.goal.targetDate') : t('plans.goal.text');
      return `${t('plans.goal', { n })} – ${f}`;
    }
    if (head === 'activities') {
      if (index === undefined) return t('plans.section.activities');
      const f =
        field === 'timesPerWeek'
          ? t('plans.activity.timesPerWeek')
          : field === 'minutes'
            ? t('plans.activity.minutes')
            : field === 'performer'
              ? t('plans.activity.performer')
              : field === 'assigneeId'
                ? t('plans.activity.assignee')
                : field === 'note'
                  ? t('plans.activity.note')
                  : t('plans.activity.code');
      return `${t('plans.activity', { n })} – ${f}`;
    }
    if (head === 'primaryCaregiverId') return t('plans.primary');
    if (head === 'backupCaregiverId') return t('plans.backup');
    if (head === 'startDate') return t('plans.startDate');
    if (head === 'reviewDate') return t('plans.reviewDate');
    return path;
  };
  const flat = flattenErrors(errors).sort((a, b) => compareFieldPaths(a.path, b.path, PLAN_FIELD_ORDER));
  const errText = new Map(flat.map((e) => [e.path, labelledError(label(e.path), tCode(e.message, CODE_PARAMS[e.message]))]));
  const summary = flat.map((e) => ({ id: planFieldId(e.path), text: errText.get(e.path) ?? '' }));

  const savedPlan = useRef<CarePlan | null>(plan);
  const persist = async (content: PlanFormOutput): Promise<CarePlan> => {
    const current = savedPlan.current;
    const saved = current ? await updateCarePlan(db, current.id, content, actor.writeCtx) : await createCarePlan(db, newPlanData(resident, plans, content), actor.writeCtx);
    savedPlan.current = saved;
    form.reset(planToForm(saved));
    lastStart.current = saved.startDate;
    return saved;
  };

  const run = (action: Action) =>
    form.handleSubmit(
      async (content) => {
        setFailure(null);
        setGaps([]);
        setNotice(null);
        setShowSummary(false);
        if (action === 'approve') {
          const missing = missingForApproval(savedPlan.current ?? newPlanData(resident, plans, content), content);
          if (missing.length > 0) {
            setGaps(missing);
            return;
          }
        }
        try {
          const saved = await persist(content);
          if (action === 'submit') await submitCarePlan(db, saved.id, actor.writeCtx);
          if (action === 'approve') await approveCarePlan(db, saved.id, actor.writeCtx);
          setNotice(action);
          if (plan === null) carriedNotice = { planId: saved.id, action };
          if (plan === null) navigate({ name: 'carePlan', residentId: resident.id, planId: saved.id }, { replace: true });
        } catch (err) {
          const missing = isStoreError(err, 'carePlan.approve.incomplete') ? err.details?.missing : undefined;
          if (Array.isArray(missing)) setGaps(gapKeys(missing.filter((m): m is string => typeof m === 'string')));
          else setFailure(errorText(err, t));
        }
      },
      (invalid) => {
        setShowSummary(true);
        const first = flattenErrors(invalid).sort((a, b) => compareFieldPaths(a.path, b.path, PLAN_FIELD_ORDER))[0];
        if (first) requestAnimationFrame(() => focusField(planFieldId(first.path)));
      },
    );

  const onStartChange = (value: string): void => {
    // The review date follows the start (start + 6 months) until it is set to something else.
    const review = form.getValues('reviewDate');
    if (isIsoDate(value) && (review === '' || (isIsoDate(lastStart.current) && review === defaultReviewDate(lastStart.current)))) {
      form.setValue('reviewDate', defaultReviewDate(value), { shouldDirty: true });
    }
    lastStart.current = value;
  };

  const removeProblem = (index: number): void => {
    const key = form.getValues(`problems.${index}.key`);
    problems.remove(index);
    // Goals that pointed at it now point at no problem, instead of failing validation.
    form.getValues('goals').forEach((g, i) => {
      if (g.problemKey === key) form.setValue(`goals.${i}.problemKey`, '', { shouldDirty: true });
    });
  };

  const addActivity = (): void => {
    const primary = form.getValues('primaryCaregiverId');
    activities.append({ code: '', timesPerWeek: '1', minutes: '', performer: 'caregiver', assigneeId: primary || (users.some((u) => u.id === actor.userId) ? actor.userId : ''), note: '' });
  };

  const back = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (isDirty && !window.confirm(t('plans.leaveConfirm'))) e.preventDefault();
  };

  const userOptions = users.map((u) => ({ value: u.id, label: u.label }));
  const problemOptions = (values.problems ?? []).filter((p) => (p.text ?? '').trim() !== '').map((p) => ({ value: p.key ?? '', label: p.text ?? '' }));
  const startHint = values.startDate && isIsoDate(values.startDate) ? date(values.startDate) : undefined;
  const reviewHint = values.reviewDate && isIsoDate(values.reviewDate) ? `${date(values.reviewDate)} · ${t('plans.reviewDefault')}` : t('plans.reviewDefault');
  const busy = isSubmitting;

  return (
    <form noValidate onSubmit={(e) => void run('save')(e)} data-testid="care-plan-editor" data-plan-id={plan?.id ?? ''} data-status={plan?.status ?? 'new'} aria-labelledby="plan-title">
      <p>
        <a href={routeHref(plan ? { name: 'carePlans', residentId: resident.id } : { name: 'resident', id: resident.id })} onClick={back}>
          {plan ? t('plans.backToList') : t('plans.back')}
        </a>
      </p>
      <div className="page-header">
        <h1 id="plan-title">{plan ? t('plans.editorTitle', { version: plan.version }) : t('plans.editorNewTitle')}</h1>
        <PlanStatusBadge status={plan?.status ?? 'draft'} />
      </div>
      <p className="plan-meta">
        <strong>{t('plans.for', { name: residentName(resident) })}</strong>
        {resident.latestAdl ? <span className="small muted">{t('plans.adlAt', { total: plan?.adlTotal ?? resident.latestAdl.total })}</span> : null}
      </p>
      {previous !== null ? <p className="alert alert-warning small">{t('plans.revisionOf', { version: previous.version })}</p> : null}
      {showSummary && summary.length > 0 ? (
        <ErrorSummary title={summary.length === 1 ? t('v.formHasOneError') : t('v.formHasErrors', { n: summary.length })} items={summary} />
      ) : null}

      <section className="card" aria-labelledby="plan-problems-h">
        <h2 id="plan-problems-h">{t('plans.section.problems')}</h2>
        <div className="plan-rows">
          {problems.fields.length === 0 ? <p className="small muted">{t('plans.problem.none')}</p> : null}
          {problems.fields.map((f, i) => (
            <div key={f.id} className="plan-row plan-row-inline" data-testid="plan-problem">
              <TextInput form={form} path={`problems.${i}.text`} label={t('plans.problem', { n: i + 1 })} error={errText.get(`problems.${i}.text`)} className="grow" />
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
              <TextInput form={form} path={`goals.${i}.text`} label={t('plans.goal.text')} error={errText.get(`goals.${i}.text`)} className="wide" />
              <SelectInput
                form={form}
                path={`goals.${i}.problemKey`}
                label={t('plans.goal.problem')}
                options={problemOptions}
                emptyLabel={t('plans.goal.problemAny')}
                error={errText.get(`goals.${i}.problemKey`)}
              />
              <TextInput
                form={form}
                path={`goals.${i}.targetDate`}
                label={t('plans.goal.targetDate')}
                type="date"
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
                <SelectInput
                  form={form}
                  path={`activities.${i}.code`}
                  label={t('plans.activity.code')}
                  options={CARE_ACTIVITIES.map((a) => ({ value: a.code, label: locale === 'th' ? a.th : a.en }))}
                  emptyLabel={t('plans.activity.choose')}
                  error={errText.get(`activities.${i}.code`)}
                />
                <TextInput
                  form={form}
                  path={`activities.${i}.timesPerWeek`}
                  label={t('plans.activity.timesPerWeek')}
                  inputMode="decimal"
                  hint={i === 0 ? t('plans.activity.timesHint') : undefined}
                  error={errText.get(`activities.${i}.timesPerWeek`)}
                />
                <TextInput form={form} path={`activities.${i}.minutes`} label={t('plans.activity.minutes')} inputMode="numeric" error={errText.get(`activities.${i}.minutes`)} />
                <SelectInput
                  form={form}
                  path={`activities.${i}.performer`}
                  label={t('plans.activity.performer')}
                  options={PERFORMERS.map((p) => ({ value: p, label: t(`plans.performer.${p}`) }))}
                  error={errText.get(`activities.${i}.performer`)}
                  onChange={(v) => {
                    if (v !== 'caregiver') form.setValue(`activities.${i}.assigneeId`, '', { shouldDirty: true });
                  }}
                />
                {performer === 'caregiver' ? (
                  <SelectInput
                    form={form}
                    path={`activities.${i}.assigneeId`}
                    label={t('plans.activity.assignee')}
                    options={userOptions}
                    emptyLabel={t('plans.chooseUser')}
                    error={errText.get(`activities.${i}.assigneeId`)}
                  />
                ) : null}
                <TextInput form={form} path={`activities.${i}.note`} label={t('plans.activity.note')} error={errText.get(`activities.${i}.note`)} className="wide" />
              </div>
            );
          })}
        </div>
        <button type="button" className="btn" onClick={addActivity} data-testid="add-activity">
          {t('plans.activity.add')}
        </button>
      </section>

      <section className="card grid" aria-labelledby="plan-people-h">
        <h2 id="plan-people-h" style={{ gridColumn: '1 / -1' }}>
          {t('plans.section.people')}
        </h2>
        <SelectInput form={form} path="primaryCaregiverId" label={t('plans.primary')} options={userOptions} emptyLabel={t('plans.chooseUser')} error={errText.get('primaryCaregiverId')} hint={t('plans.usersHint')} />
        <SelectInput form={form} path="backupCaregiverId" label={t('plans.backup')} options={userOptions} emptyLabel={t('plans.nobody')} error={errText.get('backupCaregiverId')} />
      </section>

      <section className="card grid" aria-labelledby="plan-dates-h">
        <h2 id="plan-dates-h" style={{ gridColumn: '1 / -1' }}>
          {t('plans.section.dates')}
        </h2>
        <TextInput form={form} path="startDate" label={t('plans.startDate')} type="date" hint={startHint} error={errText.get('startDate')} onChange={onStartChange} />
        <TextInput form={form} path="reviewDate" label={t('plans.reviewDate')} type="date" hint={reviewHint} error={errText.get('reviewDate')} />
      </section>

      <section className="card stack" aria-labelledby="plan-approval-h">
        <h2 id="plan-approval-h">{t('plans.section.approval')}</h2>
        {plan?.submittedBy && plan.submittedAt ? (
          <p className="small" data-testid="plan-submitted-by">
            {t('plans.submitted', { name: names.label(plan.submittedBy), time: instant(plan.submittedAt) })}
          </p>
        ) : null}
        <p className="small muted">{t('plans.notApprovedYet')}</p>
        {gaps.length > 0 ? (
          <div className="alert alert-error" role="alert" data-testid="approve-gaps">
            <p className="error-summary-title">{t('plans.approveGaps')}</p>
            <ul>
              {gaps.map((g) => (
                <li key={g} data-testid="approve-gap">
                  {t(g)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {failure !== null ? (
          <p className="alert alert-error" role="alert" data-testid="plan-error">
            {t('plans.failed', { detail: failure })}
          </p>
        ) : null}
        {notice === 'save' && !isDirty ? (
          <p className="small" role="status" data-testid="plan-saved">
            {t('plans.saved')}
          </p>
        ) : null}
        <div className="plan-actions">
          <button type="submit" className="btn" disabled={busy} data-testid="save-plan">
            {busy ? t('action.saving') : t('plans.save')}
          </button>
          {actions.submit ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void run('submit')()} data-testid="submit-plan">
              {t('plans.submit')}
            </button>
          ) : null}
          {actions.approve ? (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run('approve')()} data-testid="approve-plan">
              {t('plans.approve')}
            </button>
          ) : null}
        </div>
        {plan !== null && actions.close ? <ClosePlan plan={plan} /> : null}
      </section>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Inputs: a Field with a registered control whose id and test id are the field's path (planFieldId).

type FieldPath = Parameters<PlanForm['register']>[0];

interface InputProps {
  form: PlanForm;
  path: FieldPath;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  onChange?: (value: string) => void;
}

function TextInput({ form, path, label, error, hint, className, onChange, type = 'text', inputMode }: InputProps & { type?: 'text' | 'date'; inputMode?: 'decimal' | 'numeric' }) {
  const id = planFieldId(path);
  const reg = form.register(path, onChange ? { onChange: (e: { target: { value: string } }) => onChange(e.target.value) } : {});
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <input
        id={id}
        type={type}
        autoComplete="off"
        inputMode={inputMode}
        {...reg}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint: Boolean(hint), error: Boolean(error) })}
        data-testid={id}
      />
    </Field>
  );
}

function SelectInput({ form, path, label, error, hint, className, onChange, options, emptyLabel }: InputProps & { options: readonly { value: string; label: string }[]; emptyLabel?: string }) {
  const id = planFieldId(path);
  const reg = form.register(path, onChange ? { onChange: (e: { target: { value: string } }) => onChange(e.target.value) } : {});
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <select id={id} {...reg} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { hint: Boolean(hint), error: Boolean(error) })} data-testid={id}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Closing a plan (with a reason)

function ClosePlan({ plan }: { plan: CarePlan }) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await closeCarePlan(db, plan.id, reason, actor.writeCtx);
      setOpen(false);
    } catch (err) {
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div>
        <button type="button" className="btn btn-danger" onClick={() => setOpen(true)} aria-expanded={false} data-testid="close-plan">
          {t('plans.close')}
        </button>
      </div>
    );
  }
  return (
    <div className="stack" data-testid="close-plan-form">
      <Field id="plan-close-reason" label={t('plans.closeReason')} error={failure ?? undefined}>
        <input
          id="plan-close-reason"
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={failure ? true : undefined}
          aria-describedby={describedBy('plan-close-reason', { error: Boolean(failure) })}
          data-testid="close-reason"
        />
      </Field>
      <div className="plan-actions">
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void close()} data-testid="close-plan-confirm">
          {t('plans.closeConfirm')}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Read-only view (approved, active, superseded, closed; or any plan for a role that does not draft)

function PlanView({ resident, plan, plans }: { resident: Resident; plan: CarePlan; plans: CarePlan[] }) {
  const { t, date, instant, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const { label } = useUserNames();
  const today = useMemo(() => todayBangkok(), []);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = planActions(plan.status, actor.role);
  // A newer draft or submitted version made from this one: open it instead of making another.
  const revision = plans.find((p) => p.previousPlanId === plan.id && (p.status === 'draft' || p.status === 'submitted')) ?? null;
  const problemText = new Map(plan.problems.map((p) => [p.key, p.text]));

  const revise = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const draft = await reviseCarePlan(db, plan.id, actor.writeCtx);
      navigate({ name: 'carePlan', residentId: resident.id, planId: draft.id });
    } catch (err) {
      setFailure(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <article data-testid="care-plan-view" data-plan-id={plan.id} data-status={plan.status} aria-labelledby="plan-title">
      <p>
        <a href={routeHref({ name: 'carePlans', residentId: resident.id })}>{t('plans.backToList')}</a>
      </p>
      <div className="page-header">
        <h1 id="plan-title">{t('plans.editorTitle', { version: plan.version })}</h1>
        <PlanStatusBadge status={plan.status} />
      </div>
      <p className="plan-meta">
        <strong>{t('plans.for', { name: residentName(resident) })}</strong>
        {plan.adlTotal !== null ? <span className="small muted">{t('plans.adlAt', { total: plan.adlTotal })}</span> : null}
      </p>
      {plan.approvedBy !== null && plan.approvedAt !== null ? (
        <p data-testid="plan-approved-by" data-user-id={plan.approvedBy}>
          {t('plans.approvedBy', { name: label(plan.approvedBy), time: instant(plan.approvedAt) })}
        </p>
      ) : null}
      {plan.status === 'superseded' ? <p className="alert alert-warning small">{t('plans.supersededNote')}</p> : null}
      {plan.status === 'closed' ? (
        <p className="alert alert-warning small" data-testid="plan-closed-reason">
          {t('plans.closedReason', { reason: plan.closedReason })}
        </p>
      ) : null}
      {plan.status === 'approved' || plan.status === 'active' ? <p className="small muted">{t('plans.readOnlyApproved')}</p> : null}
      {(plan.status === 'draft' || plan.status === 'submitted') && !canDraftPlans(actor) ? <p className="small muted">{t('plans.cannotDraft')}</p> : null}
      {isReviewOverdue(plan, today) ? (
        <p className="alert alert-warning" data-testid="plan-review-overdue">
          {t('plans.reviewOverdue', { date: date(plan.reviewDate) })}
        </p>
      ) : null}

      <Section title={t('plans.section.problems')}>
        {plan.problems.length === 0 ? (
          <p className="small muted">{t('plans.problem.none')}</p>
        ) : (
          <ol>
            {plan.problems.map((p) => (
              <li key={p.key}>{p.text}</li>
            ))}
          </ol>
        )}
      </Section>
      <Section title={t('plans.section.goals')}>
        {plan.goals.length === 0 ? (
          <p className="small muted">{t('plans.goal.none')}</p>
        ) : (
          <ol>
            {plan.goals.map((g, i) => (
              <li key={i}>
                {g.text}
                {g.problemKey !== null && problemText.has(g.problemKey) ? <span className="small muted"> · {problemText.get(g.problemKey)}</span> : null}
                {g.targetDate !== null ? <span className="small"> · {t('plans.goal.by', { date: date(g.targetDate) })}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title={t('plans.section.activities')}>
        {plan.activities.length === 0 ? (
          <p className="small muted">{t('plans.activity.none')}</p>
        ) : (
          <table className="data" data-testid="plan-view-activities">
            <thead>
              <tr>
                <th>{t('plans.activity.code')}</th>
                <th>{t('plans.activity.timesPerWeek')}</th>
                <th>{t('plans.activity.minutes')}</th>
                <th>{t('plans.activity.performer')}</th>
                <th>{t('plans.activity.assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.activities.map((a) => (
                <tr key={a.code}>
                  <td>
                    {activityName(a.code, locale)}
                    {a.note ? <span className="small muted"> · {a.note}</span> : null}
                  </td>
                  <td>{formatTimes(a.timesPerWeek)}</td>
                  <td>{a.minutes ?? '–'}</td>
                  <td>{t(`plans.performer.${a.performer}`)}</td>
                  <td>{a.assigneeId !== null ? label(a.assigneeId) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('plans.section.people')}>
        <dl className="props">
          <dt>{t('plans.primary')}</dt>
          <dd>{plan.primaryCaregiverId !== null ? label(plan.primaryCaregiverId) : t('plans.nobody')}</dd>
          <dt>{t('plans.backup')}</dt>
          <dd>{plan.backupCaregiverId !== null ? label(plan.backupCaregiverId) : t('plans.nobody')}</dd>
          <dt>{t('plans.startDate')}</dt>
          <dd>{date(plan.startDate)}</dd>
          <dt>{t('plans.reviewDate')}</dt>
          <dd>{date(plan.reviewDate)}</dd>
        </dl>
      </Section>

      {failure !== null ? (
        <p className="alert alert-error" role="alert" data-testid="plan-error">
          {t('plans.failed', { detail: failure })}
        </p>
      ) : null}
      {actions.revise || actions.close ? (
        <section className="card stack">
          <div className="plan-actions">
            {actions.revise && revision === null ? (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void revise()} data-testid="revise-plan">
                {t('plans.revise')}
              </button>
            ) : null}
            {revision !== null ? (
              <a className="btn btn-primary" href={routeHref({ name: 'carePlan', residentId: resident.id, planId: revision.id })} data-testid="open-revision">
                {t('plans.openRevision', { version: revision.version })}
              </a>
            ) : null}
          </div>
          {actions.close ? <ClosePlan plan={plan} /> : null}
        </section>
      ) : null}
    </article>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
