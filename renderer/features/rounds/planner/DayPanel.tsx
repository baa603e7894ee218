/**
 * One caregiver-day of the week planner: its visits in route order (time, resident, state), each with lock /
 * unlock and a move to another caregiver-day, from the keyboard (the move form) or by dragging the row onto
 * a grid cell. A move that lands on leave, a holiday, a day she does not work or outside her communities is
 * shown with the reasons and needs a second, explicit confirmation (move.tsx, the same for both ways); a
 * moved visit is locked so a replan keeps it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { minuteText } from '../../../../shared/rounds/availability';
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
import { MoveConfirm, type MoveRequest, type Mover } from './move';
import { readDay, setLocked, type WeekData } from './planWeek';

/** The visit being dragged, with what a move needs of its resident. */
export type DraggedVisit = Omit<MoveRequest, 'to' | 'way'>;

/** The drag data type of a visit row: a drop target accepts only these. */
export const VISIT_DRAG_TYPE = 'application/x-carerounds-round-visit';

interface Props {
  caregiverId: string;
  date: string;
  caregiverName: string;
  dayLabel: string;
  week: WeekData;
  mover: Mover;
  /** A visit row's drag started (the visit) or ended (null). */
  onDrag(visit: DraggedVisit | null): void;
  onClose(): void;
}

export function DayPanel({ caregiverId, date, caregiverName, dayLabel, week, mover, onDrag, onClose }: Props) {
  const { t } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const titleId = useId();
  // The day's own records, read when it opens (the grid holds only the week's summaries).
  const day = useLiveQuery(async () => {
    const visits = await readDay(db, caregiverId, date);
    const digests = await db.residentDigests.bulkGet(visits.map((v) => v.residentId));
    const residents = new Map(digests.flatMap((d) => (d ? [[d.id, { name: residentFullName(d), communityId: d.communityId }] as const] : [])));
    return { visits, residents };
  }, [db, caregiverId, date]);
  const [moving, setMoving] = useState<RoundVisitRecord | null>(null);
  const [cover, setCover] = useState(false);
  if (day === undefined) return null;
  const { visits, residents } = day;
  const dragged = (v: RoundVisitRecord): DraggedVisit => ({ visit: v, residentName: residents.get(v.residentId)?.name ?? v.residentId, residentCommunityId: residents.get(v.residentId)?.communityId ?? null });
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
      {visits.some((v) => v.status !== 'cancelled') ? <p className="muted small">{t('planner.drag.hint')}</p> : null}
      <ol className="planner-visits">
        {visits.map((v) => (
          <li
            key={v.id}
            data-testid="planner-visit"
            data-id={v.id}
            data-locked={v.locked}
            data-status={v.status}
            draggable={v.status !== 'cancelled'}
            className={v.status !== 'cancelled' ? 'planner-draggable' : undefined}
            onDragStart={
              v.status !== 'cancelled'
                ? (e) => {
                    e.dataTransfer.setData(VISIT_DRAG_TYPE, v.id);
                    e.dataTransfer.setData('text/plain', residents.get(v.residentId)?.name ?? v.residentId);
                    e.dataTransfer.effectAllowed = 'move';
                    onDrag(dragged(v));
                  }
                : undefined
            }
            onDragEnd={() => onDrag(null)}
          >
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
          visit={dragged(moving)}
          week={week}
          mover={mover}
          onDone={() => {
            if (mover.pending?.request.way === 'form') mover.cancel();
            setMoving(null);
          }}
        />
      ) : null}
    </section>
  );
}

function MoveForm({ visit: moving, week, mover, onDone }: { visit: DraggedVisit; week: WeekData; mover: Mover; onDone(): void }) {
  const { t, locale } = useI18n();
  const { visit, residentName } = moving;
  const [to, setTo] = useState(visit.caregiverId);
  const [date, setDate] = useState(visit.date);
  const ids = { to: useId(), day: useId() };
  const confirming = mover.pending?.request.way === 'form' && mover.pending.request.visit.id === visit.id;
  const done = mover.moved?.way === 'form' && mover.moved.visit.id === visit.id;
  const change = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    if (confirming) mover.cancel();
  };
  return (
    <form
      className="planner-move"
      onSubmit={(e) => {
        e.preventDefault();
        void mover.request({ ...moving, to: { caregiverId: to, date }, way: 'form' });
      }}
      data-testid="planner-move-form"
    >
      <h3>{t('planner.move.title', { resident: residentName })}</h3>
      <label htmlFor={ids.to}>{t('planner.move.to')}</label>
      <select id={ids.to} value={to} onChange={change(setTo)} data-testid="planner-move-to">
        {week.caregivers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.displayName}
          </option>
        ))}
      </select>
      <label htmlFor={ids.day}>{t('planner.move.day')}</label>
      <select id={ids.day} value={date} onChange={change(setDate)} data-testid="planner-move-day">
        {weekDates(visit.weekStart).map((d) => (
          <option key={d} value={d}>
            {t(`planner.wd.${dayOfWeek(d)}` as MessageKey)} {formatDate(d, locale, 'short')}
          </option>
        ))}
      </select>
      {confirming ? (
        <MoveConfirm mover={mover} />
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
