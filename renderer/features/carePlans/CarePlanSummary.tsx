/**
 * The resident's care plan on the profile: the plan in force today (shared currentPlan) with its status,
 * review date (flagged when overdue), activities per week and who does them, a waiting draft if any, and
 * the resident's open alerts for care managers.
 */
import './carePlans.css';
import { useMemo } from 'react';
import { currentPlan, isReviewOverdue } from '../../../shared/carePlan';
import { canDraftPlans } from '../../../shared/permissions';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import type { Resident } from '../../../shared/resident';
import { routeHref } from '../../app/router';
import { useActor } from '../../app/useActor';
import { useI18n } from '../../i18n/I18nProvider';
import { ResidentAlerts } from '../alerts';
import { activityName, formatTimes } from './activityName';
import { PlanStatusBadge } from './PlanStatusBadge';
import { useCarePlans } from './queries';
import { useUserNames } from './users';

export function CarePlanSummary({ resident }: { resident: Resident }) {
  const { t, date, locale } = useI18n();
  const actor = useActor();
  const { label } = useUserNames();
  const today = useMemo(() => todayBangkok(), []);
  const plans = useCarePlans(resident.id);

  const current = plans ? currentPlan(plans, today) : null;
  const pending = plans?.find((p) => (p.status === 'draft' || p.status === 'submitted') && (current === null || p.version > current.version)) ?? null;
  const overdue = current !== null && isReviewOverdue(current, today);

  return (
    <section className="card" data-testid="care-plan-summary" data-plan-id={current?.id ?? ''} aria-labelledby="plan-summary-heading">
      <div className="page-header">
        <h2 id="plan-summary-heading" style={{ margin: 0, flex: 1 }}>
          {t('plans.title')}
        </h2>
        <a className="btn" href={routeHref({ name: 'carePlans', residentId: resident.id })} data-testid="open-care-plans">
          {t('plans.viewAll')}
        </a>
      </div>
      {plans === undefined ? null : current !== null ? (
        <div className="stack" data-testid="current-plan" data-version={current.version}>
          <div className="plan-meta">
            <a href={routeHref({ name: 'carePlan', residentId: resident.id, planId: current.id })}>
              <strong>{t('plans.version', { version: current.version })}</strong>
            </a>
            <PlanStatusBadge status={current.status} />
            <span className="small">{t('plans.period', { start: date(current.startDate), review: date(current.reviewDate) })}</span>
          </div>
          {overdue ? (
            <p className="alert alert-warning" data-testid="plan-review-overdue">
              {t('plans.reviewOverdue', { date: date(current.reviewDate) })}
            </p>
          ) : null}
          {current.activities.length > 0 ? (
            <ul className="plan-activities" data-testid="plan-summary-activities">
              {current.activities.map((a) => (
                <li key={a.code}>
                  {activityName(a.code, locale)} · {t('plans.perWeek', { n: formatTimes(a.timesPerWeek) })}
                  {a.minutes !== null ? ` · ${t('plans.minutesEach', { n: a.minutes })}` : ''} · {t(`plans.performer.${a.performer}`)}
                  {a.assigneeId !== null ? ` · ${t('plans.assignee', { name: label(a.assigneeId) })}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="small">
            {t('plans.primary')}: {current.primaryCaregiverId !== null ? label(current.primaryCaregiverId) : t('plans.nobody')}
            {current.backupCaregiverId !== null ? ` · ${t('plans.backup')}: ${label(current.backupCaregiverId)}` : ''}
          </p>
        </div>
      ) : (
        <div className="stack">
          <p className="muted" data-testid="no-current-plan">
            {plans.length === 0 ? t('plans.none') : t('plans.noCurrent')}
          </p>
          {plans.length === 0 && canDraftPlans(actor) ? (
            <>
              <p className="small muted">{t('plans.noneHint')}</p>
              <p>
                <a className="btn btn-primary" href={routeHref({ name: 'carePlan', residentId: resident.id, planId: 'new' })} data-testid="write-care-plan">
                  {t('plans.new')}
                </a>
              </p>
            </>
          ) : null}
        </div>
      )}
      {pending !== null ? (
        <p className="small" data-testid="plan-pending">
          <a href={routeHref({ name: 'carePlan', residentId: resident.id, planId: pending.id })}>
            {t('plans.pendingDraft', { version: pending.version, status: t(`plans.status.${pending.status}`) })}
          </a>
        </p>
      ) : null}
      <ResidentAlerts residentId={resident.id} />
    </section>
  );
}
