/**
 * The audit log (docs/security.md §5): who did what to which record, with outcome and request id; never values,
 * tokens or passwords.
 *
 * Invariants:
 * - Entries form a hash chain: hash = sha256(prev_hash + "\n" + canonical(entry)). audit_head holds the
 *   last hash; appending takes its row lock, so concurrent appends still chain linearly.
 * - An entry written inside a caller's transaction commits or rolls back with it.
 * - verifyAuditChain detects any edited, removed or reordered row.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db/db';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  userId?: string | null;
  deviceId?: string | null;
  action: string; // e.g. 'auth.login', 'device.revoke', 'user.update', 'auth.refresh_replay'
  recordType?: string | null;
  recordId?: string | null;
  outcome: AuditOutcome;
  requestId?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

function canonical(at: string, e: Required<{ [K in keyof AuditEntry]: Exclude<AuditEntry[K], undefined> }>): string {
  return JSON.stringify([at, e.userId, e.deviceId, e.action, e.recordType, e.recordId, e.outcome, e.requestId]);
}

function chainHash(prevHash: string, line: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(line).digest('hex');
}

function normalise(e: AuditEntry) {
  return {
    userId: e.userId ?? null,
    deviceId: e.deviceId ?? null,
    action: e.action,
    recordType: e.recordType ?? null,
    recordId: e.recordId ?? null,
    outcome: e.outcome,
    requestId: e.requestId ?? null,
  };
}

export async function appendAudit(db: Db, entry: AuditEntry, now: number = Date.now()): Promise<void> {
  const e = normalise(entry);
  const at = new Date(now).toISOString();
  await db.transaction(async (tx) => {
    const head = (await tx.query<{ hash: string }>('UPDATE audit_head SET hash = hash WHERE id = 1 RETURNING hash')).rows[0];
    if (!head) throw new Error('audit_head row missing');
    const hash = chainHash(head.hash, canonical(at, e));
    await tx.query(
      `INSERT INTO audit_log (at, user_id, device_id, action, record_type, record_id, outcome, request_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [at, e.userId, e.deviceId, e.action, e.recordType, e.recordId, e.outcome, e.requestId, head.hash, hash],
    );
    await tx.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [hash]);
  });
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
  prev_hash: string;
  hash: string;
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; brokenAtId: number };

export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const rows = (await db.query<AuditRow>('SELECT * FROM audit_log ORDER BY id')).rows;
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const line = canonical(r.at.toISOString(), {
      userId: r.user_id,
      deviceId: r.device_id,
      action: r.action,
      recordType: r.record_type,
      recordId: r.record_id,
      outcome: r.outcome,
      requestId: r.request_id,
    });
    if (r.prev_hash !== prev || chainHash(prev, line) !== r.hash) return { ok: false, brokenAtId: r.id };
    prev = r.hash;
  }
  const head = (await db.query<{ hash: string }>('SELECT hash FROM audit_head WHERE id = 1')).rows[0];
  if (head?.hash !== prev) return { ok: false, brokenAtId: rows.at(-1)?.id ?? 0 };
  return { ok: true, entries: rows.length };
}
