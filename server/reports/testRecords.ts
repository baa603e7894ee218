/**
 * Test support: report-relevant records written straight into `records` (no push validation, so generated
 * data may be anything the fact functions take) with their facts maintained by the same refresh the projector
 * runs (projection.ts refreshReportFacts), in one transaction. Their seqs are far above the counter, which they
 * leave alone: the projector never reads them. Used by the report tests and benchmarks.
 */
import type { Db } from '../db/db';
import { emptyTouched, refreshReportFacts, touch } from './projection';

export interface TestRecord {
  type: 'resident' | 'adl_assessment' | 'care_plan' | 'visit' | 'visit_amendment';
  id: string;
  data: Record<string, unknown>;
  createdAt: string;
  deletedAt?: string | null;
}

let seq = 1_000_000;

/** Inserts or replaces the records and refreshes the facts they touch. */
export async function writeTestRecords(db: Db, records: readonly TestRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.transaction(async (tx) => {
    const touched = emptyTouched();
    const payload = records.map((r) => {
      const residentId = r.type === 'resident' ? r.id : (r.data.residentId as string);
      const row = { type: r.type, id: r.id, bucket: 'c:c-01', seq: ++seq, data: r.data, hlc: {}, fieldSeq: {}, fieldBy: {}, deletedAt: r.deletedAt ?? null, deletedSeq: null, createdAt: r.createdAt, createdBy: 'test' };
      touch(touched, row as never);
      return { type: r.type, id: r.id, bucket: 'c:c-01', resident_id: residentId, seq: row.seq, data: r.data, meta: '{}', deleted_at: r.deletedAt ?? null, created_at: r.createdAt, created_by: 'test' };
    });
    await tx.query(
      `INSERT INTO records (type, id, bucket, resident_id, seq, data, meta, deleted_at, created_at, created_by)
       SELECT type, id, bucket, resident_id, seq, data, meta, deleted_at, created_at, created_by FROM jsonb_to_recordset($1::jsonb) AS x(
         type text, id text, bucket text, resident_id text, seq bigint, data jsonb, meta text, deleted_at text, created_at text, created_by text)
       ON CONFLICT (type, id) DO UPDATE SET data = EXCLUDED.data, seq = EXCLUDED.seq, deleted_at = EXCLUDED.deleted_at, resident_id = EXCLUDED.resident_id`,
      [JSON.stringify(payload)],
    );
    await refreshReportFacts(tx, touched);
  });
}

/** Empties `records` and the projections (between property runs). */
export async function clearReportData(db: Db): Promise<void> {
  await db.exec('TRUNCATE records, report_residents, report_adl, report_plans, report_visits');
}
