/**
 * The week planner (#/rounds, #/rounds/<Monday>), for care managers (docs/domain.md §9): caregivers × days,
 * each cell the day's visits, hours and km with its warnings; "plan the week" proposes drafts from the care
 * plans, the caregivers' availability and the holidays, and lists what it could not meet in words; a day
 * opens its visits in route order, where each can be locked or moved (with a confirmation when the move
 * lands on leave, a holiday, a day off or outside her communities); publishing sends each caregiver her own.
 * The data and writes are in planWeek.ts; the rules in shared/rounds.
 */
import './planner.css';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { canPlanRounds } from '../../../../shared/permissions';
import { addDays, dayOfWeek } from '../../../../shared/dates/calendar';
import { formatDate, todayBangkok } from '../../../../shared/dates/thaiDate';
import { explainUnmet, type NameBook } from '../../../../shared/rounds/explain';
import { SKILLS } from '../../../../shared/rounds/skills';
import { weekGrid, type GridRow } from '../../../../shared/rounds/grid';
import { mondayOf, weekDates } from '../../../../shared/rounds/weekInput';
import { firstScreenShown } from '../../../app/firstScreen';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { useAfterPaint } from '../../../app/useAfterPaint';
import type { MessageKey } from '../../../i18n/catalog';
import { useI18n } from '../../../i18n/I18nProvider';
import { DayPanel, type DraggedVisit } from './DayPanel';
import { MoveConfirm, useMover, type MoveRequest } from './move';
import { PlannerGrid } from './PlannerGrid';
import { BelowPlanList } from './BelowPlanList';
import { planWeek, PlanWriteError, publishWeek, readBelowPlan, readWeek, type PlanProgress, type PlanRun } from './planWeek';

/** Resolves after the next frame is painted (a task queued from requestAnimationFrame runs after it). */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

