/**
 * The only write path for synced records (residents, assessments, visits, care plans, ...). Views read tables directly (through
 * useLiveQuery); every change goes through here.
 *
 * Invariants (docs/architecture.md "The write path"):
 * - No record write without its outbox entry: the record, its outbox entry, `meta.mid` and `meta.hlc` are
 *   written in ONE Dexie transaction, so either all of them are stored or none is.
 * - Mutation ids (`mid`) strictly increase by one, with no gaps: each entry takes `meta.mid + 1`, and
 *   `meta.mid` is stored in the same transaction. Outbox entries are `add`ed, so a reused mid fails the
 *   transaction instead of overwriting an unsent change.
 * - The HLC strictly increases: each change ticks the clock restored from `meta.hlc` and stores its state in
 *   the same transaction. Every field a change touches gets that change's stamp; other fields keep theirs.
 * - Records are never deleted: deleting sets the tombstone `deletedAt` (an HLC); only `restore` clears it.
 * - A change that changes nothing writes nothing (no record write, no entry, no counter move).
 *
 * How the sync client will consume the outbox (docs/sync-protocol.md §5): it reads entries in `mid` order
 * (`peekOutbox`), pushes a batch with the device's clientId, and only after the server replies with
 * `lastMid` removes the entries `mid ≤ lastMid` (`acknowledgeOutbox`). A lost reply resends the same
 * entries (the server answers `duplicate`); nothing is removed on send, on error or on timeout, so an
 * unconfirmed change is never lost. Entries written while a push is in flight simply wait for the next one.
 *
 * Do not nest: `runWrite` inside another `runWrite` would read the same `meta.mid` twice; the duplicate
 * mid makes the transaction fail (safe, but useless). Compose writes through one `WriteSession`.
 */
import type { Table } from 'dexie';
import type { AdlAssessment } from '../../shared/assessment';
import { ENVELOPE_KEYS, RECORD_SCHEMA_VERSION, type DataOf, type Envelope, type Hlc } from '../../shared/envelope';
import { createHlcClock, type HlcClock, type HlcState } from '../../shared/hlc';
import { jsonEqual } from '../../shared/json';
import type { Resident } from '../../shared/resident';
import type { Visit, VisitAmendment } from '../../shared/visit';
import type { CarePlan } from '../../shared/carePlan';
import { SYNC_TYPE_NAMES, RECORD_TYPES, TABLE_OF_TYPE } from '../../shared/sync/recordTypes';
import type { AlertAck, ConsentRecord } from './records';
import type { AvailabilityRecord, ConflictRecord, HolidayRecord, LeaveRecord, NoticeRecord, RoundVisitRecord } from './syncRows';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import { nextId } from './ids';
import { ensureDevice, readHlcState, readMid, type DeviceMeta } from './meta';
import type { OutboxEntry, OutboxOp, SyncedTableName } from './outbox';

export type { OutboxEntry, OutboxOp, SyncedTableName } from './outbox';
export { acknowledgeOutbox, oldestPendingAt, peekOutbox, pendingOutboxCount } from './outbox';

/** Record type of each synced table (the tables come from the shared registry, RECORD_TYPES). */
export interface SyncedTables {
  residents: Resident;
  assessments: AdlAssessment;
  /** Pulled from the server; the only local write is a care manager's resolution (a patch). */
  conflicts: ConflictRecord;
  visits: Visit;
  visitAmendments: VisitAmendment;
  carePlans: CarePlan;
  alertAcks: AlertAck;
  /** Pulled from the server; the only local write is its recipient's dismissal (a patch). */
  notices: NoticeRecord;
  availability: AvailabilityRecord;
  leaves: LeaveRecord;
  holidays: HolidayRecord;
  roundVisits: RoundVisitRecord;
  consents: ConsentRecord;
}
export type RecordOf<K extends SyncedTableName> = SyncedTables[K];

