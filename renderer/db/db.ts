/**
 * The local database (Dexie 4 on IndexedDB) and how it is opened.
 *
 * Invariants:
 * - Nothing here deletes a database or a store: a database we cannot open (newer app version, damaged,
 *   blocked, out of space) is reported as a value and left exactly as it is.
 * - A database written by a newer app version is detected before Dexie touches it (Dexie 4 would open it
 *   anyway and could add stores), and again after open as a second line of defence.
 * - The schema is the list in schema/index.ts, applied in order; upgrades only add.
 * - The read models (registerRows, residentDigests, alertRows, roundCells, the report facts' packs) follow the records in every transaction, whoever writes
 *   (readModels/).
 * - A database object has at most one second connection, its pull connection, and closing the object closes
 *   that connection too.
 */
import Dexie, { type ChromeTransactionDurability, type Table, type Transaction } from 'dexie';
import type { AdlAssessment } from '../../shared/assessment';
import type { Community } from '../../shared/reference/communities';
import type { Resident } from '../../shared/resident';
import type { Visit, VisitAmendment } from '../../shared/visit';
import type { CarePlan } from '../../shared/carePlan';
import type { AlertAck, AttachmentRow, AttachmentUpload, ConsentRecord, VisitDraft } from './records';
import { StoreError } from './errors';
import { ensureDevice, type MetaRow } from './meta';
import type { RegisterRowRecord } from './registerRows';
import { readModels } from './readModels';
import { sealingMiddleware, type SealingLayers } from './crypto/middleware';
import { SEALED_STORES } from './crypto/stores';
import type { Sealer } from './crypto/sealer';
import type { ResidentDigest } from '../../shared/digest';
import type { AlertRow } from '../../shared/alertRow';
import type { OutboxEntry } from './outbox';
import type { AvailabilityRecord, ConflictRecord, HolidayRecord, LeaveRecord, NoticeRecord, RejectedEntry, RoundVisitRecord, SyncStateRow } from './syncRows';
import type { DirectoryUser } from '../../shared/sync/directory';
import { CURRENT_DB_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from './schema';
import type { RoundSeen } from './roundSeen';
import type { ViewEventRow } from './viewEvents';
import type { RoundGone } from './roundGone';
import type { RoundCell } from '../../shared/rounds/cells';
import type { ResidentPack, VisitPack } from './readModels/reportPacks';

export { CURRENT_DB_VERSION } from './schema';

export const DEFAULT_DB_NAME = 'carerounds';

export interface CareRoundsDbOptions {
  /**
   * 'strict' (default) for user writes: the commit waits for the disk flush (docs/architecture.md "The write path"; Chromium ≥ 121
   * defaults to 'relaxed'). The pull connection (pullConnection) uses 'relaxed': pulled rows can be pulled again.
   */
  durability?: ChromeTransactionDurability;
  /** Tests only: open with a prefix of the versions, or a deliberately broken list. */
  versions?: readonly SchemaVersion[];
  /**
   * Seals the personal records with the data key (crypto/, docs/security.md §3 "Records at rest"): given for
   * a signed-in user's database, absent on a device without a server (no data key: records stay plain).
   */
  sealer?: Sealer;
}

export class CareRoundsDb extends Dexie {
  // `declare`: Dexie creates these properties in version().stores(); a class field would overwrite them.
  declare readonly residents: Table<Resident, string>;
  declare readonly assessments: Table<AdlAssessment, string>;
  declare readonly communities: Table<Community, string>;
  declare readonly outbox: Table<OutboxEntry, number>;
  declare readonly meta: Table<MetaRow, string>;
  declare readonly conflicts: Table<ConflictRecord, string>;
  declare readonly syncState: Table<SyncStateRow, string>;
  declare readonly syncRejected: Table<RejectedEntry, number>;
  declare readonly visits: Table<Visit, string>;
  declare readonly visitAmendments: Table<VisitAmendment, string>;
  declare readonly carePlans: Table<CarePlan, string>;
  declare readonly alertAcks: Table<AlertAck, string>;
  /** PDPA consents per resident (shared/consent.ts). */
  declare readonly consents: Table<ConsentRecord, string>;
  /** Local only (never synced): the visit being written, per resident and caregiver. */
  declare readonly visitDrafts: Table<VisitDraft, string>;
  /** Photo bytes by SHA-256, and the queue of those not yet uploaded. */
  declare readonly attachments: Table<AttachmentRow, string>;
  declare readonly attachmentUploads: Table<AttachmentUpload, string>;
  /** Read models (readModels/): kept by its middleware and rebuilt by rebuildReadModels; never written otherwise. */
  declare readonly registerRows: Table<RegisterRowRecord, string>;
  declare readonly residentDigests: Table<ResidentDigest, string>;
  declare readonly alertRows: Table<AlertRow, string>;
  /** The week planner's caregiver-day summaries (readModels/roundCells.ts). */
  declare readonly roundCells: Table<RoundCell, string>;
  /** The funding reports' facts (readModels/reportRows.ts), packed for reading: every live resident's and every live visit's (readModels/reportPacks.ts). */
  declare readonly reportResidentPacks: Table<ResidentPack, string>;
  declare readonly reportVisitPacks: Table<VisitPack, string>;
  /** Who is who (sync/directory.ts): replaced whole after each sync run; never written otherwise. */
  declare readonly directory: Table<DirectoryUser, string>;
  /** Addressed to the signed-in user (sync/notices.ts): pulled; only dismissed locally. */
  declare readonly notices: Table<NoticeRecord, string>;
  /** Weekly rounds (docs/domain.md §9): synced like the register. */
  declare readonly availability: Table<AvailabilityRecord, string>;
  declare readonly leaves: Table<LeaveRecord, string>;
  declare readonly holidays: Table<HolidayRecord, string>;
  declare readonly roundVisits: Table<RoundVisitRecord, string>;
  /** Local only (never synced): what the caregiver acknowledged of her changed round visits (roundSeen.ts). */
  declare readonly roundSeen: Table<RoundSeen, string>;
  /** Local only (never synced): her published visits given to someone else, until she acknowledges them (roundGone.ts). */
  declare readonly roundGone: Table<RoundGone, string>;
  /** Local until uploaded: openings of residents' pages, for the server's audit log (viewEvents.ts). */
  declare readonly viewEvents: Table<ViewEventRow, string>;

  private readonly options: CareRoundsDbOptions;
  /** The layers around the sealing middleware once the database is open (crypto/leftovers.ts). */
  sealingLayers: SealingLayers | undefined;
  private pullTwin: CareRoundsDb | undefined;

  constructor(name: string, options: CareRoundsDbOptions = {}) {
    super(name, { chromeTransactionDurability: options.durability ?? 'strict' });
    this.options = options;
    for (const v of options.versions ?? SCHEMA_VERSIONS) {
      const version = this.version(v.version).stores(v.stores);
      const upgrade = v.upgrade;
      if (upgrade) version.upgrade((tx) => runUpgrade(v.version, upgrade, tx));
    }
    this.use(readModels);
    if (options.sealer) this.use(sealingMiddleware(options.sealer, SEALED_STORES, (layers) => (this.sealingLayers = layers)));
  }

  /** Whether the personal records are sealed (then they are read and written only while unlocked). */
  get sealed(): boolean {
    return this.options.sealer !== undefined;
  }

  /**
   * The connection sync pulls write through: the same database with 'relaxed' durability (pulled rows can be
   * pulled again, so a pull need not wait for the disk flush). Made on first use, the same one afterwards
   * (however often sync restarts), and closed with this object. A relaxed object is its own.
   */
  pullConnection(): CareRoundsDb {
    if (this.options.durability === 'relaxed') return this;
    this.pullTwin ??= new CareRoundsDb(this.name, { ...this.options, durability: 'relaxed' });
    return this.pullTwin;
  }

  /** Closes the pull connection too (Dexie also calls this when another connection upgrades the database). */
  override close(options?: { disableAutoOpen: boolean }): void {
    this.pullTwin?.close(options);
    super.close(options);
  }
}

async function runUpgrade(version: number, upgrade: (tx: Transaction) => Promise<void>, tx: Transaction): Promise<void> {
  try {
    await upgrade(tx);
  } catch (err) {
    // Rethrown as ours so openStore can tell a failed upgrade (data kept at the old version) from the rest.
    throw new StoreError('db.upgradeFailed', `upgrade to version ${version} failed: ${describe(err)}`, { version });
  }
}

/** A database object, not yet opened (Dexie opens on first use or in openStore). */
export function openCareRoundsDb(name: string = DEFAULT_DB_NAME, options: CareRoundsDbOptions = {}): CareRoundsDb {
  return new CareRoundsDb(name, options);
}

export type OpenFailureCode = 'db.newerVersion' | 'db.corrupt' | 'db.blocked' | 'db.quota' | 'db.unavailable';
export type OpenResult = { ok: true; db: CareRoundsDb } | { ok: false; code: OpenFailureCode; detail: string };

export interface OpenStoreOptions extends CareRoundsDbOptions {
  /** How long to wait for other connections to close once the upgrade is reported blocked. */
  blockedGraceMs?: number;
}

/**
 * Opens the store, creating the device identity on first open. Never throws: a failure is a value the UI
 * shows, and the database is left untouched for the user (or support) to recover.
 */
export async function openStore(name: string = DEFAULT_DB_NAME, options: OpenStoreOptions = {}): Promise<OpenResult> {
  const versions = options.versions ?? SCHEMA_VERSIONS;
  const supported = versions[versions.length - 1]?.version ?? CURRENT_DB_VERSION;

  const installed = await installedVersion(name);
  if (installed !== null && installed > supported) return newerVersion(installed, supported);

  const db = new CareRoundsDb(name, options);
  let outcome: 'open' | 'blocked';
  try {
    outcome = await openOrBlocked(db, options.blockedGraceMs ?? 4000);
  } catch (err) {
    db.close();
    return { ok: false, ...classifyOpenError(err) };
  }
  if (outcome === 'blocked') {
    db.close();
    return { ok: false, code: 'db.blocked', detail: 'the database is held open by another window of an older version' };
  }
  // Second line of defence: Dexie 4 opens a newer database instead of failing with VersionError.
  const opened = Math.floor(db.backendDB().version / 10);
  if (opened > supported) {
    db.close();
    return newerVersion(opened, supported);
  }
  try {
    await ensureDevice(db);
  } catch (err) {
    db.close();
    return { ok: false, ...classifyOpenError(err) };
  }
  return { ok: true, db };
}

function newerVersion(installed: number, supported: number): OpenResult {
  return {
    ok: false,
    code: 'db.newerVersion',
    detail: `the local database is version ${installed}; this app reads up to version ${supported}`,
  };
}

/**
 * Dexie version of an existing database (IndexedDB version / 10), or null if there is none or it cannot be
 * told. Uses `indexedDB.databases()`; where that is missing, opens the database without a version (which
 * never upgrades it) and, if it turns out not to exist, aborts the creation.
 */
async function installedVersion(name: string): Promise<number | null> {
  const factory: IDBFactory | undefined = Dexie.dependencies.indexedDB;
  if (!factory) return null;
  const native = typeof factory.databases === 'function' ? await listedVersion(factory, name) : await probedVersion(factory, name);
  return native ? Math.floor(native / 10) : null;
}

async function listedVersion(factory: IDBFactory, name: string): Promise<number | null> {
  try {
    return (await factory.databases()).find((d) => d.name === name)?.version ?? null;
  } catch {
    return probedVersion(factory, name);
  }
}

function probedVersion(factory: IDBFactory, name: string): Promise<number | null> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name);
    } catch {
      resolve(null); // let open() report it
      return;
    }
    req.onupgradeneeded = () => {
      // The database did not exist: undo its creation so Dexie creates it properly.
      req.transaction?.abort();
    };
    req.onsuccess = () => {
      const version = req.result.version;
      req.result.close();
      resolve(version);
    };
    req.onerror = (ev) => {
      ev.preventDefault();
      resolve(null);
    };
  });
}

