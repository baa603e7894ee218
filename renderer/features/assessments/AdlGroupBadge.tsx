import type { AdlGroup } from '../../../shared/adl';
import { useI18n } from '../../i18n/I18nProvider';

export interface AdlGroupBadgeProps {
  /** null: never assessed. */
  group: AdlGroup | null;
}

export function AdlGroupBadge({ group }: AdlGroupBadgeProps) {
  const { t } = useI18n();
  const g = group ?? 'none';
  return (
    <span className={`badge badge-${g}`} data-group={g}>
      {t(`adl.group.${g}`)}
    </span>
  );
}
