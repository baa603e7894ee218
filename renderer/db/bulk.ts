/**
 * Bulk loading (demo data, benchmarks). Loaded records are local data that must sync like any other, so
 * every record gets its outbox entry, built by the same WriteSession builders as single writes: one
 * transaction per chunk writes the chunk's records, their entries (consecutive mids) and the counter.
 * Chunks commit one by one: a failure keeps the chunks before it, each of them complete.
 *
 * Not checked here (the caller owns the data): duplicate national IDs.
 */
import type { AdlAssessmentData } from '../../shared/assessment';
import type { LatestAdl, ResidentData } from '../../shared/resident';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import { nextId } from './ids';
import { readMid } from './meta';
import { runWrite, tableOf, type DataFor, type SyncedTableName, type WriteCtx } from './repository';

/** A resident to load; `id` lets the caller's assessments refer to it (generated when absent). */
export type BulkResident = Omit<ResidentData, 'latestAdl'> & { id?: string; latestAdl?: LatestAdl | null };
export type BulkAssessment = AdlAssessmentData & { id?: string };

export interface BulkOptions extends WriteCtx {
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BulkResult {
  residents: number;
  assessments: number;
  lastMid: number;
}

async function loadChunks<K extends SyncedTableName>(
  db: CareRoundsDb,
  table: K,
  items: readonly { id: string; data: DataFor<K> }[],
  ctx: WriteCtx,
  chunkSize: number,
  progress: (n: number) => void,
): Promise<void> {
  for (let i = 0; i < items.length; i += chunkSize) {
    const chunk = items.slice(i, i + chunkSize);
    await runWrite(db, [table], ctx, async (s) => {
      const staged = chunk.map((item) => s.buildCreate(table, item.data, item.id));
      await tableOf(db, table).bulkAdd(staged.map((x) => x.record));
      await db.outbox.bulkAdd(staged.map((x) => x.entry));
    });
    progress(chunk.length);
  }
}

/**
 * Loads residents, then their assessments. Each resident's latestAdl is derived from the assessments given
 * here (newest assessedOn, ties to the later one), so the register is right without a second pass.
 */
export async function bulkLoadResidents(
  db: CareRoundsDb,
  residents: readonly BulkResident[],
  assessments: readonly BulkAssessment[],
  options: BulkOptions,
): Promise<BulkResult> {
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const ctx: WriteCtx = options.now ? { userId: options.userId, now: options.now } : { userId: options.userId };
  const now = options.now ?? Date.now;

  const residentIds = residents.map((r) => r.id ?? nextId(now()));
  const known = new Set(residentIds);
  // Ids are generated in array order and are time-ordered, matching the [residentId+assessedOn] index order.
  const assessmentItems = assessments.map((a) => {
    if (!known.has(a.residentId)) {
      throw new StoreError('record.notFound', `assessment refers to resident ${a.residentId} not in this load`, { table: 'residents', id: a.residentId });
    }
    const { id, ...data } = a;
    return { id: id ?? nextId(now()), data };
  });

  const latest = new Map<string, LatestAdl>();
  for (const { id, data } of assessmentItems) {
    const prev = latest.get(data.residentId);
    if (!prev || data.assessedOn > prev.assessedOn || (data.assessedOn === prev.assessedOn && id > prev.assessmentId)) {
      latest.set(data.residentId, { assessmentId: id, total: data.total, group: data.group, assessedOn: data.assessedOn });
    }
  }

  const residentItems = residents.map((r, i) => {
    const { id: _given, latestAdl, ...rest } = r;
    const id = residentIds[i] ?? nextId(now());
    return { id, data: { ...rest, latestAdl: latest.get(id) ?? latestAdl ?? null } };
  });

  const total = residentItems.length + assessmentItems.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  await loadChunks(db, 'residents', residentItems, ctx, chunkSize, progress);
  await loadChunks(db, 'assessments', assessmentItems, ctx, chunkSize, progress);
  return { residents: residentItems.length, assessments: assessmentItems.length, lastMid: await readMid(db) };
}
