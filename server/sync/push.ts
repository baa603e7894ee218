/**
 * POST /sync/push: one database transaction per batch (docs/sync-protocol.md §5).
 *
 * Invariants:
 * - The transaction first takes the sync_counter row lock, so pushes are serialised and their seqs become
 *   visible in commit order: a puller that has seen seq n has seen every seq below n.
 * - Mids per client: mid ≤ lastMid → `duplicate` (nothing written, seq unchanged); the first mid above
 *   lastMid + 1 → 409 mutation_gap; a clientId the server does not know is registered by its mid-1 push,
 *   any other first push is 409 client_unknown. clients.last_mid advances over applied AND refused mids.
 * - Scope is checked for the whole batch before anything is applied: one out-of-scope mutation and the
 *   batch is refused (403 scope_denied listing the mids) with nothing written.
 * - A mutation the parser refused (`refused`: malformed, or text PostgreSQL cannot store) arrives as a skip
 *   stand-in and is answered `rejected`/`validation_failed` naming its field; its mid advances lastMid like
 *   any refusal, and nothing it carried reaches the database.
 * - Each mutation is validated (records.validateMutation) and merged (merge.applyMutation); every losing
 *   value becomes a conflict row (type 'conflict', bucket m:main) with its own seq. A merge whose result
 *   breaks the type's rules (records.ts checkMerged: a care plan) is refused instead, like an invalid patch. A record changing
 *   bucket takes its attached rows along (new seqs) and leaves sync_moves rows for the old bucket's pullers.
 * - The reply is sent only after the commit; the `changed` event is emitted after the commit too.
 * - Writes are sent in chunks while the batch applies (store.ts ChunkedWriter), all inside the one
 *   transaction, one statement at a time: the committed result is that of one write at the end.
 * - The device and user are re-read inside the transaction: a revoke that committed first wins.
 * - Every mutation the batch judged (not duplicates, not withdrawals) gets one `record.write` audit entry in the
 *   same transaction, appended as one batch (docs/security.md §5): type, id, op and outcome, never the fields.
 *   A refused batch names its refused records on the error, for the refusal's own entry (server/auditRefusals.ts).
 * - A push writes no report facts: they are projected from the committed records after the commit
 *   (server/reports/projector.ts, on the `changed` event the route emits), which relies on the counter lock above: a seq
 *   below the counter's committed value can never commit later.
 */
import { randomUUID } from 'node:crypto';
import { createHlcClock, type HlcClock } from '../../shared/hlc';
import { SERVER_HLC_NODE } from '../../shared/sync/formats';
import { applyMutation, hlcInstant, newConflictRow, type ServerRow } from '../../shared/sync/merge';
import { newNoticeRow, noticeDataFromConflict } from '../../shared/sync/notice';
import {
  HLC_RESTAMP_AHEAD_MS,
  type MutationResult,
  type PushRequest,
  type PushResponse,
  type RefusedMutation,
} from '../../shared/sync/protocol';
import { SYNC_TYPES, isSyncType, validateMutation } from '../../shared/sync/records';
import { authorize, type Role, type UserStatus } from '../../shared/permissions';
import { parseBucket, type ScopeUser } from '../../shared/sync/scope';
import type { Author } from '../../shared/sync/data';
import type { AuthContext } from '../auth/guard';
import type { Db } from '../db/db';
import { appendAuditMany, type AuditEntry } from '../audit';
import { withRefusedRecords } from '../auditRefusals';
import { recordWriteEntry } from './pushAudit';
import { erasedFilter } from './erased';
import { ApiError } from '../errors';
import {
  ChunkedWriter,
  keyOf,
  loadAttachedRows,
  loadRows,
  residentIdOf,
} from './store';

export interface PushDeps {
  db: Db;
  now: () => number;
  /** Stamps conflict rows and re-stamped mutations (node SERVER_HLC_NODE). */
  serverClock: HlcClock;
  /** The HTTP request's id, written in the audit entries. */
  requestId?: string;
}

export function createServerClock(now: () => number): HlcClock {
  return createHlcClock(SERVER_HLC_NODE, now);
}

