/**
 * The funding reports' read models built from the records, checked at start-up, and installed at the end of a
 * bootstrap (rebuild.ts runs these after the residents' models; reportRows.ts keeps them between).
 *
 * Invariants:
 * - rebuildReportFacts rewrites the resident facts a chunk of residents per transaction, the visit facts a
 *   chunk of visits (by id) per transaction with their amendments read through the visitId index over the
 *   same id range, and removes the facts of records gone; then packs them afresh (reportPacks.ts): the
 *   resident packs in one transaction, the visit packs a month per transaction from that month's facts, and
 *   the packs of months with no fact left removed. Writes made meanwhile are followed by the middleware, which
 *   keeps facts and packs together, so each month's pack, made in one transaction from the facts as they are,
 *   is right from then on.
 * - reportFactsAgree (the start-up check's part) fails when a store holds more facts than there are records,
 *   or when a sampled visit's, stored visit fact's or stored resident fact's fact differs from a recompute or
 *   from its copy in its pack, or a sampled pack holds a fact the per-row store does not.
 * - installReportFacts ends a bootstrap onto an empty device (sync/bootstrap.ts): the visit facts were
 *   stored per row with each chunk; the resident facts and every pack come from what the bootstrap folded in
 *   memory, with the facts of records it could not be sure of, and of records in the outbox (written on this
 *   device meanwhile), recomputed from the records, and what the middleware stored meanwhile kept.
 */
import Dexie from 'dexie';
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import type { CareRoundsDb } from '../db';
import { factOfResident, factOfVisit, type FactAmendment } from './reportRows';
import { packsOf, RESIDENT_KIND, residentPackKey, visitPackKey, visitPackRange, VISIT_KIND, type FactPack } from './reportPacks';

type Grouped<T> = Map<string, T[]>;

