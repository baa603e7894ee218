/**
 * A care plan read-only: approved, active, superseded or closed, or any plan for a role that does not draft
 * plans. From here a care manager or caregiver writes the next version (or opens the one already begun)
 * and closes the plan.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { isReviewOverdue, type CarePlan } from '../../../shared/carePlan';
import { canDraftPlans } from '../../../shared/permissions';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { residentFullName, type Resident } from '../../../shared/resident';
import { navigate, routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { reviseCarePlan } from '../../db/carePlans';
import { errorText } from '../../i18n/errorText';
import { useI18n } from '../../i18n/I18nProvider';
import { activityName, formatTimes } from './activityName';
import { FormFailure } from '../../ui/form/FormActions';
import { PlanClose } from './PlanClose';
import { planActions } from './planForm';
import { PlanStatusBadge } from './PlanStatusBadge';
import { useUserNames } from './users';

export function PlanView({ resident, plan, plans }: { resident: Resident; plan: CarePlan; plans: CarePlan[] }) {
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
        <strong>{t('plans.for', { name: residentFullName(resident) })}</strong>
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

      <FormFailure testId="plan-error">{failure !== null && t('plans.failed', { detail: failure })}</FormFailure>
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
          {actions.close ? <PlanClose plan={plan} /> : null}
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
