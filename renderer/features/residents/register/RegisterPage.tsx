import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { ageInYears, todayBangkok } from '../../../../shared/dates/thaiDate';
import { EMPTY_FILTER, type ArchiveFilter, type RegisterEntry, type RegisterFilter } from '../../../../shared/register';
import { compareThai } from '../../../../shared/text/normalise';
import { communitiesOf } from '../../../../shared/sync/scope';
import { AdlGroupBadge } from '../../assessments';
import { preloadParts } from '../../../app/lazy';
import { routeHref } from '../../../app/router';
import type { RegisterRow } from '../../../db/registerRows';
import { useI18n } from '../../../i18n/I18nProvider';
import { layOutAhead } from '../../../ui/layoutAhead';
import { useRowWindow } from '../../../ui/useRowWindow';
import { useSync } from '../../sync';
import { DemoDataOffer } from './DemoDataOffer';
import { useRegister } from './useRegister';

const ROW_HEIGHT = 52;
const FILTER_KEY = 'carerounds.registerFilter';

function isDefaultFilter(f: RegisterFilter): boolean {
  return f.query === EMPTY_FILTER.query && f.communityId === EMPTY_FILTER.communityId && f.adlGroup === EMPTY_FILTER.adlGroup && f.archive === EMPTY_FILTER.archive;
}

function loadFilter(): RegisterFilter {
  try {
    const raw = sessionStorage.getItem(FILTER_KEY);
    if (raw) return { ...EMPTY_FILTER, ...(JSON.parse(raw) as Partial<RegisterFilter>) };
  } catch {
    // a corrupt saved filter is simply dropped
  }
  return EMPTY_FILTER;
}

/** Keeps the filter across views (sessionStorage), if one is waiting to be saved. */
function saveFilter(unsaved: { current: RegisterFilter | null }): void {
  const filter = unsaved.current;
  if (filter === null) return;
  unsaved.current = null;
  try {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(filter));
  } catch {
    // keeping the filter across views is a convenience only
  }
}

