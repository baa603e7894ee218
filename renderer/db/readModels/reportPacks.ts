/**
 * The funding reports' facts packed for reading (schema v14): the same facts as reportResidents and
 * reportVisits (reportRows.ts), a few hundred per row, so the Reports page reads a month in a few dozen rows
 * instead of one row per visit (IndexedDB pays per row read: 56,000 small rows take seconds, the same facts in
 * 32 rows a tenth of that; docs/architecture.md "Read models").
 *
 * - reportResidentPacks: key `SS`, the slot (slotOf, a hash of the id, 0–31) of each resident fact; facts by id.
 * - reportVisitPacks: key `YYYY-MM|SS`, the month of the fact's service date and the slot of the visit id;
 *   facts by (date, id). A period's packs are one key range.
 *
 * Invariant: the packs hold exactly the facts of reportResidents and reportVisits, each in the pack its key
 * names, in that order, and no pack is empty. The middleware keeps them with the per-row facts in the same
 * transaction (writeResidentFacts, writeVisitFacts: a pack is read, changed and written whole, so a change
 * costs one pack, ~300 facts on a full device); the per-row store tells where a visit's old fact was, since
 * an amendment may move its date. The rebuild packs the per-row stores afresh (rebuild.ts), the bootstrap
 * packs what it stored (sync/bootstrapDigests.ts). The property tests of reportRows.test.ts hold packs and
 * per-row facts equal after every history.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';
import type { ResidentFact, VisitFact } from '../../../shared/reports/facts';
import { getMany, writeRows } from './core';

export const REPORT_RESIDENTS = 'reportResidents';
export const REPORT_VISITS = 'reportVisits';
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

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byId = (a: { id: string }, b: { id: string }): number => cmp(a.id, b.id);
export const byDateThenId = (a: VisitFact, b: VisitFact): number => cmp(a.date, b.date) || cmp(a.id, b.id);

interface PackKind<T extends { id: string }> {
  keyOf: (fact: T) => string;
  order: (a: T, b: T) => number;
}
export const RESIDENT_KIND: PackKind<ResidentFact> = { keyOf: residentPackKey, order: byId };
export const VISIT_KIND: PackKind<VisitFact> = { keyOf: visitPackKey, order: byDateThenId };

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

/** Writes resident facts `puts` and removes those of `gone`, per row and in their packs (see the header). */
export function writeResidentFacts(core: DBCore, trans: DBCoreTransaction, puts: readonly ResidentFact[], gone: readonly string[]): Promise<void> {
  const ids = new Set([...puts.map((f) => f.id), ...gone]);
  if (ids.size === 0) return Promise.resolve();
  const keys = unique([...ids].map((id) => residentPackKey({ id })));
  const packs = getMany<ResidentPack>(core, trans, RESIDENT_PACKS, keys).then((stored) => {
    const r = repack(RESIDENT_KIND, keys, stored, ids, puts);
    return writeRows(core, trans, RESIDENT_PACKS, r.puts, r.gone);
  });
  return Promise.all([writeRows(core, trans, REPORT_RESIDENTS, puts, gone), packs]).then(() => undefined);
}

/**
 * Writes visit facts `puts` and removes those of `gone`, per row and in their packs: the packs of their old
 * facts (read from the per-row store first) and of their new ones.
 */
export function writeVisitFacts(core: DBCore, trans: DBCoreTransaction, puts: readonly VisitFact[], gone: readonly string[]): Promise<void> {
  const ids = new Set([...puts.map((f) => f.id), ...gone]);
  if (ids.size === 0) return Promise.resolve();
  return getMany<VisitFact>(core, trans, REPORT_VISITS, [...ids]).then((old) => {
    const keys = unique([...old.flatMap((f) => (f === undefined ? [] : [visitPackKey(f)])), ...puts.map(visitPackKey)]);
    const packs = getMany<VisitPack>(core, trans, VISIT_PACKS, keys).then((stored) => {
      const r = repack(VISIT_KIND, keys, stored, ids, puts);
      return writeRows(core, trans, VISIT_PACKS, r.puts, r.gone);
    });
    return Promise.all([writeRows(core, trans, REPORT_VISITS, puts, gone), packs]).then(() => undefined);
  });
}