function groupByKey<T>(rows: readonly T[], key: (row: T) => string): Grouped<T> {
  const out: Grouped<T> = new Map();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/** Whether this database has the funding reports' facts and their packs (not while an older schema is open). */
export const hasReports = (db: CareRoundsDb): boolean => ['reportResidents', 'reportVisits', 'reportResidentPacks', 'reportVisitPacks'].every((name) => db.tables.some((t) => t.name === name));
export const reportStores = (db: CareRoundsDb) => (hasReports(db) ? [db.reportResidents, db.reportVisits, db.reportResidentPacks, db.reportVisitPacks] : []);

/** One visit's report fact from its records (null: deleted, voided or not stored), in the caller's transaction. */
async function visitFactFromRecords(db: CareRoundsDb, id: string): Promise<VisitFact | null> {
  const [visit, amendments] = await Promise.all([db.visits.get(id), db.visitAmendments.where('visitId').equals(id).toArray()]);
  return visit === undefined ? null : factOfVisit(visit, amendments as FactAmendment[]);
}

/** Residents' report facts from their records (null: gone or unreadable), in the caller's transaction. */
async function residentFactsFromRecords(db: CareRoundsDb, ids: readonly string[]): Promise<(ResidentFact | null)[]> {
  if (ids.length === 0) return [];
  const [residents, assessments, plans] = await Promise.all([db.residents.bulkGet([...ids]), db.assessments.where('residentId').anyOf([...ids]).toArray(), db.carePlans.where('residentId').anyOf([...ids]).toArray()]);
  const as = groupByKey(assessments, (a) => a.residentId);
  const pl = groupByKey(plans, (p) => p.residentId);
  return ids.map((id, i) => {
    const r = residents[i];
    return r === undefined ? null : factOfResident(r, as.get(id) ?? [], pl.get(id) ?? []);
  });
}

/** Visits' report facts from their records (null: gone, voided or unreadable), in the caller's transaction. */
async function visitFactsFromRecords(db: CareRoundsDb, ids: readonly string[]): Promise<(VisitFact | null)[]> {
  if (ids.length === 0) return [];
  const [visits, amendments] = await Promise.all([db.visits.bulkGet([...ids]), db.visitAmendments.where('visitId').anyOf([...ids]).toArray()]);
  const byVisit = groupByKey(amendments as FactAmendment[], (a) => a.visitId);
  return ids.map((id, i) => {
    const v = visits[i];
    return v === undefined ? null : factOfVisit(v, byVisit.get(id) ?? []);
  });
}

/** Rewrites the resident facts of residents with ids in [first, last]; removes those of residents gone or deleted. */
function rebuildReportResidentRange(db: CareRoundsDb, first: string, last: string): Promise<void> {
  return db.transaction('rw', [db.residents, db.assessments, db.carePlans, db.reportResidents], async () => {
    const [residents, assessments, plans, old] = await Promise.all([
      db.residents.where(':id').between(first, last, true, true).toArray(),
      db.assessments.where('residentId').between(first, last, true, true).toArray(),
      db.carePlans.where('residentId').between(first, last, true, true).toArray(),
      db.reportResidents.where(':id').between(first, last, true, true).primaryKeys(),
    ]);
    const as = groupByKey(assessments, (a) => a.residentId);
    const pl = groupByKey(plans, (p) => p.residentId);
    const facts: ResidentFact[] = [];
    for (const r of residents) {
      const f = factOfResident(r, as.get(r.id) ?? [], pl.get(r.id) ?? []);
      if (f !== null) facts.push(f);
    }
    const keep = new Set(facts.map((f) => f.id));
    await Promise.all([db.reportResidents.bulkPut(facts), db.reportResidents.bulkDelete(old.filter((id) => !keep.has(id)))]);
  });
}

/**
 * Rewrites the visit facts of the visits with ids after `after` (all when null), up to `size` of them, with
 * their amendments (read through the visitId index over the same id range); removes the facts in that range
 * whose visit is gone, deleted or voided. Returns the last visit id read (null when none was left: the
 * facts after `after` are then all removed).
 */
function rebuildReportVisitChunk(db: CareRoundsDb, after: string | null, size: number): Promise<string | null> {
  return db.transaction('rw', [db.visits, db.visitAmendments, db.reportVisits], async () => {
    const from = after === null ? db.visits.toCollection() : db.visits.where(':id').above(after);
    const visits = await from.limit(size).toArray();
    const last = visits[visits.length - 1]?.id ?? null;
    // (after, last], or everything after `after` when no visit is left.
    const lower = after ?? '';
    const upper = last ?? Dexie.maxKey;
    const [amendments, old] = await Promise.all([
      last === null ? Promise.resolve([]) : db.visitAmendments.where('visitId').between(lower, upper, after === null, true).toArray(),
      db.reportVisits.where(':id').between(lower, upper, after === null, true).primaryKeys(),
    ]);
    const byVisit = groupByKey(amendments as FactAmendment[], (a) => a.visitId);
    const facts: VisitFact[] = [];
    for (const v of visits) {
      const f = factOfVisit(v, byVisit.get(v.id) ?? []);
      if (f !== null) facts.push(f);
    }
    const keep = new Set(facts.map((f) => f.id));
    await Promise.all([db.reportVisits.bulkPut(facts), db.reportVisits.bulkDelete(old.filter((id) => !keep.has(id)))]);
    return last;
  });
}

/** The months (`YYYY-MM`) reportVisits has facts of, read from its date index's distinct keys. */
async function factMonths(db: CareRoundsDb): Promise<Set<string>> {
  return new Set(((await db.reportVisits.orderBy('date').uniqueKeys()) as string[]).map((d) => d.slice(0, 7)));
}

/** The packs afresh from the per-row facts (see the header). */
export async function repackReportFacts(db: CareRoundsDb): Promise<void> {
  await db.transaction('rw', [db.reportResidents, db.reportResidentPacks], async () => {
    const facts = await db.reportResidents.toArray();
    await db.reportResidentPacks.clear();
    await db.reportResidentPacks.bulkPut(packsOf(facts, RESIDENT_KIND));
  });
  for (const month of await factMonths(db)) {
    await db.transaction('rw', [db.reportVisits, db.reportVisitPacks], async () => {
      const [lower, upper] = visitPackRange(month, month);
      const [facts, old] = await Promise.all([db.reportVisits.where('date').between(`${month}-`, `${month}-\uffff`, true, true).toArray(), db.reportVisitPacks.where(':id').between(lower, upper, true, true).primaryKeys()]);
      const packs = packsOf(facts, VISIT_KIND);
      const keep = new Set(packs.map((p) => p.key));
      await Promise.all([db.reportVisitPacks.bulkPut(packs), db.reportVisitPacks.bulkDelete(old.filter((k) => !keep.has(k)))]);
    });
  }
  await db.transaction('rw', [db.reportVisits, db.reportVisitPacks], async () => {
    const months = await factMonths(db);
    const keys = await db.reportVisitPacks.toCollection().primaryKeys();
    await db.reportVisitPacks.bulkDelete(keys.filter((k) => !months.has(k.slice(0, 7))));
  });
}

/**
 * Every report fact from the records (see the header): resident facts `chunkSize` residents per transaction,
 * visit facts 20 times as many visits per transaction (about what a chunk of residents has); then the packs.
 */
export async function rebuildReportFacts(db: CareRoundsDb, chunkSize = 500): Promise<void> {
  if (!hasReports(db)) return;
  const ids = (await db.residents.toCollection().primaryKeys()).sort();
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first !== undefined && last !== undefined) await rebuildReportResidentRange(db, first, last);
  }
  await db.transaction('rw', [db.residents, db.reportResidents], async () => {
    const present = new Set(await db.residents.toCollection().primaryKeys());
    await db.reportResidents.bulkDelete((await db.reportResidents.toCollection().primaryKeys()).filter((id) => !present.has(id)));
  });
  let after: string | null = null;
  do after = await rebuildReportVisitChunk(db, after, chunkSize * 20);
  while (after !== null);
  await repackReportFacts(db);
}

