/**
 * The funding reports' read models: the resident packs, the ResidentFact of every live resident, and the
 * visit packs, the VisitFact of every live visit (schema v14; reportPacks.ts), each equal to shared/reports/facts.ts
 * residentFactOf / visitFactOf over its records as committed. The Reports page reads every resident fact and
 * one period's visit facts from their packs (reportPacks.ts) instead of every record (docs/architecture.md
 * "Read models").
 *
 * How one mutation is followed (model.ts runs this inside the mutation's transaction), with a bounded number
 * of reads per request however many rows it carries (a pulled page of 2,000 rows):
 * - resident facts: the residents touched are those of the rows the mutation replaces or removes (read just
 *   before it) and of the rows it writes; their stored facts are found in the packs their ids name, read
 *   with one getMany (and written back changed, without reading them again). A resident row
 *   written keeps its stored fact's ADL and plan entries (they depend on assessments and plans alone);
 *   assessments or plans written or removed replace their own entries in the stored fact (an entry depends on
 *   its own row and the resident's id alone, so it is made by residentFactOf itself, see entriesOf). A
 *   resident without a stored fact (new, restored, not built yet), and every resident of a request some of
 *   whose operations failed, is recomputed from its records: resident rows with one getMany, assessments and
 *   plans with one query each (core.ts rowsByIndex). The facts go to their packs.
 * - visit packs: the visits touched are the visit rows replaced, removed or written, or the visits of the
 *   amendments replaced, removed or written. Each is recomputed: from the rows as written (read with one
 *   getMany otherwise) and its amendments, read with one query of the visitId index. Its fact before the
 *   mutation is recomputed too, from the same rows and the rows the mutation replaced (factsBefore), which
 *   says which pack held it. A visit deleted, voided or missing has no fact.
 *
 * Invariant: after every committed transaction, the packs hold exactly the non-null facts
 * of the records (a record the fact functions cannot read has none, see factOfResident) (checked by the
 * property tests of reportRows.test.ts and sampled by the start-up check, reportRebuild.ts).
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTransaction } from 'dexie';
import { residentFactOf, visitFactOf, type AdlFact, type FactAssessment, type FactPlan, type FactResident, type FactVisit, type PlanFact, type ResidentFact, type VisitFact } from '../../../shared/reports/facts';
import type { VisitAmendmentData } from '../../../shared/visit';
import { AMENDMENTS, ASSESSMENTS, getMany, PLANS, RESIDENTS, rowsByIndex, VISITS } from './core';
import type { ReadModel } from './model';
import { journalResidents, journalVisits, readResidentPacks, residentFactIn, RESIDENT_PACKS, VISIT_PACKS, visitPackKey, writeResidentFacts, writeVisitFacts } from './reportPacks';

export type FactAmendment = VisitAmendmentData & { id: string };
type Row = { id: string; residentId?: unknown; visitId?: unknown };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function groupBy<T>(rows: readonly T[], key: (row: T) => unknown): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = str(key(r));
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Where a request's rows are: the values it writes (none for a delete). */
const writtenOf = (req: DBCoreMutateRequest): Row[] => (req.type === 'add' || req.type === 'put' ? (req.values as Row[]) : []);

/** The last value of each id in a request (as the store keeps it). */
function lastById<T extends Row>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * residentFactOf / visitFactOf for the middleware, the rebuild and the check: a row they cannot read (a
 * malformed record, say without its envelope's createdAt) has no fact, rather
 * than aborting every write that touches it (a sync pull would then never get past it). The first one per
 * session is reported on the console.
 */
let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(message);
}

export function factOfResident(resident: FactResident, assessments: readonly FactAssessment[], plans: readonly FactPlan[]): ResidentFact | null {
  try {
    return residentFactOf(resident, assessments, plans);
  } catch (err) {
    warnOnce(`report facts: no fact for resident ${String(resident.id)}: ${String(err)}`);
    return null;
  }
}

export function factOfVisit(visit: FactVisit, amendments: readonly FactAmendment[]): VisitFact | null {
  try {
    return visitFactOf(visit, amendments);
  } catch (err) {
    warnOnce(`report facts: no fact for visit ${String(visit.id)}: ${String(err)}`);
    return null;
  }
}

// --- residents -------------------------------------------------------------------------------------------

/** A resident with no field of consequence: residentFactOf of it gives only the entries of the rows passed. */
const STAND_IN: FactResident = {
  id: '',
  createdAt: '2000-01-01T00:00:00.000Z',
  prefix: '',
  firstName: '',
  lastName: '',
  sex: 'female',
  birthDate: { value: '' },
  nationalId: null,
  noIdReason: null,
  communityId: '',
  phones: [],
  address: { houseNo: '', moo: '', village: '', soi: '', road: '', subDistrict: '', district: '', province: '', postalCode: '' },
  status: 'active',
  statusDate: null,
};

