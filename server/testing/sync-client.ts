/**
 * A minimal sync client for server tests: numbers its mutations gap-free, stamps them with its own HLC clock,
 * pushes through `app.inject`, and pulls until `hasMore` is false, keeping the rows it holds (like a device).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { generateDemoData } from '../../shared/demo/generate';
import { buildResidentProfile } from '../../shared/demo/builders';
import type { AdlAssessmentData } from '../../shared/assessment';
import { createHlcClock, type HlcClock } from '../../shared/hlc';
import type { ResidentData } from '../../shared/resident';
import type { Change, Evict, Mutation, PullResponse, PushResponse } from '../../shared/sync/protocol';
import type { Harness, Session } from './harness';

export function residentData(communityId: string, overrides: Partial<ResidentData> = {}): ResidentData {
  return { ...buildResidentProfile({ communityId }), status: 'active', statusDate: null, statusReason: '', latestAdl: null, ...overrides };
}

const DEMO_ASSESSMENT = generateDemoData({ residents: 1, assessmentsPerResident: [1, 1] }).assessments[0];

export function assessmentData(residentId: string): AdlAssessmentData {
  if (!DEMO_ASSESSMENT) throw new Error('demo generator made no assessment');
  return { ...DEMO_ASSESSMENT.data, residentId };
}

export function newId(): string {
  return randomUUID();
}

export class TestSyncClient {
  readonly clientId: string;
  mid = 0;
  readonly clock: HlcClock;
  cursor = '';
  /** What this device holds: key type/id → latest change. */
  readonly rows = new Map<string, Change>();
  readonly evicted: Evict[] = [];

  constructor(
    private readonly h: Harness,
    public session: Session,
    clientId: string = randomBytes(8).toString('hex'),
  ) {
    this.clientId = clientId;
    this.clock = createHlcClock(clientId, () => h.clock.now);
  }

  /** `fields`: any plain object (ResidentData, AdlAssessmentData, a patch); copied. */
  mutation(type: string, id: string, op: Mutation['op'], fields: object = {}, baseSeq = 0): Mutation {
    this.mid += 1;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) copy[k] = v;
    return { mid: this.mid, type, id, op, fields: copy, hlc: this.clock.tick(), baseSeq };
  }

  seqOf(type: string, id: string): number {
    return this.rows.get(`${type}/${id}`)?.seq ?? 0;
  }

  pushRaw(mutations: Mutation[], extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
    return this.h.call('POST', '/sync/push', {
      token: this.session.accessToken,
      body: { protocol: 1, schemaVersion: 1, clientId: this.clientId, mutations, ...extra },
    });
  }

  async push(mutations: Mutation[]): Promise<PushResponse> {
    const res = await this.pushRaw(mutations);
    if (res.statusCode !== 200) throw new Error(`push failed: ${res.statusCode} ${res.body}`);
    return res.json<PushResponse>();
  }

  pullRaw(cursor: string, limit?: number, schemaVersion = 1): Promise<LightMyRequestResponse> {
    const q = new URLSearchParams({ schemaVersion: String(schemaVersion) });
    if (cursor !== '') q.set('cursor', cursor);
    if (limit !== undefined) q.set('limit', String(limit));
    return this.h.call('GET', `/sync/pull?${q.toString()}`, { token: this.session.accessToken });
  }

  /** Pulls pages until hasMore is false, applying evictions then changes; returns every page. */
  async pullAll(limit?: number): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    for (let i = 0; i < 10_000; i++) {
      const res = await this.pullRaw(this.cursor, limit);
      if (res.statusCode !== 200) throw new Error(`pull failed: ${res.statusCode} ${res.body}`);
      const page = res.json<PullResponse>();
      pages.push(page);
      for (const e of page.evict) {
        this.evicted.push(e);
        for (const [k, row] of this.rows) {
          const gone =
            'bucket' in e ? row.bucket === e.bucket
            : 'erased' in e ? row.id === e.erased || row.data.residentId === e.erased
            : (row.type === e.type && row.id === e.id) || row.data.residentId === e.id;
          if (gone) this.rows.delete(k);
        }
      }
      for (const c of page.changes) {
        const k = `${c.type}/${c.id}`;
        const have = this.rows.get(k);
        if (!have || have.seq < c.seq) this.rows.set(k, c);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return pages;
    }
    throw new Error('pull did not finish');
  }
}