/** What a bootstrap folded in memory (sync/bootstrapDigests.ts). */
export interface FoldedFacts {
  /** Facts of the residents it stored and was sure of. */
  residents: readonly ResidentFact[];
  /** Facts of the visits it stored (already stored per row with their chunk). */
  visits: readonly VisitFact[];
  /** Residents and visits whose facts are recomputed from the records. */
  unsureResidents: Iterable<string>;
  unsureVisits: Iterable<string>;
}

/**
 * The records in the outbox whose facts a bootstrap's fold did not see (written on this device meanwhile):
 * residents of resident, assessment and plan entries; visits of visit and amendment entries.
 */
async function outboxFacts(db: CareRoundsDb): Promise<{ residents: Set<string>; visits: Set<string> }> {
  const residents = new Set<string>();
  const visits = new Set<string>();
  for (const e of await db.outbox.toArray()) {
    if (e.table === 'residents') residents.add(e.recordId);
    else if (e.table === 'visits') visits.add(e.recordId);
    else if (e.table === 'assessments' || e.table === 'carePlans') {
      const row: { residentId?: unknown } | undefined = await db.table(e.table).get(e.recordId);
      if (typeof row?.residentId === 'string') residents.add(row.residentId);
    } else if (e.table === 'visitAmendments') {
      const row = await db.visitAmendments.get(e.recordId);
      if (row !== undefined) visits.add(row.visitId);
    }
  }
  return { residents, visits };
}

/** `stored` facts (by id) with `folded` laid over them, then `recomputed` (null: none) over those. */
function overlay<T extends { id: string }>(stored: readonly FactPack<T>[], folded: readonly T[], unsure: ReadonlySet<string>, ids: readonly string[], recomputed: readonly (T | null)[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const p of stored) for (const f of p.facts) out.set(f.id, f);
  for (const f of folded) if (!unsure.has(f.id)) out.set(f.id, f);
  ids.forEach((id, i) => {
    const f = recomputed[i];
    if (f === null || f === undefined) out.delete(id);
    else out.set(id, f);
  });
  return out;
}

