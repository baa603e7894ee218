/**
 * The funding reports' facts packed for reading (schema v14), a few hundred per row, so the Reports page reads
 * a month in a few dozen rows instead of one row per visit (IndexedDB pays per row, read or written: a month's
 * 56,000 small rows took 1.5 s to read, the same facts in 64 rows a fifth of that, and a first sync would
 * write 200,000 more rows; docs/architecture.md "Read models").
 *
 * - reportResidentPacks: key `SS`, the slot (slotOf, a hash of the id, 0–31) of each resident fact; facts by
 *   id. The only copy of the resident facts: the middleware finds a resident's fact in the pack its id names
 *   (residentFactIn), so a change reads and writes the packs alone (schema v15 removed reportResidents).
 * - reportVisitPacks: key `YYYY-MM|SS`, the month of the fact's service date and the slot of the visit id;
 *   facts by id. The only copy of the visit facts: a period's packs are one key range.
 *
 * Invariant: the packs hold exactly the facts of the records (residentFactOf, visitFactOf), each in the pack
 * its key names, by id, and no pack is empty. The middleware keeps them in the mutation's transaction
 * (writeResidentFacts, writeVisitFacts: a pack is read, changed and written whole, so a change costs one or
 * two packs of ~300 facts on a full device); a visit's old pack is that of its fact before the mutation,
 * which reportRows.ts computes from the rows the mutation replaced (an amendment may move its date). The
 * rebuild packs the records afresh (reportRebuild.ts), the bootstrap packs what it folded
 * (sync/bootstrapDigests.ts). The property tests of reportRows.test.ts hold the packs equal to a recompute
 * after every history.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import { getMany, writeRows } from './core';

export const RESIDENT_PACKS = 'reportResidentPacks';
export const VISIT_PACKS = 'reportVisitPacks';

/** Packs per month, and of resident facts: on a full device (10,000 residents, ~17,000 visits a month) ~300 and ~500 facts each. */
export const PACK_SLOTS = 32;

export interface FactPack<T> {
  key: string;
  facts: T[];
}
export type ResidentPack = FactPack<ResidentFact>;
export type VisitPack = FactPack<VisitFact>;

/** A stable slot for an id: FNV-1a over its UTF-16 code units, modulo PACK_SLOTS. */
export function slotOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % PACK_SLOTS;
}

const pad = (slot: number): string => String(slot).padStart(2, '0');
export const residentPackKey = (f: { id: string }): string => pad(slotOf(f.id));
export const visitPackKey = (f: { id: string; date: string }): string => `${f.date.slice(0, 7)}|${pad(slotOf(f.id))}`;

