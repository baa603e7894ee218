/**
 * The report facts' projection tables (migration 004_report_facts.sql): report_residents, report_adl,
 * report_plans and report_visits, recomputed from `records` with the shared fact functions
 * (shared/reports/facts.ts), so the server's SQL reports (sql.ts) read the same facts a device computes.
 *
 * Invariants:
 * - The projections are kept asynchronously: a push only writes records; projector.ts recomputes the facts of
 *   the records committed since its checkpoint (server_settings 'report_facts_seq') after each push, and every
 *   report read first waits for it to catch up, so a report reflects every push committed before it. A
 *   resident's fact is recomputed from its resident row, assessments and plans as stored; a visit's from the
 *   visit and its amendments as stored.
 * - Writes are set-based: per refresh one DELETE and one INSERT per table, whatever the batch size.
 * - A fact function that throws on a malformed stored record leaves that record without a fact (and the
 *   refresh goes on): a bad row must never block the projection of every later push.
 * - rebuildReportFacts recomputes every fact from `records` (in chunks, never the whole table in memory),
 *   holding the sync_counter lock so no push interleaves and then the checkpoint's lock so no projector run
 *   does, and records REPORT_FACTS_VERSION and the checkpoint (the counter's seq) in server_settings;
 *   ensureReportFacts runs it at start-up when the version differs or no checkpoint was ever recorded
 *   (migrations are SQL only).
 */
import type { ServerRow } from '../../shared/sync/merge';
import {
  REPORT_FACTS_VERSION,
  residentFactOf,
  visitFactOf,
  type FactAssessment,
  type FactPlan,
  type FactResident,
  type FactVisit,
  type ResidentFact,
  type VisitFact,
} from '../../shared/reports/facts';
import type { VisitAmendmentData } from '../../shared/visit';
import type { Db } from '../db/db';
import { residentIdOf } from '../sync/store';

export const REPORT_FACTS_SETTING = 'report_facts_version';
/** The projector's checkpoint: every record at a seq up to it has its facts projected (projector.ts). */
export const REPORT_FACTS_SEQ_SETTING = 'report_facts_seq';

const UPSERT_SETTING = 'INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value';

/** The facts a set of written rows touches: residents (their own, assessment or plan rows) and visits. */
export interface TouchedFacts {
  residents: Set<string>;
  visits: Set<string>;
}

export function emptyTouched(): TouchedFacts {
  return { residents: new Set(), visits: new Set() };
}

/** Adds the facts `row` belongs to (call with the row before and after a change). */
export function touch(t: TouchedFacts, row: ServerRow): void {
  switch (row.type) {
    case 'resident':
    case 'adl_assessment':
    case 'care_plan': {
      const rid = residentIdOf(row);
      if (rid !== null) t.residents.add(rid);
      return;
    }
    case 'visit':
      t.visits.add(row.id);
      return;
    case 'visit_amendment': {
      const v = row.data.visitId;
      if (typeof v === 'string') t.visits.add(v);
      return;
    }
    default:
  }
}

interface StoredRow {
  type: string;
  id: string;
  data: Record<string, unknown>;
  deleted_at: string | null;
  created_at: string;
}

/** A stored record as the fact functions take it: its data with the envelope's id, creation and deletion. */
function asRecord<T>(r: StoredRow): T {
  return { ...r.data, id: r.id, createdAt: r.created_at, deletedAt: r.deleted_at } as T;
}

function safely<T>(fn: () => T | null): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

const RESIDENT_ROWS_SQL = `INSERT INTO report_residents (id, community_id, prefix, first_name, last_name, sex, birth_date, national_id, no_id_reason, phone, address, status, status_date, enrolled_on)
  SELECT id, community_id, prefix, first_name, last_name, sex, birth_date, national_id, no_id_reason, phone, address, status, status_date, enrolled_on
  FROM jsonb_to_recordset($1::jsonb) AS x(id text, community_id text, prefix text, first_name text, last_name text, sex text, birth_date text,
    national_id text, no_id_reason text, phone text, address text, status text, status_date text, enrolled_on text)`;
const ADL_ROWS_SQL = `INSERT INTO report_adl (id, resident_id, assessed_on, total, grp, tai)
  SELECT id, resident_id, assessed_on, total, grp, tai FROM jsonb_to_recordset($1::jsonb) AS x(id text, resident_id text, assessed_on text, total integer, grp text, tai text)`;
