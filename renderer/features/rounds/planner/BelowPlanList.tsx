/**
 * The planner's "below the plan's frequency" warning: residents the week plans fewer visits for than their
 * care plan requires (planWeek.ts readBelowPlan), each with planned of required and a link to her profile.
 */
import type { BelowPlan } from '../../../../shared/rounds/belowPlan';
import { routeHref } from '../../../app/router';
import { useI18n } from '../../../i18n/I18nProvider';

export function BelowPlanList({ below }: { below: readonly (BelowPlan & { name: string })[] }) {
  const { t } = useI18n();
  return (
    <section className="planner-below" data-testid="planner-below" aria-labelledby="planner-below-title">
      <h2 id="planner-below-title">{t('planner.below.title', { n: below.length })}</h2>
      <ul>
        {below.map((b) => (
          <li key={b.residentId} data-testid="planner-below-item" data-resident-id={b.residentId}>
            <a href={routeHref({ name: 'resident', id: b.residentId })}>{b.name || b.residentId}</a>: {t('planner.below.item', { planned: b.planned, required: b.required })}
          </li>
        ))}
      </ul>
    </section>
  );
}
