/**
 * The Reports page's calls to the municipal server (server/reports/*), with the signed-in session's token
 * through the sync client's HttpClient: the XLSX a browser cannot write itself, and submitted reports (mark a
 * period as submitted, list a period's submissions, open one with its late changes). Every answer is checked
 * against a schema before it is used; failures are SyncFailure with the server's stable code.
 */
import * as z from 'zod/mini';
import type { ReportFilter } from '../../../shared/reports/definitions';
import type { PeriodSpec } from '../../../shared/reports/period';
import type { SubmittedFigures } from '../../../shared/reports/snapshot';
import type { WorkbookSpec } from '../../../shared/reports/workbook';
import { HttpClient, SyncFailure, type FetchLike, type TokenProvider } from '../../sync/http';

const summarySchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  submittedBy: z.string(),
  submittedByName: z.string(),
  submittedAt: z.string(),
  serviceRows: z.number().check(z.int()),
  serviceTotalSatang: z.number().check(z.int()),
});
export type SnapshotSummary = z.infer<typeof summarySchema>;

const lateChangeSchema = z.object({
  record: z.enum(['resident', 'visit']),
  id: z.string(),
  kind: z.enum(['added', 'changed', 'removed']),
  date: z.optional(z.string()),
  residentId: z.optional(z.string()),
  name: z.optional(z.string()),
  caregiverId: z.optional(z.string()),
  outcome: z.optional(z.string()),
});
export type LateChangeDetail = z.infer<typeof lateChangeSchema>;

const countTable = z.object({ columns: z.array(z.string()), rows: z.array(z.object({ key: z.string(), n: z.array(z.number()) })), total: z.array(z.number()) });
// The service rows are ServiceRow as the server's computeReportSql produced them; their shape is checked loosely.
const figuresSchema = z.object({
  from: z.string(),
  to: z.string(),
  months: z.array(z.string()),
  service: z.array(z.looseObject({ residentId: z.string(), amountSatang: z.number().check(z.int()) })),
  serviceTotalSatang: z.number().check(z.int()),
  tables: z.record(z.string(), countTable),
});

export interface OpenedSnapshot {
  snapshot: SnapshotSummary;
  figures: SubmittedFigures;
  lateChanges: LateChangeDetail[];
}

function parsed<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new SyncFailure('protocol', `${what}: unexpected answer`);
  return r.data;
}

export class ReportsApi {
  private readonly http: HttpClient;

  constructor(o: { baseUrl: string; tokens: TokenProvider; fetch?: FetchLike }) {
    this.http = new HttpClient({ baseUrl: o.baseUrl, tokens: o.tokens, timeoutMs: 120_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
  }

  /** The XLSX file of `workbook`, written by the server. */
  async renderXlsx(workbook: WorkbookSpec): Promise<Uint8Array> {
    const answer = await this.http.binary('POST', '/reports/xlsx', { json: { workbook } });
    return new Uint8Array(answer.bytes);
  }

  async submit(period: PeriodSpec, filter: ReportFilter): Promise<SnapshotSummary> {
    const answer = await this.http.json('POST', '/reports/snapshots', { period, filter });
    return parsed(z.object({ snapshot: summarySchema }), answer, 'submit').snapshot;
  }

  async list(from: string, to: string): Promise<SnapshotSummary[]> {
    const answer = await this.http.json('GET', `/reports/snapshots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    return parsed(z.object({ snapshots: z.array(summarySchema) }), answer, 'list').snapshots;
  }

  async open(id: string): Promise<OpenedSnapshot> {
    const answer = await this.http.json('GET', `/reports/snapshots/${encodeURIComponent(id)}`);
    const r = parsed(z.object({ snapshot: summarySchema, figures: figuresSchema, lateChanges: z.array(lateChangeSchema) }), answer, 'open');
    return { snapshot: r.snapshot, figures: r.figures as unknown as SubmittedFigures, lateChanges: r.lateChanges };
  }
}