/** The key range holding the visit packs of months `fromMonth`..`toMonth` (`YYYY-MM`), bounds included. */
export function visitPackRange(fromMonth: string, toMonth: string): [string, string] {
  return [`${fromMonth}|`, `${toMonth}|\uffff`];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface PackKind<T extends { id: string }> {
  keyOf: (fact: T) => string;
  order: (a: T, b: T) => number;
}
export const RESIDENT_KIND: PackKind<ResidentFact> = { keyOf: residentPackKey, order: byId };
export const VISIT_KIND: PackKind<VisitFact> = { keyOf: visitPackKey, order: byId };

/** The packs of `facts` (each id once), by key. */
export function packsOf<T extends { id: string }>(facts: Iterable<T>, kind: PackKind<T>): FactPack<T>[] {
  const by = new Map<string, T[]>();
  for (const f of facts) {
    const k = kind.keyOf(f);
    const list = by.get(k);
    if (list) list.push(f);
    else by.set(k, [f]);
  }
  return [...by].map(([key, list]) => ({ key, facts: list.sort(kind.order) }));
}

/**
 * Packs `keys` (their stored rows in `stored`, undefined where none) with the facts of ids `removed` taken
 * out and `added` put in their own pack: what to put and which packs are left empty.
 */
export function repack<T extends { id: string }>(kind: PackKind<T>, keys: readonly string[], stored: readonly (FactPack<T> | undefined)[], removed: ReadonlySet<string>, added: readonly T[]): { puts: FactPack<T>[]; gone: string[] } {
  const into = new Map<string, T[]>();
  for (const f of added) {
    const k = kind.keyOf(f);
    const list = into.get(k);
    if (list) list.push(f);
    else into.set(k, [f]);
  }
  const puts: FactPack<T>[] = [];
  const gone: string[] = [];
  keys.forEach((key, i) => {
    const facts = [...(stored[i]?.facts ?? []).filter((f) => !removed.has(f.id)), ...(into.get(key) ?? [])].sort(kind.order);
    if (facts.length > 0) puts.push({ key, facts });
    else if (stored[i] !== undefined) gone.push(key);
  });
  return { puts, gone };
}

const unique = (keys: Iterable<string>): string[] => [...new Set(keys)];

/** The resident packs that hold the facts of `ids` (if any), read once: by key, undefined where there is none. */
export type ResidentPacksRead = ReadonlyMap<string, ResidentPack | undefined>;

export function readResidentPacks(core: DBCore, trans: DBCoreTransaction, ids: Iterable<string>): Promise<ResidentPacksRead> {
  const keys = unique([...ids].map((id) => residentPackKey({ id })));
  return getMany<ResidentPack>(core, trans, RESIDENT_PACKS, keys).then((stored) => new Map(keys.map((k, i) => [k, stored[i]])));
}

/** The stored fact of resident `id` in `packs` (read by readResidentPacks for it), or undefined. */
export function residentFactIn(packs: ResidentPacksRead, id: string): ResidentFact | undefined {
  return packs.get(residentPackKey({ id }))?.facts.find((f) => f.id === id);
}

/**
 * Writes resident facts `puts` and removes those of `gone` in their packs (see the header). `read`: the packs
 * already read in this transaction and not written since (the ones missing are read).
 */
export function writeResidentFacts(core: DBCore, trans: DBCoreTransaction, puts: readonly ResidentFact[], gone: readonly string[], read: ResidentPacksRead = new Map()): Promise<void> {
  const ids = new Set([...puts.map((f) => f.id), ...gone]);
  if (ids.size === 0) return Promise.resolve();
  const keys = unique([...ids].map((id) => residentPackKey({ id })));
  const missing = keys.filter((k) => !read.has(k));
  return getMany<ResidentPack>(core, trans, RESIDENT_PACKS, missing).then((got) => {
    const fresh = new Map(missing.map((k, i) => [k, got[i]]));
    const stored = keys.map((k) => (read.has(k) ? read.get(k) : fresh.get(k)));
    const r = repack(RESIDENT_KIND, keys, stored, ids, puts);
    return writeRows(core, trans, RESIDENT_PACKS, r.puts, r.gone);
  });
}

/**
 * Puts visit facts `puts` in their packs and takes the facts of visits `touched` out of the packs `oldKeys`
 * (those of their facts before the mutation).
 */
export function writeVisitFacts(core: DBCore, trans: DBCoreTransaction, touched: ReadonlySet<string>, oldKeys: readonly string[], puts: readonly VisitFact[]): Promise<void> {
  if (touched.size === 0) return Promise.resolve();
  const keys = unique([...oldKeys, ...puts.map(visitPackKey)]);
  return getMany<VisitPack>(core, trans, VISIT_PACKS, keys).then((stored) => {
    const r = repack(VISIT_KIND, keys, stored, touched, puts);
    return writeRows(core, trans, VISIT_PACKS, r.puts, r.gone);
  });
}

/**
 * The visits (and residents) touched by writes while a rebuild recomputes the packs from the records
 * (reportRebuild.ts): the rebuild recomputes them again in the transaction that writes the packs, so a write
 * it read before is not lost. Writes are made by this window's code (the app has one), so a set per rebuild
 * in this module sees them all.
 */
type Journals = Set<Set<string>>;
const visitJournals: Journals = new Set();
const residentJournals: Journals = new Set();

function open(journals: Journals): Set<string> {
  const journal = new Set<string>();
  journals.add(journal);
  return journal;
}

function note(journals: Journals, ids: Iterable<string>): void {
  if (journals.size === 0) return;
  for (const id of ids) for (const j of journals) j.add(id);
}

export const openVisitJournal = (): Set<string> => open(visitJournals);
export const openResidentJournal = (): Set<string> => open(residentJournals);

export function closeJournal(journal: Set<string>): void {
  visitJournals.delete(journal);
  residentJournals.delete(journal);
}

export const journalVisits = (ids: Iterable<string>): void => note(visitJournals, ids);
export const journalResidents = (ids: Iterable<string>): void => note(residentJournals, ids);
