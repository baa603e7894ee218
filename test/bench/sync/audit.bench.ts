/**
 * audit.query.1m: the administrator's audit viewer (server/admin/auditQuery.ts queryAudit, the function GET
 * /admin/audit runs) on PostgreSQL over 1,000,000 entries, with the indexes of migration 006. The entries are
 * generated inside PostgreSQL (INSERT … SELECT generate_series): the hash chain is not valid for them, which a
 * query does not read. Each typical filter runs RUNS times after one warm-up; the figure is the p95 of all
 * samples, and each query's own p95 and row count are printed with it.
 */
import { AuditQuery, type AuditQuery as AuditQueryType } from '../../../shared/sync/audit';
import type { Db } from '../../../server/db/db';
import { queryAudit } from '../../../server/admin/auditQuery';
import { percentile, round1, type NodeBench } from '../support';
import { openBenchPg } from './pg';

const ENTRIES = 1_000_000;
const USERS = 300;
const RESIDENTS = 20_000;
const RUNS = 20;
const TARGET_MS = 500;
/** From 2025-01-01T00:00Z, one entry every 31 seconds: a year of activity. */
const STEP_S = 31;

const uuid = (prefix: string, expr: string): string => `'${prefix}' || lpad(to_hex((${expr})::int), 7, '0') || '-0000-4000-8000-000000000000'`;

export async function seedAudit(db: Db): Promise<void> {
  await db.exec(`
    INSERT INTO audit_log (at, user_id, device_id, action, record_type, record_id, outcome, request_id, client_at, detail, prev_hash, hash)
    SELECT timestamptz '2025-01-01T00:00:00Z' + make_interval(secs => i * ${STEP_S}),
      ${uuid('a', `i % ${USERS}`)}, ${uuid('d', `(i % ${USERS}) * 2 + (i / 7) % 2`)},
      k.action, k.rtype,
      CASE WHEN k.rtype = 'resident' THEN ${uuid('e', `(hashint4(i) & ${2 ** 20 - 1}) % ${RESIDENTS}`)} WHEN k.rtype IS NULL THEN NULL ELSE md5(i::text) END,
      CASE WHEN k.action = 'request.denied' THEN 'denied' WHEN i % 97 = 0 THEN 'failure' ELSE 'success' END,
      md5('r' || i::text),
      CASE WHEN k.action = 'record.view' THEN timestamptz '2025-01-01T00:00:00Z' + make_interval(secs => i * ${STEP_S} - 600) END,
      CASE WHEN k.action = 'record.write' THEN '{"op":"patch","mid":' || (i % 500) || '}' END,
      md5('p' || i::text) || md5('q' || i::text), md5('h' || i::text) || md5('j' || i::text)
    FROM generate_series(1, ${ENTRIES}) AS i,
    LATERAL (SELECT CASE
      WHEN i % 100 < 78 THEN 'record.write' WHEN i % 100 < 94 THEN 'record.view' WHEN i % 100 < 97 THEN 'auth.login'
      WHEN i % 100 < 98 THEN 'auth.refresh_retry' WHEN i % 100 < 99 THEN 'request.denied' WHEN i % 1000 < 995 THEN 'report.xlsx.export' ELSE 'user.update' END AS action,
      CASE WHEN i % 100 < 94 THEN (CASE WHEN i % 5 = 0 THEN 'visit' ELSE 'resident' END) WHEN i % 100 >= 99 THEN 'report' END AS rtype) AS k;
  `);
  await db.exec('VACUUM ANALYZE audit_log');
}

interface Case {
  name: string;
  query: AuditQueryType;
}

function cases(deepBefore: number, sampleRecordId: string): Case[] {
  // Every query goes through the same zod parse as the route's query string.
  const q = (raw: Record<string, string>): AuditQueryType => AuditQuery.parse(raw);
  const user = `a${(17).toString(16).padStart(7, '0')}-0000-4000-8000-000000000000`;
  const device = `d${(17 * 2).toString(16).padStart(7, '0')}-0000-4000-8000-000000000000`;
  return [
    { name: 'first_page', query: q({}) },
    { name: 'deep_keyset', query: q({ before: String(deepBefore) }) },
    { name: 'user_month', query: q({ userId: user, from: '2025-03-01', to: '2025-03-31' }) },
    { name: 'user_deep', query: q({ userId: user, before: String(deepBefore) }) },
    { name: 'device', query: q({ deviceId: device }) },
    { name: 'record_id', query: q({ recordType: 'resident', recordId: sampleRecordId }) },
    { name: 'action_record', query: q({ action: 'record.' }) },
    { name: 'action_user_rare', query: q({ action: 'user.' }) },
    { name: 'action_auth_week', query: q({ action: 'auth.', from: '2025-06-01', to: '2025-06-07' }) },
    { name: 'denied', query: q({ outcome: 'denied', limit: '500' }) },
  ];
}

const bench: NodeBench = {
  name: 'audit.query.1m',
  async run({ log }) {
    const pg = await openBenchPg();
    try {
      const t0 = performance.now();
      await seedAudit(pg.db);
      const loadMs = performance.now() - t0;
      console.error(`[bench] audit.query.1m: loaded ${ENTRIES} entries in ${Math.round(loadMs)} ms`);
      const deep = (await pg.db.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET $1', [Math.floor(ENTRIES * 0.1)])).rows[0]?.id ?? 1;
      const sample = (await pg.db.query<{ record_id: string }>("SELECT record_id FROM audit_log WHERE record_type = 'resident' ORDER BY id DESC LIMIT 1")).rows[0]?.record_id ?? '';
      const all: number[] = [];
      const extra: Record<string, number> = {};
      for (const c of cases(deep, sample)) {
        const first = await queryAudit(pg.db, c.query); // warm-up
        if (first.entries.length === 0) throw new Error(`${c.name}: no rows (the seed does not fit the query)`);
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const a = performance.now();
          await queryAudit(pg.db, c.query);
          samples.push(performance.now() - a);
        }
        all.push(...samples);
        extra[`${c.name}_p95`] = round1(percentile(samples, 95));
        extra[`${c.name}_rows`] = first.entries.length;
        console.error(`[bench] audit.query.1m: ${c.name}: p95 ${round1(percentile(samples, 95))} ms, ${first.entries.length} rows`);
      }
      log({ bench: 'audit.query.1m', value: round1(percentile(all, 95)), unit: 'ms', target: TARGET_MS, entries: ENTRIES, runs: RUNS, load_ms: Math.round(loadMs), p50: round1(percentile(all, 50)), ...extra });
    } finally {
      await pg.close();
    }
  },
};

export default bench;
