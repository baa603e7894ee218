/**
 * One care plan (#/residents/:id/plans/:planId, 'new' for a first plan): loads the resident and her plans
 * and picks the view. A draft or submitted plan opens in the editor (PlanEditor.tsx) for those who draft
 * plans; anything else is read-only (PlanView.tsx). All status changes go through renderer/db/carePlans.ts
 * with the acting user, which applies the same rules the server does: only a care manager approves, an
 * approved plan is revised as a new version.
 */
import './carePlans.css';
import { canDraftPlans } from '../../../shared/permissions';
import { useActor } from '../../app/useActor';
import { useI18n } from '../../i18n/I18nProvider';
import { useResident } from '../residents';
import { PlanEditor } from './PlanEditor';
import { planMode } from './planForm';
import { PlanView } from './PlanView';
import { useCarePlan, useCarePlans } from './queries';

export function CarePlanPage({ residentId, planId }: { residentId: string; planId: string }) {
  const { t } = useI18n();
  const actor = useActor();
  const resident = useResident(residentId);
  const plans = useCarePlans(residentId);
  const found = useCarePlan(planId);

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
