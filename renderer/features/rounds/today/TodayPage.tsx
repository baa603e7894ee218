/**
 * The caregiver's day (#/today, #/today/<date>; docs/domain.md §9): her published round visits of one Bangkok
 * day in route order, the day's counts, day navigation, and per visit: start it (the new-visit form, which
 * marks the round done with the visit in the same transaction), record it missed with a reason, or set it
 * back to "to do". A visit the care manager changed after publishing is marked with what changed until she
 * presses "seen" (shared/rounds/changed.ts); one given to another caregiver, which left her device, is
 * listed under the day's visits until she presses "seen" (db/roundGone.ts); days other than this one holding
 * either are listed with links. Everything is local, so it works offline; what she records syncs as outcome patches.
 *
 * Until the first read answers the page shows its heading and an empty, busy list: never "nothing planned"
 * or "not on this device" for data that is still being read.
 */
import './today.css';
import { useEffect, useMemo, useState } from 'react';
import { roundChange } from '../../../../shared/rounds/changed';
import { dayCounts, dayOfRoute, nextDay, previousDay, type OutcomePatch } from '../../../../shared/rounds/today';
import { todayBangkok } from '../../../../shared/dates/thaiDate';
import { firstScreenShown } from '../../../app/firstScreen';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useAfterPaint } from '../../../app/useAfterPaint';
import { useActor } from '../../../app/useActor';
import type { RoundVisitRecord } from '../../../db/syncRows';
import { errorText } from '../../../i18n/errorText';
import { useI18n } from '../../../i18n/I18nProvider';
import { setOutcome, setSeen } from './actions';
import { useChangedElsewhere, useFoundLastTime, useToday } from './queries';
import { GoneList } from './GoneList';
import { RoundItem } from './RoundItem';
import { UnplannedPicker } from './UnplannedPicker';

export function TodayPage({ date: param }: { date: string | null }) {
  const { t, date } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const today = useMemo(() => todayBangkok(), []);
  const day = dayOfRoute(param, today);
  const data = useToday(actor.userId, day);
  const found = useFoundLastTime(useMemo(() => [...new Set((data?.rounds ?? []).map((r) => r.residentId))], [data]));
  const elsewhere = useChangedElsewhere(actor.userId, today, day);
  const [picking, setPicking] = useState(false);
  const painted = useAfterPaint(data);
  useEffect(() => {
    if (painted) firstScreenShown();
  }, [painted]);
  const counts = data ? dayCounts(data.rounds) : null;

  const outcome = async (roundId: string, patch: OutcomePatch): Promise<{ ok: true } | { ok: false; error: string }> => {
    try {
      await setOutcome(db, roundId, patch, actor.writeCtx);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: errorText(err, t) };
    }
  };
  const seen = async (round: RoundVisitRecord): Promise<{ ok: true } | { ok: false; error: string }> => {
    try {
      await setSeen(db, round, actor.writeCtx);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: errorText(err, t) };
    }
  };

  return (
    <section className="today-page" data-testid="today-page" data-day={day} aria-labelledby="today-title">
      <div className="page-header">
        <h1 id="today-title">{day === today ? t('today.title') : t('today.titleOn', { date: date(day) })}</h1>
        <button type="button" className="btn" aria-expanded={picking} onClick={() => setPicking((p) => !p)} data-testid="today-unplanned">
          {t('today.unplanned')}
        </button>
      </div>
      {day === today ? <p className="muted">{date(day)}</p> : null}
      <nav className="toolbar" aria-label={t('today.day.nav')}>
        <a className="btn" href={routeHref({ name: 'today', date: previousDay(day) })} data-testid="today-prev">
          {t('today.day.previous')}
        </a>
        {day !== today ? (
          <a className="btn" href={routeHref({ name: 'today', date: null })} data-testid="today-back">
            {t('today.day.today')}
          </a>
        ) : null}
        <a className="btn" href={routeHref({ name: 'today', date: nextDay(day) })} data-testid="today-next">
          {t('today.day.next')}
        </a>
      </nav>
      {elsewhere && elsewhere.length > 0 ? (
        <div className="today-elsewhere" data-testid="today-changed-elsewhere">
          <p>{t('today.changed.elsewhere')}</p>
          <ul>
            {elsewhere.map((d) => (
              <li key={d.date}>
                <a href={routeHref({ name: 'today', date: d.date })} data-testid="today-changed-day" data-date={d.date}>
                  {t('today.changed.elsewhereDay', { date: date(d.date), n: d.n })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {picking ? <UnplannedPicker onClose={() => setPicking(false)} /> : null}
      {counts ? (
        <p className="today-counts" data-testid="today-counts" data-planned={counts.planned} data-done={counts.done} data-missed={counts.missed} data-todo={counts.todo}>
          {t('today.counts', { planned: counts.planned, done: counts.done, missed: counts.missed, todo: counts.todo })}
          {counts.cancelled > 0 ? ` · ${t('today.countsCancelled', { n: counts.cancelled })}` : null}
        </p>
      ) : null}
      <p className="muted small">{t('today.intro')}</p>
      {data === undefined ? (
        <div className="today-list" aria-busy="true" data-testid="today-list" />
      ) : data.rounds.length === 0 ? (
        <p className="empty" data-testid="today-empty">
          {t('today.none')}
        </p>
      ) : (
        <ol className="today-list" aria-label={t('today.list')} data-testid="today-list">
          {data.rounds.map((r) => (
            <RoundItem
              key={r.id}
              round={r}
              resident={data.residents.get(r.residentId)}
              found={found === undefined ? undefined : found === 'preparing' ? 'preparing' : (found.get(r.residentId) ?? { kind: 'never' })}
              change={roundChange(r, data.seen.get(r.id))}
              onOutcome={(patch) => outcome(r.id, patch)}
              onSeen={() => seen(r)}
            />
          ))}
        </ol>
      )}
      {data ? <GoneList gone={data.gone} residents={data.residents} /> : null}
    </section>
  );
}
