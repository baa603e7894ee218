/**
 * Many devices, one server, an unreliable network.
 *
 * Six devices (two care managers, four caregivers with overlapping and disjoint communities), each the REAL
 * renderer stack: its own Dexie database on fake-indexeddb, writes through the repository, SyncAuth and
 * SyncClient over real HTTP. They reach the real server (server/app.ts, on PGlite in a folder on disk or on
 * PostgreSQL) only through server/testing/fault-proxy.ts, which drops requests, drops answers after the
 * server committed, cuts answers mid-body and restarts the server (close app and database, open both again
 * on the same data) while a push is in flight.
 *
 * Each seeded run: several rounds of random offline edits (create, the same field and different fields of
 * shared residents, delete, restore, ADL assessments and voids, home visits, their amendments and voids,
 * community moves, conflict resolutions), then
 * the devices sync in random order, some concurrently, under faults. Then the faults stop and every device
 * syncs until two full passes change nothing. What must hold:
 * - every outbox is empty;
 * - every device holds exactly the server's rows of its scope (data, HLCs, tombstones, seq, bucket), and a
 *   caregiver holds nothing outside her communities and no conflicts;
 * - every mutation a device saw acknowledged (its outbox entry removed) is in the server's history as sent,
 *   and each value it wrote is the current value, a conflict's losing value, or was overwritten by a write
 *   that had seen it (or by its own device): nothing acknowledged is missing;
 * - every visit and amendment a device wrote is on the server (or, refused because its resident left the
 *   writer's scope first, kept on the device as a withdrawn copy), hence on every device in scope, and no
 *   conflict is ever about a visit or an amendment (they are append-only).
 *
 * Replay: the seed is printed with every failure; MULTI_CLIENT_SEED=<n>[,<n>...] runs those seeds only and
 * MULTI_CLIENT_SEQUENTIAL=1 syncs one device at a time (the concurrent groups can interleave requests
 * differently from run to run, which changes which request draws which fault).
 */
