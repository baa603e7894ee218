import './carePlans.css';
import type { CarePlanStatus } from '../../../shared/carePlan';
import { useI18n } from '../../i18n/I18nProvider';

/** A plan's status as a coloured badge; `data-status` carries the code for tests and styling. */
export function PlanStatusBadge({ status, testId = 'plan-status' }: { status: CarePlanStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-plan-${status}`} data-status={status} data-testid={testId}>
      {t(`plans.status.${status}`)}
    </span>
  );
}
