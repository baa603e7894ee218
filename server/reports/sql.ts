/**
 * The funding reports computed by the database: the same ReportFigures as shared/reports/definitions.ts
 * computeReport, aggregated by PostgreSQL (or PGlite) over the projection tables (projection.ts), so a
 * fiscal year of a million visits never comes into memory (docs/domain.md §6). One file on purpose: its
 * queries mirror definitions.ts clause for clause and share the period, filter and fund parameters, so they are
 * read and changed side by side with it.
 *
 * Invariants:
 * - Every definition is definitions.ts's, clause for clause (inPeriod, adlAsOf, planAsOf, fundPlans,
 *   approvedWithin30 with the budget dates, coverEnd, the fiscal-year split of the pro-rata amount); a
 *   property test (agreement.test.ts) holds computeReportSql deep-equal to computeReport on both back ends.
 * - Counts, sums and distinct counts are GROUP BY aggregates; the ids behind a cell are array_agg'd only when
 *   asked (`withIds`), else every cell's ids are []. Ids sort in the "C" collation (the projection columns'),
 *   which is JavaScript's string order for the ASCII ids and dates the facts hold.
 * - Money is integer satang in bigint: floor((2·rate·days + d) / (2·d)) per fiscal-year part, as
 *   fund.ts proRataSatang. The fund settings travel as parameters, never as SQL text.
 * - All queries of one report run in one read-only REPEATABLE READ transaction: one snapshot.
 * - Only the result rows (a table's rows, the service list, done visits per resident) reach JavaScript, which
 *   arranges them into the Table shape (row order, empty rows a filter or a resident touches).
 */
import { TAI_GROUPS } from '../../shared/reference/tai';
import {
  CHANGE_COLUMNS,
  FINDING_COLUMNS,
  MONTH_COLUMNS,
  PLAN_COLUMNS,
  REGISTER_COLUMNS,
  TAI_COLUMNS,
  VISIT_COLUMNS,
  compareServiceRows,
  type Cell,
  type ReportFigures,
  type ReportFilter,
  type ServiceRow,
  type Table,
} from '../../shared/reports/definitions';
import type { FundSettings } from '../../shared/reports/fund';
import { monthsIn } from '../../shared/reports/period';
import type { AdlGroup } from '../../shared/adl';
import type { TaiGroup } from '../../shared/reference/tai';
import type { Db } from '../db/db';

export interface ReportSqlInput {
  from: string;
  to: string;
  filter: ReportFilter;
  fund: FundSettings;
  /** Fill every cell's ids (drill-down, tests); counts only when false. */
  withIds?: boolean;
}

// Parameters shared by every query: $1 from, $2 to, $3 communities (null: all), $4 caregivers (null: all).
const P_FROM = '$1::text';
const P_TO = '$2::text';
const P_COMMUNITIES = '$3::text[]';
const P_CAREGIVERS = '$4::text[]';

/** The latest live assessment on or before `to`, by (on, id) (definitions.ts adlAsOf). */
const ADL_AS_OF = `SELECT DISTINCT ON (resident_id) resident_id, id, assessed_on, total, grp, tai
  FROM report_adl WHERE assessed_on <= ${P_TO} ORDER BY resident_id, assessed_on DESC, id DESC`;

/** The plan approved last by `to`, by (approvedOn, version, id) (definitions.ts planAsOf). */
const PLAN_AS_OF = `SELECT DISTINCT ON (resident_id) resident_id, caregiver_id
  FROM report_plans WHERE approved_on IS NOT NULL AND approved_on <= ${P_TO} ORDER BY resident_id, approved_on DESC, version DESC, id DESC`;

/** A plan of fundPlans(r, from, to): approved by the fund by `to`, started by then, not closed before `from`. */
const FUND_PLAN = `p.fund_approved_on IS NOT NULL AND p.fund_approved_on <= ${P_TO} AND p.start_date <= ${P_TO} AND NOT (p.status = 'closed' AND p.review_date < ${P_FROM})`;

/**
 * The selected residents (in the period, in the filter's communities, and when caregivers are filtered,
 * with a plan as of `to` naming one of them), each with its ADL as of `to` and its plan flags.
 */
