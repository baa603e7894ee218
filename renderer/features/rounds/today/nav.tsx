/**
 * The header's "Today" link: shown to caregivers, and to anyone with round visits of her own today (a care
 * manager who also visits). In the first chunk with the shell, so it reads only a count through the
 * `[caregiverId+date]` index. For a caregiver it also starts fetching the page's code once the first page is up.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { afterFirstScreen } from '../../../app/firstScreen';
import { preloadPageOf } from '../../../app/pages';
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
  // A caregiver's day starts here: its code is fetched as soon as the first page is up, as the profile's is,
  // not in the idle-time queue (docs/architecture.md "What loads first").
  useEffect(() => {
    if (caregiver) afterFirstScreen(() => preloadPageOf({ name: 'today', date: null }), 1500);
  }, [caregiver]);
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
