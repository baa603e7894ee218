import type { AdlGroup } from '../../../shared/adl';
import { useI18n } from '../../i18n/I18nProvider';

export interface AdlGroupBadgeProps {
  /** null: never assessed. */
  group: AdlGroup | null;
  testId?: string;
}

export function AdlGroupBadge({ group, testId }: AdlGroupBadgeProps) {
  const { t } = useI18n();
  const g = group ?? 'none';
  return (
    <span className={`badge badge-${g}`} data-group={g} data-testid={testId}>
      {t(`adl.group.${g}`)}
    </span>
  );
}