const SELECTED = `adl AS (${ADL_AS_OF}),
  pas AS (${PLAN_AS_OF}),
  sel AS (
    SELECT r.id, r.community_id, r.status, r.status_date, r.enrolled_on, a.id AS adl_id, a.assessed_on AS adl_on, a.total AS adl_total, a.grp, a.tai,
      COALESCE(a.total <= 11, false) AS dependent,
      EXISTS (SELECT 1 FROM report_plans p WHERE p.resident_id = r.id AND ${FUND_PLAN}) AS funded,
      EXISTS (SELECT 1 FROM report_plans p WHERE p.resident_id = r.id AND p.approved_on IS NOT NULL AND p.approved_on <= ${P_TO} AND p.fund_approved_on IS NULL) AS awaiting
    FROM report_residents r LEFT JOIN adl a ON a.resident_id = r.id
    WHERE r.enrolled_on <= ${P_TO}
      AND NOT (r.status IN ('moved', 'died') AND (r.status_date IS NULL OR r.status_date < ${P_FROM}))
      AND (${P_COMMUNITIES} IS NULL OR r.community_id = ANY(${P_COMMUNITIES}))
      AND (${P_CAREGIVERS} IS NULL OR EXISTS (SELECT 1 FROM pas WHERE pas.resident_id = r.id AND pas.caregiver_id = ANY(${P_CAREGIVERS})))
  )`;

/** Fiscal year (BE) of a text date column: October starts the next one. */
const fyOf = (d: string): string => `(substr(${d}, 1, 4)::int + CASE WHEN substr(${d}, 6, 2) >= '10' THEN 1 ELSE 0 END + 543)`;
/** First day of fiscal year `fy` (BE) as a date. */
const fyStart = (fy: string): string => `make_date((${fy}) - 544, 10, 1)`;
const fyEnd = (fy: string): string => `make_date((${fy}) - 543, 9, 30)`;

interface ColumnSpec {
  /** SQL boolean: the row counts in this cell. */
  when: string;
  /** SQL: what the cell sums (default: it counts rows). */
  sum?: string;
  /** SQL: the id the cell lists (default `id`). */
  id?: string;
  /** Count distinct ids instead of rows. */
  distinct?: boolean;
}

/** The select list of the columns' counts (n0, n1, …) and, with ids, their id arrays (i0, i1, …). */
function aggregates(cols: readonly ColumnSpec[], withIds: boolean): string {
  return cols
    .map((c, i) => {
      const id = c.id ?? 'id';
      const n = c.distinct
        ? `count(DISTINCT ${id}) FILTER (WHERE ${c.when})`
        : c.sum !== undefined
          ? `COALESCE(sum(${c.sum}) FILTER (WHERE ${c.when}), 0)::bigint`
          : `count(*) FILTER (WHERE ${c.when})`;
      const ids = withIds ? `, COALESCE(array_agg(DISTINCT ${id} ORDER BY ${id}) FILTER (WHERE ${c.when}), '{}') AS i${i}` : '';
      return `${n} AS n${i}${ids}`;
    })
    .join(',\n    ');
}

type AggRow = Record<string, unknown>;

function cellsOf<C extends string>(columns: readonly C[], row: AggRow | undefined, offset = 0): Record<C, Cell> {
  return Object.fromEntries(
    columns.map((c, i) => [c, row === undefined ? { n: 0, ids: [] } : { n: Number(row[`n${i + offset}`]), ids: (row[`i${i + offset}`] as string[] | undefined) ?? [] }]),
  ) as Record<C, Cell>;
}

/** A Table from grouped rows (key → row) and the grand-total row; `keys`: every row shown, in this order. */
function tableOf<C extends string>(columns: readonly C[], keys: readonly string[], rows: ReadonlyMap<string, AggRow>, total: AggRow | undefined, offset = 0): Table<C> {
  return {
    columns,
    rows: keys.map((key) => ({ key, cells: cellsOf(columns, rows.get(key), offset) })),
    total: cellsOf(columns, total, offset),
  };
}

const sortedKeys = (keys: Iterable<string>): string[] => [...new Set(keys)].sort();

