/**
 * Building the read models from the records, and checking at start-up that the stored ones can be trusted.
 *
 * Invariants:
 * - rebuildReadModels rewrites every digest, alert row and register row from the records, a chunk of residents (by id)
 *   per transaction, each chunk reading its residents' rows with one range read per table; rows of residents
 *   that no longer exist are removed. The marker is `stale` from its start until its end, and turns `built`
 *   only if nobody marked the models stale meanwhile (a suspended bulk write), so a rebuild never vouches
 *   for writes it did not see. Writes made meanwhile by others are followed by the middleware as usual.
 * - checkReadModels trusts nothing it cannot see: a marker that is missing, from other code (a database
 *   built by an older or newer version) or stale, a count that differs from the residents', or one sampled
 *   resident whose stored digest, alert row or register row differs from a recompute, each fail the check; and
 *   ensureReadModels then rebuilds (with progress) instead of serving them.
 * - The register's head (registerHead.ts) is checked against registerRows: its rows as stored, in order, all
 *   current, enough of them, and every sampled resident in it exactly when it sorts within it. A head that
 *   fails (or is missing, as on a device from before it) is recomputed alone.
 * - The planner's caregiver-day cells (roundCells.ts) are rebuilt a week per transaction, after the residents'
 *   models; the check compares the cells of a few sampled round visits with a recompute.
 * - The funding reports' facts and their packs (reportRows.ts, reportPacks.ts) are rebuilt after them, and
 *   checked, by reportRebuild.ts (its header says how); the check also compares each sampled resident's
 *   stored fact with a recompute.
 * - A schema upgrade does not build read models inside the upgrade transaction: a database from before them
 *   has no marker, so the first start-up check builds them here, with progress the UI shows.
 */
import Dexie from 'dexie';
import { alertRowOf } from '../../../shared/alertRow';
import type { Resident } from '../../../shared/resident';
import { digestOf, type DigestAck, type DigestAmendment, type DigestAssessment, type DigestPlanInput, type DigestVisit, type ResidentDigest } from '../../../shared/digest';
import type { CareRoundsDb } from '../db';
import { projectRegisterRow, type RegisterRowRecord } from '../registerRows';
import { DIGEST_SOURCES } from './core';
import { builtMarker, isCurrentBuild, READ_MODELS_KEY, staleMarker } from './marker';
import { computeHead, headAgrees, isHeadMeta, REGISTER_HEAD_KEY } from './registerHead';
import { cellKey, cellOf, cellsOf } from '../../../shared/rounds/cells';
import type { ResidentFact } from '../../../shared/reports/facts';
import { factOfResident } from './reportRows';
import { hasReports, installReportFacts, installReportStores, rebuildReportFacts, reportFactsAgree, reportStores, storedResidentFact, type FoldedFacts } from './reportRebuild';

export interface RebuildProgress {
  /** Residents done, of `total`. */
  done: number;
  total: number;
}

export interface RebuildOptions {
  onProgress?: (p: RebuildProgress) => void;
  /** Residents per transaction (default 500: about 10,000 visits on a full device). */
  chunkSize?: number;
  /**
   * True once the caller's store is gone (its StoreProvider unmounted: another connection, perhaps a sealed
   * one, took the database over). Asked between chunks: the rebuild stops there and leaves the marker stale,
   * so the new owner's start-up check rebuilds through its own connection.
   */
  stopped?: () => boolean;
}

type Grouped<T> = Map<string, T[]>;

function groupBy<T extends { residentId: string }>(rows: readonly T[]): Grouped<T> {
  const out: Grouped<T> = new Map();
  for (const r of rows) {
    const list = out.get(r.residentId);
    if (list) list.push(r);
    else out.set(r.residentId, [r]);
  }
  return out;
}

