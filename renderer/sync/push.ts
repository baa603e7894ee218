/**
 * Pushing the outbox (docs/sync-protocol.md §5).
 *
 * Invariants:
 * - Outbox entries are removed only after a 200 push response, and only those with `mid ≤ lastMid`; every
 *   other outcome (error, timeout, dropped connection, revoked device, schema mismatch) leaves the outbox as
 *   it was, so the next attempt resends the same mids and the server answers `duplicate` for committed ones.
 * - A refused mutation is never left out (mids are gap-free): its copy is kept in `syncRejected` and it is
 *   re-sent as `skip` with the same mid. One bad mutation never blocks the rest: a per-mutation rejection
 *   is parked in `syncRejected` and the batch goes on; a batch refusal naming mids, or a single mutation
 *   too large to send, is withdrawn with `skip`. Only a refusal that names no mutation stops the loop.
 * - A request body never exceeds MAX_PUSH_BYTES: batches are cut by bytes before sending.
 */
import { RECORD_SCHEMA_VERSION } from '../../shared/envelope';
import { ENDPOINTS, MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION, PushResponse, type Mutation, type PushRequest } from '../../shared/sync/protocol';
import { mutationsThatFit } from '../../shared/sync/pushSize';
import { ensureDevice } from '../db/meta';
import { acknowledgeOutbox, peekOutbox, type OutboxEntry } from '../db/outbox';
import { SyncFailure } from './http';
import { evict, pendingByRecord, SYNCED_TABLES, type SyncContext } from './local';
import { readState } from './state';
import { TYPE_OF_TABLE, type RejectedEntry } from './types';

export interface PushOutcome {
  /** Mutations the server recorded in this call (0 = the outbox was empty). */
  acknowledged: number;
  rejected: number;
}

function toMutation(e: OutboxEntry, skip: boolean): Mutation {
  const type = TYPE_OF_TABLE[e.table];
  if (skip) return { mid: e.mid, type, id: e.recordId, op: 'skip', fields: {}, hlc: e.hlc, baseSeq: e.baseSeq };
  return { mid: e.mid, type, id: e.recordId, op: e.op, fields: e.fields, hlc: e.hlc, baseSeq: e.baseSeq };
}

export class Pusher {
  private readonly ctx: SyncContext;
  /** Mutations per request; halved on `batch_too_large` and kept for the client's lifetime. */
  private batch: number;

  constructor(ctx: SyncContext, batch: number | undefined) {
    this.ctx = ctx;
    this.batch = Math.min(MAX_MUTATIONS_PER_PUSH, Math.max(1, batch ?? MAX_MUTATIONS_PER_PUSH));
  }

