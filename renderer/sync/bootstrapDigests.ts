/**
 * The per-resident digests and the funding reports' facts of a bootstrap onto an empty device, folded in
 * memory from the rows as they are stored, so the end of the bootstrap writes 10,000 digests and the facts'
 * packs at once instead of reading 200,000 visits back (renderer/db/readModels: the bootstrap's chunks are
 * stored with maintenance suspended).
 *
 * Invariants:
 * - Fed only rows that a committed chunk stored, exactly as stored, each once, on a device whose digest
 *   sources were empty when the bootstrap began (the caller's decision, see runBootstrap).
 * - The digest kept for a resident equals shared/digest.ts digestOf over the rows fed so far, or the resident
 *   is in `unsure`: the rows arrive by (type, id), so a resident's assessments, acknowledgements and plans
 *   (types before `resident`) are held until its row comes and go into its first digest; its visits (after
 *   it) are folded in with foldNewVisit, which declines what it cannot be sure of; amendments, a visit
 *   before its resident, and whatever foldNewVisit declines make it unsure, and the
 *   end recomputes those from the stored records (readModels/rebuild.ts installDigests).
 * - Report facts likewise: a resident's fact is made from its row and its held assessments and plans (its
 *   digest's unsure residents are unsure here too); a visit's fact is visitFactOf of its row alone, and a visit
 *   with an amendment in the stream is unsure. The end recomputes the unsure ones
 *   (readModels/reportRebuild.ts installReportFacts).
 */
import { digestOf, foldNewVisit, type DigestAck, type DigestAssessment, type DigestPlanInput, type DigestResident, type DigestVisit, type ResidentDigest } from '../../shared/digest';
import type { FactAssessment, FactPlan, FactResident, FactVisit, ResidentFact, VisitFact } from '../../shared/reports/facts';
import type { SyncedTableName } from '../db/outbox';
import { DIGEST_SOURCES } from '../db/readModels';
import type { FoldedFacts } from '../db/readModels/reportRebuild';
import { factOfResident, factOfVisit } from '../db/readModels/reportRows';

const SOURCES: ReadonlySet<string> = new Set(DIGEST_SOURCES);

type Held = { assessments: DigestAssessment[]; plans: DigestPlanInput[]; acks: DigestAck[] };

export class BootstrapDigests {
  private readonly held = new Map<string, Held>();
  private readonly kept = new Map<string, ResidentDigest>();
  readonly unsure = new Set<string>();
  private readonly residentFacts: ResidentFact[] = [];
  private readonly visitFacts: VisitFact[] = [];
  private readonly unsureVisits = new Set<string>();

  private holdFor(rid: string): Held {
    let h = this.held.get(rid);
    if (!h) {
      h = { assessments: [], plans: [], acks: [] };
      this.held.set(rid, h);
    }
    return h;
  }

  /** One stored row of `table`. */
  add(table: SyncedTableName, row: Record<string, unknown>): void {
    const id = String(row.id);
    if (!SOURCES.has(table)) return;
    if (table === 'visitAmendments' && typeof row.visitId === 'string') this.unsureVisits.add(row.visitId);
    if (table === 'visits') {
      const fact = factOfVisit(row as unknown as FactVisit, []);
      if (fact !== null) this.visitFacts.push(fact);
    }
    const rid = table === 'residents' ? id : typeof row.residentId === 'string' ? row.residentId : undefined;
    if (rid === undefined) return;
    if (this.unsure.has(rid)) return;
    switch (table) {
      case 'assessments':
      case 'carePlans':
      case 'alertAcks': {
        if (this.kept.has(rid)) {
          this.unsure.add(rid); // after its resident: not in the stream's order
          return;
        }
        const h = this.holdFor(rid);
        if (table === 'assessments') h.assessments.push(row as unknown as DigestAssessment);
        else if (table === 'carePlans') h.plans.push(row as unknown as DigestPlanInput);
        else h.acks.push(row as unknown as DigestAck);
        return;
      }
      case 'residents': {
        const h = this.held.get(rid);
        this.held.delete(rid);
        this.kept.set(rid, digestOf(row as unknown as DigestResident, [], [], h?.assessments ?? [], h?.plans ?? [], h?.acks ?? []));
        const fact = factOfResident(row as unknown as FactResident, (h?.assessments ?? []) as unknown as FactAssessment[], (h?.plans ?? []) as unknown as FactPlan[]);
        if (fact !== null) this.residentFacts.push(fact);
        return;
      }
      case 'visits': {
        const d = this.kept.get(rid);
        const next = d === undefined ? null : foldNewVisit(d, row as unknown as DigestVisit);
        if (next === null) this.unsure.add(rid);
        else this.kept.set(rid, next);
        return;
      }
      default:
        this.unsure.add(rid); // amendments (one may change any of its visits), and any source added later
    }
  }

  /** The digests known for sure (residents in `unsure` left out). */
  digests(): ResidentDigest[] {
    const out: ResidentDigest[] = [];
    for (const [rid, d] of this.kept) if (!this.unsure.has(rid)) out.push(d);
    return out;
  }

  /** The report facts folded (residents in `unsure`, or orphans, recomputed at the end). */
  facts(): FoldedFacts {
    const unsureResidents = new Set([...this.unsure, ...this.orphans()]);
    return { residents: this.residentFacts.filter((f) => !unsureResidents.has(f.id)), visits: this.visitFacts, unsureResidents, unsureVisits: this.unsureVisits };
  }

  /** Residents whose held rows never met their resident row: recomputed (their digest, if any, is gone). */
  orphans(): string[] {
    return [...this.held.keys()];
  }
}