import 'fake-indexeddb/auto';
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENVELOPE_KEYS, expandHlc } from '../../shared/envelope';
import { TOMBSTONE_FIELD } from '../../shared/sync/formats';
import type { ServerRow } from '../../shared/sync/merge';
import { alertId, type Alert } from '../../shared/alerts';
import { syncTypeOfTable } from '../../shared/sync/records';
import { emptyVisitForm, validateVisitForm, type VisitFormOutput } from '../../shared/visitForm';
import { acknowledgeAlert } from '../../renderer/db/alerts';
import { recordAdlAssessment, voidAssessment } from '../../renderer/db/assessments';
import { createCarePlan } from '../../renderer/db/carePlans';
import { amendVisit, recordVisit, voidVisit } from '../../renderer/db/visits';
import { openStore, type CareRoundsDb } from '../../renderer/db/db';
import { isStoreError } from '../../renderer/db/errors';
import { ensureDevice } from '../../renderer/db/meta';
import type { OutboxEntry } from '../../renderer/db/outbox';
import { createRecord, deleteRecord, patchRecord, restoreRecord } from '../../renderer/db/repository';
import { buildAdlForm, buildProfile, freshDbName } from '../../renderer/db/testing';
import { IDBFactory } from 'fake-indexeddb';
import { createBrowserHost } from '../../renderer/host/browser-host';
import type { Host } from '../../renderer/host/host';
import { SyncAuth } from '../../renderer/sync/auth';
import { SyncClient, SyncFailure, type FetchLike } from '../../renderer/sync/client';
import { resolveConflict } from '../../renderer/sync/conflicts';
import { buildServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { createUser } from '../../server/users';
import { RECORD_COLUMNS, toServerRow, type RecordRow } from '../../server/sync/store';
import { describeBackends, type Backend, type ReopenableDb } from '../../server/testing/backends';
import { seededRandom, startFaultProxy, type FaultMode, type FaultProxy } from '../../server/testing/fault-proxy';
import { DEFAULT_TEST_PASSWORD, HOOK_TIMEOUT_MS, startHarness, type Harness } from '../../server/testing/harness';

const COMMUNITIES = ['c-01', 'c-02', 'c-03'];
const SEEDS = process.env.MULTI_CLIENT_SEED ? process.env.MULTI_CLIENT_SEED.split(',').map(Number) : [101, 202, 303];
const SEQUENTIAL = process.env.MULTI_CLIENT_SEQUENTIAL === '1';
const ROUNDS = 4;
const FAULTS = { pass: 10, drop_request: 1.5, drop_response: 1.5, cut_response: 1.5, restart: 0.4 } as const;
const isPush = (method: string, path: string): boolean => method === 'POST' && path === '/sync/push';

interface Person {
  username: string;
  role: 'caregiver' | 'care_manager';
  communities: string[];
}

const PEOPLE: Person[] = [
  { username: 'somchai', role: 'care_manager', communities: [] },
  { username: 'wipa', role: 'care_manager', communities: [] },
  { username: 'malee', role: 'caregiver', communities: ['c-01', 'c-02'] },
  { username: 'nid', role: 'caregiver', communities: ['c-02'] },
  { username: 'pim', role: 'caregiver', communities: ['c-03'] },
  { username: 'dao', role: 'caregiver', communities: ['c-01'] },
];

interface Device {
  person: Person;
  userId: string;
  clientId: string;
  db: CareRoundsDb;
  client: SyncClient;
  /** Every outbox entry this device ever queued, by mid. */
  queued: Map<number, OutboxEntry>;
  /** Mids whose entries left the outbox: the client saw them acknowledged. */
  acked: Set<number>;
  /** The device's keychain (refresh token), kept when the app is "closed" and opened again. */
  /** The device's host: its keychain (device key and refresh token), kept across a reopen. */
  host: Host;
}

/** Sync client settings of a world (the bootstrap test uses small chunks and pages). */
interface ClientSettings {
  bootstrapChunk?: number;
  bootstrapBehindRows?: number;
  pullLimit?: number;
}

interface ServerInstance {
  app: FastifyInstance;
  db: Db;
  port: number;
}

interface HistoryRow {
  seq: number | null;
  type: string;
  record_id: string;
  op: string;
  status: string;
  code: string | null;
  fields: Record<string, unknown>;
  hlc: string;
  applied_hlc: string | null;
  client_id: string;
  mid: number;
}

const ENVELOPE = new Set<string>([...ENVELOPE_KEYS, 'bucket']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function bucketsOf(p: Person): Set<string> {
  return p.role === 'care_manager' ? new Set([...COMMUNITIES.map((c) => `c:${c}`), 'm:main']) : new Set(p.communities.map((c) => `c:${c}`));
}

/** The registers a mutation writes (merge.ts writesOf). */
function registersOf(op: string, fields: Record<string, unknown>): string[] {
  switch (op) {
    case 'create':
    case 'patch':
      return Object.keys(fields);
    case 'delete':
    case 'restore':
      return [TOMBSTONE_FIELD];
    case 'void':
      return [...Object.keys(fields), TOMBSTONE_FIELD];
    default:
      return [];
  }
}

const VISIT_NOW = '2025-05-30T09:00:00.000Z';

/** A valid visit as the form hands it to the store; `n` varies the time and the readings. */
function visitOutput(n: number): VisitFormOutput {
  const r = validateVisitForm(
    {
      ...emptyVisitForm(VISIT_NOW),
      date: `2025-05-${String(1 + (n % 28)).padStart(2, '0')}`,
      time: `${String(8 + (n % 8)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`,
      durationMinutes: String(20 + (n % 40)),
      vitals: { systolic: String(110 + (n % 60)), diastolic: '80', pulse: String(60 + (n % 30)), temperature: '36.7', spo2: '97', respRate: '18', glucose: '', weight: '' },
      recheckNote: 'วัดซ้ำ',
      observations: `เยี่ยมครั้งที่ ${n}`,
    },
    { now: VISIT_NOW, resident: { birthDate: { value: '1940', precision: 'year' }, status: 'active' } },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

/**
 * The server of one back end, shared by the seeds (a later seed's devices bootstrap what earlier ones left):
 * on its own reopenable database, restartable on the same data.
 */
class TestServer {
  current!: ServerInstance;
  private h!: Harness;
  private store!: ReopenableDb;

  constructor(private readonly backend: Backend) {}

  async start(): Promise<void> {
    this.store = await this.backend.reopenable();
    const first = await this.store.open();
    this.h = await startHarness(
      { kind: this.backend.kind, open: () => Promise.resolve(first), reopenable: () => Promise.resolve(this.store) },
      { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } }, communities: COMMUNITIES },
    );
    // Client HLCs come from the real clock; a server clock far behind would re-stamp them.
    Object.defineProperty(this.h.clock, 'now', { get: () => Date.now(), configurable: true });
    await this.h.app.listen({ port: 0, host: '127.0.0.1' });
    this.current = { app: this.h.app, db: first, port: (this.h.app.server.address() as { port: number }).port };
  }

  get db(): Db {
    return this.current.db;
  }

  /** On the current database (the harness's own handle is closed after the first restart). */
  makeUser(username: string, role: Person['role'], communities: string[]): Promise<{ id: string }> {
    return createUser(this.current.db, { username, password: DEFAULT_TEST_PASSWORD, displayName: username.toUpperCase(), role, communities });
  }

  /** The server goes away (`abrupt`: cutting open connections) and comes back on the same data. */
  async restart(abrupt: boolean, delayMs: number): Promise<number> {
    const old = this.current;
    await sleep(delayMs); // the push may be parsed, mid-transaction or answered when the server goes
    if (abrupt) old.app.server.closeAllConnections();
    await old.app.close();
    await old.db.close();
    const db = await this.store.open();
    const app = await buildServer({ db, config: this.h.config, now: () => Date.now(), events: this.h.events });
    await app.listen({ port: 0, host: '127.0.0.1' });
    this.current = { app, db, port: (app.server.address() as { port: number }).port };
    return this.current.port;
  }

  async close(): Promise<void> {
    await this.current.app.close();
    await this.current.db.close();
  }
}

/** One seeded run: six devices with their own accounts, and a proxy with the seed's fault plan. */
class World {
  readonly rand: () => number;
  readonly devices: Device[] = [];
  readonly problems: string[] = [];
  readonly failures: string[] = [];
  restarts = 0;
  visitsWritten = 0;
  visitsWithdrawn = 0;
  proxy!: FaultProxy;
  private opened: CareRoundsDb[] = [];
  private counter = 0;

  /** Every request URL the devices sent (path and query). */
  readonly requests: string[] = [];

  constructor(
    readonly seed: number,
    private readonly server: TestServer,
    private readonly settings: ClientSettings = {},
  ) {
    this.rand = seededRandom(seed ^ 0x5eed);
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[this.int(xs.length)];
  }

  async start(restartWhen: (method: string, path: string) => boolean = isPush, applies?: (method: string, path: string) => boolean): Promise<void> {
    this.proxy = await startFaultProxy({
      targetPort: this.server.current.port,
      seed: this.seed,
      weights: { pass: 1 },
      restartWhen,
      ...(applies ? { applies } : {}),
      onRestart: async () => {
        const port = await this.server.restart(this.rand() < 0.5, this.int(8));
        this.restarts++;
        return port;
      },
      onRestartError: (err) => this.problems.push(`restart failed: ${String(err)}`),
    });
    for (const person of PEOPLE) {
      const p = { ...person, username: `${person.username}${this.seed}` };
      const user = await this.server.makeUser(p.username, p.role, p.communities);
      this.devices.push(await this.device(p, user.id));
    }
  }

  private async device(person: Person, userId: string): Promise<Device> {
    const opened = await openStore(freshDbName(person.username));
    if (!opened.ok) throw new Error(opened.detail);
    const db = opened.db;
    const host = createBrowserHost({ indexedDB: new IDBFactory(), fetch: this.net });
    const auth = new SyncAuth({ db, host: host.auth });
    const login = await auth.login(this.proxy.url, { username: person.username, password: DEFAULT_TEST_PASSWORD, deviceName: `${person.username}'s laptop` });
    if (!login.ok) throw new Error(`login ${person.username}: ${login.code}`);
    const client = this.client(db, auth);
    const { clientId } = await ensureDevice(db);
    return { person, userId, clientId, db, client, queued: new Map(), acked: new Set(), host };
  }

  private readonly net: FetchLike = (input, init) => {
    this.requests.push(input.replace(this.proxy.url, ''));
    return fetch(input, init);
  };

  private client(db: CareRoundsDb, auth: SyncAuth): SyncClient {
    this.opened.push(db); // closes its pull connection too
    return new SyncClient({ db, pullDb: db.pullConnection(), baseUrl: this.proxy.url, tokens: auth, fetch: this.net, requestTimeoutMs: 20_000, ...this.settings });
  }

  /** The app is closed and opened again: new connections and a new client on the same database and keychain. */
  async reopen(d: Device): Promise<void> {
    d.db.close();
    const opened = await openStore(d.db.name);
    if (!opened.ok) throw new Error(opened.detail);
    d.db = opened.db;
    d.client = this.client(opened.db, new SyncAuth({ db: opened.db, host: d.host.auth }));
  }

  // -------------------------------------------------------------------------------------------------------
  // Edits

  residentInput(communityId: string) {
    this.counter++;
    return {
      ...buildProfile({ firstName: `คนที่${this.seed}-${this.counter}`, communityId, nationalId: null, noIdReason: 'ไม่มีบัตร' }),
      status: 'active' as const,
      statusDate: null,
      statusReason: '',
      latestAdl: null,
    };
  }

  private value(kind: string): unknown {
    this.counter++;
    const n = this.counter;
    switch (kind) {
      case 'nickname':
        return `ชื่อเล่น${n}`;
      case 'notes':
        return `บันทึก ${this.seed}/${n}`;
      case 'phones':
        return [{ number: `08${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}`, label: 'มือถือ' }];
      case 'otherDiseases':
        return `โรค ${n}`;
      case 'language':
        return this.pick(['ไทย', 'อีสาน', 'เหนือ', 'ใต้']) ?? 'ไทย';
      case 'interpreterNeeded':
        return this.rand() < 0.5;
      default:
        throw new Error(`no value for ${kind}`);
    }
  }

  /** One random offline edit on `d`. Refusals by the local store (deleted, immutable) just skip it. */
  async edit(d: Device): Promise<void> {
    const ctx = { userId: d.userId };
    const communities = d.person.role === 'care_manager' ? COMMUNITIES : d.person.communities;
    const residents = await d.db.residents.toArray();
    const alive = residents.filter((r) => r.deletedAt === null);
    if (alive.length > 0 && this.rand() < 0.3) return this.visitEdit(d, alive.map((r) => r.id));
    const roll = this.rand();
    try {
      if (roll < 0.18 || alive.length === 0) {
        const c = this.pick(communities) ?? 'c-01';
        await createRecord(d.db, 'residents', this.residentInput(c), ctx);
      } else if (roll < 0.45) {
        // The same fields on many devices: races.
        const r = this.pick(alive);
        const f = this.pick(['nickname', 'notes']) ?? 'notes';
        if (r) await patchRecord(d.db, 'residents', r.id, { [f]: this.value(f) }, ctx);
      } else if (roll < 0.62) {
        const r = this.pick(alive);
        const f = this.pick(['phones', 'otherDiseases', 'language', 'interpreterNeeded']) ?? 'language';
        if (r) await patchRecord(d.db, 'residents', r.id, { [f]: this.value(f) }, ctx);
      } else if (roll < 0.72) {
        const r = this.pick(alive);
        if (r) await recordAdlAssessment(d.db, r.id, buildAdlForm(`2025-0${1 + this.int(5)}-1${this.int(10)}`, this.int(21)), ctx);
      } else if (roll < 0.77) {
        const a = this.pick((await d.db.assessments.toArray()).filter((x) => x.deletedAt === null));
        if (a) await voidAssessment(d.db, a.id, `บันทึกผิด ${this.counter++}`, ctx);
      } else if (roll < 0.83) {
        const r = this.pick(alive);
        if (r) await deleteRecord(d.db, 'residents', r.id, ctx);
      } else if (roll < 0.87) {
        const r = this.pick(residents.filter((x) => x.deletedAt !== null));
        if (r) await restoreRecord(d.db, 'residents', r.id, ctx);
      } else {
        const r = this.pick(alive);
        if (r) await patchRecord(d.db, 'residents', r.id, { notes: String(this.value('notes')) }, ctx);
      }
    } catch (err) {
      if (!isStoreError(err, 'record.deleted') && !isStoreError(err, 'record.immutable')) throw err;
    }
  }

  /** A home visit, an amendment of a visit on the device (anyone's), or a void. */
  private async visitEdit(d: Device, residentIds: string[]): Promise<void> {
    const ctx = { userId: d.userId };
    const roll = this.rand();
    try {
      const visits = (await d.db.visits.toArray()).filter((v) => v.deletedAt === null);
      if (roll < 0.55 || visits.length === 0) {
        const rid = this.pick(residentIds);
        if (rid) await recordVisit(d.db, rid, visitOutput(this.counter++), ctx);
      } else if (roll < 0.92) {
        const v = this.pick(visits);
        const n = this.counter++;
        const changes = this.rand() < 0.5 ? { observations: `แก้ไข ${this.seed}/${n}` } : { 'vitals.systolic': 100 + (n % 80) };
        if (v) await amendVisit(d.db, { visitId: v.id, residentId: v.residentId, reason: `แก้ ${n}`, changes, author: d.userId, at: new Date().toISOString() }, ctx);
      } else {
        const v = this.pick(visits);
        if (v) await voidVisit(d.db, v.id, `บันทึกซ้ำ ${this.counter++}`, ctx);
      }
    } catch (err) {
      if (!isStoreError(err, 'record.deleted') && !isStoreError(err, 'record.immutable')) throw err;
    }
  }

  /** A care manager's offline work: move a resident to another community, or resolve a conflict. */
  async supervise(d: Device): Promise<void> {
    const ctx = { userId: d.userId };
    try {
      if (this.rand() < 0.5) {
        // Caregivers of the old community lose the resident (evicted), those of the new one get it.
        const r = this.pick((await d.db.residents.toArray()).filter((x) => x.deletedAt === null));
        const to = this.pick(COMMUNITIES.filter((c) => c !== r?.communityId));
        if (r && to) await patchRecord(d.db, 'residents', r.id, { communityId: to }, ctx);
      } else {
        const c = this.pick(await d.db.conflicts.where('status').equals('open').toArray());
        // Choosing the loser of an assessment conflict would edit an immutable record: keep the winner there.
        const choice = c?.recordType === 'resident' && this.rand() < 0.5 ? 'chose_loser' : 'kept_winner';
        if (c) await resolveConflict(d.db, c.id, choice, ctx);
      }
    } catch (err) {
      if (!isStoreError(err, 'record.deleted') && !isStoreError(err, 'record.immutable')) throw err;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Syncing

  /** One sync run; notes which queued entries the client saw acknowledged. False when it failed. */
  async sync(d: Device, label: string): Promise<boolean> {
    for (const e of await d.db.outbox.toArray()) d.queued.set(e.mid, e);
    let ok = true;
    try {
      await d.client.syncNow();
    } catch (err) {
      ok = false;
      if (!(err instanceof SyncFailure)) throw err;
      // Under faults only "try again later" outcomes are acceptable; anything else stops a real device.
      if (!err.retryable) this.failures.push(`${label}: ${d.person.username} stopped with ${err.code}: ${err.message}`);
    }
    const left = new Set((await d.db.outbox.toCollection().primaryKeys()).map(Number));
    for (const mid of d.queued.keys()) if (!left.has(mid)) d.acked.add(mid);
    return ok;
  }

  async faultyRound(round: number): Promise<void> {
    for (const d of this.devices) {
      const n = 1 + this.int(4);
      for (let i = 0; i < n; i++) await this.edit(d);
      if (d.person.role === 'care_manager' && this.rand() < 0.7) await this.supervise(d);
    }
    const order = [...this.devices].sort(() => this.rand() - 0.5);
    while (order.length > 0) {
      const size = SEQUENTIAL ? 1 : 1 + this.int(3);
      const group = order.splice(0, size);
      await Promise.all(group.map((d) => this.sync(d, `round ${round}`)));
    }
    await this.proxy.settled();
  }

  async serverRows(): Promise<ServerRow[]> {
    return (await this.server.db.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records`)).rows.map(toServerRow);
  }

  async head(): Promise<number> {
    return (await this.server.db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1')).rows[0]?.seq ?? -1;
  }

  /** Faults off; sync everyone until two full passes in a row change nothing anywhere. */
  async settle(): Promise<void> {
    this.proxy.setWeights({ pass: 1 });
    await this.proxy.settled();
    let quiet = 0;
    for (let pass = 0; pass < 12 && quiet < 2; pass++) {
      const before = await this.head();
      const cursors: string[] = [];
      for (const d of this.devices) cursors.push(JSON.stringify(await d.db.syncState.get('cursor')));
      let outboxes = 0;
      for (const d of this.devices) {
        outboxes += await d.db.outbox.count();
        if (!(await this.sync(d, `settle ${pass}`))) this.failures.push(`settle ${pass}: ${d.person.username} failed without faults`);
      }
      const after = await this.head();
      let moved = false;
      for (const [i, d] of this.devices.entries()) if (JSON.stringify(await d.db.syncState.get('cursor')) !== cursors[i]) moved = true;
      quiet = before === after && outboxes === 0 && !moved ? quiet + 1 : 0;
    }
    if (quiet < 2) this.problems.push('devices never went quiet (12 passes without faults)');
  }

  // -------------------------------------------------------------------------------------------------------
  // Checks

  async check(): Promise<void> {
    const rows = await this.serverRows();
    const byKey = new Map(rows.map((r) => [`${r.type}/${r.id}`, r]));
    const conflicts = rows.filter((r) => r.type === 'conflict');
    const history = (await this.server.db.query<HistoryRow>(
      'SELECT seq, type, record_id, op, status, code, fields, hlc, applied_hlc, client_id, mid FROM record_history ORDER BY id',
    )).rows;
    const historyByMid = new Map(history.map((x) => [`${x.client_id}/${x.mid}`, x]));
    /** Whether the server ever applied a move of resident `rid` to a community outside `scope`. */
    const movedAway = (rid: string, scope: ReadonlySet<string>): boolean =>
      history.some((x) => x.type === 'resident' && x.record_id === rid && (x.status === 'applied' || x.status === 'restamped') && typeof x.fields?.communityId === 'string' && !scope.has(`c:${x.fields.communityId}`));
    const entryByMid = new Map<string, OutboxEntry>();
    for (const d of this.devices) for (const [mid, e] of d.queued) entryByMid.set(`${d.clientId}/${mid}`, e);

    for (const d of this.devices) {
      const who = d.person.username;
      if ((await d.db.outbox.count()) !== 0) this.problems.push(`${who}: outbox not empty`);
      const scope = bucketsOf(d.person);
      const expected = rows.filter((r) => scope.has(r.bucket));
      const tables = {
        resident: d.db.residents,
        adl_assessment: d.db.assessments,
        conflict: d.db.conflicts,
        visit: d.db.visits,
        visit_amendment: d.db.visitAmendments,
        care_plan: d.db.carePlans,
        alert_ack: d.db.alertAcks,
      } as const;
      const local = new Map<string, Record<string, unknown>>();
      for (const [type, table] of Object.entries(tables)) {
        for (const row of (await table.toArray()) as unknown as Record<string, unknown>[]) local.set(`${type}/${String(row.id)}`, row);
      }
      for (const s of expected) {
        const k = `${s.type}/${s.id}`;
        const l = local.get(k);
        if (!l) {
          this.problems.push(`${who}: missing ${k}`);
          continue;
        }
        local.delete(k);
        const data: Record<string, unknown> = {};
        for (const [f, v] of Object.entries(l)) if (!ENVELOPE.has(f)) data[f] = v;
        if (!isDeepStrictEqual(data, s.data)) this.problems.push(`${who}: ${k} data differs: local ${JSON.stringify(data)} server ${JSON.stringify(s.data)}`);
        const localHlc = expandHlc((l.hlc ?? {}) as Record<string, string>, data); // stored compact (shared/envelope.ts)
        if (!isDeepStrictEqual(localHlc, s.hlc)) this.problems.push(`${who}: ${k} hlc differs: local ${JSON.stringify(localHlc)} server ${JSON.stringify(s.hlc)}`);
        if (l.deletedAt !== s.deletedAt) this.problems.push(`${who}: ${k} deletedAt local ${String(l.deletedAt)} server ${String(s.deletedAt)}`);
        if (l.seq !== s.seq) this.problems.push(`${who}: ${k} seq local ${String(l.seq)} server ${s.seq}`);
        if (l.bucket !== s.bucket) this.problems.push(`${who}: ${k} bucket local ${String(l.bucket)} server ${s.bucket}`);
      }
      // A visit or amendment withdrawn because its resident had moved away stays on this device (its not-sent
      // list says so) when the resident came back before the device pulled the move away: not a leak.
      const withdrawnHere = new Set<string>();
      for (const r of await d.db.syncRejected.toArray()) {
        const rid = r.entry.fields.residentId;
        if (r.withdrawn && r.entry.op === 'create' && typeof rid === 'string' && movedAway(rid, scope)) withdrawnHere.add(`${syncTypeOfTable(r.entry.table) ?? r.entry.table}/${r.entry.recordId}`);
      }
      for (const k of local.keys()) if (!withdrawnHere.has(k)) this.problems.push(`${who}: holds ${k}, which is not in its scope on the server`);
      if (d.person.role === 'caregiver') {
        for (const r of await d.db.residents.toArray()) {
          if (!d.person.communities.includes(r.communityId)) this.problems.push(`${who}: holds resident ${r.id} of ${r.communityId}`);
        }
        if ((await d.db.conflicts.count()) > 0) this.problems.push(`${who}: a caregiver holds conflicts`);
      }

      // Acknowledged mutations: recorded as sent, and their values not silently lost.
      const rejectedCopies = new Map((await d.db.syncRejected.toArray()).map((r) => [r.mid, r]));
      for (const mid of d.acked) {
        const e = d.queued.get(mid);
        if (!e) continue;
        const id = `${who} mid ${mid} (${e.op} ${e.table}/${e.recordId})`;
        const hist = historyByMid.get(`${d.clientId}/${mid}`);
        if (!hist) {
          this.problems.push(`${id}: acknowledged but not in the server's history`);
          continue;
        }
        if (hist.status === 'rejected') {
          const copy = rejectedCopies.get(mid);
          if (hist.code === 'withdrawn' && copy?.withdrawn === true) continue; // outside the scope: kept for the user
          this.problems.push(`${id}: rejected ${String(hist.code)} (local copy: ${copy ? copy.code : 'none'})`);
          continue;
        }
        if (hist.op !== e.op || hist.hlc !== e.hlc || !isDeepStrictEqual(hist.fields, e.fields)) {
          this.problems.push(`${id}: the server recorded ${hist.op} ${JSON.stringify(hist.fields)} at ${hist.hlc}`);
          continue;
        }
        if (e.table === 'conflicts') continue; // resolutions are last-writer-wins by design (protocol §8)
        const row = byKey.get(`${syncTypeOfTable(e.table) ?? e.table}/${e.recordId}`);
        if (!row) {
          this.problems.push(`${id}: applied but the record is not on the server`);
          continue;
        }
        this.checkNotLost(id, hist, e, row, conflicts, history, entryByMid);
      }

      // Every visit and amendment this device wrote is on the server, or kept here as withdrawn.
      for (const e of d.queued.values()) {
        if (e.op !== 'create' || (e.table !== 'visits' && e.table !== 'visitAmendments')) continue;
        this.visitsWritten++;
        if (byKey.has(`${syncTypeOfTable(e.table) ?? e.table}/${e.recordId}`)) continue;
        if (rejectedCopies.get(e.mid)?.withdrawn === true) {
          // Allowed only when the resident was moved outside the writer's scope (before the push): it may be
          // back by now, moved home by a care manager before this device pulled the move away.
          const rid = e.fields.residentId;
          const home = typeof rid === 'string' ? byKey.get(`resident/${rid}`)?.bucket : undefined;
          if (typeof rid === 'string' && movedAway(rid, scope)) {
            this.visitsWithdrawn++;
            continue;
          }
          this.problems.push(`${who}: ${e.table}/${e.recordId} (mid ${e.mid}) was withdrawn though its resident is in scope (${String(home)})`);
          continue;
        }
        this.problems.push(`${who}: wrote ${e.table}/${e.recordId} (mid ${e.mid}), which is not on the server`);
      }
    }
    for (const c of conflicts) {
      if (c.data.recordType === 'visit' || c.data.recordType === 'visit_amendment') this.problems.push(`conflict ${c.id} about ${String(c.data.recordType)}/${String(c.data.recordId)}`);
    }
  }

  /** Each register the mutation wrote is current, a conflict loser, or overwritten by a write that saw it. */
  private checkNotLost(id: string, hist: HistoryRow, e: OutboxEntry, row: ServerRow, conflicts: ServerRow[], history: HistoryRow[], entries: Map<string, OutboxEntry>): void {
    const h = hist.applied_hlc ?? hist.hlc;
    const sM = hist.seq ?? 0;
    for (const f of registersOf(e.op, e.fields)) {
      if (row.hlc[f] === h) continue;
      const lost = conflicts.some((c) => {
        const x = c.data;
        if (x.recordId !== e.recordId || x.loserHlc !== h) return false;
        if (x.field === f) return true;
        return x.kind === 'deleted_edit' && typeof x.loserValue === 'object' && x.loserValue !== null && f in x.loserValue;
      });
      if (lost) continue;
      // Not a loser, so it must have won on arrival (registers are last-writer-wins by HLC)...
      const writes = history
        .filter((x) => x.record_id === e.recordId && x.seq !== null && (x.status === 'applied' || x.status === 'restamped') && registersOf(x.op, x.fields).includes(f))
        .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      const before = writes.filter((x) => (x.seq ?? 0) < sM).map((x) => x.applied_hlc ?? x.hlc);
      if (before.some((x) => x > h)) {
        this.problems.push(`${id}: ${f} written at ${h} lost to an earlier write with a greater HLC, and no conflict holds it`);
        continue;
      }
      // ...and then the first later write with a greater HLC replaced it.
      const replacer = writes.find((x) => (x.seq ?? 0) > sM && (x.applied_hlc ?? x.hlc) > h);
      if (!replacer) {
        this.problems.push(`${id}: ${f} written at ${h} is neither current (${String(row.hlc[f])}) nor a conflict loser, and nothing replaced it`);
        continue;
      }
      const rEntry = entries.get(`${replacer.client_id}/${replacer.mid}`);
      const seen = replacer.client_id === hist.client_id || (rEntry !== undefined && rEntry.baseSeq >= sM);
      if (!seen) {
        this.problems.push(`${id}: ${f} written at ${h} was replaced by ${replacer.client_id}/${replacer.mid} (baseSeq ${String(rEntry?.baseSeq)} < ${sM}) without a conflict`);
      }
    }
  }

  async close(): Promise<void> {
    for (const db of this.opened.splice(0)) db.close();
    await this.proxy.close();
  }
}

describeBackends('multi-client sync through a faulty network', (backend) => {
  const modes = new Map<FaultMode, number>();
  let pushAnswersDropped = 0;
  let restarts = 0;
  let conflicts = 0;
  /** Acknowledged mutations by kind ('residents.patch', 'residents.move', ...), over all seeds. */
  const kinds = new Map<string, number>();
  const server = new TestServer(backend);
  beforeAll(() => server.start(), HOOK_TIMEOUT_MS);
  afterAll(() => server.close(), HOOK_TIMEOUT_MS);

  for (const seed of SEEDS) {
    it(
      `seed ${seed}: every device converges on the server and no acknowledged write is lost`,
      async () => {
        const t0 = Date.now();
        const w = new World(seed, server);
        await w.start();
        if (process.env.MULTI_CLIENT_VERBOSE === '1') console.log(`seed ${seed} [${backend.kind}]: started in ${Date.now() - t0} ms`);
        try {
          // A shared starting point: every device creates two residents and everyone syncs without faults.
          for (const d of w.devices) for (let i = 0; i < 2; i++) await w.edit(d);
          await w.settle();
          w.proxy.setWeights(FAULTS);
          // Every fault happens at least once per seed, whatever the draws.
          w.proxy.forceNext('drop_response', isPush);
          w.proxy.forceNext('cut_response', isPush);
          w.proxy.forceNext('drop_request', isPush);
          w.proxy.forceNext('restart', isPush);
          w.proxy.forceNext('cut_response', (m, p) => m === 'GET' && p === '/sync/pull');
          for (let round = 1; round <= ROUNDS; round++) await w.faultyRound(round);
          await w.settle();
          await w.check();
          for (const ev of w.proxy.log) {
            modes.set(ev.mode, (modes.get(ev.mode) ?? 0) + 1);
            if (ev.mode === 'drop_response' && ev.path === '/sync/push' && ev.status === 200) pushAnswersDropped++;
          }
          restarts += w.restarts;
          for (const d of w.devices) {
            for (const mid of d.acked) {
              const e = d.queued.get(mid);
              const kind = e ? `${e.table}.${'communityId' in e.fields && e.op === 'patch' ? 'move' : e.op}` : '?';
              kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            }
          }
          const rows = await w.serverRows();
          const count = (t: string): number => rows.filter((r) => r.type === t).length;
          conflicts = count('conflict'); // the server is shared: its total so far
          const acked = w.devices.reduce((n, d) => n + d.acked.size, 0);
          const summary =
            `seed ${seed} [${backend.kind}]: ${w.proxy.log.length} requests, ${w.restarts} restarts, ${acked} acknowledged mutations, ` +
            `${count('resident')} residents, ${count('adl_assessment')} assessments, ${count('visit')} visits, ${count('visit_amendment')} amendments ` +
            `(${w.visitsWritten} written here, ${w.visitsWithdrawn} withdrawn), ${count('conflict')} conflicts, ${Date.now() - t0} ms`;
          if (process.env.MULTI_CLIENT_VERBOSE === '1') console.log(summary, JSON.stringify(Object.fromEntries(modes)));
          expect([...w.failures, ...w.problems], `${summary}; replay with MULTI_CLIENT_SEED=${seed}`).toEqual([]);
        } finally {
          await w.close();
        }
      },
      HOOK_TIMEOUT_MS,
    );
  }

  it('a resident moving community takes its visits, amendments, plans and acknowledgements off the old community’s devices', async () => {
    const w = new World(7, server);
    await w.start();
    try {
      const device = (name: string): Device => {
        const d = w.devices.find((x) => x.person.username === `${name}7`);
        if (!d) throw new Error(`no device ${name}`);
        return d;
      };
      const [cm, dao, pim] = [device('somchai'), device('dao'), device('pim')];
      const ctx = { userId: cm.userId, role: 'care_manager' as const };
      const resident = await createRecord(cm.db, 'residents', w.residentInput('c-01'), ctx);
      const visit = await recordVisit(cm.db, resident.id, visitOutput(1), ctx);
      const amendment = await amendVisit(cm.db, { visitId: visit.id, residentId: resident.id, reason: 'แก้', changes: { observations: 'แก้แล้ว' }, author: cm.userId, at: new Date().toISOString() }, ctx);
      const plan = await createCarePlan(
        cm.db,
        {
          residentId: resident.id,
          version: 1,
          previousPlanId: null,
          adlTotal: null,
          adlGroup: null,
          problems: [],
          goals: [],
          activities: [{ code: 'bathing', timesPerWeek: 2, minutes: null, performer: 'family', assigneeId: null, note: '' }],
          primaryCaregiverId: null,
          backupCaregiverId: null,
          startDate: '2025-05-01',
          reviewDate: '2025-11-01',
          status: 'draft',
          submittedBy: null,
          submittedAt: null,
          approvedBy: null,
          approvedAt: null,
          subCommittee: null,
          closedReason: '',
        },
        ctx,
      );
      const alert: Alert = {
        id: alertId('abnormal_vitals', resident.id, visit.id),
        rule: 'abnormal_vitals',
        residentId: resident.id,
        recordId: visit.id,
        severity: 'warning',
        since: visit.serviceDate,
        params: { rule: 'abnormal_vitals', serviceDate: visit.serviceDate, flags: [] },
      };
      const ack = await acknowledgeAlert(cm.db, alert, ctx);
      const held = async (d: Device): Promise<string[]> => {
        const out: string[] = [];
        if (await d.db.residents.get(resident.id)) out.push('resident');
        if (await d.db.visits.get(visit.id)) out.push('visit');
        if (await d.db.visitAmendments.get(amendment.id)) out.push('amendment');
        if (await d.db.carePlans.get(plan.id)) out.push('plan');
        if (await d.db.alertAcks.get(ack.id)) out.push('ack');
        return out;
      };
      const all = ['resident', 'visit', 'amendment', 'plan', 'ack'];
      for (const d of [cm, dao, pim]) expect(await w.sync(d, 'before the move')).toBe(true);
      expect(await held(dao)).toEqual(all);
      expect(await held(pim)).toEqual([]);

      await patchRecord(cm.db, 'residents', resident.id, { communityId: 'c-03' }, ctx);
      for (const d of [cm, dao, pim]) expect(await w.sync(d, 'after the move')).toBe(true);
      expect(await held(dao)).toEqual([]);
      expect(await held(pim)).toEqual(all);
      expect(await held(cm)).toEqual(all);
      const moved = (await pim.db.visits.get(visit.id)) as (Record<string, unknown> & { bucket?: string }) | undefined;
      expect(moved?.bucket).toBe('c:c-03');

      // Her community taken away, the whole bucket is evicted from her laptop: the visit rows (found through
      // their resident, they have no bucket index) go with it.
      await server.db.query("DELETE FROM user_communities WHERE user_id = $1 AND community_id = 'c-03'", [pim.userId]);
      expect(await w.sync(pim, 'after losing c-03')).toBe(true);
      expect(await held(pim)).toEqual([]);
      expect(await pim.db.residents.count()).toBe(0);
      expect(await pim.db.visits.count()).toBe(0);
    } finally {
      await w.close();
    }
  }, HOOK_TIMEOUT_MS);

  it('bootstraps cut at random points (cut and dropped answers, server restarts, closed apps) end exactly at the server’s state; a device far behind catches up the same way', async () => {
    const w = new World(11, server, { bootstrapChunk: 2, bootstrapBehindRows: 25, pullLimit: 10 });
    // Token refreshes are left alone: a reopened app refreshes first, and a lost refresh answer signs the
    // device out by design (the rotated token is spent), which is not what this test is about.
    await w.start((m, p) => isPush(m, p) || p === '/sync/bootstrap', (_m, p) => !p.startsWith('/auth/'));
    try {
      const device = (name: string): Device => {
        const d = w.devices.find((x) => x.person.username === `${name}11`);
        if (!d) throw new Error(name);
        return d;
      };
      const cm = device('somchai');
      const far = device('dao'); // caregiver of c-01
      const ctx = { userId: cm.userId };
      const write = async (n: number, community: string): Promise<string[]> => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const r = await createRecord(cm.db, 'residents', w.residentInput(community), ctx);
          ids.push(r.id);
          if (i % 2 === 0) await recordVisit(cm.db, r.id, visitOutput(i), ctx);
        }
        return ids;
      };
      await write(12, 'c-01');
      await write(6, 'c-02');
      expect(await w.sync(cm, 'seed')).toBe(true);
      expect(await w.sync(far, 'before going offline')).toBe(true);
      const held = await far.db.residents.toArray();
      const [keep, gone, moved] = held.filter((r) => r.communityId === 'c-01' && r.deletedAt === null);
      if (!keep || !gone || !moved) throw new Error('not enough residents on the far device');

      // Months offline: the far device edits a resident and adds one; meanwhile the server gets many rows,
      // deletes one of hers, moves another out of her community.
      await patchRecord(far.db, 'residents', keep.id, { notes: 'แก้ตอนออฟไลน์' }, { userId: far.userId });
      await createRecord(far.db, 'residents', w.residentInput('c-01'), { userId: far.userId });
      await write(30, 'c-01');
      await write(10, 'c-03');
      await deleteRecord(cm.db, 'residents', gone.id, ctx);
      await patchRecord(cm.db, 'residents', moved.id, { communityId: 'c-03' }, ctx);
      expect(await w.sync(cm, 'while she is away')).toBe(true);

      // Faults on every request; restarts hit pushes and bootstraps. Each device syncs until a run succeeds;
      // after a failed run the app is "closed" half of the time (a new client on the same database).
      w.proxy.setWeights({ pass: 5, drop_request: 1, drop_response: 1, cut_response: 3, restart: 1 });
      const isBoot = (m: string, p: string): boolean => m === 'GET' && p === '/sync/bootstrap';
      w.proxy.forceNext('cut_response', isBoot);
      w.proxy.forceNext('restart', isBoot);
      w.proxy.forceNext('drop_response', isBoot);
      const pending = w.devices.filter((d) => d !== cm);
      let reopened = 0;
      let farBootstrapped = false;
      for (let attempt = 0; attempt < 200 && pending.length > 0; attempt++) {
        const d = pending[attempt % pending.length];
        if (!d) break;
        if (attempt % 7 === 0) {
          await write(1, w.pick(COMMUNITIES) ?? 'c-01'); // the server keeps moving while devices bootstrap
          await w.sync(cm, `writer ${attempt}`);
        }
        const bootsBefore = w.requests.filter((u) => u.startsWith('/sync/bootstrap')).length;
        const ok = await w.sync(d, `bootstrap ${attempt}`);
        if (d === far && w.requests.filter((u) => u.startsWith('/sync/bootstrap')).length > bootsBefore) farBootstrapped = true;
        if (ok) pending.splice(pending.indexOf(d), 1);
        else if (w.rand() < 0.5) {
          await w.reopen(d);
          reopened++;
        }
      }
      expect(pending.map((d) => d.person.username)).toEqual([]);
      const boots = w.requests.filter((u) => u.startsWith('/sync/bootstrap'));
      const resumed = boots.filter((u) => u.includes('position='));
      const cutBoots = w.proxy.log.filter((e) => e.path === '/sync/bootstrap' && e.mode !== 'pass');
      if (process.env.MULTI_CLIENT_VERBOSE === '1') console.log(`bootstrap faults [${backend.kind}]: ${boots.length} requests, ${resumed.length} resumed, ${cutBoots.length} faulted, ${reopened} reopened`);
      expect(cutBoots.map((e) => e.mode)).toEqual(expect.arrayContaining(['cut_response', 'restart', 'drop_response']));
      expect(resumed.length).toBeGreaterThan(0);
      // The far device caught up by a bootstrap, kept her offline edits, and lost what the server no longer has for her.
      expect(farBootstrapped).toBe(true);
      expect(await far.db.residents.get(moved.id)).toBeUndefined();
      expect((await far.db.residents.get(gone.id))?.deletedAt).not.toBeNull();
      expect((await far.db.residents.get(keep.id))?.notes).toBe('แก้ตอนออฟไลน์');

      await w.settle();
      await w.check();
      expect([...w.failures, ...w.problems]).toEqual([]);
    } finally {
      await w.close();
    }
  }, HOOK_TIMEOUT_MS);

  it('the runs above went through every kind of fault and of edit', () => {
    if (process.env.MULTI_CLIENT_VERBOSE === '1') console.log(JSON.stringify(Object.fromEntries(kinds)), `${conflicts} conflicts`);
    for (const kind of [
      'residents.create',
      'residents.patch',
      'residents.delete',
      'residents.move',
      'assessments.create',
      'assessments.void',
      'conflicts.patch',
      'visits.create',
      'visits.void',
      'visitAmendments.create',
    ]) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
    expect(conflicts).toBeGreaterThan(0);
    expect(modes.get('drop_request') ?? 0).toBeGreaterThan(0);
    expect(modes.get('cut_response') ?? 0).toBeGreaterThan(0);
    expect(pushAnswersDropped).toBeGreaterThan(0); // the server committed and the device never heard
    expect(restarts).toBeGreaterThan(0);
  });
});
