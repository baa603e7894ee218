/**
 * The funding reports (#/reports), for care managers and administrators (docs/domain.md §6): a period and
 * filters, the figures of shared/reports/definitions.ts as tables (every number opens the records behind
 * it) and charts, the LTC service list with the amount claimable, and its CSV export in the fund system's
 * column map. The page reads only readReportFacts (renderer/db/reportFacts.ts) and the name lists; the rules
 * are in shared/reports (present.ts for how figures are shown, csv.ts and columns.ts for the export).
 */
import './reports.css';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { formatDate, todayBangkok } from '../../../shared/dates/thaiDate';
import { canSeeReports } from '../../../shared/permissions';
import { serviceCsvFileName, serviceListCsv } from '../../../shared/reports/csv';
import { computeReport, inPeriod, type Cell, type ReportFigures, type ReportFilter, type VisitColumn } from '../../../shared/reports/definitions';
import { reportWorkbook, type WorkbookNames, type WorkbookSpec } from '../../../shared/reports/workbook';
import { SITE_NAME_TH } from '../../../shared/reference/communities';
import type { SaveWorkbookArgs } from '../../../shared/bridge';
import { SyncFailure } from '../../sync/http';
import { figuresFromSubmitted } from '../../../shared/reports/snapshot';
import { ReportsApi, type OpenedSnapshot } from './api';
import { SubmittedReports } from './SubmittedReports';
import { useSync } from '../sync';
import { loadPrintFont, WorkbookPrint } from './print/WorkbookPrint';
import { resolvePeriod, type Period } from '../../../shared/reports/period';
import { defaultPeriod, hoursText, perPersonPerMonth } from '../../../shared/reports/present';
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import { useHost } from '../../app/HostContext';
import { useStore } from '../../app/StoreProvider';
import { useActor } from '../../app/useActor';
import { useUserNames } from '../../app/userNames';
import { readReportFacts } from '../../db/reportFacts';
import { readFundSettings, readServiceColumns } from '../../db/reportSettings';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';
import { BarChart, LineChart } from './Charts';
import { DrillDown, type DrillSource } from './DrillDown';
import { ExportToolbar, type ExportAction } from './ExportToolbar';
import { FigureTable, type Derived, type Drill } from './FigureTable';
import { Filters, type FilterOption } from './Filters';
import { PeriodPicker } from './PeriodPicker';
import { ServiceList } from './ServiceList';

export function ReportsPage() {
  const { t } = useI18n();
  const allowed = canSeeReports(useActor());
  if (!allowed) {
    return (
      <section data-testid="reports-page">
        <div className="page-header">
          <h1>{t('reports.title')}</h1>
        </div>
        <p className="empty" data-testid="reports-not-allowed">
          {t('reports.notAllowed')}
        </p>
      </section>
    );
  }
  return <Reports />;
}

/** `รายงาน 2567-10-01 – 2568-09-30`-style base name: the report and its period, safe as a file name. */
function reportFileBase(title: string, from: string, to: string): string {
  return `${title} ${from} ${to}`.replace(/[^\p{L}\p{M}\p{N} _-]/gu, '');
}

function firstPeriod(today: string): Period {
  const spec = defaultPeriod(today);
  const r = resolvePeriod(spec, today);
  if (!r.ok) throw new Error(`the default period was refused: ${r.code}`);
  return r.period;
}