// Compile-time wiring: a table added to the registry without a record type here, or without its Dexie table
// declared on CareRoundsDb, is a type error that names it.
type Missing<Have> = Exclude<SyncedTableName, keyof Have>;
const _everyTableHasARecordType: [Missing<SyncedTables>] extends [never] ? true : Missing<SyncedTables> = true;
const _everyTableIsDeclared: [Missing<CareRoundsDb>] extends [never] ? true : Missing<CareRoundsDb> = true;
const _noUnknownTable: [Exclude<keyof SyncedTables, SyncedTableName>] extends [never] ? true : Exclude<keyof SyncedTables, SyncedTableName> = true;
void [_everyTableHasARecordType, _everyTableIsDeclared, _noUnknownTable];
export type DataFor<K extends SyncedTableName> = DataOf<SyncedTables[K]>;

export interface WriteCtx {
  userId: string;
  /** Wall clock in ms; injectable for tests. */
  now?: () => number;
}

export interface Staged<K extends SyncedTableName> {
  record: RecordOf<K>;
  entry: OutboxEntry;
}

const ENVELOPE_KEY_SET: ReadonlySet<string> = new Set(ENVELOPE_KEYS);

/** Completed records that are never edited (docs/sync-protocol.md §8): corrected by voiding and recording anew. */
const IMMUTABLE_TABLES: ReadonlySet<SyncedTableName> = new Set(SYNC_TYPE_NAMES.filter((t) => RECORD_TYPES[t].immutable).map((t) => TABLE_OF_TYPE[t]));

function refuseImmutable(table: SyncedTableName, id: string, what: string): void {
  if (IMMUTABLE_TABLES.has(table)) {
    throw new StoreError('record.immutable', `${table}/${id} cannot be ${what}; void it and record a new one`, { table, id });
  }
}

export function tableOf<K extends SyncedTableName>(db: CareRoundsDb, name: K): Table<RecordOf<K>, string> {
  // Dexie's table(name) is untyped; the name → record type map above is the typing.
  return db.table(name) as Table<RecordOf<K>, string>;
}

function field(record: object, key: string): unknown {
  return (record as Record<string, unknown>)[key];
}

