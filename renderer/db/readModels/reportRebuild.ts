/**
 * The funding reports' read models built from the records, checked at start-up, and installed at the end of a
 * bootstrap (rebuild.ts runs these after the residents' models; reportRows.ts keeps them between).
 *
 * Invariants:
 * - rebuildReportFacts computes the resident facts a chunk of residents (by id) per read transaction and
 *   writes every resident pack in one transaction; then computes the visit facts a chunk of visits (by id)
 *   per transaction, with their amendments read through the visitId index over the same id range, and writes
 *   every visit pack in one transaction. Residents and visits written meanwhile are journaled by the
 *   middleware (reportPacks.ts openResidentJournal, openVisitJournal) and recomputed from the records in
 *   that last transaction, so no write is lost; writes after it are followed by the middleware.
 * - reportFactsAgree (the start-up check's part) reads every resident pack (32 rows) and fails when they hold
 *   more facts than there are residents, a fact outside the pack its id names, or an empty pack; or when a
 *   sampled visit's fact (from its records) is not exactly in its pack, a sampled resident fact differs from
 *   a recompute, or a sampled visit pack holds a fact that is not its visit's fact now or not of that pack.
 * - installReportFacts ends a bootstrap onto an empty device (sync/bootstrap.ts), in the transaction that
 *   installs the digests and marks the read models built (rebuild.ts installDigests): every pack comes from
 *   what the bootstrap folded in memory, with the facts of records it could not be sure of, and of records
 *   in the outbox (written on this device meanwhile), recomputed from the records, and what the middleware
 *   stored meanwhile kept.
 */
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import type { CareRoundsDb } from '../db';
import type { OutboxEntry } from '../outbox';
import { factOfResident, factOfVisit, type FactAmendment } from './reportRows';
import { closeJournal, openResidentJournal, openVisitJournal, packsOf, RESIDENT_KIND, residentPackKey, visitPackKey, VISIT_KIND, type FactPack } from './reportPacks';

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
export const hasReports = (db: CareRoundsDb): boolean => ['reportResidentPacks', 'reportVisitPacks'].every((name) => db.tables.some((t) => t.name === name));
export const reportStores = (db: CareRoundsDb) => (hasReports(db) ? [db.reportResidentPacks, db.reportVisitPacks] : []);

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

/** The facts of the residents with ids in [first, last], from their records, in one read transaction. */
function residentFactsRange(db: CareRoundsDb, first: string, last: string): Promise<ResidentFact[]> {
  return db.transaction('r', [db.residents, db.assessments, db.carePlans], async () => {
    const [residents, assessments, plans] = await Promise.all([
      db.residents.where(':id').between(first, last, true, true).toArray(),
      db.assessments.where('residentId').between(first, last, true, true).toArray(),
      db.carePlans.where('residentId').between(first, last, true, true).toArray(),
    ]);
    const as = groupByKey(assessments, (a) => a.residentId);
    const pl = groupByKey(plans, (p) => p.residentId);
    const facts: ResidentFact[] = [];
    for (const r of residents) {
      const f = factOfResident(r, as.get(r.id) ?? [], pl.get(r.id) ?? []);
      if (f !== null) facts.push(f);
    }
    return facts;
  });
}

/**
 * The facts of the visits with ids after `after` (all when null), up to `size` of them, with their amendments
 * (read through the visitId index over the same id range), and the last visit id read (null when none was
 * left).
 */
function visitFactsChunk(db: CareRoundsDb, after: string | null, size: number): Promise<{ facts: VisitFact[]; last: string | null }> {
  return db.transaction('r', [db.visits, db.visitAmendments], async () => {
    const from = after === null ? db.visits.toCollection() : db.visits.where(':id').above(after);
    const visits = await from.limit(size).toArray();
    const last = visits[visits.length - 1]?.id ?? null;
    if (last === null) return { facts: [], last };
    const amendments = await db.visitAmendments.where('visitId').between(after ?? '', last, after === null, true).toArray();
    const byVisit = groupByKey(amendments as FactAmendment[], (a) => a.visitId);
    const facts: VisitFact[] = [];
    for (const v of visits) {
      const f = factOfVisit(v, byVisit.get(v.id) ?? []);
      if (f !== null) facts.push(f);
    }
    return { facts, last };
  });
}

