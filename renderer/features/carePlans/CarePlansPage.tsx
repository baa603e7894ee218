/**
 * A resident's care plans, newest version first (#/residents/:id/plans). "New plan" starts from the plan in
 * force when there is one (a new version: reviseCarePlan, the old stays in force until the new is approved),
 * else an empty plan; a waiting draft is continued rather than duplicated.
 */
import './carePlans.css';
import { useMemo, useState } from 'react';
import { currentPlan } from '../../../shared/carePlan';
import { canDraftPlans } from '../../../shared/permissions';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { residentFullName } from '../../../shared/resident';
import { navigate, routeHref } from '../../app/router';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { reviseCarePlan } from '../../db/carePlans';
import { useI18n } from '../../i18n/I18nProvider';
import { PlanStatusBadge } from './PlanStatusBadge';
import { useResident } from '../residents';
import { useCarePlans } from './queries';
import { useUserNames } from './users';
import { errorText } from '../../i18n/errorText';

export function CarePlansPage({ residentId }: { residentId: string }) {
  const { t, date, instant } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const { label } = useUserNames();
  const today = useMemo(() => todayBangkok(), []);
  const resident = useResident(residentId);
  const plans = useCarePlans(residentId);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (resident === undefined || plans === undefined) {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (resident === null || resident.deletedAt !== null) return <p className="empty">{t('common.notFound')}</p>;

  const name = residentFullName(resident);
  const current = currentPlan(plans, today);
  const pending = plans.find((p) => p.status === 'draft' || p.status === 'submitted') ?? null;

  const newFromCurrent = async () => {
    if (current === null) return;
    setBusy(true);
    setFailure(null);
    try {
      const draft = await reviseCarePlan(db, current.id, actor.writeCtx);
      navigate({ name: 'carePlan', residentId, planId: draft.id });
    } catch (err) {
      setFailure(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <article data-testid="care-plans-page" data-resident-id={residentId}>
      <p>
        <a href={routeHref({ name: 'resident', id: residentId })}>{t('plans.back')}</a>
      </p>
      <div className="page-header">
        <h1>{t('plans.listTitle', { name })}</h1>
        {canDraftPlans(actor) ? (
          pending !== null ? (
            <a className="btn btn-primary" href={routeHref({ name: 'carePlan', residentId, planId: pending.id })} data-testid="continue-plan-draft">
              {t('plans.continueDraft', { version: pending.version })}
            </a>
          ) : current !== null ? (
            <button type="button" className="btn btn-primary" onClick={() => void newFromCurrent()} disabled={busy} data-testid="new-care-plan">
              {t('plans.newFromCurrent')}
            </button>
          ) : (
            <a className="btn btn-primary" href={routeHref({ name: 'carePlan', residentId, planId: 'new' })} data-testid="new-care-plan">
              {t('plans.new')}
            </a>
          )
        ) : null}
      </div>
      {failure !== null ? (
        <p className="alert alert-error" role="alert" data-testid="plan-error">
          {t('plans.failed', { detail: failure })}
        </p>
      ) : null}
      {plans.length === 0 ? (
        <div className="card">
          <p className="empty">{t('plans.none')}</p>
          <p className="small muted">{t('plans.noneHint')}</p>
        </div>
      ) : (
        <div className="card">
          <table className="data" data-testid="plan-list">
            <thead>
              <tr>
                <th>{t('plans.col.version')}</th>
                <th>{t('plans.col.status')}</th>
                <th>{t('plans.col.period')}</th>
                <th>{t('plans.col.approvedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id} data-testid="plan-row" data-plan-id={p.id} data-version={p.version} data-current={current?.id === p.id}>
                  <td>
                    <a href={routeHref({ name: 'carePlan', residentId, planId: p.id })} data-testid="open-plan">
                      {t('plans.version', { version: p.version })}
                    </a>
                    {current?.id === p.id ? <span className="badge badge-status">{t('plans.currentShort')}</span> : null}
                  </td>
                  <td>
                    <PlanStatusBadge status={p.status} />
                  </td>
                  <td>{t('plans.period', { start: date(p.startDate), review: date(p.reviewDate) })}</td>
                  <td>{p.approvedBy !== null && p.approvedAt !== null ? t('plans.approvedBy', { name: label(p.approvedBy), time: instant(p.approvedAt) }) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
