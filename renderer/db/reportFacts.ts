/**
 * What the Reports page reads: every resident's report fact and the visit facts of a period
 * (shared/reports/facts.ts), from the read models that keep them as the records change
 * (readModels/reportRows.ts, docs/architecture.md "Read models"), in their packs (readModels/reportPacks.ts):
 * every resident pack (32 rows) and the visit packs of the period's months (32 rows a month), never every visit.
 *
 * Invariants:
 * - The result equals deriveReportFacts, the same facts derived from every record (the reference; tested
 *   equal, order included).
 * - The read models are read only while their marker vouches for them (readModels/marker.ts), in the same
 *   transaction; otherwise (a rebuild under way, a suspended bulk write) the facts are derived from the
 *   records, slowly but right.
 */
import { residentFactOf, visitFactOf, type ResidentFact, type VisitFact } from '../../shared/reports/facts';
import type { CareRoundsDb } from './db';
import { isCurrentBuild, READ_MODELS_KEY } from './readModels/marker';
import { visitPackRange } from './readModels/reportPacks';
import { sortById } from '../../shared/reports/definitions';

export interface ReportFacts {
  /** By resident id. */
  residents: ResidentFact[];
  /** Visit facts dated in [from, to], by id. */
  visits: VisitFact[];
}

function groupBy<T extends { residentId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.residentId);
    if (list) list.push(r);
    else map.set(r.residentId, [r]);
  }
  return map;
}

export async function readReportFacts(db: CareRoundsDb, from: string, to: string): Promise<ReportFacts> {
  const kept = await db.transaction('r', [db.meta, db.reportResidentPacks, db.reportVisitPacks], async () => {
    if (!isCurrentBuild(await db.meta.get(READ_MODELS_KEY))) return null;
    const [lower, upper] = visitPackRange(from.slice(0, 7), to.slice(0, 7));
    const [residentPacks, visitPacks] = await Promise.all([db.reportResidentPacks.toArray(), from > to ? [] : db.reportVisitPacks.where(':id').between(lower, upper, true, true).toArray()]);
    return { residentPacks, visitPacks };
  });
  if (kept === null) return deriveReportFacts(db, from, to);
  const visits: VisitFact[] = [];
  for (const p of kept.visitPacks) for (const f of p.facts) if (f.date >= from && f.date <= to) visits.push(f);
  return { residents: sortById(kept.residentPacks.flatMap((p) => p.facts)), visits: sortById(visits) };
}

/** The same facts derived from every record: the reference, and what is read while the read models are not trusted. */
export async function deriveReportFacts(db: CareRoundsDb, from: string, to: string): Promise<ReportFacts> {
  return db.transaction('r', [db.residents, db.assessments, db.carePlans, db.visits, db.visitAmendments], async () => {
    const [residents, assessments, plans, visits, amendments] = await Promise.all([
      db.residents.toArray(),
      db.assessments.toArray(),
      db.carePlans.toArray(),
      db.visits.toArray(),
      db.visitAmendments.toArray(),
    ]);
    const adlBy = groupBy(assessments);
    const plansBy = groupBy(plans);
    const residentFacts: ResidentFact[] = [];
    for (const r of residents) {
      const f = residentFactOf(r, adlBy.get(r.id) ?? [], plansBy.get(r.id) ?? []);
      if (f !== null) residentFacts.push(f);
    }
    const amendBy = new Map<string, typeof amendments>();
    for (const a of amendments) {
      const list = amendBy.get(a.visitId);
      if (list) list.push(a);
      else amendBy.set(a.visitId, [a]);
    }
    const visitFacts: VisitFact[] = [];
    for (const v of visits) {
      const f = visitFactOf(v, amendBy.get(v.id) ?? []);
      if (f !== null && f.date >= from && f.date <= to) visitFacts.push(f);
    }
    return { residents: sortById(residentFacts), visits: sortById(visitFacts) };
  });
}