/** Ends a bootstrap's report facts (see the header), in one transaction, before the marker vouches for them. */
export async function installReportFacts(db: CareRoundsDb, folded: FoldedFacts): Promise<void> {
  if (!hasReports(db)) return;
  await db.transaction('rw', [db.residents, db.assessments, db.carePlans, db.visits, db.visitAmendments, db.outbox, ...reportStores(db)], async () => {
    const outbox = await outboxFacts(db);
    const residentIds = [...new Set([...folded.unsureResidents, ...outbox.residents])];
    const visitIds = [...new Set([...folded.unsureVisits, ...outbox.visits])];
    const [residentFacts, visitFacts, residentPacks, visitPacks] = await Promise.all([
      residentFactsFromRecords(db, residentIds),
      visitFactsFromRecords(db, visitIds),
      db.reportResidentPacks.toArray(),
      db.reportVisitPacks.toArray(),
    ]);
    const residents = overlay(residentPacks, folded.residents, new Set(residentIds), residentIds, residentFacts);
    const visits = overlay(visitPacks, folded.visits, new Set(visitIds), visitIds, visitFacts);
    const goneResidents = residentIds.filter((id) => !residents.has(id));
    const goneVisits = visitIds.filter((id) => !visits.has(id));
    await Promise.all([
      db.reportResidents.bulkPut([...residents.values()]),
      db.reportResidents.bulkDelete(goneResidents),
      db.reportVisits.bulkPut(visitFacts.filter((f): f is VisitFact => f !== null)),
      db.reportVisits.bulkDelete(goneVisits),
      db.reportResidentPacks.clear().then(() => db.reportResidentPacks.bulkPut(packsOf(residents.values(), RESIDENT_KIND))),
      db.reportVisitPacks.clear().then(() => db.reportVisitPacks.bulkPut(packsOf(visits.values(), VISIT_KIND))),
    ]);
  });
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether the pack `key` of `store` holds `fact` exactly (or, for a fact that is undefined, holds no fact of `id`). */
async function packHolds(db: CareRoundsDb, kind: 'resident' | 'visit', id: string, fact: ResidentFact | VisitFact | undefined, key: string | undefined): Promise<boolean> {
  if (key === undefined) return true; // no fact: nothing to look for (a stray copy is caught by the pack sample)
  const pack = kind === 'resident' ? await db.reportResidentPacks.get(key) : await db.reportVisitPacks.get(key);
  return same((pack?.facts as { id: string }[] | undefined)?.find((f) => f.id === id), fact);
}

/**
 * The report facts' part of the start-up check (see the header): what failed, or null. `residents` is the
 * number of resident records, `n` the samples of each kind, `residentFact` a resident's fact recomputed from
 * the records.
 */
export async function reportFactsAgree(db: CareRoundsDb, residents: number, n: number, random: () => number, residentFact: (id: string) => Promise<ResidentFact | null | undefined>): Promise<'count' | 'sample' | null> {
  if (!hasReports(db)) return null;
  const [visits, residentFacts, visitFacts, visitPacks] = await Promise.all([db.visits.count(), db.reportResidents.count(), db.reportVisits.count(), db.reportVisitPacks.count()]);
  if (residentFacts > residents || visitFacts > visits) return 'count';
  // By position (a cursor's advance), not by reading every key: a full device holds 200,000 visits.
  const at = (count: number): number => Math.floor(random() * count);
  for (let k = 0; k < n; k++) {
    const v = visits > 0 ? await db.visits.offset(at(visits)).first() : undefined;
    if (v !== undefined) {
      const [stored, fresh] = await Promise.all([db.reportVisits.get(v.id), visitFactFromRecords(db, v.id)]);
      if (!same(stored, fresh ?? undefined) || !(await packHolds(db, 'visit', v.id, stored, stored && visitPackKey(stored)))) return 'sample';
    }
    const vf = visitFacts > 0 ? await db.reportVisits.offset(at(visitFacts)).first() : undefined;
    if (vf !== undefined && (!same(vf, await visitFactFromRecords(db, vf.id)) || !(await packHolds(db, 'visit', vf.id, vf, visitPackKey(vf))))) return 'sample';
    const rf = residentFacts > 0 ? await db.reportResidents.offset(at(residentFacts)).first() : undefined;
    if (rf !== undefined && (!same(rf, await residentFact(rf.id)) || !(await packHolds(db, 'resident', rf.id, rf, residentPackKey(rf))))) return 'sample';
    // A sampled pack: each fact in its right pack and equal to its per-row copy.
    const pack = visitPacks > 0 ? await db.reportVisitPacks.offset(at(visitPacks)).first() : undefined;
    if (pack !== undefined) {
      const rows = await db.reportVisits.bulkGet(pack.facts.map((f) => f.id));
      if (pack.facts.length === 0 || pack.facts.some((f, i) => visitPackKey(f) !== pack.key || !same(f, rows[i]))) return 'sample';
    }
  }
  return null;
}