export function PlannerPage({ week }: { week: string | null }) {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const allowed = canPlanRounds(actor);
  const weekStart = useMemo(() => week ?? addDays(mondayOf(todayBangkok()), 7), [week]);
  const data = useLiveQuery(() => (allowed ? readWeek(db, weekStart) : Promise.resolve(null)), [db, weekStart, allowed]);
  const [busy, setBusy] = useState(false);
  const [replanPublished, setReplanPublished] = useState(false);
  const [run, setRun] = useState<PlanRun | null>(null);
  const [progress, setProgress] = useState<PlanProgress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState<{ caregiverId: string; date: string } | null>(null);
  const painted = useAfterPaint(data);
  // Below the plans' frequency: read once the grid is painted, so opening a week does not wait for the plans.
  const below = useLiveQuery(() => (allowed && painted ? readBelowPlan(db, weekStart) : Promise.resolve(undefined)), [db, weekStart, allowed, painted]);
  useEffect(() => {
    if (painted) firstScreenShown();
  }, [painted]);

  const dates = useMemo(() => weekDates(weekStart), [weekStart]);
  const rows: GridRow[] = useMemo(
    () =>
      data
        ? weekGrid({ weekStart, caregivers: data.caregivers, availability: data.availability, leaves: data.leaves, holidays: data.holidays, cells: data.cells })
        : [],
    [data, weekStart],
  );
  const holidays = useMemo(() => new Set((data?.holidays ?? []).map((h) => h.date)), [data]);
  const dayLabel = useCallback((d: string): string => `${t(`planner.wd.${dayOfWeek(d)}` as MessageKey)} ${formatDate(d, locale, 'short')}`, [t, locale]);
  const dayLabels = useMemo(() => dates.map(dayLabel), [dates, dayLabel]);
  const nameOf = (caregiverId: string): string => data?.caregivers.find((c) => c.id === caregiverId)?.displayName ?? caregiverId;

  // Moves, from the day panel's form or by dragging one of its visits onto a cell: one path (move.tsx).
  const onMoved = (r: MoveRequest): void => {
    if (r.way === 'drag') setMessage(t('planner.move.doneTo', { resident: r.residentName, name: nameOf(r.to.caregiverId), day: dayLabel(r.to.date) }));
  };
  const mover = useMover(data, onMoved);
  const dragged = useRef<DraggedVisit | null>(null);
  const [dragFrom, setDragFrom] = useState<{ caregiverId: string; date: string } | null>(null);
  const drag = useCallback((v: DraggedVisit | null) => {
    dragged.current = v;
    setDragFrom(v ? { caregiverId: v.visit.caregiverId, date: v.visit.date } : null);
  }, []);
  const request = mover.request;
  const requestRef = useRef(request);
  useEffect(() => {
    requestRef.current = request;
  });
  const drop = useCallback((to: { caregiverId: string; date: string }) => {
    const v = dragged.current;
    dragged.current = null;
    setDragFrom(null);
    if (!v || (v.visit.caregiverId === to.caregiverId && v.visit.date === to.date)) return;
    setMessage(null);
    void requestRef.current({ ...v, to, way: 'drag' });
  }, []);

  if (!allowed) {
    return (
      <section data-testid="planner-page">
        <div className="page-header">
          <h1>{t('planner.title')}</h1>
        </div>
        <p className="empty">{t('planner.notAllowed')}</p>
      </section>
    );
  }

  const counts = { drafts: 0, published: 0, cancelled: 0 };
  for (const c of data?.cells ?? []) {
    counts.drafts += c.drafts;
    counts.published += c.published;
    counts.cancelled += c.cancelled;
  }

  const doPlan = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      // Each step is painted before the next one holds the main thread (planning ~3,900 visits does).
      const result = await planWeek(db, weekStart, actor.writeCtx, (p) => {
        setProgress(p);
        return afterNextPaint();
      }, !(replanPublished && counts.published > 0));
      setRun(result);
      setMessage(t('planner.ran', { planned: result.planned, ...result.written }));
    } catch (err) {
      if (err instanceof PlanWriteError) setMessage(t('planner.errorPartial', { message: err.message, written: err.written, total: err.total }));
      else setMessage(t('planner.error', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const doPublish = async (): Promise<void> => {
    setBusy(true);
    try {
      const n = await publishWeek(db, weekStart, actor.writeCtx);
      setMessage(t('planner.published', { n }));
    } finally {
      setBusy(false);
    }
  };

  const names: NameBook = {
    residents: Object.fromEntries(run?.names ?? []),
    caregivers: Object.fromEntries((data?.caregivers ?? []).map((c) => [c.id, c.displayName])),
    communities: Object.fromEntries(run?.communityNames ?? []),
    skills: Object.fromEntries(SKILLS.map((k) => [k.code, k[locale]])),
  };
  const openRow = open ? rows.find((r) => r.caregiverId === open.caregiverId) : undefined;

  return (
    <section data-testid="planner-page" aria-labelledby="planner-title">
      <div className="page-header">
        <h1 id="planner-title">{t('planner.title')}</h1>
      </div>
      <nav className="planner-weeks" aria-label={t('planner.title')}>
        <a className="btn" href={routeHref({ name: 'rounds', week: addDays(weekStart, -7) })} data-testid="planner-prev">
          {t('planner.prevWeek')}
        </a>
        <strong data-testid="planner-week" data-week={weekStart}>
          {t('planner.week', { from: formatDate(weekStart, locale, 'short'), to: formatDate(addDays(weekStart, 6), locale, 'short') })}
        </strong>
        <a className="btn" href={routeHref({ name: 'rounds', week: addDays(weekStart, 7) })} data-testid="planner-next">
          {t('planner.nextWeek')}
        </a>
        <a className="btn" href={routeHref({ name: 'rounds', week: mondayOf(todayBangkok()) })}>
          {t('planner.thisWeek')}
        </a>
        <a href={routeHref({ name: 'coverage', week: weekStart })} data-testid="planner-coverage">
          {t('coverage.link')}
        </a>
      </nav>
      {data === undefined ? (
        <p className="muted">{t('planner.loading')}</p>
      ) : data === null ? null : data.caregivers.length === 0 ? (
        <p className="empty" data-testid="planner-no-caregivers">{t('planner.noCaregivers')}</p>
      ) : (
        <>
          <div className="planner-actions">
            <span className="muted" data-testid="planner-summary">
              {t('planner.summary', counts)}
            </span>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void doPlan()} data-testid="planner-plan">
              {busy ? t('planner.planning') : data.cells.length === 0 ? t('planner.plan') : replanPublished && counts.published > 0 ? t('planner.replanAll') : t('planner.replan')}
            </button>
            {counts.published > 0 ? (
              <label className="small">
                <input type="checkbox" checked={replanPublished} disabled={busy} onChange={(e) => setReplanPublished(e.target.checked)} data-testid="planner-replan-published" />{' '}
                {t('planner.replanPublished')}
              </label>
            ) : null}
            <button type="button" className="btn" disabled={busy || counts.drafts === 0} onClick={() => void doPublish()} data-testid="planner-publish">
              {t('planner.publish', { n: counts.drafts })}
            </button>
          </div>
          {progress ? <PlanProgressBar progress={progress} /> : null}
          {message ? (
            <p role="status" className="small" data-testid="planner-message">
              {message}
            </p>
          ) : null}
          {mover.pending?.request.way === 'drag' ? (
            <MoveConfirm
              mover={mover}
              autoFocus
              what={t('planner.move.what', {
                resident: mover.pending.request.residentName,
                name: nameOf(mover.pending.request.to.caregiverId),
                day: dayLabel(mover.pending.request.to.date),
              })}
            />
          ) : null}
          <PlannerGrid rows={rows} dates={dates} dayLabels={dayLabels} holidays={holidays} open={open} onOpen={setOpen} dragFrom={dragFrom} onDrop={drop} />
          {below && below.length > 0 ? <BelowPlanList below={below} /> : null}
          {open && openRow ? (
            <DayPanel
              key={`${open.caregiverId} ${open.date}`}
              caregiverId={open.caregiverId}
              date={open.date}
              caregiverName={openRow.name}
              dayLabel={dayLabel(open.date)}
              week={data}
              mover={mover}
              onDrag={drag}
              onClose={() => setOpen(null)}
            />
          ) : null}
          {run ? <RunReport run={run} names={names} /> : null}
        </>
      )}
    </section>
  );
}

/** How far "plan the week" is: a determinate bar while writing, an indeterminate one before. */
function PlanProgressBar({ progress }: { progress: PlanProgress }) {
  const { t } = useI18n();
  const label =
    progress.step === 'writing' ? t('planner.progress.writing', { done: progress.done, total: progress.total }) : t(`planner.progress.${progress.step}`);
  return (
    <div className="planner-progress" data-testid="planner-progress" data-step={progress.step}>
      <label>
        <span role="status">{label}</span>{' '}
        {progress.step === 'writing' ? <progress max={Math.max(progress.total, 1)} value={progress.done} /> : <progress />}
      </label>
    </div>
  );
}

function RunReport({ run, names }: { run: PlanRun; names: NameBook }) {
  const { t, locale } = useI18n();
  return (
    <div className="planner-report">
      <h2>{t('planner.unmet.title', { n: run.unmet.length })}</h2>
      {run.unmet.length === 0 ? (
        <p className="muted" data-testid="planner-unmet-none">{t('planner.unmet.none')}</p>
      ) : (
        <ul data-testid="planner-unmet">
          {run.unmet.map((u, i) => (
            <li key={`${u.residentId}:${u.code}:${i}`}>{explainUnmet(u, locale, names)}</li>
          ))}
        </ul>
      )}
      {run.withoutPlan.length > 0 ? (
        <>
          <h2>{t('planner.withoutPlan.title', { n: run.withoutPlan.length })}</h2>
          <ul data-testid="planner-without-plan">
            {run.withoutPlan.map((w) => (
              <li key={w.residentId}>
                <a href={routeHref({ name: 'carePlans', residentId: w.residentId })}>{run.names.get(w.residentId) ?? w.residentId}</a>: {t(`planner.withoutPlan.${w.reason}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {run.reviewOverdue.length > 0 ? (
        <>
          <h2>{t('planner.reviewOverdue.title', { n: run.reviewOverdue.length })}</h2>
          <ul data-testid="planner-review-overdue">
            {run.reviewOverdue.map((o) => (
              <li key={o.residentId}>{t('planner.reviewOverdue.item', { name: run.names.get(o.residentId) ?? o.residentId, date: formatDate(o.reviewDate, locale, 'short') })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
