/**
 * Fills a migrated server database with generated residents and their home visits (and ADL assessments, if
 * the data has any), fast, in the row format a
 * push writes: each record is turned into the `create` mutation a device would send (stamped by one HLC
 * clock, authored by one device), merged by the shared applyMutation into its ServerRow with consecutive
 * seqs (residents first, then assessments and visits, so every attached record's resident exists and its
 * bucket is the resident's), and stored by store.ts saveRows — the same statement a push ends with — in parallel chunks.
 * The counter is then set to the last seq, as if one long push had committed them all.
 *
 * Not written: record_history and the clients row of that imaginary device (pull reads neither).
 * A sample of the mutations is checked with records.validateMutation, so the data is what a push accepts.
 */
import { randomBytes } from 'node:crypto';
import { createHlcClock } from '../../../shared/hlc';
import { applyMutation, type ServerRow } from '../../../shared/sync/merge';
import type { Mutation } from '../../../shared/sync/protocol';
import { validateMutation } from '../../../shared/sync/records';
import type { Author } from '../../../shared/sync/data';
import type { Db } from '../../../server/db/db';
import { saveRows } from '../../../server/sync/store';
import type { VisitData } from '../../../shared/visit';
import type { DemoData } from '../../../shared/demo/generate';

export interface SeedServerResult {
  residents: number;
  assessments: number;
  visits: number;
  lastSeq: number;
  ms: { build: number; write: number };
}

const CHUNK = 5_000;
const PARALLEL = 8;
const VALIDATE_EVERY = 50;

export async function seedServerRecords(
  db: Db,
  data: DemoData,
  visits: readonly { id: string; data: VisitData }[],
  author: Omit<Author, 'clientId'>,
): Promise<SeedServerResult> {
  const buildStart = performance.now();
  const full: Author = { ...author, clientId: randomBytes(8).toString('hex') };
  // Stamps a little in the past, so pulled clocks never look like they come from the future.
  const start = Date.now() - 3_600_000;
  let tick = 0;
  const clock = createHlcClock(full.clientId, () => start + Math.floor(tick++ / 100));
  const rows: ServerRow[] = [];
  const bucketOf = new Map<string, string>();
  let seq = 0;
  let mid = 0;

  const apply = (type: string, id: string, fields: Record<string, unknown>, bucket?: string): ServerRow => {
    const m: Mutation = { mid: ++mid, type, id, op: 'create', fields, hlc: clock.tick(), baseSeq: 0 };
    if (mid % VALIDATE_EVERY === 1) {
      const verdict = validateMutation(m, { userId: full.userId });
      if (!verdict.ok) throw new Error(`generated ${type} ${id} is not a valid create: ${verdict.code} ${verdict.field ?? ''}`);
    }
    const result = applyMutation(null, m, full, ++seq, bucket === undefined ? {} : { bucket });
    if (result.status !== 'applied' || result.row === null) throw new Error(`create ${type} ${id} was ${result.status} ${result.code ?? ''}`);
    return result.row;
  };

  for (const r of data.residents) {
    const row = apply('resident', r.id, { ...r.data });
    bucketOf.set(r.id, row.bucket);
    rows.push(row);
  }
  for (const a of data.assessments) {
    const bucket = bucketOf.get(a.data.residentId);
    if (bucket === undefined) throw new Error(`assessment ${a.id} names unknown resident ${a.data.residentId}`);
    rows.push(apply('adl_assessment', a.id, { ...a.data }, bucket));
  }
  for (const v of visits) {
    const bucket = bucketOf.get(v.data.residentId);
    if (bucket === undefined) throw new Error(`visit ${v.id} names unknown resident ${v.data.residentId}`);
    rows.push(apply('visit', v.id, { ...v.data }, bucket));
  }
  const build = performance.now() - buildStart;

  const writeStart = performance.now();
  const nowIso = new Date().toISOString();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const from = next;
      next += CHUNK;
      if (from >= rows.length) return;
      await saveRows(db, rows.slice(from, from + CHUNK), nowIso);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  await db.query('UPDATE sync_counter SET seq = $1 WHERE id = 1', [seq]);
  await db.query('ANALYZE records');
  return { residents: data.residents.length, assessments: data.assessments.length, visits: visits.length, lastSeq: seq, ms: { build, write: performance.now() - writeStart } };
}
