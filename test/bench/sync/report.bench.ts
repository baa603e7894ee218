/**
 * report.fiscal_year.server: the server's funding report of one fiscal year (server/reports/sql.ts
 * computeReportSql, counts only) on PostgreSQL over 20,000 residents and 1,000,000 visits. The projection
 * rows are generated inside PostgreSQL (INSERT … SELECT generate_series) rather than pushed, so seeding takes
 * seconds; the report reads nothing else. Median of RUNS runs after one warm-up. Also printed, measured in
 * the same run: report.fiscal_year.server.floor, a bare count of the year's visits (what a single pass over
 * them costs on this machine).
 */
import { fiscalYearRange } from '../../../shared/dates/thaiDate';
import { NO_FILTER } from '../../../shared/reports/definitions';
import { DEFAULT_FUND_SETTINGS } from '../../../shared/reports/fund';
import type { Db } from '../../../server/db/db';
import { computeReportSql } from '../../../server/reports/sql';
import { median, round1, type NodeBench } from '../support';
import { openBenchPg } from './pg';

const RESIDENTS = 20_000;
const VISITS = 1_000_000;
const CAREGIVERS = 400;
const COMMUNITIES = 20;
const FY = 2568;
const RUNS = 5;
const TARGET_MS = 2000;

// Deterministic pseudo-random numbers in [0, 1) from an integer (no random() in the seed: repeatable runs).
const rnd = (expr: string, salt: number): string => `((hashint4((${expr})::int # ${salt}) & 1048575)::float8 / 1048576)`;
const uuid = (prefix: string, expr: string): string => `'${prefix}' || lpad(to_hex((${expr})::int), 8, '0') || '-0000-4000-8000-000000000000'`;

export async function seed(db: Db): Promise<void> {
  const fy = fiscalYearRange(FY);
  await db.exec(`
    INSERT INTO report_residents (id, community_id, prefix, first_name, last_name, sex, birth_date, national_id, no_id_reason, phone, address, status, status_date, enrolled_on)
    SELECT ${uuid('a', 'i')}, 'c-' || lpad((i % ${COMMUNITIES} + 1)::text, 2, '0'), 'นาง', 'ชื่อ' || i, 'สกุล', 'female', '1948',
      CASE WHEN i % 50 = 0 THEN NULL ELSE lpad(i::text, 13, '1') END, CASE WHEN i % 50 = 0 THEN 'ไม่มีบัตร' END, '0812345678', '12 ม.3 ตำบล อำเภอ จังหวัด 10110',
      CASE WHEN i % 40 = 0 THEN 'died' WHEN i % 45 = 0 THEN 'moved' ELSE 'active' END,
      CASE WHEN i % 40 = 0 OR i % 45 = 0 THEN (date '${fy.start}' + (i % 365))::text END,
      (date '2022-01-01' + (i % 1200))::text
    FROM generate_series(1, ${RESIDENTS}) AS i;
    INSERT INTO report_adl (id, resident_id, assessed_on, total, grp, tai)
    SELECT ${uuid('b', 'i * 2 + k')}, ${uuid('a', 'i')}, (date '2023-06-01' + ((i * 7 + k * 200) % 700))::text, t, CASE WHEN t <= 4 THEN 'bedbound' WHEN t <= 11 THEN 'homebound' ELSE 'social' END,
      CASE WHEN i % 3 = 0 THEN (ARRAY['B3','B4','B5','C2','C3','C4','I1','I2','I3'])[i % 9 + 1] END
    FROM generate_series(1, ${RESIDENTS}) AS i, generate_series(0, 1) AS k, LATERAL (SELECT (floor(${rnd('i * 2 + k', 11)} * 21))::int AS t) AS x;
    INSERT INTO report_plans (id, resident_id, version, status, approved_on, approved_by, fund_approved_on, fund_ref, start_date, review_date, caregiver_id)
    SELECT ${uuid('c', 'i')}, ${uuid('a', 'i')}, 1, 'active', (date '2024-06-01' + (i % 300))::text, ${uuid('e', '1')},
      CASE WHEN i % 5 <> 0 THEN (date '2024-07-01' + (i % 300))::text END, 'LTC-' || i, (date '2024-06-15' + (i % 300))::text, (date '2025-06-15' + (i % 300))::text,
      ${uuid('d', `i % ${CAREGIVERS}`)}
    FROM generate_series(1, ${RESIDENTS}) AS i WHERE i % 5 < 3;
    INSERT INTO report_visits (id, resident_id, caregiver_id, date, outcome, planned, type, minutes, abnormal, escalation)
    SELECT ${uuid('f', 'i')}, ${uuid('a', `(i % ${RESIDENTS}) + 1`)}, ${uuid('d', `((i % ${RESIDENTS}) + (i / ${RESIDENTS * 13})) % ${CAREGIVERS}`)},
      (date '${fy.start}' + (i % 365))::text, CASE WHEN i % 10 = 0 THEN 'missed' ELSE 'done' END, i % 7 <> 0, 'home', CASE WHEN i % 10 = 0 THEN 0 ELSE 20 + i % 40 END,
      i % 10 <> 0 AND i % 23 = 0, CASE WHEN i % 97 = 0 THEN 'health_centre' WHEN i % 193 = 0 THEN 'hospital' WHEN i % 389 = 0 THEN 'emergency_1669' ELSE 'none' END
    FROM generate_series(1, ${VISITS}) AS i;
  `);
  // A settled database: statistics and the visibility map (index-only scans) as autovacuum leaves them.
  for (const t of ['report_residents', 'report_adl', 'report_plans', 'report_visits']) await db.exec(`VACUUM ANALYZE ${t}`);
}

const bench: NodeBench = {
  name: 'report.fiscal_year.server',
  async run({ log }) {
    const pg = await openBenchPg();
    try {
      const t0 = performance.now();
      await seed(pg.db);
      console.error(`[bench] report.fiscal_year.server: seeded ${RESIDENTS} residents and ${VISITS} visits in ${Math.round(performance.now() - t0)} ms`);
      const fy = fiscalYearRange(FY);
      const input = { from: fy.start, to: fy.end, filter: NO_FILTER, fund: DEFAULT_FUND_SETTINGS };
      const first = await computeReportSql(pg.db, input); // warm-up
      console.error(`[bench] report.fiscal_year.server: ${first.visitsByCommunity.total.done.n} visits done, ${first.service.length} service rows, ${first.serviceTotalSatang} satang`);
      const samples: number[] = [];
      const floors: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const a = performance.now();
        await computeReportSql(pg.db, input);
        samples.push(performance.now() - a);
        const b = performance.now();
        await pg.db.query('SELECT count(*) FROM report_visits WHERE date BETWEEN $1 AND $2', [fy.start, fy.end]);
        floors.push(performance.now() - b);
      }
      log({ bench: 'report.fiscal_year.server', value: round1(median(samples)), unit: 'ms', target: TARGET_MS, runs: RUNS, residents: RESIDENTS, visits: VISITS, max: round1(Math.max(...samples)) });
      log({ bench: 'report.fiscal_year.server.floor', value: round1(median(floors)), unit: 'ms', runs: RUNS, what: 'SELECT count(*) FROM report_visits WHERE date BETWEEN (the fiscal year)' });
    } finally {
      await pg.close();
    }
  },
};

export default bench;