/** Splits GROUPING SETS output into keyed rows per set (`g`: the set's number) and the total (g = -1). */
function bySet(rows: readonly AggRow[]): { sets: Map<number, Map<string, AggRow>>; total: AggRow | undefined } {
  const sets = new Map<number, Map<string, AggRow>>();
  let total: AggRow | undefined;
  for (const r of rows) {
    const g = Number(r.g);
    if (g === -1) {
      total = r;
      continue;
    }
    let m = sets.get(g);
    if (!m) sets.set(g, (m = new Map()));
    m.set(String(r.k), r);
  }
  return { sets, total };
}

export async function computeReportSql(db: Db, input: ReportSqlInput): Promise<ReportFigures> {
  const { from, to, filter, fund } = input;
  const withIds = input.withIds === true;
  const params = [from, to, filter.communities === null ? null : [...filter.communities], filter.caregivers === null ? null : [...filter.caregivers]];
  const months = monthsIn(from, to);
  const rates = fund.rates.map((r) => ({ fy: r.fyBE, satang: r.bahtPerYear * 100 }));
  const budgets = fund.budgetDates.map((b) => ({ fy: b.fyBE, date: b.date }));

  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.exec("SET LOCAL work_mem = '256MB'");
    // JIT compiling these plans costs seconds (the service list's per-row subqueries look expensive to the
    // planner) and saves nothing on aggregates over a million narrow rows.
    if (db.kind === 'postgres') await tx.exec('SET LOCAL jit = off');

    // 1. Residents: register, TAI, changes and the residents' plan columns, by community.
    const residentCols: ColumnSpec[] = [
      ...(['social', 'homebound', 'bedbound'] as const).map((g) => ({ when: `grp = '${g}'` })),
      { when: 'grp IS NULL' },
      { when: 'true' },
      ...TAI_GROUPS.map((t) => ({ when: `tai = '${t}'` })),
      { when: 'tai IS NULL' },
      { when: `enrolled_on >= ${P_FROM}` },
      { when: `status = 'moved' AND status_date >= ${P_FROM} AND status_date <= ${P_TO}` },
      { when: `status = 'died' AND status_date >= ${P_FROM} AND status_date <= ${P_TO}` },
      { when: 'dependent' },
      { when: 'dependent AND funded' },
      { when: 'dependent AND NOT funded' },
      { when: 'dependent AND NOT funded AND awaiting' },
    ];
    const residentRows = (await tx.query<AggRow>(
      `WITH ${SELECTED}
       SELECT CASE WHEN GROUPING(community_id) = 1 THEN -1 ELSE 0 END AS g, community_id AS k,
       ${aggregates(residentCols, withIds)}
       FROM sel GROUP BY GROUPING SETS ((community_id), ())`,
      params,
    )).rows;
    const residentSets = bySet(residentRows);
    const selectedCommunities = [...(residentSets.sets.get(0)?.keys() ?? [])];
    const touchedCommunities = sortedKeys([...selectedCommunities, ...(filter.communities ?? [])]);

    // 2. Plans the fund approved in the period, and those approved within 30 days of the later of the
    //    budget's arrival and the assessment that found the person dependent.
    const budgetOf = (fy: string): string =>
      `COALESCE((SELECT b.date::date FROM jsonb_to_recordset($5::jsonb) AS b(fy int, date text) WHERE b.fy = ${fy}), ${fyStart(fy)})`;
    const approvedCols: ColumnSpec[] = [
      { when: 'true' },
      { when: 'within30' },
    ];
    const approvedRows = (await tx.query<AggRow>(
      `WITH ${SELECTED},
       ap AS (
         SELECT p.id, s.community_id,
           (p.fund_approved_on::date - GREATEST(${budgetOf(fyOf('p.fund_approved_on'))},
              (SELECT max(a.assessed_on)::date FROM report_adl a WHERE a.resident_id = p.resident_id AND a.assessed_on <= p.fund_approved_on AND a.total <= 11))) <= 30 AS within30
         FROM sel s JOIN report_plans p ON p.resident_id = s.id
         WHERE p.fund_approved_on >= ${P_FROM} AND p.fund_approved_on <= ${P_TO}
       )
       SELECT CASE WHEN GROUPING(community_id) = 1 THEN -1 ELSE 0 END AS g, community_id AS k,
       ${aggregates(approvedCols, withIds)}
       FROM ap GROUP BY GROUPING SETS ((community_id), ())`,
      [...params, JSON.stringify(budgets)],
    )).rows;
    const approvedSets = bySet(approvedRows);

    // 3. Visits: aggregated per (caregiver, resident) first (one pass over the period's visits), then per
    //    resident (with its community now, '' when not held: the community filter applies here, a resident
    //    being in one community), then by caregiver, by community and in total. A per-resident row stands for
    //    one resident, so distinct residents are counted as rows: no COUNT(DISTINCT) over visits.
    const VISIT_COUNTS = ['planned', 'unplanned', 'done', 'missed', 'minutes', 'abnormal', 'health_centre', 'hospital', 'emergency_1669'];
    const VISIT_SUMS = VISIT_COUNTS.map((c) => `COALESCE(sum(${c}), 0)::bigint AS ${c}`).join(', ');
    const VISIT_NAMES = VISIT_COUNTS.join(', ');
    const visitCaregiverFilter = `(${P_CAREGIVERS} IS NULL OR v.caregiver_id = ANY(${P_CAREGIVERS}))`;
    const visitCommunity = "COALESCE(r.community_id, '')";
    const visitCommunityFilter = `(${P_COMMUNITIES} IS NULL OR ${visitCommunity} = ANY(${P_COMMUNITIES}))`;
    // Grouped in the order of report_visits_pair (an index-only scan streaming into the aggregate) rather than
    // by hashing every visit's (caregiver, resident) pair: the planner prices the hash below what it costs
    // over a year of visits (twice as slow measured), so it is steered away from it for this query alone.
    if (db.kind === 'postgres') await tx.exec('SET LOCAL enable_hashagg = off; SET LOCAL max_parallel_workers_per_gather = 0');
    const visitRows = (await tx.query<AggRow>(
      `WITH per AS (
         SELECT v.caregiver_id, v.resident_id,
           count(*) FILTER (WHERE v.planned) AS planned,
           count(*) FILTER (WHERE NOT v.planned) AS unplanned,
           count(*) FILTER (WHERE v.outcome = 'done') AS done,
           count(*) FILTER (WHERE v.outcome <> 'done') AS missed,
           COALESCE(sum(v.minutes) FILTER (WHERE v.outcome = 'done'), 0) AS minutes,
           count(*) FILTER (WHERE v.outcome = 'done' AND v.abnormal) AS abnormal,
           count(*) FILTER (WHERE v.escalation = 'health_centre') AS health_centre,
           count(*) FILTER (WHERE v.escalation = 'hospital') AS hospital,
           count(*) FILTER (WHERE v.escalation = 'emergency_1669') AS emergency_1669
         FROM report_visits v
         WHERE v.date >= ${P_FROM} AND v.date <= ${P_TO} AND ${visitCaregiverFilter}
         GROUP BY v.caregiver_id, v.resident_id
       ), per_res AS (
         SELECT per.resident_id, ${visitCommunity} AS c,
           sum(planned) AS planned, sum(unplanned) AS unplanned, sum(done) AS done, sum(missed) AS missed, sum(minutes) AS minutes,
           sum(abnormal) AS abnormal, sum(health_centre) AS health_centre, sum(hospital) AS hospital, sum(emergency_1669) AS emergency_1669
         FROM per LEFT JOIN report_residents r ON r.id = per.resident_id
         WHERE ${visitCommunityFilter}
         GROUP BY per.resident_id, r.community_id
       ), by_c AS (
         SELECT c, ${VISIT_SUMS}, count(*) FILTER (WHERE done > 0) AS residents, count(*) FILTER (WHERE abnormal > 0) AS abnormal_residents
         FROM per_res GROUP BY c
       )
       SELECT 0 AS g, per.caregiver_id AS k, ${VISIT_SUMS}, count(*) FILTER (WHERE done > 0) AS residents, 0 AS abnormal_residents
         FROM per WHERE per.resident_id IN (SELECT resident_id FROM per_res) GROUP BY per.caregiver_id
       UNION ALL SELECT 1, c, ${VISIT_NAMES}, residents, abnormal_residents FROM by_c
       UNION ALL SELECT 2, resident_id, ${VISIT_NAMES}, 0, 0 FROM per_res
       UNION ALL SELECT -1, NULL, ${VISIT_SUMS}, sum(residents)::bigint, sum(abnormal_residents)::bigint FROM by_c`,
      params,
    )).rows;
    const visitSets = bySet(visitRows);
    if (db.kind === 'postgres') await tx.exec('RESET enable_hashagg; RESET max_parallel_workers_per_gather');

    // Monthly counts (a second pass; months are few).
    const monthCols: ColumnSpec[] = [{ when: "outcome = 'done'" }, { when: "outcome <> 'done'" }, { when: "outcome = 'done'", sum: 'minutes' }];
    // Without ids: a plain GROUP BY (which PostgreSQL runs in parallel) and the total over its rows.
    const monthVisits = `SELECT v.id, v.outcome, v.minutes, substr(v.date, 1, 7) AS m FROM report_visits v
         ${filter.communities === null ? '' : 'LEFT JOIN report_residents r ON r.id = v.resident_id'}
         WHERE v.date >= ${P_FROM} AND v.date <= ${P_TO} AND ${visitCaregiverFilter}
           AND ${filter.communities === null ? `${P_COMMUNITIES} IS NULL` : visitCommunityFilter}`;
    const monthRows = (await tx.query<AggRow>(
      withIds
        ? `WITH vis AS (${monthVisits})
           SELECT CASE WHEN GROUPING(m) = 1 THEN -1 ELSE 0 END AS g, m AS k,
           ${aggregates(monthCols, true)}
           FROM vis GROUP BY GROUPING SETS ((m), ())`
        : `WITH vis AS (${monthVisits}),
           per AS (SELECT m, ${aggregates(monthCols, false)} FROM vis GROUP BY m)
           SELECT 0 AS g, m AS k, n0, n1, n2 FROM per
           UNION ALL SELECT -1, NULL, COALESCE(sum(n0), 0)::bigint, COALESCE(sum(n1), 0)::bigint, COALESCE(sum(n2), 0)::bigint FROM per`,
      params,
    )).rows;
    const monthSets = bySet(monthRows);

    // With ids: the visits behind each visit cell (one more pass, only for drill-down).
    const VISIT_ID_COLS: ColumnSpec[] = [
      { when: 'planned' },
      { when: 'NOT planned' },
      { when: "outcome = 'done'" },
      { when: "outcome <> 'done'" },
      { when: "outcome = 'done'" },
      { when: "outcome = 'done'", id: 'resident_id' },
      { when: "outcome = 'done' AND abnormal" },
      { when: "outcome = 'done' AND abnormal", id: 'resident_id' },
      { when: "escalation = 'health_centre'" },
      { when: "escalation = 'hospital'" },
      { when: "escalation = 'emergency_1669'" },
    ];
    let visitIdSets: ReturnType<typeof bySet> | null = null;
    if (withIds) {
      const idRows = (await tx.query<AggRow>(
        `WITH vis AS (
           SELECT v.id, v.resident_id, v.caregiver_id, v.planned, v.outcome, v.abnormal, v.escalation, ${visitCommunity} AS c
           FROM report_visits v LEFT JOIN report_residents r ON r.id = v.resident_id
           WHERE v.date >= ${P_FROM} AND v.date <= ${P_TO} AND ${visitCaregiverFilter} AND ${visitCommunityFilter}
         )
         SELECT CASE WHEN GROUPING(caregiver_id) = 0 THEN 0 WHEN GROUPING(c) = 0 THEN 1 ELSE -1 END AS g, COALESCE(caregiver_id, c) AS k,
         ${aggregates(VISIT_ID_COLS, true)}
         FROM vis GROUP BY GROUPING SETS ((caregiver_id), (c), ())`,
        params,
      )).rows;
      visitIdSets = bySet(idRows);
    }

    // 4. The service list: dependents of the selection with a fund-approved plan covering part of the period.
    const serviceRows = (await tx.query<AggRow>(
      `WITH ${SELECTED},
       lp AS (
         SELECT DISTINCT ON (p.resident_id) p.resident_id, p.id, p.approved_by, p.caregiver_id, p.fund_ref, p.fund_approved_on
         FROM report_plans p JOIN sel s ON s.id = p.resident_id AND s.dependent
         WHERE ${FUND_PLAN}
         ORDER BY p.resident_id, p.fund_approved_on DESC, p.version DESC, p.id DESC
       ),
       fs AS (
         SELECT p.resident_id, min(p.start_date) AS first_start
         FROM report_plans p JOIN sel s ON s.id = p.resident_id AND s.dependent
         WHERE ${FUND_PLAN} GROUP BY p.resident_id
       ),
       cov AS (
         SELECT s.id, s.community_id, s.adl_total, s.grp, s.adl_on, s.tai, lp.id AS plan_id, lp.approved_by, lp.caregiver_id, lp.fund_ref, lp.fund_approved_on,
           fs.first_start, GREATEST(fs.first_start, ${P_FROM})::date AS start_d,
           CASE WHEN s.status IN ('moved', 'died') AND s.status_date IS NOT NULL AND s.status_date <= ${P_TO} THEN s.status_date::date - 1 ELSE ${P_TO}::date END AS end_d
         FROM sel s JOIN lp ON lp.resident_id = s.id JOIN fs ON fs.resident_id = s.id
       ),
       rates AS (SELECT fy, satang FROM jsonb_to_recordset($5::jsonb) AS x(fy int, satang bigint))
       SELECT cov.*, rr.prefix, rr.first_name, rr.last_name, rr.birth_date, rr.national_id, rr.no_id_reason, rr.address, rr.phone,
         (cov.end_d - cov.start_d + 1) AS covered_days,
         (SELECT COALESCE(sum(((2 * rate.satang * part.days + part.d) / (2 * part.d))), 0)::bigint
          FROM generate_series(${fyOf('cov.start_d::text')}, ${fyOf('cov.end_d::text')}) AS s(fy_be)
          CROSS JOIN LATERAL (SELECT (LEAST(cov.end_d, ${fyEnd('s.fy_be')}) - GREATEST(cov.start_d, ${fyStart('s.fy_be')}) + 1)::bigint AS days,
                                     (${fyEnd('s.fy_be')} - ${fyStart('s.fy_be')} + 1)::bigint AS d) AS part
          CROSS JOIN LATERAL (SELECT COALESCE((SELECT rt.satang FROM rates rt WHERE rt.fy <= s.fy_be ORDER BY rt.fy DESC LIMIT 1), 0)::bigint AS satang) AS rate
         ) AS amount
       FROM cov JOIN report_residents rr ON rr.id = cov.id
       WHERE cov.end_d >= cov.start_d`,
      [...params, JSON.stringify(rates)],
    )).rows;

    const doneBy = visitSets.sets.get(2) ?? new Map<string, AggRow>();
    const service: ServiceRow[] = serviceRows.map((r) => ({
      residentId: r.id as string,
      nationalId: r.national_id as string | null,
      noIdReason: r.no_id_reason as string | null,
      prefix: r.prefix as string,
      firstName: r.first_name as string,
      lastName: r.last_name as string,
      birthDate: r.birth_date as string,
      address: r.address as string,
      phone: r.phone as string,
      communityId: r.community_id as string,
      adlTotal: Number(r.adl_total),
      adlGroup: r.grp as AdlGroup,
      adlOn: r.adl_on as string,
      tai: r.tai as TaiGroup | null,
      careManagerId: r.approved_by as string | null,
      caregiverId: r.caregiver_id as string | null,
      planId: r.plan_id as string,
      planRef: (r.fund_ref as string | null) ?? '',
      fundApprovedOn: r.fund_approved_on as string,
      startDate: r.first_start as string,
      coveredDays: Number(r.covered_days),
      visits: Number(doneBy.get(r.id as string)?.done ?? 0),
      amountSatang: Number(r.amount),
    }));
    service.sort(compareServiceRows);

    // Arranging the rows: each table's keys as definitions.ts's TableBuilder makes them.
    const residentBy = residentSets.sets.get(0) ?? new Map<string, AggRow>();
    const register = tableOf(REGISTER_COLUMNS, touchedCommunities, residentBy, residentSets.total, 0);
    const tai = tableOf(TAI_COLUMNS, touchedCommunities, residentBy, residentSets.total, REGISTER_COLUMNS.length);
    const changesOffset = REGISTER_COLUMNS.length + TAI_COLUMNS.length;
    const changes = tableOf(CHANGE_COLUMNS, touchedCommunities, residentBy, residentSets.total, changesOffset);
    const planOffset = changesOffset + CHANGE_COLUMNS.length;
    const planResident = tableOf(['dependent', 'withPlan', 'withoutPlan', 'awaitingFund'] as const, touchedCommunities, residentBy, residentSets.total, planOffset);
    const planApproved = tableOf(['approvedInPeriod', 'approvedWithin30'] as const, touchedCommunities, approvedSets.sets.get(0) ?? new Map(), approvedSets.total);
    const plans: Table<(typeof PLAN_COLUMNS)[number]> = {
      columns: PLAN_COLUMNS,
      rows: planResident.rows.map((row, i) => ({ key: row.key, cells: { ...row.cells, ...(planApproved.rows[i]?.cells as Record<'approvedInPeriod' | 'approvedWithin30', Cell>) } })),
      total: { ...planResident.total, ...planApproved.total },
    };

    const visitNames = ['planned', 'unplanned', 'done', 'missed', 'minutes', 'residents', 'abnormal', 'abnormal_residents', 'health_centre', 'hospital', 'emergency_1669'] as const;
    // The count rows renamed n0… in VISIT_ID_COLS order, with the ids of the same set and key.
    const visitAgg = (set: number, row: AggRow | undefined, key: string | null): AggRow | undefined => {
      if (row === undefined) return undefined;
      const out: AggRow = {};
      const idRow = visitIdSets === null ? undefined : key === null ? visitIdSets.total : visitIdSets.sets.get(set)?.get(key);
      visitNames.forEach((name, i) => {
        out[`n${i}`] = row[name];
        if (idRow !== undefined) out[`i${i}`] = idRow[`i${i}`];
      });
      return out;
    };
    const visitTable = (set: number, extraKeys: readonly string[]): Table<(typeof VISIT_COLUMNS)[number]> => {
      const rows = visitSets.sets.get(set) ?? new Map<string, AggRow>();
      const keys = sortedKeys([...rows.keys(), ...extraKeys]);
      const mapped = new Map<string, AggRow>();
      for (const [k, r] of rows) mapped.set(k, visitAgg(set, r, k) as AggRow);
      return tableOf(VISIT_COLUMNS, keys, mapped, visitAgg(set, visitSets.total, null));
    };
    const visitsByCaregiver = visitTable(0, []);
    const visitsByCommunity = visitTable(1, touchedCommunities);

    const communityVisits = visitSets.sets.get(1) ?? new Map<string, AggRow>();
    const findingKeys = [...communityVisits.entries()]
      .filter(([, r]) => Number(r.abnormal) + Number(r.health_centre) + Number(r.hospital) + Number(r.emergency_1669) > 0)
      .map(([k]) => k);
    const findingMapped = new Map<string, AggRow>();
    for (const [k, r] of communityVisits) findingMapped.set(k, visitAgg(1, r, k) as AggRow);
    const findings = tableOf(
      FINDING_COLUMNS,
      sortedKeys([...touchedCommunities, ...findingKeys]),
      findingMapped,
      visitAgg(1, visitSets.total, null),
      visitNames.indexOf('abnormal'),
    );

    const monthly = tableOf(MONTH_COLUMNS, months, monthSets.sets.get(0) ?? new Map(), monthSets.total);

    return {
      from,
      to,
      months,
      register,
      tai,
      plans,
      visitsByCaregiver,
      visitsByCommunity,
      changes,
      findings,
      monthly,
      service,
      serviceTotalSatang: service.reduce((s, r) => s + r.amountSatang, 0),
    };
  });
}
