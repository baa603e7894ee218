/**
 * The header's "Today" link: shown to caregivers, and to anyone with round visits of her own today (a care
 * manager who also visits). In the first chunk with the shell, so it reads only a count through the
 * `[caregiverId+date]` index.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { todayBangkok } from '../../../../shared/dates/thaiDate';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import type { Actor } from '../../../app/useActor';
import { useI18n } from '../../../i18n/I18nProvider';

export function TodayNavLink({ actor, current }: { actor: Pick<Actor, 'userId' | 'role'>; current: boolean }) {
  const { t } = useI18n();
  const { db } = useStore();
  const today = useMemo(() => todayBangkok(), []);
  const caregiver = actor.role === 'caregiver';
  const mine = useLiveQuery(
    async () =>
      caregiver
        ? 0
        : (await db.roundVisits.where('[caregiverId+date]').equals([actor.userId, today]).toArray()).filter((r) => r.deletedAt === null && r.status !== 'draft').length,
    [db, caregiver, actor.userId, today],
  );
  if (!caregiver && !(mine !== undefined && mine > 0)) return null;
  return (
    <a href={routeHref({ name: 'today', date: null })} aria-current={current ? 'page' : undefined} data-testid="nav-today">
      {t('today.nav')}
    </a>
  );
}
