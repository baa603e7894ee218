/**
 * The PDPA calls to the municipal server (server/pdpa/routes.ts) with the signed-in session's token: a
 * person's complete export, erasure requests and their approval, the retention setting. Every answer is
 * checked against a schema; failures are SyncFailure with the server's stable code.
 */
import * as z from 'zod/mini';
import type { ErasureRequestInput, RetentionRun, RetentionSetting } from '../../../shared/pdpa/erasure';
import { retentionRunSchema, retentionSettingSchema } from '../../../shared/pdpa/erasure';
import { subjectExportSchema, type SubjectExport } from '../../../shared/pdpa/export';
import { HttpClient, SyncFailure, type FetchLike, type TokenProvider } from '../../sync/http';

const requestSchema = z.object({
  id: z.string(),
  residentId: z.nullable(z.string()),
  requestedBy: z.string(),
  requestedOn: z.string(),
  reason: z.string(),
  recordedBy: z.nullable(z.string()),
  status: z.enum(['pending', 'erased']),
  source: z.enum(['request', 'retention']),
});
export type ErasureRequestView = z.infer<typeof requestSchema>;

function parsed<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new SyncFailure('protocol', `${what}: unexpected answer`);
  return r.data;
}

export class PdpaApi {
  private readonly http: HttpClient;

  constructor(o: { baseUrl: string; tokens: TokenProvider; fetch?: FetchLike }) {
    this.http = new HttpClient({ baseUrl: o.baseUrl, tokens: o.tokens, timeoutMs: 120_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
  }

  async exportResident(residentId: string): Promise<SubjectExport> {
    return parsed(subjectExportSchema, await this.http.json('GET', `/pdpa/residents/${encodeURIComponent(residentId)}/export`), 'export');
  }

  async requestErasure(input: ErasureRequestInput): Promise<ErasureRequestView> {
    return parsed(z.object({ request: requestSchema }), await this.http.json('POST', '/pdpa/erasures', input), 'erasure').request;
  }

  async listErasures(): Promise<ErasureRequestView[]> {
    return parsed(z.object({ requests: z.array(requestSchema) }), await this.http.json('GET', '/pdpa/erasures'), 'erasures').requests;
  }

  async approve(id: string): Promise<number> {
    const answer = await this.http.json('POST', `/pdpa/erasures/${encodeURIComponent(id)}/approve`, {});
    return parsed(z.object({ erased: z.object({ records: z.number() }) }), answer, 'approve').erased.records;
  }

  /** The setting, and the job's last run (null before the first). */
  async retention(): Promise<{ setting: RetentionSetting; lastRun: RetentionRun | null }> {
    const answer = parsed(z.object({ retention: retentionSettingSchema, lastRun: z.nullable(retentionRunSchema) }), await this.http.json('GET', '/pdpa/retention'), 'retention');
    return { setting: answer.retention, lastRun: answer.lastRun };
  }

  async setRetention(setting: RetentionSetting): Promise<void> {
    await this.http.json('PUT', '/pdpa/retention', setting);
  }

  async runRetention(): Promise<number> {
    return parsed(z.object({ erased: z.number() }), await this.http.json('POST', '/pdpa/retention/run', {}), 'retention run').erased;
  }
}
