/**
 * sync.push.mutations_per_s: a device (a Node client signed in as a care manager over real HTTP) pushes
 * 1,000-mutation batches to the server on PostgreSQL holding the 210,000-record scope (residents and
 * visits). Each batch creates 100 new residents and 9 home visits of each (server/demoVisits.ts), as a
 * device that recorded them offline would send;
 * batches go one after another (a client pushes one at a time) and every mutation must come back applied.
 * Rate = mutations ÷ wall time from the first request to the last response, after one warm-up batch.
 * The browser devices of the other sync benches are closed first, so no device pulls meanwhile.
 *
 * sync.push.patch_mutations_per_s: the same with 1,000 patches of existing residents per batch (the rows
 * are read and merged, and every changed field recorded).
 */
import { randomBytes } from 'node:crypto';
import { createHlcClock } from '../../../shared/hlc';
import { MAX_MUTATIONS_PER_PUSH, PushResponse, type Mutation } from '../../../shared/sync/protocol';
import { RECORD_SCHEMA_VERSION } from '../../../shared/envelope';
import { generateVisits } from '../../../server/demoVisits';
import { DEFAULT_TODAY, generateDemoData } from '../../../shared/demo/generate';
import { round1, type BrowserBench } from '../support';
import { BENCH_PASSWORD, closeDevices, syncWorld, type SyncWorld } from './fixture';

const BATCH = 1_000;
const BATCHES = 20;
const RESIDENTS_PER_BATCH = 100;

interface NodeDevice {
  token: string;
  clientId: string;
  mid: number;
  tick(): string;
}

async function login(w: SyncWorld, username: string): Promise<NodeDevice> {
  const res = await fetch(new URL('/auth/login', w.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD, deviceName: 'bench push client' }),
  });
  if (!res.ok) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string };
  const clientId = randomBytes(8).toString('hex');
  const clock = createHlcClock(clientId, Date.now);
  return { token: body.accessToken, clientId, mid: 0, tick: () => clock.tick() };
}

async function pushBatch(w: SyncWorld, d: NodeDevice, mutations: Mutation[]): Promise<void> {
  const res = await fetch(new URL('/sync/push', w.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
    body: JSON.stringify({ protocol: 1, schemaVersion: RECORD_SCHEMA_VERSION, clientId: d.clientId, mutations }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`push: HTTP ${res.status} ${text.slice(0, 500)}`);
  const parsed = PushResponse.parse(JSON.parse(text));
  const bad = parsed.results.filter((r) => r.status !== 'applied');
  if (bad.length > 0) throw new Error(`push: ${bad.length} of ${mutations.length} not applied, e.g. ${JSON.stringify(bad[0])}`);
  if (parsed.lastMid !== mutations[mutations.length - 1]?.mid) throw new Error(`push: lastMid ${parsed.lastMid}`);
}

/** Sends the batches one after another; returns mutations per second over all but the first (warm-up). */
async function timed(w: SyncWorld, d: NodeDevice, batches: Mutation[][]): Promise<{ rate: number; batchMs: number[] }> {
  const [warm, ...rest] = batches;
  if (warm) await pushBatch(w, d, warm);
  const batchMs: number[] = [];
  const t0 = performance.now();
  for (const b of rest) {
    const s = performance.now();
    await pushBatch(w, d, b);
    batchMs.push(performance.now() - s);
  }
  const ms = performance.now() - t0;
  const n = rest.reduce((sum, b) => sum + b.length, 0);
  return { rate: n / (ms / 1000), batchMs };
}

const bench: BrowserBench = {
  name: 'sync.push',
  async run({ log }) {
    if (MAX_MUTATIONS_PER_PUSH < BATCH) throw new Error(`the protocol allows ${MAX_MUTATIONS_PER_PUSH} mutations per push, the bench sends ${BATCH}`);
    const w = await syncWorld();
    // The browser devices of the other benches would pull every batch as it lands: this measures the server.
    await closeDevices();

    // Creates: 100 residents, each followed by its 9 visits, per batch.
    const fresh = generateDemoData({ residents: RESIDENTS_PER_BATCH * (BATCHES + 1), seed: 4242, assessmentsPerResident: [0, 0] });
    const freshVisits = generateVisits(fresh.residents, { total: fresh.residents.length * 9, today: DEFAULT_TODAY, caregiverIds: [w.users.carer.id], seed: 4242 });
    const creator = await login(w, 'bench.manager2');
    const m = (d: NodeDevice, type: string, id: string, op: Mutation['op'], fields: object, baseSeq = 0): Mutation => ({
      mid: ++d.mid,
      type,
      id,
      op,
      fields: { ...fields },
      hlc: d.tick(),
      baseSeq,
    });
    const byResident = new Map<string, { id: string; data: object }[]>();
    for (const a of freshVisits) {
      const list = byResident.get(a.data.residentId) ?? [];
      list.push(a);
      byResident.set(a.data.residentId, list);
    }
    const creates: Mutation[][] = [];
    let batch: Mutation[] = [];
    for (const r of fresh.residents) {
      batch.push(m(creator, 'resident', r.id, 'create', r.data));
      for (const v of byResident.get(r.id) ?? []) batch.push(m(creator, 'visit', v.id, 'create', v.data));
      if (batch.length >= BATCH) {
        creates.push(batch);
        batch = [];
      }
    }
    if (batch.length > 0) creates.push(batch);
    if (creates.some((b) => b.length !== BATCH)) throw new Error('create batches are not all 1,000 mutations');
    const c = await timed(w, creator, creates);
    console.error(`[bench] sync.push creates: batch ms ${c.batchMs.map((x) => Math.round(x)).join(', ')}`);
    log({ bench: 'sync.push.mutations_per_s', value: round1(c.rate), unit: 'ops/s', target: 5_000, batch: BATCH, batches: creates.length - 1, mix: '100 residents + 900 visits' });

    // Patches of existing residents: a different field value each, on rows the server has to read and merge.
    const patcher = await login(w, 'bench.manager');
    const patches: Mutation[][] = [];
    for (let b = 0; b <= BATCHES; b++) {
      const list: Mutation[] = [];
      for (let i = 0; i < BATCH; i++) {
        const r = w.data.residents[(b * BATCH + i) % w.data.residents.length];
        if (!r) throw new Error('no resident');
        list.push(m(patcher, 'resident', r.id, 'patch', { nickname: `b${b}-${i}`, notes: `bench patch ${b}/${i}` }, w.seed.lastSeq));
      }
      patches.push(list);
    }
    const p = await timed(w, patcher, patches);
    console.error(`[bench] sync.push patches: batch ms ${p.batchMs.map((x) => Math.round(x)).join(', ')}`);
    log({ bench: 'sync.push.patch_mutations_per_s', value: round1(p.rate), unit: 'ops/s', batch: BATCH, batches: patches.length - 1 });
  },
};

export default bench;
