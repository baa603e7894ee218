/**
 * A resident erased on the server (the pull page's `{ "erased": id }`, docs/sync-protocol.md §6.4) is
 * removed from this device at once: its row, every synced row attached to or naming it (assessments,
 * visits, amendments, plans, acknowledgements, round visits, and the conflicts and notices about any of
 * them), local drafts, photos, round notes, and the values of its outbox entries and refused copies. Read
 * models follow the deleted rows through their middleware (db/readModels).
 *
 * Invariants:
 * - Unlike an eviction, an erasure never waits for pending entries: the server rejects every write to the
 *   erased ids, so they are dropped now.
 * - The outbox stays gap-free (push.ts): an entry of an erased record keeps its mid but loses its fields and
 *   is withdrawn (sent as `skip`), its copy in syncRejected holding no value.
 * - Runs inside the caller's transaction, which must include every table ERASE_TABLES names.
 */
import Dexie from 'dexie';
import type { CareRoundsDb } from '../db/db';
import { RESIDENT_INDEX, SYNCED_TABLE_NAMES, type OutboxEntry, type SyncedTableName } from '../db/outbox';
import type { RejectedEntry } from './types';

/** The local-only tables an erasure writes besides the synced ones, the outbox and syncRejected. */
export const ERASE_TABLES = ['visitDrafts', 'attachments', 'attachmentUploads', 'roundSeen', 'roundGone'] as const;

/** The primary keys of a resident's rows in an attached table (RESIDENT_INDEX), simple or compound index. */
export async function keysByResident(db: CareRoundsDb, table: SyncedTableName, residentId: string): Promise<string[]> {
  const index = RESIDENT_INDEX[table];
  if (index === undefined) return [];
  const t = db.table(table);
  const keys = index.startsWith('[')
    ? await t.where(index).between([residentId, Dexie.minKey], [residentId, Dexie.maxKey]).primaryKeys()
    : await t.where(index).equals(residentId).primaryKeys();
  return keys.map(String);
}

const names = (v: unknown, residentId: string): boolean => v !== null && typeof v === 'object' && (v as Record<string, unknown>).residentId === residentId;

export async function eraseResidentLocally(db: CareRoundsDb, residentId: string, now: Date): Promise<void> {
  const victims = new Map<SyncedTableName, Set<string>>();
  const add = (table: SyncedTableName, ids: Iterable<string>): void => {
    const set = victims.get(table) ?? new Set<string>();
    for (const id of ids) set.add(id);
    victims.set(table, set);
  };
  add('residents', [residentId]);
  for (const table of SYNCED_TABLE_NAMES) add(table, await keysByResident(db, table, residentId));
  const rounds = (await db.roundVisits.where('residentId').equals(residentId).primaryKeys()).map(String);
  add('roundVisits', rounds);
  const ids = new Set([...victims.values()].flatMap((s) => [...s]));
  add('conflicts', (await db.conflicts.filter((c) => ids.has(c.recordId)).primaryKeys()).map(String));
  add('notices', (await db.notices.filter((n) => ids.has(n.recordId)).primaryKeys()).map(String));
  for (const [table, set] of victims) if (set.size > 0) await db.table(table).bulkDelete([...set]);

  // The outbox: entries of erased records keep their mid, lose their values, and are withdrawn.
  const isVictim = (e: Pick<OutboxEntry, 'table' | 'recordId' | 'fields'>): boolean => victims.get(e.table)?.has(e.recordId) === true || names(e.fields, residentId);
  const entries = await db.outbox.filter(isVictim).toArray();
  const at = now.toISOString();
  for (const e of entries) {
    const scrubbed: OutboxEntry = { ...e, fields: {} };
    await db.outbox.put(scrubbed);
    const copy: RejectedEntry = { mid: e.mid, entry: scrubbed, code: 'record_deleted', withdrawn: true, at };
    await db.syncRejected.put(copy);
  }
  const pendingMids = new Set(entries.map((e) => e.mid));
  await db.syncRejected.filter((r) => !pendingMids.has(r.mid) && isVictim(r.entry)).delete();

  await db.visitDrafts.where('residentId').equals(residentId).delete();
  const photos = await db.attachments.filter((a) => a.residentId === residentId).primaryKeys();
  await db.attachments.bulkDelete(photos);
  await db.attachmentUploads.filter((a) => a.residentId === residentId).delete();
  const roundSet = new Set(rounds);
  await db.roundSeen.filter((s) => roundSet.has(s.roundId)).delete();
  await db.roundGone.filter((g) => g.residentId === residentId).delete();
}

/**
 * After a bootstrap, which replaces the rows but never reads the pull stream's erasures (docs/sync-protocol.md
 * §6.4): local drafts and stored photos of residents this device no longer holds are dropped, so an erasure
 * the device skipped by bootstrapping leaves nothing behind either. Photos still queued for upload stay: the
 * server may not know their resident yet, and only it can tell an erased one (not done yet).
 */
export async function sweepLeftovers(db: CareRoundsDb): Promise<void> {
  await db.transaction('rw', [db.residents, db.visitDrafts, db.attachments, db.attachmentUploads], async () => {
    const held = new Set((await db.residents.toCollection().primaryKeys()).map(String));
    await db.visitDrafts.filter((d) => !held.has(d.residentId)).delete();
    const queued = new Set((await db.attachmentUploads.toCollection().primaryKeys()).map(String));
    const photos = await db.attachments.filter((a) => !held.has(a.residentId) && !queued.has(a.sha256)).primaryKeys();
    await db.attachments.bulkDelete(photos);
  });
}
