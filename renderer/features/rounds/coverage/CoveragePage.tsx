/**
 * Coverage of a week's rounds (#/rounds/coverage, #/rounds/coverage/<Monday>), for care managers
 * (docs/domain.md §9): per caregiver and per community, the rounds planned (published) and what became of
 * them, the visits made without a round, and the residents visited less than their care plan requires, each
 * group opening to its residents with their missed reasons. The reads are readCoverage.ts; the counting
 * shared/rounds/coverage.ts.
 */
import './coverage.css';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { addDays } from '../../../../shared/dates/calendar';
import { formatDate, todayBangkok } from '../../../../shared/dates/thaiDate';
import { canPlanRounds } from '../../../../shared/permissions';
import type { CoverageGroup, Tally } from '../../../../shared/rounds/coverage';
import { mondayOf } from '../../../../shared/rounds/weekInput';
import { firstScreenShown } from '../../../app/firstScreen';
import { routeHref } from '../../../app/router';
import { useStore } from '../../../app/StoreProvider';
import { useActor } from '../../../app/useActor';
import { useAfterPaint } from '../../../app/useAfterPaint';
import { shortId } from '../../../app/userNames';
import type { MessageKey } from '../../../i18n/catalog';
import { useI18n } from '../../../i18n/I18nProvider';
import { readCoverage } from './readCoverage';

type Kind = 'caregiver' | 'community';
const COLUMNS = ['planned', 'done', 'missed', 'cancelled', 'upcoming', 'unrecorded', 'unplanned'] as const satisfies readonly (keyof Tally)[];

export function CoveragePage({ week }: { week: string | null }) {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const allowed = canPlanRounds(useActor());
  const today = todayBangkok();
  const thisWeek = mondayOf(today);
  const weekStart = useMemo(() => week ?? thisWeek, [week, thisWeek]);
  const data = useLiveQuery(() => (allowed ? readCoverage(db, weekStart, today, locale) : Promise.resolve(null)), [db, weekStart, today, locale, allowed]);
  const painted = useAfterPaint(data);
  useEffect(() => {
    if (painted) firstScreenShown();
  }, [painted]);

  if (!allowed) {
    return (
      <section data-testid="coverage-page">
        <div className="page-header">
          <h1>{t('coverage.title')}</h1>
        </div>
        <p className="empty">{t('coverage.notAllowed')}</p>
      </section>
    );
  }
  const empty = data ? data.total.planned === 0 && data.total.unplanned === 0 && data.under.length === 0 : false;

  return (
    <section data-testid="coverage-page" aria-labelledby="coverage-title">
      <div className="page-header">
        <h1 id="coverage-title">{t('coverage.title')}</h1>
      </div>
      <nav className="coverage-weeks" aria-label={t('coverage.title')}>
        <a className="btn" href={routeHref({ name: 'coverage', week: addDays(weekStart, -7) })} data-testid="coverage-prev">
          {t('coverage.prevWeek')}
        </a>
        <strong data-testid="coverage-week" data-week={weekStart}>
          {t('coverage.week', { from: formatDate(weekStart, locale, 'short'), to: formatDate(addDays(weekStart, 6), locale, 'short') })}
        </strong>
        <a className="btn" href={routeHref({ name: 'coverage', week: addDays(weekStart, 7) })} data-testid="coverage-next">
          {t('coverage.nextWeek')}
        </a>
        <a className="btn" href={routeHref({ name: 'coverage', week: thisWeek })}>
          {t('coverage.thisWeek')}
        </a>
        <a className="btn" href={routeHref({ name: 'coverage', week: addDays(thisWeek, -7) })} data-testid="coverage-last-week">
          {t('coverage.lastWeek')}
        </a>
        <a href={routeHref({ name: 'rounds', week: weekStart })} data-testid="coverage-to-planner">
          {t('coverage.toPlanner')}
        </a>
      </nav>
      <p className="small muted" data-testid="coverage-note">
        {t('coverage.note')}
      </p>
      {data === undefined ? (
        <p className="muted">{t('coverage.loading')}</p>
      ) : data === null ? null : (
        <>
          {data.drafts > 0 ? (
            <p className="small" data-testid="coverage-drafts" data-drafts={data.drafts}>
              {t('coverage.drafts', { n: data.drafts })}
            </p>
          ) : null}
          {empty ? (
            <p className="empty" data-testid="coverage-empty">
              {t('coverage.empty')}
            </p>
          ) : null}
          <CoverageTable kind="caregiver" groups={data.byCaregiver} total={data.total} />
          <CoverageTable kind="community" groups={data.byCommunity} total={data.total} />
        </>
      )}
    </section>
  );
}