/** One resident's digest and report fact recomputed from its own records (undefined when the resident is not stored). */
async function digestFromRecords(db: CareRoundsDb, id: string): Promise<{ resident: Resident; digest: ResidentDigest; fact: ResidentFact | null } | undefined> {
  const [resident, visits, amendments, assessments, plans, acks] = await Promise.all([
    db.residents.get(id),
    db.visits.where('[residentId+startedAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray(),
    db.visitAmendments.where('residentId').equals(id).toArray(),
    db.assessments.where('residentId').equals(id).toArray(),
    db.carePlans.where('residentId').equals(id).toArray(),
    db.alertAcks.where('residentId').equals(id).toArray(),
  ]);
  return resident === undefined ? undefined : { resident, digest: digestOf(resident, visits, amendments, assessments, plans, acks), fact: factOfResident(resident, assessments, plans) };
}

/** Rewrites the digests, alert rows and register rows of the residents with ids in [first, last]. */
async function rebuildRange(db: CareRoundsDb, first: string, last: string): Promise<number> {
  return db.transaction('rw', [db.residents, db.visits, db.visitAmendments, db.assessments, db.carePlans, db.alertAcks, db.residentDigests, db.alertRows, db.registerRows], async () => {
    const [residents, visits, amendments, assessments, plans, acks, oldDigests, oldRows] = await Promise.all([
      db.residents.where(':id').between(first, last, true, true).toArray(),
      db.visits.where('[residentId+startedAt]').between([first, Dexie.minKey], [last, Dexie.maxKey], true, true).toArray(),
      db.visitAmendments.where('residentId').between(first, last, true, true).toArray(),
      db.assessments.where('residentId').between(first, last, true, true).toArray(),
      db.carePlans.where('residentId').between(first, last, true, true).toArray(),
      db.alertAcks.where('residentId').between(first, last, true, true).toArray(),
      db.residentDigests.where(':id').between(first, last, true, true).primaryKeys(),
      db.registerRows.where(':id').between(first, last, true, true).primaryKeys(),
    ]);
    const v = groupBy<DigestVisit>(visits);
    const am = groupBy<DigestAmendment>(amendments);
    const as = groupBy<DigestAssessment>(assessments);
    const pl = groupBy<DigestPlanInput>(plans);
    const ac = groupBy<DigestAck>(acks);
    const digests: ResidentDigest[] = residents.map((r) => digestOf(r, v.get(r.id) ?? [], am.get(r.id) ?? [], as.get(r.id) ?? [], pl.get(r.id) ?? [], ac.get(r.id) ?? []));
    const rows: RegisterRowRecord[] = residents.map(projectRegisterRow);
    const present = new Set(residents.map((r) => r.id));
    await Promise.all([
      db.residentDigests.bulkPut(digests),
      db.alertRows.bulkPut(digests.map(alertRowOf)),
      db.registerRows.bulkPut(rows),
      db.residentDigests.bulkDelete(oldDigests.filter((id) => !present.has(id))),
      db.alertRows.bulkDelete(oldDigests.filter((id) => !present.has(id))),
      db.registerRows.bulkDelete(oldRows.filter((id) => !present.has(id))),
    ]);
    return residents.length;
  });
}

/** Rebuilds every read model from the records (see the header). Safe to run while the app writes. */
export async function rebuildReadModels(db: CareRoundsDb, opts: RebuildOptions = {}): Promise<RebuildProgress> {
  const chunkSize = opts.chunkSize ?? 500;
  const started = staleMarker(new Date());
  await db.meta.put(started);
  const ids = (await db.residents.toCollection().primaryKeys()).sort();
  const progress: RebuildProgress = { done: 0, total: ids.length };
  opts.onProgress?.({ ...progress });
  for (let i = 0; i < ids.length; i += chunkSize) {
    if (opts.stopped?.()) return progress;
    const chunk = ids.slice(i, i + chunkSize);
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first === undefined || last === undefined) continue;
    await rebuildRange(db, first, last);
    progress.done = Math.min(ids.length, i + chunk.length);
    opts.onProgress?.({ ...progress });
  }
  if (opts.stopped?.()) return progress;
  await rebuildRoundCells(db);
  await rebuildReportFacts(db, chunkSize);
  if (opts.stopped?.()) return progress;
  // Rows outside every chunk's range whose resident is gone, the register's head from the rows left; then the
  // marker, unless someone marked stale since.
  await db.transaction('rw', [db.residents, db.residentDigests, db.alertRows, db.registerRows, db.meta], async () => {
    const [residentIds, digestIds, alertRowIds, rowIds, marker] = await Promise.all([
      db.residents.toCollection().primaryKeys(),
      db.residentDigests.toCollection().primaryKeys(),
      db.alertRows.toCollection().primaryKeys(),
      db.registerRows.toCollection().primaryKeys(),
      db.meta.get(READ_MODELS_KEY),
    ]);
    const present = new Set(residentIds);
    await Promise.all([
      db.residentDigests.bulkDelete(digestIds.filter((id) => !present.has(id))),
      db.alertRows.bulkDelete(alertRowIds.filter((id) => !present.has(id))),
      db.registerRows.bulkDelete(rowIds.filter((id) => !present.has(id)))]);
    await writeHead(db);
    if (marker?.key === 'readModels' && marker.at === started.at && marker.state === 'stale') await db.meta.put(builtMarker(new Date()));
  });
  return progress;
}

