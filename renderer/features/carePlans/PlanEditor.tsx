/**
 * The care plan editor, for a new plan and for a draft or submitted one: the form, its validation and the
 * actions (save, submit, approve), each of which saves the typed content first. The sections are in
 * PlanEditorSections.tsx; what a new plan's stored data is comes from shared/carePlan.ts newPlanDraft.
 *
 * Invariant: a failed save, submit or approval never clears the form — the typed values stay until a write
 * succeeds (then the form is reset to exactly what was stored).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useRef, useState, type MouseEvent } from 'react';
import { useForm } from 'react-hook-form';
import { carePlanFormSchema, defaultReviewDate, newPlanDraft, type CarePlan, type CarePlanFormValues } from '../../../shared/carePlan';
import { isIsoDate, todayBangkok } from '../../../shared/dates/thaiDate';
import { residentFullName, type Resident } from '../../../shared/resident';
import { navigate, routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { approveCarePlan, createCarePlan, submitCarePlan, updateCarePlan } from '../../db/carePlans';
import { isStoreError } from '../../db/errors';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, focusFieldSoon } from '../../ui/form/ErrorSummary';
import { firstErrorId, flattenErrors, labelledError, showErrors } from '../../ui/form/errors';
import { noticeChannel, useCarriedNotice } from '../../ui/notices';
import { PlanClose } from './PlanClose';
import { ActivitiesSection, GoalsSection, PeopleAndDatesSections, ProblemsSection, type PlanFormInput, type PlanFormOutput, type PlanForm } from './PlanEditorSections';
import { CODE_PARAMS, PLAN_FIELD_ORDER, emptyCarePlanForm, gapKeys, missingForApproval, planActions, planFieldId, planFieldLabel, planToForm, type GapKey } from './planForm';
import { PlanStatusBadge } from './PlanStatusBadge';
import { useAssignableUsers, useUserNames } from './users';
import { FormFailure, SubmitButton } from '../../ui/form/FormActions';

type PlanAction = 'save' | 'submit' | 'approve';
const planNotices = noticeChannel<PlanAction>('carePlan', ['save', 'submit', 'approve']);

export interface PlanEditorProps {
  resident: Resident;
  /** null: a new plan (created on the first successful action). */
  plan: CarePlan | null;
  /** The resident's plans, newest version first. */
  plans: CarePlan[];
}

export function PlanEditor({ resident, plan, plans }: PlanEditorProps) {
  const { t, tCode, instant } = useI18n();
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
  const { errors, isSubmitting, isDirty } = form.formState;
  const [showSummary, setShowSummary] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [gaps, setGaps] = useState<GapKey[]>([]);
  // Creating a plan changes the route, which remounts the editor: the notice is carried to the new plan.
  const [notice, setNotice] = useCarriedNotice(planNotices, plan?.id ?? null);
  const lastStart = useRef(initial.startDate);

  const planIds = [...(plan ? [plan.primaryCaregiverId, plan.backupCaregiverId, ...plan.activities.map((a) => a.assigneeId)] : [])].filter((x): x is string => x !== null);
  const { users, read: usersRead } = useAssignableUsers(resident.id, planIds);
  const names = useUserNames();
  const actions = planActions(plan?.status ?? 'draft', actor.role);
  const previous = plan?.previousPlanId ? (plans.find((p) => p.id === plan.previousPlanId) ?? null) : null;

  const errorLine = (path: string, code: string) => labelledError(planFieldLabel(path, t), tCode(code, CODE_PARAMS[code]));
  const shown = showErrors(flattenErrors(errors), { order: PLAN_FIELD_ORDER, text: (e) => errorLine(e.path, e.message), domId: planFieldId });
  const errText = shown.byPath;
  const summary = shown.summary;

  const savedPlan = useRef<CarePlan | null>(plan);
  const persist = async (content: PlanFormOutput): Promise<CarePlan> => {
    const current = savedPlan.current;
    const saved = current ? await updateCarePlan(db, current.id, content, actor.writeCtx) : await createCarePlan(db, newPlanDraft(resident, plans, content), actor.writeCtx);
    savedPlan.current = saved;
    form.reset(planToForm(saved));
    lastStart.current = saved.startDate;
    return saved;
  };

  const run = (action: PlanAction) =>
    form.handleSubmit(
      async (content) => {
        setFailure(null);
        setGaps([]);
        setNotice(null);
        setShowSummary(false);
        if (action === 'approve') {
          const missing = missingForApproval(savedPlan.current ?? newPlanDraft(resident, plans, content), content);
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
          if (plan === null) {
            planNotices.carry(saved.id, action);
            navigate({ name: 'carePlan', residentId: resident.id, planId: saved.id }, { replace: true });
          }
        } catch (err) {
          const missing = isStoreError(err, 'carePlan.approve.incomplete') ? err.details?.missing : undefined;
          if (Array.isArray(missing)) setGaps(gapKeys(missing.filter((m): m is string => typeof m === 'string')));
          else setFailure(errorText(err, t));
        }
      },
      (invalid) => {
        setShowSummary(true);
        focusFieldSoon(firstErrorId(invalid, PLAN_FIELD_ORDER, planFieldId));
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

  const defaultAssignee = (): string => form.getValues('primaryCaregiverId') || (users.some((u) => u.id === actor.userId) ? actor.userId : '');

  const back = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (isDirty && !window.confirm(t('plans.leaveConfirm'))) e.preventDefault();
  };

  const userOptions = users.map((u) => ({ value: u.id, label: u.label }));
  const busy = isSubmitting;

  return (
    <form noValidate onSubmit={(e) => void run('save')(e)} data-testid="care-plan-editor" data-plan-id={plan?.id ?? ''} data-status={plan?.status ?? 'new'} aria-busy={!usersRead} aria-labelledby="plan-title">
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
        <strong>{t('plans.for', { name: residentFullName(resident) })}</strong>
        {resident.latestAdl ? <span className="small muted">{t('plans.adlAt', { total: plan?.adlTotal ?? resident.latestAdl.total })}</span> : null}
      </p>
      {previous !== null ? <p className="alert alert-warning small">{t('plans.revisionOf', { version: previous.version })}</p> : null}
      {showSummary && summary.length > 0 ? (
        <ErrorSummary items={summary} />
      ) : null}

      <ProblemsSection form={form} errText={errText} />
      <GoalsSection form={form} errText={errText} />
      <ActivitiesSection form={form} errText={errText} userOptions={userOptions} defaultAssignee={defaultAssignee} />
      <PeopleAndDatesSections form={form} errText={errText} userOptions={userOptions} onStartChange={onStartChange} />


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
        <FormFailure testId="plan-error">{failure !== null && t('plans.failed', { detail: failure })}</FormFailure>
        {notice === 'save' && !isDirty ? (
          <p className="small" role="status" data-testid="plan-saved">
            {t('plans.saved')}
          </p>
        ) : null}
        <div className="plan-actions">
          <SubmitButton busy={busy} primary={false} label={t('plans.save')} testId="save-plan" />
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
        {plan !== null && actions.close ? <PlanClose plan={plan} /> : null}
      </section>
    </form>
  );
}