/**
 * Every resident pack afresh from the records, `size` residents (by id) per read transaction; residents
 * written meanwhile (journaled) are recomputed in the transaction that writes the packs (see the header).
 */
async function rebuildResidentPacks(db: CareRoundsDb, size: number): Promise<void> {
  const journal = openResidentJournal();
  try {
    const facts = new Map<string, ResidentFact>();
    const ids = (await db.residents.toCollection().primaryKeys()).sort();
    for (let i = 0; i < ids.length; i += size) {
      const first = ids[i];
      const last = ids[Math.min(ids.length, i + size) - 1];
      if (first !== undefined && last !== undefined) for (const f of await residentFactsRange(db, first, last)) facts.set(f.id, f);
    }
    await db.transaction('rw', [db.residents, db.assessments, db.carePlans, db.reportResidentPacks], async () => {
      // The journal is read once this transaction runs (see rebuildVisitPacks).
      await db.reportResidentPacks.limit(1).primaryKeys();
      const touched = [...journal];
      const fresh = await residentFactsFromRecords(db, touched);
      touched.forEach((id, i) => {
        const f = fresh[i];
        if (f === null || f === undefined) facts.delete(id);
        else facts.set(id, f);
      });
      await db.reportResidentPacks.clear();
      await db.reportResidentPacks.bulkPut(packsOf(facts.values(), RESIDENT_KIND));
    });
  } finally {
    closeJournal(journal);
  }
}

/** Every visit pack afresh from the records (see the header). */
async function rebuildVisitPacks(db: CareRoundsDb, size: number): Promise<void> {
  const journal = openVisitJournal();
  try {
    const facts = new Map<string, VisitFact>();
    let after: string | null = null;
    for (;;) {
      const chunk: { facts: VisitFact[]; last: string | null } = await visitFactsChunk(db, after, size);
      for (const f of chunk.facts) facts.set(f.id, f);
      if (chunk.last === null) break;
      after = chunk.last;
    }
    await db.transaction('rw', [db.visits, db.visitAmendments, db.reportVisitPacks], async () => {
      // The journal is read once this transaction runs: a write whose transaction began before it (and so
      // runs first, its middleware journaling as it goes) is then in it. Read at the start of this function,
      // it would miss such a write, which the chunks did not see either.
      await db.reportVisitPacks.limit(1).primaryKeys();
      const ids = [...journal];
      const fresh = await visitFactsFromRecords(db, ids);
      ids.forEach((id, i) => {
        const f = fresh[i];
        if (f === null || f === undefined) facts.delete(id);
        else facts.set(id, f);
      });
      await db.reportVisitPacks.clear();
      await db.reportVisitPacks.bulkPut(packsOf(facts.values(), VISIT_KIND));
    });
  } finally {
    closeJournal(journal);
  }
}

/**
 * Every report fact from the records (see the header): resident facts `chunkSize` residents per transaction,
 * visit facts 20 times as many visits per transaction (about what a chunk of residents has).
 */
export async function rebuildReportFacts(db: CareRoundsDb, chunkSize = 500): Promise<void> {
  if (!hasReports(db)) return;
  await rebuildResidentPacks(db, chunkSize);
  await rebuildVisitPacks(db, chunkSize * 20);
}

/** What a bootstrap folded in memory (sync/bootstrapDigests.ts). */
export interface FoldedFacts {
  /** Facts of the residents it stored and was sure of. */
  residents: readonly ResidentFact[];
  /** Facts of the visits it stored. */
  visits: readonly VisitFact[];
  /** Residents and visits whose facts are recomputed from the records. */
  unsureResidents: Iterable<string>;
  unsureVisits: Iterable<string>;
}

/**
 * The records in the outbox whose facts a bootstrap's fold did not see (written on this device meanwhile):
 * residents of resident, assessment and plan entries; visits of visit and amendment entries.
 */