  /** Sends one batch of the oldest outbox entries. Returns 0 acknowledged when the outbox is empty. */
  async pushOnce(): Promise<PushOutcome> {
    const { db, now } = this.ctx;
    const device = await ensureDevice(db, now);
    // Each refusal (withdraw, halve, gap) changes something before trying again, so this loop is bounded.
    for (let round = 0; round < 64; round++) {
      const entries = await peekOutbox(db, this.batch);
      const first = entries[0];
      if (first === undefined) return { acknowledged: 0, rejected: 0 };
      const withdrawn = new Set((await db.syncRejected.bulkGet(entries.map((e) => e.mid))).filter((r): r is RejectedEntry => r !== undefined && r.withdrawn).map((r) => r.mid));
      const req: PushRequest = {
        protocol: PROTOCOL_VERSION,
        schemaVersion: RECORD_SCHEMA_VERSION,
        clientId: device.clientId,
        mutations: entries.map((e) => toMutation(e, withdrawn.has(e.mid))),
      };
      // Packed by bytes as well as by count: the server refuses a body over MAX_PUSH_BYTES (§2).
      const fit = mutationsThatFit(req);
      if (fit === 0) {
        // The oldest change alone can never be sent: set aside like a refused one (withdrawn with a skip,
        // which is small) instead of blocking every change after it.
        await this.withdraw(entries, [first.mid], 'batch_too_large');
        continue;
      }
      if (fit < req.mutations.length) req.mutations = req.mutations.slice(0, fit);
      let json: unknown;
      try {
        json = await this.ctx.http.json('POST', ENDPOINTS.push.path, req);
      } catch (err) {
        if (!(err instanceof SyncFailure)) throw err;
        const mids = err.detail?.mids;
        if (err.code === 'batch_too_large' && this.batch > 1 && entries.length > 1) {
          this.batch = Math.max(1, Math.floor(Math.min(this.batch, entries.length) / 2));
          continue;
        }
        // One mutation alone is too large for the server: it can never be sent, so it is set aside like a
        // refused one (withdrawn with a skip) instead of blocking every change after it.
        if (err.code === 'batch_too_large' && entries.length === 1 && !withdrawn.has(first.mid)) {
          await this.withdraw(entries, [first.mid], err.code);
          continue;
        }
        if (err.code === 'mutation_gap') {
          const lastMid = err.detail?.lastMid ?? -1;
          // The server holds more than we think (our ack was lost): drop what it has and resend the rest.
          if (lastMid >= first.mid) {
            await this.acknowledge(lastMid, []);
            continue;
          }
          // It lacks mids we removed after its acknowledgement: it was restored from a backup (§5.3).
          throw new SyncFailure('server_state_lost', err.message, err.status, err.detail);
        }
        if ((err.code === 'scope_denied' || err.code === 'forbidden' || err.code === 'invalid_argument') && mids !== undefined && mids.length > 0) {
          const fresh = mids.filter((m) => !withdrawn.has(m));
          if (fresh.length === 0) throw err; // refused again as a skip: nothing more we can do
          await this.withdraw(entries, fresh, err.code);
          continue;
        }
        throw err;
      }
      const parsed = PushResponse.safeParse(json);
      if (!parsed.success) throw new SyncFailure('protocol', 'push: malformed response', 200);
      const res = parsed.data;
      const at = new Date(now()).toISOString();
      const byMid = new Map(entries.map((e) => [e.mid, e]));
      const rejected: RejectedEntry[] = [];
      for (const r of res.results) {
        if (r.status !== 'rejected' || r.code === 'withdrawn') continue;
        const entry = byMid.get(r.mid);
        if (entry === undefined) continue;
        rejected.push(r.field === undefined ? { mid: r.mid, entry, code: r.code, withdrawn: false, at } : { mid: r.mid, entry, code: r.code, field: r.field, withdrawn: false, at });
      }
      await this.acknowledge(res.lastMid, rejected);
      const acknowledged = entries.filter((e) => e.mid <= res.lastMid).length;
      return { acknowledged, rejected: rejected.length };
    }
    throw new SyncFailure('protocol', 'push: too many refusals in a row');
  }

  private async withdraw(entries: readonly OutboxEntry[], mids: readonly number[], code: string): Promise<void> {
    const at = new Date(this.ctx.now()).toISOString();
    const set = new Set(mids);
    const rows: RejectedEntry[] = entries.filter((e) => set.has(e.mid)).map((entry) => ({ mid: entry.mid, entry, code, withdrawn: true, at }));
    await this.ctx.db.syncRejected.bulkPut(rows);
  }

  /**
   * Removes acknowledged entries, keeps copies of rejected ones, drops local records the server will never
   * have (a rejected create, a record it does not know or erased), and runs evictions that were waiting.
   */
  private async acknowledge(lastMid: number, rejected: readonly RejectedEntry[]): Promise<void> {
    const db = this.ctx.db;
    await db.transaction('rw', [db.outbox, db.syncRejected, db.syncState, db.roundGone, ...SYNCED_TABLES.map((t) => db.table(t))], async () => {
      if (rejected.length > 0) await db.syncRejected.bulkPut([...rejected]);
      for (const r of rejected) {
        const dropsRecord = r.code === 'not_found' || r.code === 'record_deleted' || (r.code === 'validation_failed' && r.entry.op === 'create');
        if (dropsRecord) await db.table(r.entry.table).delete(r.entry.recordId);
      }
      await acknowledgeOutbox(db, lastMid);
      const deferred = await readState(db, 'deferredEvict');
      if (deferred && deferred.items.length > 0) {
        const pending = await pendingByRecord(db);
        const still = await evict(db, deferred.items, pending);
        if (still.length > 0) await db.syncState.put({ key: 'deferredEvict', items: still });
        else await db.syncState.delete('deferredEvict');
      }
    });
  }
}
