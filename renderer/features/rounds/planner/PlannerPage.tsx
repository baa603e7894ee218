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
import { useEffect, useMemo, useState } from 'react';
import { canPlanRounds } from '../../../../shared/permissions';
import { addDays, dayOfWeek } from '../../../../shared/dates/calendar';
import { formatDate, todayBangkok } from '../../../../shared/dates/thaiDate';
import { explainUnmet, type NameBook } from '../../../../shared/rounds/explain';
import { SKILLS } from '../../../../shared/rounds/skills';
import { weekGrid, type CellWarning, type GridRow } from '../../../../shared/rounds/grid';
import { mondayOf, weekDates } from '../../../../shared/rounds/weekInput';
import { firstScreenShown } from '../../../app/firstScreen';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { useAfterPaint } from '../../../app/useAfterPaint';
import type { MessageKey } from '../../../i18n/catalog';
import { useI18n } from '../../../i18n/I18nProvider';
import { DayPanel } from './DayPanel';
import { planWeek, publishWeek, readWeek, type PlanRun } from './planWeek';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

function hours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toFixed(1);
}

function warningText(t: T, w: CellWarning): string {
  return t(`planner.warn.${w}`);
}

export function PlannerPage({ week }: { week: string | null }) {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const actor = useActor();
  const allowed = canPlanRounds(actor);
  const weekStart = useMemo(() => week ?? addDays(mondayOf(todayBangkok()), 7), [week]);
  const data = useLiveQuery(() => (allowed ? readWeek(db, weekStart) : Promise.resolve(null)), [db, weekStart, allowed]);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<PlanRun | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState<{ caregiverId: string; date: string } | null>(null);
  const painted = useAfterPaint(data);
  useEffect(() => {
    if (painted) firstScreenShown();
  }, [painted]);

  const dates = useMemo(() => weekDates(weekStart), [weekStart]);
  const rows: GridRow[] = useMemo(
    () =>
      data
        ? weekGrid({ weekStart, caregivers: data.caregivers, availability: data.availability, leaves: data.leaves, holidays: data.holidays, rounds: data.rounds })
        : [],
    [data, weekStart],
  );

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
  for (const r of data?.rounds ?? []) {
    if (r.status === 'draft') counts.drafts++;
    else if (r.status === 'published') counts.published++;
    else counts.cancelled++;
  }
  const dayLabel = (d: string): string => `${t(`planner.wd.${dayOfWeek(d)}` as MessageKey)} ${formatDate(d, locale, 'short')}`;

  const doPlan = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await planWeek(db, weekStart, actor.writeCtx);
      setRun(result);
      setMessage(t('planner.ran', { planned: result.planned, ...result.written }));
    } catch (err) {
      setMessage(t('planner.error', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
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
              {busy ? t('planner.planning') : data.rounds.length > 0 ? t('planner.replan') : t('planner.plan')}
            </button>
            <button type="button" className="btn" disabled={busy || counts.drafts === 0} onClick={() => void doPublish()} data-testid="planner-publish">
              {t('planner.publish', { n: counts.drafts })}
            </button>
          </div>
          {message ? (
            <p role="status" className="small" data-testid="planner-message">
              {message}
            </p>
          ) : null}
          <div className="planner-grid-wrap">
            <table className="planner-grid" data-testid="planner-grid">
              <thead>
                <tr>
                  <th scope="col">{t('planner.caregiver')}</th>
                  {dates.map((d) => (
                    <th scope="col" key={d} className={data.holidays.some((h) => h.date === d) ? 'holiday' : undefined}>
                      {dayLabel(d)}
                    </th>
                  ))}
                  <th scope="col">{t('planner.hoursWeek')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.caregiverId} data-testid="planner-row" data-caregiver={row.caregiverId}>
                    <th scope="row">{row.name}</th>
                    {row.cells.map((c) => (
                      <td key={c.date} className={c.warnings.length > 0 ? 'warn' : undefined}>
                        <button
                          type="button"
                          className="planner-cell"
                          aria-label={t('planner.cellLabel', { name: row.name, day: dayLabel(c.date), n: c.visits })}
                          aria-expanded={open?.caregiverId === row.caregiverId && open.date === c.date}
                          onClick={() => setOpen({ caregiverId: row.caregiverId, date: c.date })}
                          data-testid="planner-cell"
                          data-date={c.date}
                          data-visits={c.visits}
                          data-warnings={c.warnings.join(' ')}
                        >
                          {c.visits === 0 ? t('planner.cellEmpty') : t('planner.cell', { n: c.visits, hours: hours(c.minutes), km: c.km.toFixed(1) })}
                          {c.warnings.map((w) => (
                            <span key={w} className="planner-warn">
                              {warningText(t, w)}
                            </span>
                          ))}
                        </button>
                      </td>
                    ))}
                    <td className={row.overCap ? 'warn' : undefined} data-testid="planner-week-total">
                      {hours(row.weekMinutes)} · {t('planner.visitsOfCap', { n: row.weekVisits, cap: row.weeklyVisitCap })}
                      {row.overCap ? <span className="planner-warn">{t('planner.overCap')}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open && openRow ? (
            <DayPanel
              caregiverId={open.caregiverId}
              date={open.date}
              caregiverName={openRow.name}
              dayLabel={dayLabel(open.date)}
              week={data}
              onClose={() => setOpen(null)}
            />
          ) : null}
          {run ? <RunReport run={run} names={names} /> : null}
        </>
      )}
    </section>
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