interface ClientRow {
  client_id: string;
  device_id: string;
  user_id: string;
  last_mid: number;
}

export interface PushOutcome {
  response: PushResponse;
  /** The highest seq this push committed, or null when it allocated none. */
  committedSeq: number | null;
}

/**
 * Re-reads device and user inside the transaction (row lock on the device: a concurrent revoke serialises)
 * and returns the user's scope as of now: a role or community change committed before this push counts.
 */
async function recheckAuth(tx: Db, auth: AuthContext): Promise<ScopeUser> {
  const row = (await tx.query<{ revoked_at: Date | null; status: UserStatus; user_id: string; role: Role; communities: string[] | null }>(
    `SELECT d.revoked_at, d.user_id, u.status, u.role,
            (SELECT array_agg(uc.community_id) FROM user_communities uc WHERE uc.user_id = u.id) AS communities
     FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = $1 FOR SHARE OF d`,
    [auth.deviceId],
  )).rows[0];
  if (!row || row.user_id !== auth.user.id || row.revoked_at !== null) throw new ApiError('device_revoked', 'this device was revoked by an administrator');
  if (row.status !== 'active') throw new ApiError('device_revoked', 'this account is disabled');
  return { id: row.user_id, role: row.role, communities: row.communities ?? [], status: row.status };
}

/** The community id of a `c:` bucket, or null. */
function communityOf(bucket: string): string | null {
  const parsed = parseBucket(bucket);
  return parsed?.kind === 'community' ? parsed.communityId : null;
}