const PLAN_ROWS_SQL = `INSERT INTO report_plans (id, resident_id, version, status, approved_on, approved_by, fund_approved_on, fund_ref, start_date, review_date, caregiver_id)
  SELECT id, resident_id, version, status, approved_on, approved_by, fund_approved_on, fund_ref, start_date, review_date, caregiver_id
  FROM jsonb_to_recordset($1::jsonb) AS x(id text, resident_id text, version integer, status text, approved_on text, approved_by text,
    fund_approved_on text, fund_ref text, start_date text, review_date text, caregiver_id text)`;
const VISIT_ROWS_SQL = `INSERT INTO report_visits (id, resident_id, caregiver_id, date, outcome, planned, type, minutes, abnormal, escalation)
  SELECT id, resident_id, caregiver_id, date, outcome, planned, type, minutes, abnormal, escalation
  FROM jsonb_to_recordset($1::jsonb) AS x(id text, resident_id text, caregiver_id text, date text, outcome text, planned boolean, type text,
    minutes integer, abnormal boolean, escalation text)`;

async function insertRows(db: Db, sql: string, rows: readonly object[]): Promise<void> {
  if (rows.length > 0) await db.query(sql, [JSON.stringify(rows)]);
}

/** The residents' facts as stored now (null: deleted or unreadable), read in one query. */
export async function readResidentFacts(db: Db, ids: readonly string[]): Promise<Map<string, ResidentFact | null>> {
  const out = new Map<string, ResidentFact | null>();
  if (ids.length === 0) return out;
  const rows = (await db.query<StoredRow>(
    `SELECT type, id, data, deleted_at, created_at FROM records
     WHERE resident_id = ANY($1::text[]) AND type IN ('resident', 'adl_assessment', 'care_plan')`,
    [ids],
  )).rows;
  const by = new Map<string, { resident?: StoredRow; adl: StoredRow[]; plans: StoredRow[] }>();
  for (const id of ids) by.set(id, { adl: [], plans: [] });
  for (const r of rows) {
    const rid = r.type === 'resident' ? r.id : (r.data.residentId as string);
    const entry = by.get(rid);
    if (!entry) continue;
    if (r.type === 'resident') entry.resident = r;
    else if (r.type === 'adl_assessment') entry.adl.push(r);
    else entry.plans.push(r);
  }
  for (const [id, e] of by) {
    const resident = e.resident;
    out.set(
      id,
      resident === undefined
        ? null
        : safely(() => residentFactOf(asRecord<FactResident>(resident), e.adl.map((a) => asRecord<FactAssessment>(a)), e.plans.map((p) => asRecord<FactPlan>(p)))),
    );
  }
  return out;
}

/** The visits' facts as stored now (null: deleted, voided or unreadable), read in two queries. */
export async function readVisitFacts(db: Db, ids: readonly string[]): Promise<Map<string, VisitFact | null>> {
  const out = new Map<string, VisitFact | null>();
  if (ids.length === 0) return out;
  const visits = (await db.query<StoredRow>(
    "SELECT type, id, data, deleted_at, created_at FROM records WHERE type = 'visit' AND id = ANY($1::text[])",
    [ids],
  )).rows;
  const amendments = (await db.query<StoredRow>(
    "SELECT type, id, data, deleted_at, created_at FROM records WHERE type = 'visit_amendment' AND (data ->> 'visitId') = ANY($1::text[]) AND deleted_at IS NULL",
    [ids],
  )).rows;
  const amendBy = new Map<string, (VisitAmendmentData & { id: string })[]>();
  for (const a of amendments) {
    const rec = asRecord<VisitAmendmentData & { id: string }>(a);
    const list = amendBy.get(rec.visitId);
    if (list) list.push(rec);
    else amendBy.set(rec.visitId, [rec]);
  }
  for (const id of ids) out.set(id, null);
  for (const v of visits) out.set(v.id, safely(() => visitFactOf(asRecord<FactVisit>(v), amendBy.get(v.id) ?? [])));
  return out;
}

export function residentRow(f: ResidentFact): object {
  return {
    id: f.id,
    community_id: f.communityId,
    prefix: f.prefix,
    first_name: f.firstName,
    last_name: f.lastName,
    sex: f.sex,
    birth_date: f.birthDate,
    national_id: f.nationalId,
    no_id_reason: f.noIdReason,
    phone: f.phone,
    address: f.address,
    status: f.status,
    status_date: f.statusDate,
    enrolled_on: f.enrolledOn,
  };
}

export function visitRow(f: VisitFact): object {
  return {
    id: f.id,
    resident_id: f.residentId,
    caregiver_id: f.caregiverId,
    date: f.date,
    outcome: f.outcome,
    planned: f.planned,
    type: f.type,
    minutes: f.minutes,
    abnormal: f.abnormal,
    escalation: f.escalation,
  };
}