export function RegisterPage() {
  const { t, locale } = useI18n();
  const { entries, search, communities, communityNames, loaded, partial } = useRegister();
  const [filter, setFilterState] = useState<RegisterFilter>(loadFilter);
  // Not deferred: the results render in the keystroke's own render, so they are committed in the input
  // event's task and painted in the next frame. Measured both ways on 10,000 residents (same page, same
  // queries): with useDeferredValue the results often waited a frame behind the input (commit p95
  // 14-17 ms against 11-12 ms on a loaded machine) now that a keystroke's render is a posting-list lookup and a screenful of memoised rows.
  // The kept first rows answer the default filter only; any other waits for the full list.
  const answered = !partial || isDefaultFilter(filter);
  const shown = useMemo(() => (answered ? search.filter(filter) : []), [answered, search, filter]);
  // A signed-in caregiver filters by her own communities only (her device holds no others).
  const { session } = useSync();
  const sessionUser = session?.user ?? null;
  const sortedCommunities = useMemo(
    () =>
      (sessionUser ? communitiesOf(sessionUser, communities) : [...communities]).sort((a, b) =>
        locale === 'th' ? compareThai(a.nameTh, b.nameTh) : a.nameEn.localeCompare(b.nameEn),
      ),
    [communities, locale, sessionUser],
  );

  // The first rows are on screen: the pages opened from here can load now (renderer/app/lazy.tsx).
  useEffect(() => {
    if (loaded || partial) preloadParts();
  }, [loaded, partial]);

  const setFilter = (patch: Partial<RegisterFilter>) => setFilterState((f) => ({ ...f, ...patch }));
  // Saved in idle time, not in the effect itself: a keystroke's effects run before its frame is painted. The
  // latest filter is saved at once when the register closes or the page is left (a reload), so none is lost.
  const unsaved = useRef<RegisterFilter | null>(null);
  useEffect(() => {
    unsaved.current = filter;
    const handle = requestIdleCallback(() => saveFilter(unsaved), { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }, [filter]);
  useEffect(() => {
    const flush = () => saveFilter(unsaved);
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  return (
    <div className="register-page">
      <div className="page-header">
        <h1>{t('reg.title')}</h1>
        <a className="btn btn-primary" href={routeHref({ name: 'residentNew' })} data-testid="add-resident">
          {t('reg.add')}
        </a>
      </div>
      <div className="toolbar" role="search">
        <label className="sr-only" htmlFor="register-search">
          {t('reg.search')}
        </label>
        <input
          id="register-search"
          type="search"
          value={filter.query}
          placeholder={t('reg.searchPlaceholder')}
          onChange={(e) => setFilter({ query: e.target.value })}
          autoComplete="off"
          data-testid="register-search"
        />
        <label className="sr-only" htmlFor="filter-community">
          {t('reg.filter.community')}
        </label>
        <select id="filter-community" value={filter.communityId} onChange={(e) => setFilter({ communityId: e.target.value })} data-testid="filter-community">
          <option value="">{t('reg.filter.communityAll')}</option>
          {sortedCommunities.map((c) => (
            <option key={c.id} value={c.id}>
              {locale === 'th' ? c.nameTh : c.nameEn}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="filter-group">
          {t('reg.filter.group')}
        </label>
        <select id="filter-group" value={filter.adlGroup} onChange={(e) => setFilter({ adlGroup: e.target.value as RegisterFilter['adlGroup'] })} data-testid="filter-group">
          <option value="">{t('reg.filter.groupAll')}</option>
          <option value="social">{t('adl.group.social')}</option>
          <option value="homebound">{t('adl.group.homebound')}</option>
          <option value="bedbound">{t('adl.group.bedbound')}</option>
          <option value="none">{t('reg.filter.groupNone')}</option>
        </select>
        <label className="sr-only" htmlFor="filter-archive">
          {t('reg.filter.archive')}
        </label>
        <select id="filter-archive" value={filter.archive} onChange={(e) => setFilter({ archive: e.target.value as ArchiveFilter })} data-testid="filter-archive">
          <option value="current">{t('reg.filter.current')}</option>
          <option value="archived">{t('reg.filter.archived')}</option>
          <option value="all">{t('reg.filter.all')}</option>
        </select>
      </div>
      <p className="muted small" aria-live="polite" data-testid="register-count">
        {loaded ? t('reg.count', { shown: shown.length, total: entries.length }) : t('app.loading')}
      </p>
      {loaded && entries.length === 0 ? (
        <DemoDataOffer />
      ) : (
        <ResidentList
          entries={shown}
          query={filter.query}
          communityNames={communityNames}
          emptyText={loaded ? t('reg.noMatch') : t('app.loading')}
          answered={answered}
          complete={loaded}
        />
      )}
    </div>
  );
}

interface ResidentListProps {
  entries: RegisterEntry<RegisterRow>[];
  /** The search text `entries` answer; on the list as data-query for tests and benchmarks. */
  query: string;
  communityNames: Map<string, string>;
  emptyText: string;
  /** Whether `entries` answer `query` (false while only the kept first rows are in and the filter is another). */
  answered: boolean;
  /** Every row is read (false while the kept first rows stand in); on the list as data-complete. */
  complete: boolean;
}

/**
 * Virtualised: only the rows in view exist in the DOM, so 10,000 residents scroll smoothly. Memoised (the
 * list and each row): a render of the page that changes neither does no work in them.
 */
const ResidentList = memo(function ResidentList({ entries, query, communityNames, emptyText, answered, complete }: ResidentListProps) {
  const { t } = useI18n();
  const parentRef = useRef<HTMLDivElement>(null);
  const today = useMemo(() => todayBangkok(), []);
  // Overscan 3 (rows beyond the view): every row drawn costs layout and paint on each keystroke's frame; 8
  // measured slower from input to paint, and 3 rows of 52 px still cover a fast wheel step.
  const { rows, totalSize } = useRowWindow({ count: entries.length, rowHeight: ROW_HEIGHT, overscan: 3, scrollRef: parentRef });
  // New results are laid out while the keystroke waits for its frame, so that frame only paints them
  // (renderer/ui/layoutAhead.ts, docs/architecture.md "The register's search").
  useEffect(() => {
    const el = parentRef.current;
    return el ? layOutAhead(el) : undefined;
  }, [entries]);

  return (
    <>
      <div className="register-head" aria-hidden="true">
        <span>{t('reg.col.name')}</span>
        <span>{t('reg.col.age')}</span>
        <span>{t('reg.col.group')}</span>
        <span>{t('reg.col.address')}</span>
        <span>{t('reg.col.community')}</span>
      </div>
      <div className="register-list" ref={parentRef} data-testid="register-list" data-query={answered ? query : undefined} data-complete={complete}>
        {entries.length === 0 ? <p className="empty">{emptyText}</p> : null}
        {/* The list is the element that holds the rows, so each row's listitem has its list as its parent. */}
        <div role="list" aria-label={t('reg.title')} style={{ height: totalSize, position: 'relative' }}>
          {rows.map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            return <ResidentRow key={entry.resident.id} entry={entry} start={item.start} communityName={communityNames.get(entry.resident.communityId) ?? ''} today={today} />;
          })}
        </div>
      </div>
    </>
  );
});

interface ResidentRowProps {
  entry: RegisterEntry<RegisterRow>;
  /** Offset from the top of the list, px. */
  start: number;
  communityName: string;
  today: string;
}

/** House number, moo and soi as one string (one text node: fewer layout objects per row). */
function address(a: RegisterRow['address'], t: ReturnType<typeof useI18n>['t']): string {
  return `${a.houseNo}${a.moo ? ` ${t('reg.address.moo', { moo: a.moo })}` : ''}${a.soi ? ` ${a.soi}` : ''}`;
}

/**
 * One row. Memoised: a keystroke that keeps a resident on screen at the same place (most do, as a query
 * narrows) does not render its row again. The list item is a box of its own around the link, so the row
 * keeps its link role (a role on the <a> itself would replace it) and sits in its list.
 */
const ResidentRow = memo(function ResidentRow({ entry, start, communityName, today }: ResidentRowProps) {
  const { t, date } = useI18n();
  const r = entry.resident;
  const status = r.status !== 'active' ? t(`status.${r.status}`) : '';
  return (
    <div role="listitem" className="register-item" style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}>
      <a className="register-row" href={routeHref({ name: 'resident', id: r.id })} data-testid="register-row" data-resident-id={r.id}>
        <span className="name">
          {`${r.prefix}${r.firstName} ${r.lastName}${r.nickname ? ` (${r.nickname})` : ''}`}
          {status ? <span className="badge badge-status">{status}</span> : null}
        </span>
        <span className="cell">{t('common.years', { n: ageInYears(r.birthDate, r.status === 'died' && r.statusDate ? r.statusDate : today) })}</span>
        <span className="cell">
          <AdlGroupBadge group={entry.group} />
          {r.latestAdl ? <span className="muted small">{` ${date(r.latestAdl.assessedOn, 'short')}`}</span> : null}
        </span>
        <span className="cell">{address(r.address, t)}</span>
        <span className="cell muted">{communityName}</span>
      </a>
    </div>
  );
});