export async function push(deps: PushDeps, auth: AuthContext, req: PushRequest, refused: ReadonlyMap<number, RefusedMutation> = new Map()): Promise<PushOutcome> {
  const { db, serverClock } = deps;
  const author: Author = { userId: auth.user.id, clientId: req.clientId, deviceId: auth.deviceId };

  return db.transaction(async (tx): Promise<PushOutcome> => {
    // 1. The counter lock: from here on no other push runs until this one commits.
    const counter = (await tx.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1 FOR UPDATE')).rows[0];
    if (!counter) throw new Error('sync_counter row missing');
    let seq = counter.seq;
    const nextSeq = (): number => ++seq;

    const scopeUser = await recheckAuth(tx, auth);
    const now = deps.now();
    const nowIso = new Date(now).toISOString();
    // Stamps whose instant is above this are from the future (same fixed-width ISO form: compared as text).
    const restampAbove = new Date(now + HLC_RESTAMP_AHEAD_MS).toISOString();

    // 2. The client and its mids.
    const first = req.mutations[0];
    if (!first) throw new ApiError('invalid_argument', 'no mutations');
    let client = (await tx.query<ClientRow>('SELECT client_id, device_id, user_id, last_mid FROM clients WHERE client_id = $1 FOR UPDATE', [req.clientId])).rows[0];
    if (!client) {
      if (first.mid !== 1) {
        throw new ApiError('client_unknown', `this server has no record of client ${req.clientId}; start a new client id and re-bootstrap`);
      }
      client = { client_id: req.clientId, device_id: auth.deviceId, user_id: auth.user.id, last_mid: 0 };
      await tx.query('INSERT INTO clients (client_id, device_id, user_id, last_mid, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $4)', [
        req.clientId,
        auth.deviceId,
        auth.user.id,
        nowIso,
      ]);
    } else if (client.user_id !== auth.user.id) {
      throw new ApiError('forbidden', 'this client id belongs to another user');
    } else if (client.device_id !== auth.deviceId) {
      // Same user, same local database, signed in again as a new device: the client follows the device.
      await tx.query('UPDATE clients SET device_id = $2 WHERE client_id = $1', [req.clientId, auth.deviceId]);
    }
    const storedLastMid = client.last_mid;
    if (first.mid > storedLastMid + 1) {
      throw new ApiError('mutation_gap', `expected mid ${storedLastMid + 1}, got ${first.mid}; resend from lastMid + 1`, { lastMid: storedLastMid });
    }
    const fresh = req.mutations.filter((m) => m.mid > storedLastMid);

    // 3. Rows the batch touches, loaded once; kept current as the batch applies.
    const cache = await loadRows(tx, fresh.map((m) => ({ type: m.type, id: m.id })));
    const residentIds = new Set<string>();
    for (const m of fresh) {
      if (!isSyncType(m.type)) continue;
      const parent = SYNC_TYPES[m.type].parentField;
      const v = parent === null ? undefined : m.fields[parent];
      if (typeof v === 'string') residentIds.add(v);
      const existing = cache.get(keyOf(m.type, m.id));
      const rid = existing ? residentIdOf(existing) : null;
      if (rid !== null) residentIds.add(rid);
    }
    const missingResidents = [...residentIds].filter((id) => !cache.has(keyOf('resident', id))).map((id) => ({ type: 'resident', id }));
    for (const [k, r] of await loadRows(tx, missingResidents)) cache.set(k, r);

    const communities = new Set((await tx.query<{ id: string }>('SELECT id FROM communities')).rows.map((r) => r.id));

    // 4. Scope of the whole batch, before anything is written (simulating moves made earlier in the batch).
    const simulatedBucket = new Map<string, string>(); // record key → bucket after earlier mutations
    const bucketOfKey = (type: string, id: string): string | undefined => simulatedBucket.get(keyOf(type, id)) ?? cache.get(keyOf(type, id))?.bucket;
    const denied: { mid: number; code: 'scope_denied' | 'forbidden' }[] = [];
    for (const m of fresh) {
      if (m.op === 'skip' || !isSyncType(m.type)) continue;
      const def = SYNC_TYPES[m.type];
      const buckets = new Set<string>();
      const current = bucketOfKey(m.type, m.id);
      if (current !== undefined) buckets.add(current);
      if (m.op === 'create' || m.op === 'patch') {
        const ref = def.bucketOf(m.fields);
        if (ref !== null && 'bucket' in ref) {
          buckets.add(ref.bucket);
          simulatedBucket.set(keyOf(m.type, m.id), ref.bucket);
        } else if (ref !== null) {
          const parentBucket = bucketOfKey('resident', ref.residentId);
          if (parentBucket !== undefined) buckets.add(parentBucket);
        }
      }
      for (const bucket of buckets) {
        const decision = authorize(scopeUser, { kind: 'write', bucket, recordType: m.type });
        if (!decision.ok) {
          denied.push({ mid: m.mid, code: decision.code });
          break;
        }
      }
    }
    if (denied.length > 0) {
      const mids = denied.map((d) => d.mid);
      const deniedMids = new Set(mids);
      const records = fresh.filter((m) => deniedMids.has(m.mid)).map((m) => ({ type: m.type, id: m.id }));
      if (denied.some((d) => d.code === 'scope_denied')) {
        throw withRefusedRecords(new ApiError('scope_denied', `mutations outside your scope: ${mids.slice(0, 20).join(', ')}; nothing was written`, { mids }), records);
      }
      throw withRefusedRecords(new ApiError('forbidden', `your role may not write these records: ${mids.slice(0, 20).join(', ')}; nothing was written`, { mids }), records);
    }

    // 5. Apply, in mid order.
    const results: MutationResult[] = [];
    const audit: AuditEntry[] = [];
    // Rows, history and moves go to the database in chunks while the batch applies (same transaction).
    const writer = new ChunkedWriter(tx, nowIso);
    /** `absent`: a new row, not in the table (loaded and not found above, or a new id): a plain insert. */
    const put = (row: ServerRow, absent = false): void => {
      cache.set(keyOf(row.type, row.id), row);
      writer.putRow(row, absent);
    };
    // Display names for conflict rows (conflicts are rare: looked up on demand, once per user and batch).
    const names = new Map<string, string | null>([[auth.user.id, auth.user.displayName]]);
    const nameOf = async (userId: string): Promise<string | null> => {
      if (!names.has(userId)) {
        await writer.idle(); // the connection runs one statement at a time
        const row = (await tx.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [userId])).rows[0];
        names.set(userId, row?.display_name ?? null);
      }
      return names.get(userId) ?? null;
    };
    // Ids erased for good (PDPA purge) can never be created again, nor rows attached to an erased resident.
    const purged = await erasedFilter(tx, fresh.filter((m) => !cache.has(keyOf(m.type, m.id))));

    try {
      for (const original of req.mutations) {
        if (original.mid <= storedLastMid) {
          results.push({ mid: original.mid, status: 'duplicate' });
          continue;
        }
        // A stamp from the future (a wrong device clock) is replaced, so it cannot win every race forever.
        let m = original;
        let restampedHlc: string | null = null;
        if (m.op !== 'skip' && hlcInstant(m.hlc) > restampAbove) {
          restampedHlc = serverClock.tick();
          m = { ...m, hlc: restampedHlc };
        }
        const key = keyOf(m.type, m.id);
        const existing = cache.get(key) ?? null;
        let result: MutationResult;

        const reject = (code: Exclude<MutationResult, { status: 'applied' | 'restamped' | 'duplicate' }>['code'], field?: string): MutationResult => {
          // A refused change to an existing row re-sequences it, so its author pulls the true state back.
          if (existing !== null && code !== 'withdrawn') {
            const s = nextSeq();
            put({ ...existing, seq: s });
            return field === undefined ? { mid: m.mid, status: 'rejected', code, seq: s } : { mid: m.mid, status: 'rejected', code, field, seq: s };
          }
          return field === undefined ? { mid: m.mid, status: 'rejected', code } : { mid: m.mid, status: 'rejected', code, field };
        };

        const refusal = refused.get(m.mid);
        const pusher = { userId: auth.user.id, role: auth.user.role };
        const verdict = validateMutation(m, pusher);
        // Rules that need the stored row (care-plan transitions and approvals).
        const storedProblem = refusal !== undefined || existing === null || !isSyncType(m.type) ? null : (SYNC_TYPES[m.type].checkStored?.(existing.data, m, pusher, { fieldSeq: existing.fieldSeq, fieldBy: existing.fieldBy, clientId: req.clientId }) ?? null);
        if (refusal !== undefined) {
          result = reject('validation_failed', refusal.field);
        } else if (m.op === 'skip') {
          result = verdict.ok ? { mid: m.mid, status: 'rejected', code: 'withdrawn' } : reject('validation_failed', verdict.field);
        } else if (!verdict.ok) {
          result = reject(verdict.code, verdict.field);
        } else if (!isSyncType(m.type)) {
          result = reject('unknown_type'); // validateMutation already refuses these; kept for the type guard
        } else if (existing === null && purged(m)) {
          result = reject('record_deleted');
        } else if (storedProblem !== null) {
          result = reject('validation_failed', storedProblem);
        } else {
          const def = SYNC_TYPES[m.type];
          // Where the row lives: its own bucket, or its resident's; a community must exist.
          let bucketOpt: string | undefined;
          let problem: string | null = null;
          const ref = m.op === 'create' || m.op === 'patch' ? def.bucketOf(m.fields) : null;
          if (ref !== null && 'bucket' in ref) {
            const c = communityOf(ref.bucket);
            if (c !== null && !communities.has(c)) problem = 'communityId';
          } else if (ref !== null && existing === null) {
            const parent = cache.get(keyOf('resident', ref.residentId));
            if (!parent) problem = def.parentField ?? 'residentId';
            else bucketOpt = parent.bucket;
          }
          if (problem !== null) {
            result = reject('validation_failed', problem);
          } else {
            const s = seq + 1;
            const applied = applyMutation(existing, m, author, s, bucketOpt === undefined ? {} : { bucket: bucketOpt });
            // Fields merged one by one can make a record no single write made (see records.ts checkMerged).
            const mergedProblem =
              applied.status !== 'rejected' && existing !== null && applied.row !== null ? (def.checkMerged?.(existing.data, applied.row.data) ?? null) : null;
            if (mergedProblem !== null) {
              result = reject('validation_failed', mergedProblem);
            } else {
              if (applied.row !== null) {
                nextSeq();
                put(applied.row, existing === null);
              }
              if (applied.status === 'rejected') {
                const code = applied.code ?? 'validation_failed';
                result = applied.row !== null
                  ? { mid: m.mid, status: 'rejected', code, seq: s, ...(applied.field === undefined ? {} : { field: applied.field }) }
                  : { mid: m.mid, status: 'rejected', code, ...(applied.field === undefined ? {} : { field: applied.field }) };
              } else {
                if (applied.moved && applied.row !== null) {
                  const rid = applied.row.id;
                  writer.addMove({ seq: s, type: applied.row.type, id: rid, resident_id: residentIdOf(applied.row), from_bucket: applied.moved.from, to_bucket: applied.moved.to });
                  // Attached rows as stored, plus any this batch created or changed (not yet written).
                  const attached = new Map<string, ServerRow>();
                  await writer.idle(); // the connection runs one statement at a time
                  for (const a of await loadAttachedRows(tx, rid)) attached.set(keyOf(a.type, a.id), a);
                  for (const [k, r] of cache) if (r.type !== 'resident' && residentIdOf(r) === rid) attached.set(k, r);
                  for (const a of attached.values()) {
                    const current = cache.get(keyOf(a.type, a.id)) ?? a;
                    if (current.bucket === applied.moved.to) continue;
                    const as = nextSeq();
                    put({ ...current, bucket: applied.moved.to, seq: as });
                    writer.addMove({ seq: as, type: current.type, id: current.id, resident_id: rid, from_bucket: current.bucket, to_bucket: applied.moved.to });
                  }
                }
                const conflictIds: string[] = [];
                for (const draft of applied.conflicts) {
                  const id = randomUUID();
                  const [winnerName, loserName] = [await nameOf(draft.winnerBy.userId), await nameOf(draft.loserBy.userId)];
                  const named = { ...draft, ...(winnerName ? { winnerName } : {}), ...(loserName ? { loserName } : {}) };
                  const stamp = serverClock.tick();
                  put(newConflictRow(id, named, stamp, nextSeq()), true);
                  conflictIds.push(id);
                  // Her edit lost: she is told in her own bucket, whichever edit reached the server first.
                  const notice = noticeDataFromConflict(id, named, hlcInstant(stamp));
                  if (notice !== null) put(newNoticeRow(randomUUID(), notice, serverClock.tick(), nextSeq()), true);
                }
                const extra = {
                  ...(applied.code === 'record_deleted' ? { code: 'record_deleted' as const } : {}),
                  ...(conflictIds.length > 0 ? { conflictIds } : {}),
                };
                result = restampedHlc !== null ? { mid: m.mid, status: 'restamped', seq: s, hlc: restampedHlc, ...extra } : { mid: m.mid, status: 'applied', seq: s, ...extra };
              }
            }
          }
        }
        results.push(result);
        const entry = recordWriteEntry(auth, original, result, deps.requestId ?? null);
        if (entry !== null) audit.push(entry);
        writer.addHistory({
          seq: 'seq' in result && typeof result.seq === 'number' ? result.seq : null,
          type: original.type,
          record_id: original.id,
          op: original.op,
          status: result.status,
          code: 'code' in result && result.code !== undefined ? result.code : null,
          // A write to an erased record is not kept: its values are the erased person's (docs/security.md §6).
          fields: result.status === 'rejected' && result.code === 'record_deleted' ? {} : original.fields,
          hlc: original.hlc,
          applied_hlc: restampedHlc,
          user_id: auth.user.id,
          device_id: auth.deviceId,
          client_id: req.clientId,
          mid: original.mid,
        });
        await writer.maybeFlush();
      }
    } catch (error) {
      await writer.settle(); // nothing may still run on the connection when the caller rolls back
      throw error;
    }

    // 6. The rest of the writes, then the client's mid and the counter.
    await writer.finish();
    await appendAuditMany(tx, audit, now);
    const lastMid = Math.max(storedLastMid, ...req.mutations.map((m) => m.mid));
    if (lastMid !== storedLastMid) {
      await tx.query('UPDATE clients SET last_mid = $2, updated_at = $3 WHERE client_id = $1', [req.clientId, lastMid, nowIso]);
    }
    if (seq !== counter.seq) await tx.query('UPDATE sync_counter SET seq = $1 WHERE id = 1', [seq]);

    return {
      response: { lastMid, serverTime: nowIso, results },
      committedSeq: seq !== counter.seq ? seq : null,
    };
  });
}