function useGroupName(kind: Kind): (g: CoverageGroup) => string {
  const { t } = useI18n();
  return (g) => (g.id === '' ? t(kind === 'caregiver' ? 'coverage.noCaregiver' : 'coverage.unknownCommunity') : g.name !== '' ? g.name : shortId(g.id));
}

function CoverageTable({ kind, groups, total }: { kind: Kind; groups: readonly CoverageGroup[]; total: Tally }) {
  const { t } = useI18n();
  const nameOf = useGroupName(kind);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string): void =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const headingId = `coverage-${kind}-title`;
  const span = COLUMNS.length + 2;
  return (
    <div className="coverage-block">
      <h2 id={headingId}>{t(kind === 'caregiver' ? 'coverage.byCaregiver' : 'coverage.byCommunity')}</h2>
      <div className="coverage-table-wrap">
        <table className="coverage-table" aria-labelledby={headingId} data-testid={`coverage-${kind}`}>
          <thead>
            <tr>
              <th scope="col">{t(kind === 'caregiver' ? 'coverage.col.caregiver' : 'coverage.col.community')}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c} className="num">
                  {t(`coverage.col.${c}`)}
                </th>
              ))}
              <th scope="col">{t('coverage.col.under')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => {
              const isOpen = open.has(g.id);
              const name = nameOf(g);
              return [
                <tr key={g.id} data-testid="coverage-row" data-group={g.id} {...tallyData(g.tally)} data-under={g.under.length}>
                  <th scope="row">{name}</th>
                  {COLUMNS.map((c) => (
                    <td key={c} className="num">
                      {g.tally[c]}
                    </td>
                  ))}
                  <td>
                    {g.under.length === 0 ? (
                      '0'
                    ) : (
                      <button
                        type="button"
                        className="btn"
                        aria-expanded={isOpen}
                        aria-label={t('coverage.under.label', { name, n: g.under.length })}
                        onClick={() => toggle(g.id)}
                        data-testid="coverage-under-toggle"
                      >
                        {t('coverage.under.show', { n: g.under.length })}
                      </button>
                    )}
                  </td>
                </tr>,
                isOpen ? (
                  <tr key={`${g.id}:under`} className="coverage-under-row">
                    <td colSpan={span}>
                      <UnderList group={g} name={name} />
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
          <tfoot>
            <tr data-testid="coverage-total" {...tallyData(total)}>
              <th scope="row">{t('coverage.total')}</th>
              {COLUMNS.map((c) => (
                <td key={c} className="num">
                  {total[c]}
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function tallyData(tally: Tally): Record<string, number> {
  return Object.fromEntries(COLUMNS.map((c) => [`data-${c}`, tally[c]]));
}

function UnderList({ group, name }: { group: CoverageGroup; name: string }) {
  const { t } = useI18n();
  return (
    <table className="coverage-under" data-testid="coverage-under" data-group={group.id}>
      <caption>{t('coverage.under.title', { name })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('coverage.under.resident')}</th>
          <th scope="col" className="num">
            {t('coverage.under.required')}
          </th>
          <th scope="col" className="num">
            {t('coverage.under.tookPlace')}
          </th>
          <th scope="col">{t('coverage.under.missed')}</th>
        </tr>
      </thead>
      <tbody>
        {group.under.map((u) => (
          <tr key={u.residentId} data-testid="coverage-under-resident" data-resident={u.residentId} data-required={u.required} data-took-place={u.tookPlace} data-missed={u.missed}>
            <th scope="row">
              <a href={routeHref({ name: 'resident', id: u.residentId })}>{u.name !== '' ? u.name : shortId(u.residentId)}</a>
            </th>
            <td className="num">{u.required}</td>
            <td className="num">
              {u.tookPlace} <span className="small muted">({t('coverage.under.tookDetail', { done: u.done, unplanned: u.unplanned })})</span>
              {u.upcoming > 0 ? <span className="small muted"> · {t('coverage.under.upcoming', { n: u.upcoming })}</span> : null}
            </td>
            <td data-testid="coverage-under-reasons">
              {u.missed === 0 ? t('coverage.under.noReason') : `${u.missed}: ${u.missedReasons.map((r) => t(`coverage.reason.${r}` as MessageKey)).join(', ')}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
