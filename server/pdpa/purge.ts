/**
 * Erasure of one resident for good (docs/security.md §6): the server's rows, their history, photos and
 * report facts are deleted, submitted reports keep the person's figures under an anonymous id, and every
 * device drops its copy at its next pull (docs/sync-protocol.md §6.4, `{ "erased": id }`).
 *
 * Invariants:
 * - One transaction, which first takes the sync_counter row lock (as pushes do): no push can write a row for
 *   the resident between the collection of its rows and their deletion, and the erasure's seq orders it in
 *   the pull stream after every row it removes.
 * - The erased ids go to deleted_ids, so an offline device's later create or edit of any of them is rejected
 *   `record_deleted` instead of bringing the data back; a create attached to the erased resident likewise
 *   (server/sync/push.ts).
 * - What is kept names the person only by hash: the audit entry and the request (sha256 of the id), the
 *   snapshots' anonymous id (a prefix of that hash), and sync_erasures (the bare UUID, which leads nowhere).
 */
import { createHash } from 'node:crypto';
import { anonymiseServiceRow } from '../../shared/pdpa/erasure';
import type { ServiceRow } from '../../shared/reports/definitions';
import type { Fingerprint } from '../../shared/reports/snapshot';
import { appendAudit } from '../audit';
import type { Db } from '../db/db';

export function residentHash(residentId: string): string {
  return createHash('sha256').update(residentId, 'utf8').digest('hex');
}

/** The id an erased person has in submitted reports: stable, and not the resident's id. */
export function anonymousId(residentId: string): string {
  return `anon-${residentHash(residentId).slice(0, 16)}`;
}

export interface PurgeActor {
  userId: string | null;
  deviceId: string | null;
  requestId: string | null;
  /** 'pdpa.erase' for an approved request, 'pdpa.retention' for the retention job. */
  action: 'pdpa.erase' | 'pdpa.retention';
}

export interface PurgeResult {
  seq: number;
  records: number;
  attachments: number;
  snapshots: number;
}

interface Key {
  type: string;
  id: string;
}

const KEYS = 'SELECT t, i FROM unnest($1::text[], $2::text[]) AS k(t, i)';

/** Erases the resident inside `db`'s transaction (joined when `db` is one); null when there is no such resident. */
export async function purgeResident(db: Db, residentId: string, actor: PurgeActor, now: number): Promise<PurgeResult | null> {
  return db.transaction(async (tx) => {
    const seqRow = (await tx.query<{ seq: number }>('UPDATE sync_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq')).rows[0];
    if (!seqRow) throw new Error('sync_counter row missing');
    const seq = Number(seqRow.seq);
    const own = (await tx.query<{ type: string; id: string; bucket: string }>(
      `SELECT type, id, bucket FROM records WHERE resident_id = $1
       UNION SELECT type, id, bucket FROM records WHERE type = 'round_visit' AND data ->> 'residentId' = $1`,
      [residentId],
    )).rows;
    if (!own.some((r) => r.type === 'resident' && r.id === residentId)) {
      await tx.query('UPDATE sync_counter SET seq = seq - 1 WHERE id = 1');
      return null;
    }
    // Conflicts and notices copy field values of the records they are about.
    const about = (await tx.query<{ type: string; id: string; bucket: string }>(
      `SELECT type, id, bucket FROM records WHERE type IN ('conflict', 'notice') AND data ->> 'recordId' = ANY($1::text[])`,
      [own.map((r) => r.id)],
    )).rows;
    const rows = [...own, ...about];
    const keys: Key[] = rows.map((r) => ({ type: r.type, id: r.id }));
    const types = keys.map((k) => k.type);
    const ids = keys.map((k) => k.id);

    await tx.query(`DELETE FROM record_history WHERE (type, record_id) IN (${KEYS}) OR fields ->> 'residentId' = $3`, [types, ids, residentId]);
    await tx.query(`DELETE FROM records WHERE (type, id) IN (${KEYS})`, [types, ids]);
    await tx.query(`INSERT INTO deleted_ids (type, id, seq) SELECT t, i, $3 FROM unnest($1::text[], $2::text[]) AS k(t, i) ON CONFLICT DO NOTHING`, [types, ids, seq]);
    await tx.query(`DELETE FROM sync_moves WHERE resident_id = $1 OR (type, id) IN (SELECT t, i FROM unnest($2::text[], $3::text[]) AS k(t, i))`, [residentId, types, ids]);
    const attachments = (await tx.query('DELETE FROM attachments WHERE resident_id = $1 RETURNING sha256', [residentId])).rows.length;
    // The live report facts go with the rows (the projector only recomputes facts of rows it reads).
    await tx.query('DELETE FROM report_residents WHERE id = $1', [residentId]);
    for (const table of ['report_adl', 'report_plans', 'report_visits']) await tx.query(`DELETE FROM ${table} WHERE resident_id = $1`, [residentId]);
    const snapshots = await anonymiseSnapshots(tx, residentId);

    for (const bucket of new Set(rows.map((r) => r.bucket))) {
      await tx.query('INSERT INTO sync_erasures (seq, resident_id, bucket) VALUES ($1, $2, $3)', [seq, residentId, bucket]);
    }
    await appendAudit(tx, { userId: actor.userId, deviceId: actor.deviceId, action: actor.action, recordType: 'resident', recordId: residentHash(residentId), outcome: 'success', requestId: actor.requestId }, now);
    return { seq, records: keys.length, attachments, snapshots };
  });
}

interface SnapshotRow {
  id: string;
  figures: { service: ServiceRow[] } & Record<string, unknown>;
  fingerprint: Fingerprint;
}

/**
 * Submitted reports that counted the person keep their figures (the fund was paid on them) under the
 * anonymous id; the fingerprint's entry is renamed alike, so the late changes list the person as gone.
 */
async function anonymiseSnapshots(tx: Db, residentId: string): Promise<number> {
  const found = (await tx.query<SnapshotRow>(
    `SELECT id, figures, fingerprint FROM report_snapshots
     WHERE figures::text LIKE '%' || $1 || '%' OR fingerprint::text LIKE '%' || $1 || '%'`,
    [residentId],
  )).rows;
  const anon = anonymousId(residentId);
  for (const s of found) {
    const figures = { ...s.figures, service: s.figures.service.map((r) => (r.residentId === residentId ? anonymiseServiceRow(r, anon) : r)) };
    const fingerprint: Fingerprint = {
      ...s.fingerprint,
      residents: s.fingerprint.residents
        .map(([id, h]): [string, string] => [id === residentId ? anon : id, h])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    };
    await tx.query('UPDATE report_snapshots SET figures = $2::jsonb, fingerprint = $3::jsonb WHERE id = $1', [s.id, JSON.stringify(figures), JSON.stringify(fingerprint)]);
  }
  return found.length;
}