function Reports() {
  const { t, locale } = useI18n();
  const { db } = useStore();
  const host = useHost();
  const today = todayBangkok();
  const [period, setPeriod] = useState<Period>(() => firstPeriod(today));
  const [chosenCommunities, setChosenCommunities] = useState<ReadonlySet<string>>(new Set());
  const [chosenCaregivers, setChosenCaregivers] = useState<ReadonlySet<string>>(new Set());
  const [drill, setDrill] = useState<Drill | null>(null);
  const { names, label } = useUserNames();
  const { session, auth } = useSync();

  const read = useLiveQuery(async () => ({ period, facts: await readReportFacts(db, period.from, period.to) }), [db, period]);
  const lists = useLiveQuery(async () => {
    const [communities, directory, columns, fund] = await Promise.all([db.communities.toArray(), db.directory.toArray(), readServiceColumns(db), readFundSettings(db)]);
    return { communities, directory, columns, fund: fund.settings };
  }, [db]);
  const facts = read !== undefined && read.period === period ? read.facts : null;

  const communityById = useMemo(() => new Map((lists?.communities ?? []).map((c) => [c.id, c])), [lists]);
  const communityName = (id: string): string => {
    const c = communityById.get(id);
    return c ? (locale === 'th' ? c.nameTh : c.nameEn) : id === '' ? t('reports.unknownCommunity') : id;
  };

  const filter: ReportFilter = useMemo(
    () => ({ communities: chosenCommunities.size > 0 ? [...chosenCommunities].sort() : null, caregivers: chosenCaregivers.size > 0 ? [...chosenCaregivers].sort() : null }),
    [chosenCommunities, chosenCaregivers],
  );
  // The fund's rates are the ones set on this device (Settings, administrators), else the defaults.
  const fund = lists?.fund;
  const figures = useMemo(
    () => (facts === null || fund === undefined ? null : computeReport({ from: period.from, to: period.to, residents: facts.residents, visits: facts.visits, filter, fund })),
    [facts, period, filter, fund],
  );

  const communityOptions: FilterOption[] = useMemo(
    () => [...(lists?.communities ?? [])].sort((a, b) => a.code.localeCompare(b.code)).map((c) => ({ id: c.id, label: locale === 'th' ? c.nameTh : c.nameEn })),
    [lists, locale],
  );
  const caregiverOptions: FilterOption[] = useMemo(() => {
    const ids = new Set((lists?.directory ?? []).filter((u) => u.role === 'caregiver').map((u) => u.id));
    for (const v of facts?.visits ?? []) ids.add(v.caregiverId);
    return [...ids].map((id) => ({ id, label: label(id) })).sort((a, b) => a.label.localeCompare(b.label, 'th'));
  }, [lists, facts, label]);

  const source: DrillSource | null = useMemo(() => {
    if (facts === null) return null;
    const residents = new Map<string, ResidentFact>(facts.residents.map((r) => [r.id, r]));
    const visits = new Map<string, VisitFact>(facts.visits.map((v) => [v.id, v]));
    const planResident = new Map<string, ResidentFact>();
    for (const r of facts.residents) for (const p of r.plans) planResident.set(p.id, r);
    return { to: period.to, residents, visits, planResident, communityName, userName: label };
    // communityName follows lists and locale
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [facts, period, lists, locale, label]);

  const months = figures?.months.length ?? 1;
  const hours = (c: string, cell: Cell): string => (c === 'minutes' ? hoursText(cell.n) : String(cell.n));
  const perPerson: Derived<VisitColumn>[] = [
    { key: 'perPerson', label: t('reports.visits.perPerson'), value: (cells) => perPersonPerMonth(cells.done.n, cells.residents.n, months) ?? '–' },
  ];
  const open = (d: Drill) => setDrill(d);
  const monthLabel = (key: string): string => formatDate(key, locale, 'short');

  const anyInPeriod = facts !== null && (facts.visits.length > 0 || facts.residents.some((r) => inPeriod(r, period.from, period.to)));
  const shownAny = figures !== null && (figures.register.total.total.n > 0 || figures.visitsByCommunity.total.done.n + figures.visitsByCommunity.total.missed.n > 0);

  // Exports are in Thai whatever the screen's language (docs/domain.md §6).
  const workbookNames: WorkbookNames = {
    municipality: SITE_NAME_TH,
    community: (id) => communityById.get(id)?.nameTh ?? id,
    user: (id) => (id === null ? '' : (names.get(id) ?? id)),
  };
  const workbook = useMemo(
    () => (figures === null ? null : reportWorkbook(figures, workbookNames)),
    // workbookNames follows lists and names
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [figures, lists, names],
  );
  // A browser writes no XLSX itself: the municipal server does (Electron's main writes it without asking).
  const api = useMemo(() => (session === null ? null : new ReportsApi({ baseUrl: session.serverUrl, tokens: auth })), [session, auth]);
  const renderOnServer = async (args: SaveWorkbookArgs): Promise<Uint8Array> => {
    if (api === null) throw new SyncFailure('signed_out', 'Excel in a browser is written by the municipal server: sign in first');
    return api.renderXlsx(args.workbook);
  };
  const [opened, setOpened] = useState<OpenedSnapshot | null>(null);
  const fileBase = reportFileBase(t('reports.title'), period.from, period.to);

  /** The three exports of a report: the one on screen, or a submitted one (`suffix` marks its files). */
  const exportsOf = (f: ReportFigures | null, spec: WorkbookSpec | null, suffix: string): ExportAction[] => [
    {
      key: 'csv',
      label: t('reports.export.csv'),
      run: async () => {
        if (f === null || lists === undefined) return null;
        const csv = serviceListCsv(f.service, lists.columns.columns, workbookNames);
        const name = serviceCsvFileName(period.from, period.to).replace(/\.csv$/, `${suffix}.csv`);
        const saved = await host.saveFile({ suggestedName: name, mimeType: 'text/csv', data: csv });
        return saved.saved ? name : null;
      },
    },
    {
      key: 'xlsx',
      label: t('reports.export.xlsx'),
      run: async () => {
        if (spec === null) return null;
        const name = `${fileBase}${suffix}.xlsx`;
        const saved = await host.saveWorkbook({ suggestedName: name, workbook: spec }, renderOnServer);
        return saved.saved ? name : null;
      },
    },
    {
      key: 'pdf',
      label: t('reports.export.pdf'),
      run: async () => {
        const name = `${fileBase}${suffix}.pdf`;
        await loadPrintFont();
        const saved = await host.printToPdf({ suggestedName: name, landscape: true });
        return saved.saved ? name : null;
      },
    },
  ];
  const submittedFigures = useMemo(() => (opened === null ? null : figuresFromSubmitted(opened.figures)), [opened]);
  const submittedWorkbook = useMemo(
    () => (submittedFigures === null ? null : reportWorkbook(submittedFigures, workbookNames)),
    // workbookNames follows lists and names
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [submittedFigures, lists, names],
  );
  const actions = exportsOf(figures, workbook, '');
  // While a submitted report is open, printing prints it (what was submitted), not the figures of today.
  const printed = submittedWorkbook ?? workbook;

  return (
    <section data-testid="reports-page" aria-labelledby="reports-title">
      {printed !== null ? <WorkbookPrint spec={printed} /> : null}
      <div className="report-print-hide">
        <div className="page-header">
          <h1 id="reports-title">{t('reports.title')}</h1>
        </div>
        <PeriodPicker
          initial={period.spec}
          today={today}
          onApply={(p) => {
            setDrill(null);
            setPeriod(p);
            setOpened(null);
          }}
        />
        <Filters
          communities={communityOptions}
          caregivers={caregiverOptions}
          chosenCommunities={chosenCommunities}
          chosenCaregivers={chosenCaregivers}
          onCommunities={(s) => {
            setDrill(null);
            setChosenCommunities(s);
          }}
          onCaregivers={(s) => {
            setDrill(null);
            setChosenCaregivers(s);
          }}
        />
        <p data-testid="report-shown" data-from={period.from} data-to={period.to}>
          <strong>{t('reports.shown', { from: formatDate(period.from, locale), to: formatDate(period.to, locale) })}</strong>
          {period.to >= today ? <span className="small muted"> {t('reports.partial')}</span> : null}
        </p>
        {figures === null || source === null ? (
          <p className="muted" role="status" data-testid="reports-loading">
            {t('reports.loading')}
          </p>
        ) : !anyInPeriod ? (
          <p className="empty" data-testid="reports-empty">
            {t('reports.empty')}
          </p>
        ) : (
          <>
            {!shownAny ? (
              <p className="empty" data-testid="reports-empty-filter">
                {t('reports.emptyFilter')}
              </p>
            ) : null}
            <ExportToolbar actions={actions} disabled={lists === undefined} />
            <SubmittedReports
              api={api}
              period={period}
              filter={filter}
              opened={opened}
              onOpened={setOpened}
              exports={exportsOf(submittedFigures, submittedWorkbook, ` ${t('reports.submit.fileSuffix')}`)}
              userName={label}
            />
            {drill !== null ? <DrillDown drill={drill} source={source} onClose={() => setDrill(null)} /> : null}
            <div className="report-charts">
              <BarChart
                testId="chart-adl"
                title={t('reports.chart.adl')}
                series={(['social', 'homebound', 'bedbound', 'unassessed'] as const).map((c) => t(`reports.register.${c}`))}
                categories={figures.register.rows.map((r) => ({ label: communityName(r.key), values: (['social', 'homebound', 'bedbound', 'unassessed'] as const).map((c) => r.cells[c].n) }))}
              />
              <BarChart
                testId="chart-caregivers"
                title={t('reports.chart.byCaregiver')}
                series={[t('reports.visits.done')]}
                categories={figures.visitsByCaregiver.rows.map((r) => ({ label: label(r.key), values: [r.cells.done.n] }))}
              />
              <LineChart testId="chart-monthly" title={t('reports.chart.monthly')} points={figures.monthly.rows.map((r) => ({ label: monthLabel(r.key), value: r.cells.done.n }))} />
            </div>
            <FigureTable
              name="register"
              title={t('reports.table.register')}
              rowHead={t('reports.col.community')}
              table={figures.register}
              rowLabel={communityName}
              columnLabel={(c) => t(`reports.register.${c}` satisfies MessageKey)}
              onDrill={open}
            />
            <FigureTable
              name="tai"
              title={t('reports.table.tai')}
              rowHead={t('reports.col.community')}
              table={figures.tai}
              rowLabel={communityName}
              columnLabel={(c) => (c === 'none' ? t('reports.tai.none') : c)}
              onDrill={open}
            />
            <FigureTable name="plans" title={t('reports.table.plans')} rowHead={t('reports.col.community')} table={figures.plans} rowLabel={communityName} columnLabel={(c) => t(`reports.plans.${c}`)} onDrill={open} />
            <FigureTable
              name="visitsByCaregiver"
              title={t('reports.table.visitsByCaregiver')}
              rowHead={t('reports.col.caregiver')}
              table={figures.visitsByCaregiver}
              rowLabel={label}
              columnLabel={(c) => t(`reports.visits.${c}`)}
              display={hours}
              derived={perPerson}
              onDrill={open}
            />
            <FigureTable
              name="visitsByCommunity"
              title={t('reports.table.visitsByCommunity')}
              rowHead={t('reports.col.community')}
              table={figures.visitsByCommunity}
              rowLabel={communityName}
              columnLabel={(c) => t(`reports.visits.${c}`)}
              display={hours}
              derived={perPerson}
              onDrill={open}
            />
            <FigureTable name="monthly" title={t('reports.table.monthly')} rowHead={t('reports.col.month')} table={figures.monthly} rowLabel={monthLabel} columnLabel={(c) => t(`reports.monthly.${c}`)} display={hours} onDrill={open} />
            <FigureTable name="changes" title={t('reports.table.changes')} rowHead={t('reports.col.community')} table={figures.changes} rowLabel={communityName} columnLabel={(c) => t(`reports.changes.${c}`)} onDrill={open} />
            <FigureTable name="findings" title={t('reports.table.findings')} rowHead={t('reports.col.community')} table={figures.findings} rowLabel={communityName} columnLabel={(c) => t(`reports.findings.${c}`)} onDrill={open} />
            <ServiceList rows={figures.service} totalSatang={figures.serviceTotalSatang} communityName={communityName} userName={label} />
          </>
        )}
      </div>
    </section>
  );
}
