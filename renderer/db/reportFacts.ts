/**
 * What the Reports page reads: every resident's report fact and the visit facts of a period
 * (shared/reports/facts.ts). This first version derives them from the records on each read; the read models
 * that keep them as the records change replace its body, not its signature.
 */
import { residentFactOf, visitFactOf, type ResidentFact, type VisitFact } from '../../shared/reports/facts';
import type { CareRoundsDb } from './db';

export interface ReportFacts {
  residents: ResidentFact[];
  /** Visit facts dated in [from, to]. */
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
    return { residents: residentFacts, visits: visitFacts };
  });
}