/** Replaces the residents' rows (resident, assessments, plans) with their facts as stored now. */
export async function refreshResidentFacts(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const facts = [...(await readResidentFacts(db, ids)).values()].filter((f): f is ResidentFact => f !== null);
  for (const table of ['report_residents', 'report_adl', 'report_plans']) {
    await db.query(`DELETE FROM ${table} WHERE ${table === 'report_residents' ? 'id' : 'resident_id'} = ANY($1::text[])`, [ids]);
  }
  await insertRows(db, RESIDENT_ROWS_SQL, facts.map(residentRow));
  await insertRows(
    db,
    ADL_ROWS_SQL,
    facts.flatMap((f) => f.adl.map((a) => ({ id: a.id, resident_id: f.id, assessed_on: a.on, total: a.total, grp: a.group, tai: a.tai }))),
  );
  await insertRows(
    db,
    PLAN_ROWS_SQL,
    facts.flatMap((f) =>
      f.plans.map((p) => ({
        id: p.id,
        resident_id: f.id,
        version: p.version,
        status: p.status,
        approved_on: p.approvedOn,
        approved_by: p.approvedBy,
        fund_approved_on: p.fundApprovedOn,
        fund_ref: p.fundRef,
        start_date: p.startDate,
        review_date: p.reviewDate,
        caregiver_id: p.caregiverId,
      })),
    ),
  );
}

/** Replaces the visits' rows with their facts as stored now. */
export async function refreshVisitFacts(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const facts = [...(await readVisitFacts(db, ids)).values()].filter((f): f is VisitFact => f !== null);
  await db.query('DELETE FROM report_visits WHERE id = ANY($1::text[])', [ids]);
  await insertRows(db, VISIT_ROWS_SQL, facts.map(visitRow));
}

/** Recomputes every touched fact from the records as stored; the projector's batches and the test writers call it. */
export async function refreshReportFacts(tx: Db, touched: TouchedFacts): Promise<void> {
  await refreshResidentFacts(tx, [...touched.residents]);
  await refreshVisitFacts(tx, [...touched.visits]);
}

const REBUILD_CHUNK = 2000;

/** Recomputes every projection row from `records` and records the facts' version; one transaction. */
export async function rebuildReportFacts(db: Db): Promise<{ residents: number; visits: number }> {
  return db.transaction(async (tx) => {
    // The push lock: no push writes records while the projections are rebuilt; then the projector's.
    const head = (await tx.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1 FOR UPDATE')).rows[0]?.seq ?? 0;
    await tx.query("INSERT INTO server_settings (key, value) VALUES ($1, '0') ON CONFLICT (key) DO NOTHING", [REPORT_FACTS_SEQ_SETTING]);
    await tx.query('SELECT value FROM server_settings WHERE key = $1 FOR UPDATE', [REPORT_FACTS_SEQ_SETTING]);
    await tx.exec('TRUNCATE report_residents, report_adl, report_plans, report_visits');
    const counts = { residents: 0, visits: 0 };
    for (const [type, refresh] of [
      ['resident', refreshResidentFacts],
      ['visit', refreshVisitFacts],
    ] as const) {
      let after = '';
      for (;;) {
        const ids = (await tx.query<{ id: string }>('SELECT id FROM records WHERE type = $1 AND id > $2 ORDER BY id LIMIT $3', [type, after, REBUILD_CHUNK])).rows.map((r) => r.id);
        if (ids.length === 0) break;
        await refresh(tx, ids);
        counts[type === 'resident' ? 'residents' : 'visits'] += ids.length;
        after = ids[ids.length - 1] as string;
        if (ids.length < REBUILD_CHUNK) break;
      }
    }
    await tx.query(UPSERT_SETTING, [REPORT_FACTS_SETTING, String(REPORT_FACTS_VERSION)]);
    await tx.query(UPSERT_SETTING, [REPORT_FACTS_SEQ_SETTING, String(head)]);
    return counts;
  });
}

/** Start-up: rebuilds the projections when they were built by another facts version (or never), or hold no checkpoint. */
export async function ensureReportFacts(db: Db): Promise<boolean> {
  const rows = (await db.query<{ key: string; value: string }>('SELECT key, value FROM server_settings WHERE key = ANY($1::text[])', [[REPORT_FACTS_SETTING, REPORT_FACTS_SEQ_SETTING]])).rows;
  const version = rows.find((r) => r.key === REPORT_FACTS_SETTING)?.value;
  if (version === String(REPORT_FACTS_VERSION) && rows.some((r) => r.key === REPORT_FACTS_SEQ_SETTING)) return false;
  await rebuildReportFacts(db);
  return true;
}
