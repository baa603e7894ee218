/**
 * The audit log (docs/security.md §5): who did what to which record, with outcome and request id; never values,
 * tokens or passwords.
 *
 * Invariants:
 * - Entries form a hash chain: hash = sha256(prev_hash + "\n" + canonical(entry)). audit_head holds the
 *   last hash; appending takes its row lock, so concurrent appends still chain linearly.
 * - An entry written inside a caller's transaction commits or rolls back with it.
 * - appendAuditMany chains a whole batch in memory and inserts it in one statement per chunk, rows in chain
 *   order (ids ascending), so the result is exactly that of appending the entries one by one.
 * - verifyAuditChain detects any edited, removed or reordered row.
 * - The canonical line of an entry without `clientAt` and `detail` is the one written before those columns
 *   existed, so older chains still verify.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db/db';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  userId?: string | null;
  deviceId?: string | null;
  action: string; // e.g. 'auth.login', 'device.revoke', 'user.update', 'record.write', 'record.view'
  recordType?: string | null;
  recordId?: string | null;
  outcome: AuditOutcome;
  requestId?: string | null;
  /** The device's own time of the event (views recorded offline), ISO 8601; `at` is always the server's. */
  clientAt?: string | null;
  /** Small facts about the action that are not values (route, refusal code, mutation op): flat JSON object. */
  detail?: Readonly<Record<string, string | number | boolean | readonly string[] | null>> | null;
}

export const GENESIS_HASH = '0'.repeat(64);

interface Normalised {
  userId: string | null;
  deviceId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  clientAt: string | null;
  detail: string | null;
}

function canonical(at: string, e: Normalised): string {
  const base = [at, e.userId, e.deviceId, e.action, e.recordType, e.recordId, e.outcome, e.requestId];
  return JSON.stringify(e.clientAt === null && e.detail === null ? base : [...base, e.clientAt, e.detail]);
}

function chainHash(prevHash: string, line: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(line).digest('hex');
}

function normalise(e: AuditEntry): Normalised {
  return {
    userId: e.userId ?? null,
    deviceId: e.deviceId ?? null,
    action: e.action,
    recordType: e.recordType ?? null,
    recordId: e.recordId ?? null,
    outcome: e.outcome,
    requestId: e.requestId ?? null,
    clientAt: e.clientAt == null ? null : new Date(e.clientAt).toISOString(),
    // Stored as the text that was hashed (jsonb would reorder keys and break the chain).
    detail: e.detail == null ? null : JSON.stringify(e.detail),
  };
}

export async function appendAudit(db: Db, entry: AuditEntry, now: number = Date.now()): Promise<void> {
  await appendAuditMany(db, [entry], now);
}

/** Rows per INSERT: 11 array parameters whatever the count, so the chunk only bounds one statement's size. */
const INSERT_CHUNK = 2000;

/** Appends entries in order, all with the same server time, in one transaction (the caller's when given a tx). */
export async function appendAuditMany(db: Db, entries: readonly AuditEntry[], now: number = Date.now()): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date(now).toISOString();
  await db.transaction(async (tx) => {
    const head = (await tx.query<{ hash: string }>('UPDATE audit_head SET hash = hash WHERE id = 1 RETURNING hash')).rows[0];
    if (!head) throw new Error('audit_head row missing');
    let prev = head.hash;
    for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
      const cols: (string | null)[][] = Array.from({ length: 11 }, () => []);
      for (const entry of entries.slice(start, start + INSERT_CHUNK)) {
        const e = normalise(entry);
        const hash = chainHash(prev, canonical(at, e));
        const values = [e.userId, e.deviceId, e.action, e.recordType, e.recordId, e.outcome, e.requestId, e.clientAt, e.detail, prev, hash];
        values.forEach((v, i) => cols[i]?.push(v));
        prev = hash;
      }
      // ORDER BY the ordinality: the serial ids follow the chain.
      await tx.query(
        `INSERT INTO audit_log (at, user_id, device_id, action, record_type, record_id, outcome, request_id, client_at, detail, prev_hash, hash)
         SELECT $1::timestamptz, u, d, a, rt, ri, o, rq, ca::timestamptz, dt, ph, h
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           WITH ORDINALITY AS x(u, d, a, rt, ri, o, rq, ca, dt, ph, h, n)
         ORDER BY n`,
        [at, ...cols],
      );
    }
    await tx.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [prev]);
  });
}

/**
 * The record id an erasure is audited under: the erased id must not survive in the log, yet someone who
 * knows it can still find the entry (docs/security.md §5).
 */
export function erasedRecordId(recordType: string, recordId: string): string {
  return `sha256:${createHash('sha256').update(`carerounds-erasure\n${recordType}\n${recordId}`).digest('hex')}`;
}

/** Audits one erasure (PDPA) inside the erasing transaction, naming the record only by its hash. */
export async function appendErasureAudit(
  tx: Db,
  e: { userId: string | null; deviceId: string | null; recordType: string; recordId: string; requestId: string | null; action?: string },
  now: number,
): Promise<void> {
  await appendAudit(
    tx,
    { userId: e.userId, deviceId: e.deviceId, action: e.action ?? 'record.erase', recordType: e.recordType, recordId: erasedRecordId(e.recordType, e.recordId), outcome: 'success', requestId: e.requestId },
    now,
  );
}

interface AuditRow {
  id: number;
  at: Date;
  user_id: string | null;
  device_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: AuditOutcome;
  request_id: string | null;
  client_at: Date | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; brokenAtId: number };

/** Rows read per page: a long log is checked without holding it all in memory. */
const VERIFY_PAGE = 10_000;

export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = (await db.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [lastId, VERIFY_PAGE])).rows;
    for (const r of rows) {
      const line = canonical(r.at.toISOString(), {
        userId: r.user_id,
        deviceId: r.device_id,
        action: r.action,
        recordType: r.record_type,
        recordId: r.record_id,
        outcome: r.outcome,
        requestId: r.request_id,
        clientAt: r.client_at === null ? null : r.client_at.toISOString(),
        detail: r.detail,
      });
      if (r.prev_hash !== prev || chainHash(prev, line) !== r.hash) return { ok: false, brokenAtId: r.id };
      prev = r.hash;
      lastId = r.id;
      count++;
    }
    if (rows.length < VERIFY_PAGE) break;
  }
  const head = (await db.query<{ hash: string }>('SELECT hash FROM audit_head WHERE id = 1')).rows[0];
  if (head?.hash !== prev) return { ok: false, brokenAtId: lastId };
  return { ok: true, entries: count };
}