/** The data fields of `data`: envelope keys and undefined values (= "not given") are left out. */
function dataFields(data: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (!ENVELOPE_KEY_SET.has(k) && v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * One write transaction's view of the device, clock and mutation counter. Builders (`build*`) stage a
 * record and its outbox entry without I/O, so the bulk loader and single writes share one way of building
 * them; the async methods stage and write.
 */
export class WriteSession {
  private mid: number;
  private readonly startMid: number;
  private readonly clock: HlcClock;
  /** The wall-clock reading of the change being built: one reading per change, shared by id, HLC and ISO times. */
  private wall = 0;

  private constructor(
    private readonly db: CareRoundsDb,
    readonly device: DeviceMeta,
    hlc: HlcState | undefined,
    lastMid: number,
    readonly userId: string,
    private readonly now: () => number,
  ) {
    this.mid = lastMid;
    this.startMid = lastMid;
    this.clock = createHlcClock(device.clientId, () => this.wall, hlc);
  }

  /** Must run inside a rw transaction that includes `meta` and `outbox`. */
  static async begin(db: CareRoundsDb, ctx: WriteCtx): Promise<WriteSession> {
    const now = ctx.now ?? Date.now;
    const device = await ensureDevice(db, now);
    const stored = await readHlcState(db);
    const initial: HlcState | undefined = stored ? { ...stored, node: device.clientId } : undefined;
    return new WriteSession(db, device, initial, await readMid(db), ctx.userId, now);
  }

  /** Reads the wall clock once and ticks the HLC: the stamp and ISO time of one change. */
  private stamp(): { stamp: Hlc; at: string; wall: number } {
    this.wall = this.now();
    return { stamp: this.clock.tick(), at: new Date(this.wall).toISOString(), wall: this.wall };
  }

  /** Whether this session has staged any change. */
  get dirty(): boolean {
    return this.mid !== this.startMid;
  }

  get lastMid(): number {
    return this.mid;
  }

  private entry(table: SyncedTableName, recordId: string, op: OutboxOp, fields: Record<string, unknown>, stamp: Hlc, baseSeq: number, at: string): OutboxEntry {
    this.mid += 1;
    return {
      mid: this.mid,
      table,
      recordId,
      op,
      fields,
      hlc: stamp,
      baseSeq,
      schemaVersion: RECORD_SCHEMA_VERSION,
      userId: this.userId,
      deviceId: this.device.deviceId,
      createdAt: at,
    };
  }

  private touch(at: string): Pick<Envelope, 'updatedAt' | 'updatedBy' | 'deviceId'> {
    return { updatedAt: at, updatedBy: this.userId, deviceId: this.device.deviceId };
  }

  buildCreate<K extends SyncedTableName>(table: K, data: DataFor<K>, givenId?: string): Staged<K> {
    const { stamp, at, wall } = this.stamp();
    const id = givenId ?? nextId(wall);
    const fields = dataFields(data);
    const hlc: Record<string, Hlc> = {};
    for (const k of Object.keys(fields)) hlc[k] = stamp;
    const envelope: Envelope = {
      id,
      createdAt: at,
      createdBy: this.userId,
      ...this.touch(at),
      deletedAt: null,
      seq: 0,
      hlc,
      schemaVersion: RECORD_SCHEMA_VERSION,
    };
    // Envelope + data fields is exactly RecordOf<K>; TypeScript cannot see that through the generic Omit.
    const record = { ...fields, ...envelope } as unknown as RecordOf<K>;
    return { record, entry: this.entry(table, id, 'create', fields, stamp, 0, at) };
  }

  /** Null when `changes` changes nothing. Throws 'record.deleted' on a tombstone. */
  buildPatch<K extends SyncedTableName>(table: K, current: RecordOf<K>, changes: Partial<DataFor<K>>): Staged<K> | null {
    refuseImmutable(table, current.id, 'edited');
    if (current.deletedAt !== null) {
      throw new StoreError('record.deleted', `${table}/${current.id} is deleted`, { table, id: current.id });
    }
    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(changes)) {
      if (ENVELOPE_KEY_SET.has(k)) throw new StoreError('record.invalidField', `${k} is not a data field`, { field: k });
      if (v !== undefined && !jsonEqual(field(current, k), v)) changed[k] = v;
    }
    const keys = Object.keys(changed);
    if (keys.length === 0) return null;
    const { stamp, at } = this.stamp();
    const hlc: Record<string, Hlc> = { ...current.hlc };
    for (const k of keys) hlc[k] = stamp;
    const record = { ...current, ...changed, ...this.touch(at), hlc } as RecordOf<K>;
    return { record, entry: this.entry(table, current.id, 'patch', changed, stamp, current.seq, at) };
  }

  /**
   * Sets the tombstone. `op: 'void'` is the immutable-record form (assessments): `fields` (the reason) are
   * stored on the record and sent with the entry. Null when the record is already deleted.
   */
  buildTombstone<K extends SyncedTableName>(table: K, current: RecordOf<K>, op: 'delete' | 'void' = 'delete', extra: Record<string, unknown> = {}): Staged<K> | null {
    if (op === 'delete') refuseImmutable(table, current.id, 'deleted');
    if (current.deletedAt !== null) return null;
    const { stamp, at } = this.stamp();
    const fields = dataFields(extra);
    const hlc: Record<string, Hlc> = { ...current.hlc };
    for (const k of Object.keys(fields)) hlc[k] = stamp;
    const record = { ...current, ...fields, ...this.touch(at), hlc, deletedAt: stamp } as RecordOf<K>;
    return { record, entry: this.entry(table, current.id, op, fields, stamp, current.seq, at) };
  }

  /** Clears the tombstone. Null when the record is not deleted. */
  buildRestore<K extends SyncedTableName>(table: K, current: RecordOf<K>): Staged<K> | null {
    if (current.deletedAt === null) return null;
    const { stamp, at } = this.stamp();
    const record = { ...current, ...this.touch(at), deletedAt: null } as RecordOf<K>;
    return { record, entry: this.entry(table, current.id, 'restore', {}, stamp, current.seq, at) };
  }

  async get<K extends SyncedTableName>(table: K, id: string): Promise<RecordOf<K>> {
    const current = await tableOf(this.db, table).get(id);
    if (!current) throw new StoreError('record.notFound', `${table}/${id} not found`, { table, id });
    return current;
  }

  private async write<K extends SyncedTableName>(table: K, staged: Staged<K>, mode: 'add' | 'put'): Promise<RecordOf<K>> {
    if (mode === 'add') await tableOf(this.db, table).add(staged.record);
    else await tableOf(this.db, table).put(staged.record);
    await this.db.outbox.add(staged.entry);
    return staged.record;
  }

  /** `id`: a record whose id is given by its type (a caregiver's availability is her user id); else a new one. */
  create<K extends SyncedTableName>(table: K, data: DataFor<K>, id?: string): Promise<RecordOf<K>> {
    // add, not put: a new record never overwrites an existing one
    return this.write(table, this.buildCreate(table, data, id), 'add');
  }

  async patch<K extends SyncedTableName>(table: K, id: string, changes: Partial<DataFor<K>>): Promise<RecordOf<K>> {
    const current = await this.get(table, id);
    const staged = this.buildPatch(table, current, changes);
    return staged ? this.write(table, staged, 'put') : current;
  }

  async tombstone<K extends SyncedTableName>(table: K, id: string, op: 'delete' | 'void' = 'delete', extra: Record<string, unknown> = {}): Promise<RecordOf<K>> {
    const current = await this.get(table, id);
    const staged = this.buildTombstone(table, current, op, extra);
    return staged ? this.write(table, staged, 'put') : current;
  }

  async restore<K extends SyncedTableName>(table: K, id: string): Promise<RecordOf<K>> {
    const current = await this.get(table, id);
    const staged = this.buildRestore(table, current);
    return staged ? this.write(table, staged, 'put') : current;
  }

  /** Stores the counter and clock; nothing when nothing was staged. */
  async commit(): Promise<void> {
    if (!this.dirty) return;
    await this.db.meta.bulkPut([
      { key: 'mid', value: this.mid },
      { key: 'hlc', state: this.clock.state() },
    ]);
  }
}

/**
 * Runs `fn` in one rw transaction over `tables`, the outbox and meta (and `localTables`: unsynced stores
 * written in the same transaction, such as the visit draft a save removes). Everything `fn` writes through
 * the session, plus the counter and clock, commits together; a throw anywhere rolls all of it back.
 */
export function runWrite<R>(
  db: CareRoundsDb,
  tables: readonly SyncedTableName[],
  ctx: WriteCtx,
  fn: (session: WriteSession) => Promise<R>,
  localTables: readonly Table[] = [],
): Promise<R> {
  const scope = [...tables.map((t) => db.table(t)), ...localTables, db.outbox, db.meta];
  return db.transaction('rw', scope, async () => {
    const session = await WriteSession.begin(db, ctx);
    const result = await fn(session);
    await session.commit();
    return result;
  });
}

/** `opts.id`: the id a record type prescribes (availability: her user id); a new id otherwise. */
export function createRecord<K extends SyncedTableName>(db: CareRoundsDb, table: K, data: DataFor<K>, ctx: WriteCtx, opts: { id?: string } = {}): Promise<RecordOf<K>> {
  return runWrite(db, [table], ctx, (s) => s.create(table, data, opts.id));
}

/** Writes only the fields whose JSON value changes; returns the record as stored. */
export function patchRecord<K extends SyncedTableName>(db: CareRoundsDb, table: K, id: string, changes: Partial<DataFor<K>>, ctx: WriteCtx): Promise<RecordOf<K>> {
  return runWrite(db, [table], ctx, (s) => s.patch(table, id, changes));
}

/** Tombstones the record (idempotent). */
export function deleteRecord<K extends SyncedTableName>(db: CareRoundsDb, table: K, id: string, ctx: WriteCtx): Promise<RecordOf<K>> {
  return runWrite(db, [table], ctx, (s) => s.tombstone(table, id));
}

/** Clears the tombstone (idempotent). */
export function restoreRecord<K extends SyncedTableName>(db: CareRoundsDb, table: K, id: string, ctx: WriteCtx): Promise<RecordOf<K>> {
  return runWrite(db, [table], ctx, (s) => s.restore(table, id));
}