/** Whether this database has the planner's cells (not while an older schema is open, as in its upgrade tests). */
const hasCells = (db: CareRoundsDb): boolean => db.tables.some((t) => t.name === 'roundCells') && db.tables.some((t) => t.name === 'roundVisits');
const cellStores = (db: CareRoundsDb) => (hasCells(db) ? [db.roundVisits, db.roundCells] : []);

/** Rewrites the caregiver-day cells of one week from its round visits (in the caller's transaction). */
async function writeWeekCells(db: CareRoundsDb, weekStart: string): Promise<void> {
  const [rows, old] = await Promise.all([db.roundVisits.where('weekStart').equals(weekStart).toArray(), db.roundCells.where('weekStart').equals(weekStart).primaryKeys()]);
  const cells = cellsOf(rows);
  const keep = new Set(cells.map((c) => c.key));
  await Promise.all([db.roundCells.bulkPut(cells), db.roundCells.bulkDelete(old.filter((k) => !keep.has(k)))]);
}

/** Every week's cells from its round visits, a week per transaction; cells of weeks with no visit left are removed. */
async function rebuildRoundCells(db: CareRoundsDb): Promise<void> {
  if (!hasCells(db)) return;
  const weeks = (await db.roundVisits.orderBy('weekStart').uniqueKeys()) as string[];
  for (const week of weeks) await db.transaction('rw', [db.roundVisits, db.roundCells], () => writeWeekCells(db, week));
  await db.transaction('rw', [db.roundVisits, db.roundCells], async () => {
    const now = new Set((await db.roundVisits.orderBy('weekStart').uniqueKeys()) as string[]);
    for (const week of (await db.roundCells.orderBy('weekStart').uniqueKeys()) as string[]) if (!now.has(week)) await db.roundCells.where('weekStart').equals(week).delete();
  });
}


/**
 * Ends a bootstrap onto an empty device, whose chunks were stored with maintenance suspended
 * (renderer/sync/bootstrapDigests.ts folded the digests and report facts from the rows as they were stored;
 * registerRows were written with each chunk). When nothing of the report facts was folded (`facts`
 * undefined), they are rebuilt from the records first (reportRebuild.ts rebuildReportFacts). Then, in ONE
 * transaction: every read first (the outbox, the records to recompute, the stored packs, registerRows for the
 * register's head, the round visits for their cells), then every write at once: the report facts' packs
 * (reportRebuild.ts installReportFacts), `digests` and their alert rows with the digests of `recompute` and
 * of every resident with a record in the outbox (written on this device meanwhile, which the folded digests
 * did not see) recomputed from the records and those whose resident is gone removed, the head, the cells,
 * and the marker that says the read models are built. `timed` is told when each phase began, as it ends
 * (the bootstrap records them as measures).
 */