/**
 * The ADL and plan entries residentFactOf makes of `rows` for resident `residentId`, in its order; null when
 * it cannot read one of them (the resident is then recomputed, and factOfResident tells).
 */
function entriesOf(residentId: string, assessments: readonly FactAssessment[], plans: readonly FactPlan[]): Pick<ResidentFact, 'adl' | 'plans'> | null {
  try {
    const f = residentFactOf({ ...STAND_IN, id: residentId }, assessments, plans);
    return { adl: f?.adl ?? [], plans: f?.plans ?? [] };
  } catch {
    return null;
  }
}

// residentFactOf's order (shared/reports/facts.ts): ADL entries by (on, id), plan entries by id.
const adlOrder = (a: AdlFact, b: AdlFact): number => (a.on !== b.on ? (a.on < b.on ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const planOrder = (a: PlanFact, b: PlanFact): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The facts of `ids` recomputed from their records (`known`: resident rows just written, not read back). */
export function recomputeResidentFacts(core: DBCore, trans: DBCoreTransaction, ids: readonly string[], known: ReadonlyMap<string, FactResident> = new Map()): Promise<{ puts: ResidentFact[]; gone: string[] }> {
  const unknown = ids.filter((id) => !known.has(id));
  return Promise.all([
    getMany<FactResident>(core, trans, RESIDENTS, unknown),
    rowsByIndex<FactAssessment>(core, trans, ASSESSMENTS, 'residentId', ids),
    rowsByIndex<FactPlan>(core, trans, PLANS, 'residentId', ids),
  ]).then(([read, assessments, plans]) => {
    const fromStore = new Map(unknown.map((id, i) => [id, read[i]]));
    const a = groupBy(assessments, (r) => r.residentId);
    const p = groupBy(plans, (r) => r.residentId);
    const puts: ResidentFact[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const r = known.get(id) ?? fromStore.get(id);
      const f = r === undefined ? null : factOfResident(r, a.get(id) ?? [], p.get(id) ?? []);
      if (f === null) gone.push(id);
      else puts.push(f);
    }
    return { puts, gone };
  });
}

/** Keeps the resident facts in step with one mutation of residents, assessments or carePlans (see the header). */
export function followReportResidents(core: DBCore, table: string, req: DBCoreMutateRequest, res: DBCoreMutateResponse, before: readonly (Row | undefined)[]): Promise<void> {
  const residentOf = (row: Row): string | undefined => (table === RESIDENTS ? row.id : str(row.residentId));
  const written = writtenOf(req);
  const touched = new Set<string>();
  for (const old of before) {
    const rid = old === undefined ? undefined : residentOf(old);
    if (rid !== undefined) touched.add(rid);
  }
  for (const v of written) {
    const rid = residentOf(v);
    if (rid !== undefined) touched.add(rid);
  }
  const ids = [...touched];
  if (ids.length === 0) return Promise.resolve();
  journalResidents(ids);
  if (res.numFailures > 0) return recomputeResidentFacts(core, req.trans, ids).then((r) => writeResidentFacts(core, req.trans, r.puts, r.gone));

  const last = lastById(written);
  // Ids of this table's rows the request replaced, removed or wrote: their entries are replaced.
  const changed = new Set<string>([...last.keys()]);
  for (const old of before) if (old !== undefined) changed.add(old.id);
  const rowsOf = groupBy([...last.values()], (r) => r.residentId);

  // The stored facts, from the packs their ids name: read once, and written back with the changes.
  return readResidentPacks(core, req.trans, ids).then((packs) => {
    const puts: ResidentFact[] = [];
    const gone: string[] = [];
    const recompute: string[] = [];
    const known = new Map<string, FactResident>();
    ids.forEach((id) => {
      const fact = residentFactIn(packs, id);
      if (table === RESIDENTS) {
        const row = last.get(id) as (FactResident & Row) | undefined;
        if (row === undefined) {
          gone.push(id); // deleted
          return;
        }
        const own = factOfResident(row, [], []);
        if (own === null) gone.push(id);
        else if (fact === undefined) {
          known.set(id, row);
          recompute.push(id);
        } else puts.push({ ...own, adl: fact.adl, plans: fact.plans });
        return;
      }
      if (fact === undefined) {
        recompute.push(id); // a resident without a fact: none (deleted, absent) or not built yet; the records tell
        return;
      }
      const mine = rowsOf.get(id) ?? [];
      const added = table === ASSESSMENTS ? entriesOf(id, mine as unknown as FactAssessment[], []) : entriesOf(id, [], mine as unknown as FactPlan[]);
      if (added === null) recompute.push(id);
      else if (table === ASSESSMENTS) puts.push({ ...fact, adl: [...fact.adl.filter((e) => !changed.has(e.id)), ...added.adl].sort(adlOrder) });
      else puts.push({ ...fact, plans: [...fact.plans.filter((e) => !changed.has(e.id)), ...added.plans].sort(planOrder) });
    });
    return recomputeResidentFacts(core, req.trans, recompute, known).then((r) => writeResidentFacts(core, req.trans, [...puts, ...r.puts], [...gone, ...r.gone], packs));
  });
}

export const reportResidentsModel: ReadModel = {
  name: RESIDENT_PACKS,
  store: RESIDENT_PACKS,
  sources: [RESIDENTS, ASSESSMENTS, PLANS],
  reads: [RESIDENTS, ASSESSMENTS, PLANS],
  needsRowsBefore: true,
  follow: followReportResidents,
};

// --- visits ---------------------------------------------------------------------------------------------

/** The records visits' facts are computed from: the visit rows and their amendments, by visit id. */
interface VisitRecords {
  visits: Map<string, FactVisit | undefined>;
  amendments: Map<string, FactAmendment[]>;
}

/** The visit rows of `ids` (`known`: rows just written, not read back) and their amendments. */
function readVisitRecords(core: DBCore, trans: DBCoreTransaction, ids: readonly string[], known: ReadonlyMap<string, FactVisit>): Promise<VisitRecords> {
  const unknown = ids.filter((id) => !known.has(id));
  return Promise.all([getMany<FactVisit>(core, trans, VISITS, unknown), rowsByIndex<FactAmendment>(core, trans, AMENDMENTS, 'visitId', ids)]).then(([read, amendments]) => {
    const visits = new Map<string, FactVisit | undefined>(known);
    unknown.forEach((id, i) => visits.set(id, read[i]));
    return { visits, amendments: groupBy(amendments, (a) => a.visitId) };
  });
}

/**
 * The facts visits `ids` had before a mutation of `table` whose replaced or removed rows are `before`, from
 * the records as they are after it (`now`): a visit row replaced had its old row and the amendments it has
 * now; a visit whose amendments were written had its row as it is now and its amendments with the request's
 * rows taken out and their old rows put back.
 */
function factsBefore(table: string, ids: readonly string[], req: DBCoreMutateRequest, before: readonly (Row | undefined)[], now: VisitRecords): VisitFact[] {
  const old = new Map<string, Row>();
  for (const row of before) if (row !== undefined) old.set(row.id, row);
  const out: VisitFact[] = [];
  if (table === VISITS) {
    for (const id of ids) {
      const v = old.get(id) as FactVisit | undefined;
      const f = v === undefined ? null : factOfVisit(v, now.amendments.get(id) ?? []);
      if (f !== null) out.push(f);
    }
    return out;
  }
  const rewritten = new Set<string>([...old.keys(), ...writtenOf(req).map((r) => r.id)]);
  const oldRows = groupBy([...old.values()] as unknown as FactAmendment[], (a) => a.visitId);
  for (const id of ids) {
    const v = now.visits.get(id);
    if (v === undefined) continue;
    const amendments = [...(now.amendments.get(id) ?? []).filter((a) => !rewritten.has(a.id)), ...(oldRows.get(id) ?? [])];
    const f = factOfVisit(v, amendments);
    if (f !== null) out.push(f);
  }
  return out;
}

/**
 * Keeps the visit packs in step with one mutation of visits or visitAmendments (see the header): each visit
 * touched leaves the pack of its fact before the mutation and enters that of its fact now.
 */
export function followReportVisits(core: DBCore, table: string, req: DBCoreMutateRequest, res: DBCoreMutateResponse, before: readonly (Row | undefined)[]): Promise<void> {
  const visitOf = (row: Row): string | undefined => (table === VISITS ? row.id : str(row.visitId));
  const written = writtenOf(req);
  const touched = new Set<string>();
  for (const row of [...before, ...written]) {
    const id = row === undefined ? undefined : visitOf(row);
    if (id !== undefined) touched.add(id);
  }
  if (touched.size === 0) return Promise.resolve();
  journalVisits(touched);
  const known = new Map<string, FactVisit>();
  if (table === VISITS && res.numFailures === 0) for (const v of written) known.set(v.id, v as unknown as FactVisit);
  const ids = [...touched];
  return readVisitRecords(core, req.trans, ids, known).then((now) => {
    const puts: VisitFact[] = [];
    for (const id of ids) {
      const v = now.visits.get(id);
      const f = v === undefined ? null : factOfVisit(v, now.amendments.get(id) ?? []);
      if (f !== null) puts.push(f);
    }
    const oldKeys = factsBefore(table, ids, req, before, now).map(visitPackKey);
    return writeVisitFacts(core, req.trans, touched, oldKeys, puts);
  });
}

export const reportVisitsModel: ReadModel = {
  name: 'reportVisitPacks',
  store: VISIT_PACKS,
  sources: [VISITS, AMENDMENTS],
  reads: [VISITS, AMENDMENTS],
  needsRowsBefore: true,
  follow: followReportVisits,
};
