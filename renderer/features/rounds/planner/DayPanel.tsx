/**
 * One caregiver-day of the week planner: its visits in route order (time, resident, state), each with lock /
 * unlock and a keyboard-operable move to another caregiver-day. A move that lands on leave, a holiday, a day
 * she does not work or outside her communities is shown with the reasons and needs a second, explicit
 * confirmation (shared/rounds/grid.ts moveWarnings); a moved visit is locked so a replan keeps it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { minuteText } from '../../../../shared/rounds/availability';
import { moveWarnings } from '../../../../shared/rounds/grid';
import { mondayOf, weekDates } from '../../../../shared/rounds/weekInput';
import { residentFullName } from '../../../../shared/resident';
import { dayOfWeek } from '../../../../shared/dates/calendar';
import { formatDate } from '../../../../shared/dates/thaiDate';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import type { RoundVisitRecord } from '../../../db/syncRows';
import type { MessageKey } from '../../../i18n/catalog';
import { useI18n } from '../../../i18n/I18nProvider';
import { CoverPanel } from './CoverPanel';
import { moveVisit, setLocked, type WeekData } from './planWeek';

interface Props {
  caregiverId: string;
  date: string;
  caregiverName: string;
  dayLabel: string;
  week: WeekData;
  onClose(): void;
}

export function DayPanel({ caregiverId, date, caregiverName, dayLabel, week, onClose }: Props) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const titleId = useId();
  const visits = week.rounds.filter((r) => r.caregiverId === caregiverId && r.date === date).sort((a, b) => a.order - b.order);
  const residents = useLiveQuery(async () => {
    const digests = await db.residentDigests.bulkGet(visits.map((v) => v.residentId));
    return new Map(digests.flatMap((d) => (d ? [[d.id, { name: residentFullName(d), communityId: d.communityId }] as const] : [])));
  }, [db, visits.map((v) => v.id).join()]);
  const [moving, setMoving] = useState<RoundVisitRecord | null>(null);
  const [cover, setCover] = useState(false);
  if (residents === undefined) return null;
  return (
    <section className="planner-day" aria-labelledby={titleId} data-testid="planner-day">
      <div className="page-header">
        <h2 id={titleId}>{t('planner.day.title', { name: caregiverName, day: dayLabel })}</h2>
        {visits.some((v) => v.status !== 'cancelled') ? (
          <button type="button" className="btn" aria-expanded={cover} onClick={() => setCover(!cover)} data-testid="planner-cover">
            {t('planner.cover.find')}
          </button>
        ) : null}
        <button type="button" className="btn" onClick={onClose} data-testid="planner-day-close">
          {t('planner.day.close')}
        </button>
      </div>
      <p className="planner-print">
        <a className="btn" href={routeHref({ name: 'roundSheet', caregiverId, span: 'day', date })} data-testid="planner-print-day">
          {t('sheet.link.day')}
        </a>{' '}
        <a className="btn" href={routeHref({ name: 'roundSheet', caregiverId, span: 'week', date: mondayOf(date) })} data-testid="planner-print-week">
          {t('sheet.link.week', { name: caregiverName })}
        </a>
      </p>
      {cover ? <CoverPanel absentId={caregiverId} date={date} visits={visits.filter((v) => v.status !== 'cancelled')} week={week} /> : null}
      {visits.length === 0 ? <p className="empty">{t('planner.day.none')}</p> : null}
      <ol className="planner-visits">
        {visits.map((v) => (
          <li key={v.id} data-testid="planner-visit" data-id={v.id} data-locked={v.locked} data-status={v.status}>
            <span className="planner-time">{v.minute === null ? t('planner.visit.anyTime') : minuteText(v.minute)}</span>
            <span>{residents.get(v.residentId)?.name ?? v.residentId}</span>
            <span className="muted small">{t(`planner.visit.status.${v.status}`)}</span>
            {v.locked ? <span className="planner-warn">{t('planner.visit.locked')}</span> : null}
            <button type="button" className="btn" onClick={() => void setLocked(db, v.id, !v.locked, actor.writeCtx)} data-testid="planner-lock">
              {v.locked ? t('planner.visit.unlock') : t('planner.visit.lock')}
            </button>
            {v.status !== 'cancelled' ? (
              <button type="button" className="btn" onClick={() => setMoving(v)} data-testid="planner-move">
                {t('planner.visit.move')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {moving ? (
        <MoveForm
          visit={moving}
          residentName={residents.get(moving.residentId)?.name ?? moving.residentId}
          residentCommunityId={residents.get(moving.residentId)?.communityId ?? null}
          week={week}
          onDone={() => setMoving(null)}
        />
      ) : null}
    </section>
  );
}

function MoveForm({ visit, residentName, residentCommunityId, week, onDone }: { visit: RoundVisitRecord; residentName: string; residentCommunityId: string | null; week: WeekData; onDone(): void }) {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const [to, setTo] = useState(visit.caregiverId);
  const [date, setDate] = useState(visit.date);
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [done, setDone] = useState(false);
  const ids = { to: useId(), day: useId() };
  const target = week.caregivers.find((c) => c.id === to);
  const submit = async (confirmed: boolean): Promise<void> => {
    const reasons = target ? moveWarnings({ caregiverId: to, date }, residentCommunityId, target, week) : [];
    if (reasons.length > 0 && !confirmed) {
      setConfirming(reasons.map((r) => t(`planner.warn.${r}`)));
      return;
    }
    await moveVisit(db, visit.id, { caregiverId: to, date }, actor.writeCtx);
    setDone(true);
    setConfirming(null);
  };
  return (
    <form
      className="planner-move"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
      data-testid="planner-move-form"
    >
      <h3>{t('planner.move.title', { resident: residentName })}</h3>
      <label htmlFor={ids.to}>{t('planner.move.to')}</label>
      <select id={ids.to} value={to} onChange={(e) => { setTo(e.target.value); setConfirming(null); }} data-testid="planner-move-to">
        {week.caregivers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.displayName}
          </option>
        ))}
      </select>
      <label htmlFor={ids.day}>{t('planner.move.day')}</label>
      <select id={ids.day} value={date} onChange={(e) => { setDate(e.target.value); setConfirming(null); }} data-testid="planner-move-day">
        {weekDates(visit.weekStart).map((d) => (
          <option key={d} value={d}>
            {t(`planner.wd.${dayOfWeek(d)}` as MessageKey)} {formatDate(d, locale, 'short')}
          </option>
        ))}
      </select>
      {confirming ? (
        <div role="alert" className="alert alert-warning" data-testid="planner-move-warning">
          <p>{t('planner.move.warning', { reasons: confirming.join(', ') })}</p>
          <button type="button" className="btn btn-primary" onClick={() => void submit(true)} data-testid="planner-move-confirm">
            {t('planner.move.confirm')}
          </button>
        </div>
      ) : (
        <button type="submit" className="btn btn-primary" data-testid="planner-move-submit">
          {t('planner.visit.move')}
        </button>
      )}
      <button type="button" className="btn" onClick={onDone}>
        {t('planner.move.cancel')}
      </button>
      {done ? (
        <p role="status" className="small" data-testid="planner-move-done">
          {t('planner.move.done')}
        </p>
      ) : null}
    </form>
  );
}