export async function installDigests(db: CareRoundsDb, digests: readonly ResidentDigest[], recompute: Iterable<string>, facts?: FoldedFacts, timed: (phase: string, start: number) => void = () => {}): Promise<void> {
  if (facts === undefined) {
    const began = performance.now();
    await rebuildReportFacts(db);
    timed('install_facts', began);
  }
  const began = performance.now();
  let wrote = began;
  const stores = [db.residents, db.visits, db.visitAmendments, db.assessments, db.carePlans, db.alertAcks, db.residentDigests, db.alertRows, db.registerRows, ...cellStores(db), db.outbox, db.meta, ...(facts === undefined ? [] : installReportStores(db))];
  await db.transaction('rw', [...new Set(stores)], async () => {
    const outbox = await db.outbox.toArray();
    timed('install_start', began); // until the transaction's first read answers (it waits for others on its stores)
    const ids = new Set(recompute);
    for (const e of outbox) {
      if (e.table === 'residents') ids.add(e.recordId);
      else if ((DIGEST_SOURCES as readonly string[]).includes(e.table)) {
        const row: { residentId?: unknown } | undefined = await db.table(e.table).get(e.recordId);
        if (typeof row?.residentId === 'string') ids.add(row.residentId);
      }
    }
    const [writeReportFacts, recomputed, rows, roundVisits] = await Promise.all([
      facts === undefined ? () => Promise.resolve() : installReportFacts(db, facts, outbox),
      Promise.all([...ids].map(async (id) => (await digestFromRecords(db, id))?.digest ?? id)),
      // The chunks wrote registerRows with maintenance suspended: the head did not follow.
      db.registerRows.toArray(),
      // Round visits were stored with maintenance suspended too: their cells from scratch.
      hasCells(db) ? db.roundVisits.toArray() : [],
    ]);
    const puts = digests.filter((d) => !ids.has(d.id));
    const gone: string[] = [];
    for (const r of recomputed) {
      if (typeof r === 'string') gone.push(r);
      else puts.push(r);
    }
    timed('install_read', began);
    wrote = performance.now();
    const writes: Promise<unknown>[] = [
      writeReportFacts(),
      db.residentDigests.bulkPut(puts),
      db.alertRows.bulkPut(puts.map(alertRowOf)),
      db.residentDigests.bulkDelete(gone),
      db.alertRows.bulkDelete(gone),
      db.meta.put(computeHead(rows)),
    ];
    if (hasCells(db)) writes.push(db.roundCells.clear().then(() => db.roundCells.bulkPut(cellsOf(roundVisits))));
    await Promise.all(writes);
    await db.meta.put(builtMarker(new Date()));
  });
  timed('install_write', wrote);
}

export type CheckResult = { ok: true } | { ok: false; reason: 'marker' | 'count' | 'sample' | 'head' };