async function outboxFacts(db: CareRoundsDb, outbox: readonly OutboxEntry[]): Promise<{ residents: Set<string>; visits: Set<string> }> {
  const residents = new Set<string>();
  const visits = new Set<string>();
  for (const e of outbox) {
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

/** The stores installReportFacts reads and writes, for the caller's transaction. */
export const installReportStores = (db: CareRoundsDb) => (hasReports(db) ? [db.residents, db.assessments, db.carePlans, db.visits, db.visitAmendments, db.outbox, ...reportStores(db)] : []);

/**
 * Ends a bootstrap's report facts (see the header) in the caller's transaction (installReportStores), which
 * marks the read models built once it has also installed the digests; `outbox` is the outbox as it reads it.
 * Reads and packs first; the writes are issued by the function it returns, with the caller's.
 */
export async function installReportFacts(db: CareRoundsDb, folded: FoldedFacts, outbox: readonly OutboxEntry[]): Promise<() => Promise<void>> {
  if (!hasReports(db)) return () => Promise.resolve();
  const written = await outboxFacts(db, outbox);
  const residentIds = [...new Set([...folded.unsureResidents, ...written.residents])];
  const visitIds = [...new Set([...folded.unsureVisits, ...written.visits])];
  const [residentFacts, visitFacts, residentPacks, visitPacks] = await Promise.all([
    residentFactsFromRecords(db, residentIds),
    visitFactsFromRecords(db, visitIds),
    db.reportResidentPacks.toArray(),
    db.reportVisitPacks.toArray(),
  ]);
  const residents = packsOf(overlay(residentPacks, folded.residents, new Set(residentIds), residentIds, residentFacts).values(), RESIDENT_KIND);
  const visits = packsOf(overlay(visitPacks, folded.visits, new Set(visitIds), visitIds, visitFacts).values(), VISIT_KIND);
  return async () => {
    await Promise.all([db.reportResidentPacks.clear().then(() => db.reportResidentPacks.bulkPut(residents)), db.reportVisitPacks.clear().then(() => db.reportVisitPacks.bulkPut(visits))]);
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether the visit pack `key` holds `fact` exactly. */
async function packHolds(db: CareRoundsDb, id: string, fact: VisitFact, key: string): Promise<boolean> {
  const pack = await db.reportVisitPacks.get(key);
  return same(pack?.facts.find((f) => f.id === id), fact);
}

/** The stored report fact of resident `id`, from the pack its id names (in the caller's transaction). */
export async function storedResidentFact(db: CareRoundsDb, id: string): Promise<ResidentFact | undefined> {
  return (await db.reportResidentPacks.get(residentPackKey({ id })))?.facts.find((f) => f.id === id);
}

/**
 * The report facts' part of the start-up check (see the header): what failed, or null. `residents` is the
 * number of resident records, `n` the samples of each kind, `residentFact` a resident's fact recomputed from
 * the records.
 */
export async function reportFactsAgree(db: CareRoundsDb, residents: number, n: number, random: () => number, residentFact: (id: string) => Promise<ResidentFact | null | undefined>): Promise<'count' | 'sample' | null> {
  if (!hasReports(db)) return null;
  // Every resident pack (32 rows, what the Reports page reads): the count, and each fact in its own pack.
  const [visits, residentPacks, visitPacks] = await Promise.all([db.visits.count(), db.reportResidentPacks.toArray(), db.reportVisitPacks.count()]);
  const residentFacts = residentPacks.flatMap((p) => p.facts);
  if (residentFacts.length > residents) return 'count';
  if (residentPacks.some((p) => p.facts.length === 0 || p.facts.some((f) => residentPackKey(f) !== p.key))) return 'sample';
  // By position (a cursor's advance), not by reading every key: a full device holds 200,000 visits.
  const at = (count: number): number => Math.floor(random() * count);
  for (let k = 0; k < n; k++) {
    const v = visits > 0 ? await db.visits.offset(at(visits)).first() : undefined;
    if (v !== undefined) {
      const fresh = await visitFactFromRecords(db, v.id);
      if (fresh !== null && !(await packHolds(db, v.id, fresh, visitPackKey(fresh)))) return 'sample';
    }
    const rf = residentFacts.length > 0 ? residentFacts[at(residentFacts.length)] : undefined;
    if (rf !== undefined && !same(rf, await residentFact(rf.id))) return 'sample';
    // A sampled visit pack: each fact in its right pack and equal to its visit's fact now (which catches a
    // fact whose visit is gone, voided or moved to another month).
    const pack = visitPacks > 0 ? await db.reportVisitPacks.offset(at(visitPacks)).first() : undefined;
    if (pack !== undefined) {
      const fresh = await visitFactsFromRecords(db, pack.facts.map((f) => f.id));
      if (pack.facts.length === 0 || pack.facts.some((f, i) => visitPackKey(f) !== pack.key || !same(f, fresh[i]))) return 'sample';
    }
  }
  return null;
}
