/**
 * Submitted reports: what "mark as submitted" keeps, so a submitted period is produced again identically
 * after later corrections, and those corrections are listed (docs/domain.md §6).
 *
 * A snapshot keeps the figures as submitted (their counts and the service list, without the ids behind each
 * number) and a fingerprint of every fact they were computed from: each resident and visit id with a short
 * hash of its fact. Re-exporting a submitted period uses the kept figures; the late changes are the facts
 * added, changed or removed since, found by comparing fingerprints.
 *
 * Invariants:
 * - factHash is a pure function of the fact's content (keys in a fixed order), equal on device and server.
 * - lateChanges(s, facts) is empty exactly when the facts of the period hash as they did at submission.
 */
import * as z from 'zod/mini';
import type { ReportFigures, Table } from './definitions';
import type { ResidentFact, VisitFact } from './facts';

export interface Fingerprint {
  /** [id, hash] sorted by id. */
  residents: [string, string][];
  visits: [string, string][];
}

/** A table's counts without the ids behind them. */
export type CountTable = { columns: readonly string[]; rows: { key: string; n: number[] }[]; total: number[] };

export type SubmittedFigures = Omit<ReportFigures, 'register' | 'tai' | 'plans' | 'visitsByCaregiver' | 'visitsByCommunity' | 'changes' | 'findings' | 'monthly'> & {
  tables: Record<'register' | 'tai' | 'plans' | 'visitsByCaregiver' | 'visitsByCommunity' | 'changes' | 'findings' | 'monthly', CountTable>;
};

export const TABLE_NAMES = ['register', 'tai', 'plans', 'visitsByCaregiver', 'visitsByCommunity', 'changes', 'findings', 'monthly'] as const;

/** 53-bit FNV-1a style hash of a string as 11 base-36 characters: enough to tell a changed fact, not a security hash. */
function hash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const hi = (h1 >>> 0) & 0x1fffff;
  const lo = h2 >>> 0;
  return (hi * 2 ** 32 + lo).toString(36).padStart(11, '0');
}

/** Canonical JSON: object keys sorted at every level. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function factHash(fact: ResidentFact | VisitFact): string {
  return hash(canonical(fact));
}

const byFirst = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * A resident's fact as the period [.., to] sees it: assessments and approvals after its end, and a status
 * that changed after it, do not touch the period's figures, so they leave the fingerprint alone.
 */
export function residentAsOf(r: ResidentFact, to: string): ResidentFact {
  const later = r.statusDate !== null && r.statusDate > to;
  return {
    ...r,
    status: later ? 'active' : r.status,
    statusDate: later ? null : r.statusDate,
    adl: r.adl.filter((a) => a.on <= to),
    plans: r.plans.filter((p) => (p.approvedOn !== null && p.approvedOn <= to) || (p.fundApprovedOn !== null && p.fundApprovedOn <= to)),
  };
}

/**
 * The fingerprint of the facts behind `figures` (computed with their ids): the residents the report counts and
 * the visits it counts.
 */
export function fingerprintOf(figures: ReportFigures, residents: readonly ResidentFact[], visits: readonly VisitFact[]): Fingerprint {
  const counted = new Set(figures.register.total.total.ids);
  const countedVisits = new Set([...figures.visitsByCommunity.total.planned.ids, ...figures.visitsByCommunity.total.unplanned.ids]);
  return {
    residents: residents.filter((r) => counted.has(r.id)).map((r): [string, string] => [r.id, factHash(residentAsOf(r, figures.to))]).sort(byFirst),
    visits: visits.filter((v) => countedVisits.has(v.id)).map((v): [string, string] => [v.id, factHash(v)]).sort(byFirst),
  };
}

function countTable(t: Table<string>): CountTable {
  return { columns: t.columns, rows: t.rows.map((r) => ({ key: r.key, n: t.columns.map((c) => r.cells[c]?.n ?? 0) })), total: t.columns.map((c) => t.total[c]?.n ?? 0) };
}

/** The figures as kept at submission: counts and the service list. */
export function submittedFigures(f: ReportFigures): SubmittedFigures {
  const tables = Object.fromEntries(TABLE_NAMES.map((name) => [name, countTable(f[name] as Table<string>)])) as SubmittedFigures['tables'];
  return { from: f.from, to: f.to, months: f.months, service: f.service, serviceTotalSatang: f.serviceTotalSatang, tables };
}

export type LateChangeKind = 'added' | 'changed' | 'removed';
export interface LateChange {
  record: 'resident' | 'visit';
  id: string;
  kind: LateChangeKind;
}

function diff(record: LateChange['record'], before: readonly [string, string][], after: readonly [string, string][]): LateChange[] {
  const was = new Map(before);
  const out: LateChange[] = [];
  const seen = new Set<string>();
  for (const [id, h] of after) {
    seen.add(id);
    const old = was.get(id);
    if (old === undefined) out.push({ record, id, kind: 'added' });
    else if (old !== h) out.push({ record, id, kind: 'changed' });
  }
  for (const [id] of before) if (!seen.has(id)) out.push({ record, id, kind: 'removed' });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What changed in the period's facts since the snapshot: residents first, then visits, each by id. */
export function lateChanges(submitted: Fingerprint, now: Fingerprint): LateChange[] {
  return [...diff('resident', submitted.residents, now.residents), ...diff('visit', submitted.visits, now.visits)];
}

const pair = z.tuple([z.string().check(z.minLength(1), z.maxLength(64)), z.string().check(z.length(11))]);
export const fingerprintSchema = z.strictObject({ residents: z.array(pair).check(z.maxLength(100_000)), visits: z.array(pair).check(z.maxLength(2_000_000)) });

/** Submitted figures as ReportFigures (cells without ids), so exports of a submitted report are built as any other. */
export function figuresFromSubmitted(s: SubmittedFigures): ReportFigures {
  const table = (t: CountTable): Table<string> => ({
    columns: t.columns,
    rows: t.rows.map((r) => ({ key: r.key, cells: Object.fromEntries(t.columns.map((c, i) => [c, { n: r.n[i] ?? 0, ids: [] }])) })),
    total: Object.fromEntries(t.columns.map((c, i) => [c, { n: t.total[i] ?? 0, ids: [] }])),
  });
  const tables = Object.fromEntries(TABLE_NAMES.map((name) => [name, table(s.tables[name])]));
  return { from: s.from, to: s.to, months: s.months, service: s.service, serviceTotalSatang: s.serviceTotalSatang, ...tables } as unknown as ReportFigures;
}