function openOrBlocked(db: CareRoundsDb, graceMs: number): Promise<'open' | 'blocked'> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onBlocked = () => {
      // Other windows get a versionchange event and Dexie closes them; give them a moment.
      timer ??= setTimeout(() => resolve('blocked'), graceMs);
    };
    db.on('blocked', onBlocked);
    db.open().then(
      () => {
        if (timer !== undefined) clearTimeout(timer);
        db.on('blocked').unsubscribe(onBlocked);
        resolve('open');
      },
      (err: unknown) => {
        if (timer !== undefined) clearTimeout(timer);
        db.on('blocked').unsubscribe(onBlocked);
        reject(err);
      },
    );
  });
}

const CORRUPT = new Set(['UpgradeError', 'DataError', 'DataCloneError', 'UnknownError', 'ConstraintError', 'NotFoundError', 'AbortError', 'SchemaError']);

/** Maps what IndexedDB or Dexie threw on open to a code the UI explains. */
export function classifyOpenError(err: unknown): { code: Exclude<OpenFailureCode, 'db.blocked'>; detail: string } {
  const detail = describe(err);
  const chain = errorChain(err);
  if (chain.some((e) => e.name === 'VersionError')) return { code: 'db.newerVersion', detail };
  if (chain.some((e) => e.name === 'QuotaExceededError')) return { code: 'db.quota', detail };
  if (chain.some((e) => (e.value instanceof StoreError && e.value.code === 'db.upgradeFailed') || CORRUPT.has(e.name))) {
    return { code: 'db.corrupt', detail };
  }
  // MissingAPIError, InvalidStateError (private mode), SecurityError, DatabaseClosedError, anything else.
  return { code: 'db.unavailable', detail };
}

/** The error and what it wraps (Dexie's `inner`, standard `cause`), outermost first. */
function errorChain(err: unknown): { name: string; value: unknown }[] {
  const out: { name: string; value: unknown }[] = [];
  let current: unknown = err;
  while (typeof current === 'object' && current !== null && out.length < 8 && !out.some((e) => e.value === current)) {
    const name = 'name' in current && typeof current.name === 'string' ? current.name : '';
    out.push({ name, value: current });
    const inner: unknown = 'inner' in current ? current.inner : undefined;
    current = inner ?? ('cause' in current ? current.cause : undefined);
  }
  return out;
}

function describe(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const name = 'name' in err ? String(err.name) : 'Error';
    return `${name}: ${String(err.message)}`;
  }
  return String(err);
}
