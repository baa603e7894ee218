/**
 * The per-resident digest read model (`residentDigests`, schema v6): one row per resident row, equal to
 * shared/digest.ts digestOf over that resident's records as they are committed.
 *
 * How one mutation of a source table is followed (model.ts runs this inside the mutation's transaction):
 * - the residents it touches are found from the rows it replaces or removes (read just before it) and the
 *   rows it writes; each resident's digest is then changed once per request, however many of its rows the
 *   request carries (a pulled page of 2,000 rows, a bootstrap chunk);
 * - cheap cases are folded into the stored digest without reading the resident's records, and only where the
 *   result is provably what a recompute gives: a resident's own fields changed (withResident), and visits
 *   new to the store that are later than everything the digest refers to (foldNewVisit, which declines the
 *   rest); a row written again unchanged changes nothing;
 * - the resident's alert row (alertRows.ts) is written or removed with its digest;
 * - everything else (voids, amendments, deletes, assessments, plans, acknowledgements, a row moving to
 *   another resident, a resident without a digest yet) recomputes that resident's digest from its own rows,
 *   read through the residentId indexes. A resident row that no longer exists loses its digest.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTransaction } from 'dexie';
import { instantKey } from '../../../shared/alerts';
import { digestOf, foldNewVisit, withResident, type DigestAck, type DigestAmendment, type DigestAssessment, type DigestPlanInput, type DigestResident, type DigestVisit, type ResidentDigest } from '../../../shared/digest';
import { jsonEqual } from '../../../shared/json';
import { ALERT_ROWS, writeDigestsAndAlertRows } from './alertRows';
import { ACKS, AMENDMENTS, ASSESSMENTS, DIGEST_SOURCES, DIGESTS, getMany, PLANS, RESIDENTS, rowsOfResident, VISITS } from './core';
import type { ReadModel } from './model';

type Row = { id: string; residentId?: string };

const residentOf = (table: string, row: Row): string | undefined => (table === RESIDENTS ? row.id : row.residentId);

/**
 * The digests of `ids` recomputed from their rows: the ones to store, and the ids whose resident is gone.
 * `known`: resident rows the caller has just written in this transaction (read from the store otherwise).
 */
export function recomputeDigests(core: DBCore, trans: DBCoreTransaction, ids: readonly string[], known: ReadonlyMap<string, DigestResident> = new Map()): Promise<{ puts: ResidentDigest[]; gone: string[] }> {
  const unknown = ids.filter((id) => !known.has(id));
  return getMany<DigestResident>(core, trans, RESIDENTS, unknown).then((read) => {
    const fromStore = new Map(unknown.map((id, i) => [id, read[i]]));
    const residents = ids.map((id) => known.get(id) ?? fromStore.get(id));
    const gone: string[] = [];
    const present: DigestResident[] = [];
    residents.forEach((r, i) => {
      if (r === undefined) gone.push(ids[i] ?? '');
      else present.push(r);
    });
    return Promise.all(
      present.map((r) =>
        Promise.all([
          rowsOfResident<DigestVisit>(core, trans, VISITS, r.id),
          rowsOfResident<DigestAmendment>(core, trans, AMENDMENTS, r.id),
          rowsOfResident<DigestAssessment>(core, trans, ASSESSMENTS, r.id),
          rowsOfResident<DigestPlanInput>(core, trans, PLANS, r.id),
          rowsOfResident<DigestAck>(core, trans, ACKS, r.id),
        ]).then(([visits, amendments, assessments, plans, acks]) => digestOf(r, visits, amendments, assessments, plans, acks)),
      ),
    ).then((puts) => ({ puts, gone }));
  });
}

const visitOrder = (a: DigestVisit, b: DigestVisit): number => {
  const ta = instantKey(a.startedAt);
  const tb = instantKey(b.startedAt);
  return ta !== tb ? (ta < tb ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** Keeps residentDigests in step with one mutation of `table` (see the header). */
export function followDigests(core: DBCore, table: string, req: DBCoreMutateRequest, res: DBCoreMutateResponse, before: readonly (Row | undefined)[]): Promise<void> {
  const recompute = new Set<string>();
  const newVisits = new Map<string, DigestVisit[]>();
  const residentRows = new Map<string, DigestResident>();
  // Resident rows this request stored (the last value of an id wins, as in the store): not read back.
  const written = new Map<string, DigestResident>();

  if ((req.type === 'add' || req.type === 'put') && res.numFailures === 0) {
    req.values.forEach((value: Row, i) => {
      if (table === RESIDENTS) written.set(value.id, value as DigestResident);
      const old = before[i];
      const rid = residentOf(table, value);
      const oldRid = old === undefined ? undefined : residentOf(table, old);
      if (rid === undefined) {
        if (oldRid !== undefined) recompute.add(oldRid);
        return;
      }
      if (old !== undefined && oldRid !== rid) {
        if (oldRid !== undefined) recompute.add(oldRid);
        recompute.add(rid);
      } else if (table === RESIDENTS) {
        if (old === undefined) recompute.add(rid);
        else residentRows.set(rid, value as DigestResident);
      } else if (table === VISITS && old === undefined) {
        const list = newVisits.get(rid);
        if (list) list.push(value as DigestVisit);
        else newVisits.set(rid, [value as DigestVisit]);
      } else if (old === undefined || !jsonEqual(old, value)) {
        recompute.add(rid);
      }
    });
  } else {
    // Deletes, and writes some of whose operations failed: recompute whoever the request may have touched.
    for (const old of before) {
      const rid = old === undefined ? undefined : residentOf(table, old);
      if (rid !== undefined) recompute.add(rid);
    }
    if (req.type === 'add' || req.type === 'put') {
      for (const v of req.values as Row[]) {
        const rid = residentOf(table, v);
        if (rid !== undefined) recompute.add(rid);
      }
    }
  }

  const folding = [...new Set([...residentRows.keys(), ...newVisits.keys()])].filter((id) => !recompute.has(id));
  return getMany<ResidentDigest>(core, req.trans, DIGESTS, folding).then((stored) => {
    const puts: ResidentDigest[] = [];
    folding.forEach((id, i) => {
      let d: ResidentDigest | null | undefined = stored[i];
      if (d === undefined) {
        recompute.add(id); // not built yet, or no resident: the recompute tells
        return;
      }
      const r = residentRows.get(id);
      if (r !== undefined) d = withResident(d, r);
      for (const v of (newVisits.get(id) ?? []).sort(visitOrder)) {
        d = foldNewVisit(d, v);
        if (d === null) break;
      }
      if (d === null) recompute.add(id);
      else puts.push(d);
    });
    return recomputeDigests(core, req.trans, [...recompute], written).then((r) => writeDigestsAndAlertRows(core, req.trans, [...puts, ...r.puts], r.gone));
  });
}

export const digestsModel: ReadModel = {
  name: 'residentDigests',
  store: DIGESTS,
  sources: DIGEST_SOURCES,
  // alertRows is written with the digests (alertRows.ts): listing it here widens the transaction to it and
  // leaves the model inactive while it does not exist yet, as for the stores it reads.
  reads: [...DIGEST_SOURCES, ALERT_ROWS],
  needsRowsBefore: true,
  follow: followDigests,
};
