/**
 * Keeps the report projections (projection.ts) in step with `records` after the pushes commit, from a
 * checkpoint (docs/architecture.md "Funding reports on the server").
 *
 * Invariants:
 * - The checkpoint (server_settings 'report_facts_seq'; absent = 0) is a seq c such that every record written
 *   at a seq ≤ c has its facts projected. A run reads the records with c < seq ≤ H, H the sync_counter value
 *   it read, recomputes the facts of the residents and visits they belong to (refreshReportFacts) and sets the
 *   checkpoint to the last seq it read (H once none remain), all in one transaction per batch.
 * - Pushes take the sync_counter row lock and set the counter in the transaction that writes the records, so
 *   when the counter reads H every record at a seq ≤ H has committed: no record can later commit below the
 *   checkpoint. A record changed again since moved to a higher seq and is projected when that seq is read.
 * - A run holds the checkpoint's row lock (rebuildReportFacts too, after the counter lock): runs of this or
 *   another server process never interleave. The refresh recomputes facts from `records` as they are now, so
 *   a fact newer than H is only recomputed again later.
 * - An assessment's or plan's resident is also taken from the projection as it is, so one moved to another
 *   resident leaves nothing behind under the first (visits and amendments are immutable: their parent stays).
 * - Records are never deleted from `records` (tombstones and voids are rows): a future hard delete must
 *   refresh the facts it removes itself.
 * - ReportProjector: at most one run in flight per process; `trigger()` (after every committed push) never
 *   throws, it logs and the next run retries; `catchUp()` resolves after a run that started after the call,
 *   so a report read that awaits it sees every push committed before it (read-your-writes), and rejects when
 *   that run fails (a report is never served from facts known to be behind).
 */
import type { Db } from '../db/db';
import { REPORT_FACTS_SEQ_SETTING, emptyTouched, refreshReportFacts } from './projection';

/** Records per batch (and transaction); refreshes are set-based, so this bounds memory, not round trips. */
export const PROJECT_BATCH = 2000;

const FACT_TYPES = ['resident', 'adl_assessment', 'care_plan', 'visit', 'visit_amendment'];

/** The checkpoint and the counter, read in one statement; the checkpoint is null when never set. */
export async function projectionLag(db: Db): Promise<{ checkpoint: number | null; head: number }> {
  const row = (await db.query<{ head: number | null; checkpoint: string | null }>(
    'SELECT (SELECT seq FROM sync_counter WHERE id = 1) AS head, (SELECT value FROM server_settings WHERE key = $1) AS checkpoint',
    [REPORT_FACTS_SEQ_SETTING],
  )).rows[0];
  return { checkpoint: row?.checkpoint == null ? null : Number(row.checkpoint), head: row?.head ?? 0 };
}

/** One batch in one transaction; returns the records read and whether the checkpoint reached the counter. */
export async function projectBatch(db: Db, limit = PROJECT_BATCH): Promise<{ records: number; done: boolean }> {
  return db.transaction(async (tx) => {
    await tx.query("INSERT INTO server_settings (key, value) VALUES ($1, '0') ON CONFLICT (key) DO NOTHING", [REPORT_FACTS_SEQ_SETTING]);
    const held = (await tx.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1 FOR UPDATE', [REPORT_FACTS_SEQ_SETTING])).rows[0];
    const checkpoint = Number(held?.value ?? 0);
    const head = (await tx.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1')).rows[0]?.seq ?? 0;
    if (head <= checkpoint) return { records: 0, done: true };
    const rows = (await tx.query<{ seq: number; type: string; id: string; resident_id: string | null; visit_id: string | null }>(
      // Only an amendment's data is read (its visit): a visit's or resident's stays unread here.
      `SELECT seq, type, id, resident_id, CASE WHEN type = 'visit_amendment' THEN data ->> 'visitId' END AS visit_id FROM records
       WHERE seq > $1 AND seq <= $2 AND type = ANY($3::text[]) ORDER BY seq LIMIT $4`,
      [checkpoint, head, FACT_TYPES, limit],
    )).rows;
    const touched = emptyTouched();
    const attached: string[] = [];
    for (const r of rows) {
      if (r.type === 'visit') touched.visits.add(r.id);
      else if (r.type === 'visit_amendment') {
        if (r.visit_id !== null) touched.visits.add(r.visit_id);
      } else {
        if (r.resident_id !== null) touched.residents.add(r.resident_id);
        if (r.type !== 'resident') attached.push(r.id);
      }
    }
    if (attached.length > 0) {
      const before = await tx.query<{ resident_id: string }>(
        'SELECT resident_id FROM report_adl WHERE id = ANY($1::text[]) UNION SELECT resident_id FROM report_plans WHERE id = ANY($1::text[])',
        [attached],
      );
      for (const r of before.rows) touched.residents.add(r.resident_id);
    }
    await refreshReportFacts(tx, touched);
    const last = rows.length < limit ? head : (rows[rows.length - 1]?.seq ?? head);
    await tx.query('UPDATE server_settings SET value = $2 WHERE key = $1', [REPORT_FACTS_SEQ_SETTING, String(last)]);
    return { records: rows.length, done: last >= head };
  });
}

/** Projects every record committed so far, batch after batch; returns the records read. */
export async function projectAll(db: Db, limit = PROJECT_BATCH): Promise<number> {
  const lag = await projectionLag(db);
  if (lag.checkpoint !== null && lag.checkpoint >= lag.head) return 0;
  let records = 0;
  for (;;) {
    const r = await projectBatch(db, limit);
    records += r.records;
    if (r.done) return records;
  }
}

/** The in-process driver of projectAll: coalesced runs, triggered after pushes and awaited by report reads. */
export class ReportProjector {
  private current: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
    private readonly run: (db: Db) => Promise<unknown> = projectAll,
  ) {}

  /** Resolves once a run that started after this call has finished: every push committed before is projected. */
  catchUp(): Promise<void> {
    if (this.queued !== null) return this.queued;
    if (this.current === null) return this.start();
    const queued = this.current.catch(() => undefined).then(() => {
      this.queued = null;
      return this.start();
    });
    this.queued = queued;
    return queued;
  }

  /** After a push committed: starts a run (or queues one); never throws, a failure is logged and retried next time. */
  trigger(): void {
    this.catchUp().catch(this.onError);
  }

  /** Waits for the runs in flight (before the database closes); never throws. */
  async settle(): Promise<void> {
    while (this.current !== null || this.queued !== null) {
      await (this.queued ?? this.current)?.catch(() => undefined);
    }
  }

  private start(): Promise<void> {
    const run = this.run(this.db)
      .then(() => undefined)
      .finally(() => {
        if (this.current === run) this.current = null;
      });
    this.current = run;
    return run;
  }
}