/** The cheap start-up check (see the header); `sample` residents are recomputed and compared. */
export async function checkReadModels(db: CareRoundsDb, opts: { sample?: number; random?: () => number } = {}): Promise<CheckResult> {
  const sample = opts.sample ?? 12;
  const random = opts.random ?? Math.random;
  return db.transaction('r', [db.meta, db.residents, db.visits, db.visitAmendments, db.assessments, db.carePlans, db.alertAcks, db.residentDigests, db.alertRows, db.registerRows, ...cellStores(db), ...reportStores(db)], async (): Promise<CheckResult> => {
    if (!isCurrentBuild(await db.meta.get(READ_MODELS_KEY))) return { ok: false, reason: 'marker' };
    const [residents, digests, alertRows, rows] = await Promise.all([db.residents.count(), db.residentDigests.count(), db.alertRows.count(), db.registerRows.count()]);
    if (residents !== digests || residents !== alertRows || residents !== rows) return { ok: false, reason: 'count' };
    const ids = await db.residents.toCollection().primaryKeys();
    const picked = new Set<string>();
    for (let k = 0; k < Math.min(sample, ids.length); k++) picked.add(ids[Math.floor(random() * ids.length)] ?? ids[0] ?? '');
    const head = await db.meta.get(REGISTER_HEAD_KEY);
    const [headStored, sampled] = await Promise.all([db.registerRows.bulkGet(isHeadMeta(head) ? head.rows.map((r) => r.id) : []), db.registerRows.bulkGet([...picked])]);
    if (!headAgrees(head, headStored, sampled)) return { ok: false, reason: 'head' };
    for (const id of picked) {
      const [fresh, stored, alertRow, row] = await Promise.all([digestFromRecords(db, id), db.residentDigests.get(id), db.alertRows.get(id), db.registerRows.get(id)]);
      if (fresh === undefined) continue; // deleted meanwhile
      const { resident, digest, fact } = fresh;
      if (JSON.stringify(stored) !== JSON.stringify(digest)) return { ok: false, reason: 'sample' };
      if (hasReports(db) && JSON.stringify(await storedResidentFact(db, id)) !== JSON.stringify(fact ?? undefined)) return { ok: false, reason: 'sample' };
      if (JSON.stringify(alertRow) !== JSON.stringify(alertRowOf(digest))) return { ok: false, reason: 'sample' };
      if (JSON.stringify(row) !== JSON.stringify(projectRegisterRow(resident))) return { ok: false, reason: 'sample' };
    }
    if (!(await roundCellsAgree(db, Math.min(3, sample), random))) return { ok: false, reason: 'sample' };
    const failed = await reportFactsAgree(db, residents, Math.min(3, sample), random, async (id) => (await digestFromRecords(db, id))?.fact);
    return failed === null ? { ok: true } : { ok: false, reason: failed };
  });
}

/** Whether the stored cells of `n` sampled round visits' days equal a recompute from the records. */
async function roundCellsAgree(db: CareRoundsDb, n: number, random: () => number): Promise<boolean> {
  if (!hasCells(db)) return true;
  // By position (a cursor's advance), not by reading every key: a planner's device holds a year of weeks.
  const count = await db.roundVisits.count();
  for (let k = 0; k < Math.min(n, count); k++) {
    const v = await db.roundVisits.offset(Math.floor(random() * count)).first();
    if (v === undefined) continue;
    const [rows, stored] = await Promise.all([db.roundVisits.where('[caregiverId+date]').equals([v.caregiverId, v.date]).toArray(), db.roundCells.get(cellKeyOf(v))]);
    if (JSON.stringify(cellOf(rows) ?? undefined) !== JSON.stringify(stored)) return false;
  }
  return true;
}

const cellKeyOf = (v: { caregiverId: string; date: string }): string => cellKey(v.caregiverId, v.date);

/**
 * Checks the read models and rebuilds them when they cannot be trusted; says what it found. A head that
 * disagrees with registerRows (which passed) is rebuilt alone: one read of registerRows.
 */
export async function ensureReadModels(db: CareRoundsDb, opts: RebuildOptions = {}): Promise<CheckResult> {
  const check = await checkReadModels(db);
  if (opts.stopped?.()) return check;
  if (!check.ok && check.reason === 'head') await rebuildRegisterHead(db);
  else if (!check.ok) await rebuildReadModels(db, opts);
  return check;
}

/** Recomputes the register's head from registerRows, in the caller's transaction (rw on registerRows, meta). */
async function writeHead(db: CareRoundsDb): Promise<void> {
  await db.meta.put(computeHead(await db.registerRows.toArray()));
}

/** Recomputes the register's head from registerRows (registerHead.ts). */
export function rebuildRegisterHead(db: CareRoundsDb): Promise<void> {
  return db.transaction('rw', [db.registerRows, db.meta], () => writeHead(db));
}
