/**
 * GET /sync/pull: pages of current rows in seq order, filtered by the user's buckets in SQL.
 *
 * Invariants:
 * - Only rows whose bucket is in the user's current buckets (shared/sync/scope.ts bucketsForUser) are read:
 *   the filter is in the WHERE clause, never applied after the fact.
 * - The page is bounded by H, the sync_counter value read first. Pushes commit their rows and the counter
 *   together under the counter's row lock, so every seq ≤ H is committed and visible: advancing the cursor
 *   to H (or to the last row of a full page) never skips a row that commits later.
 * - Each row appears once, at its latest seq (an empty cursor therefore yields current rows, not history).
 * - Buckets that left the scope are evicted ({bucket}); records that moved out of one of the user's buckets
 *   into a bucket outside the scope are evicted ({type, id}); buckets that joined the scope are back-filled
 *   up to the old cursor's seq before the main stream continues (shared/sync/cursor.ts planPull).
 * - A resident erased in the page's range whose rows lived in one of the user's buckets is evicted
 *   ({erased}); its rows are already gone from `records`, so no later page can bring them back.
 */
import { encodeCursor, planPull, type Cursor } from '../../shared/sync/cursor';
import { bucketsForUser, type ScopeUser } from '../../shared/sync/scope';
import { downcastChange, SUPPORTED_SCHEMA_VERSIONS } from '../../shared/sync/upcast';
import type { Change, Evict, PullResponse } from '../../shared/sync/protocol';
import type { AuthContext } from '../auth/guard';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { changeJson } from './meta';
import { inBuckets, RAW_RECORD_COLUMNS, type RawRecordRow } from './store';

export interface PullDeps {
  db: Db;
  now: () => number;
}

export const MAX_EVICTS_PER_PAGE = 10_000;

/** A pull page whose changes are already JSON text (see store.ts changeJson); pullPageJson makes the body. */
export interface PullPage extends Omit<PullResponse, 'changes'> {
  changes: string[];
}

export function pullPageJson(page: PullPage): string {
  return (
    `{"cursor":${JSON.stringify(page.cursor)},"hasMore":${page.hasMore},"serverTime":${JSON.stringify(page.serverTime)}` +
    `,"changes":[${page.changes.join(',')}],"evict":${JSON.stringify(page.evict)}` +
    (page.remaining === undefined ? '}' : `,"remaining":${page.remaining}}`)
  );
}

/** The head seq: every seq at or below it is committed (see the header). */
export async function readHead(db: Db): Promise<number> {
  return (await db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1')).rows[0]?.seq ?? 0;
}

/** The lowest seq a cursor (or a bootstrap position) may stand at: below it deletions were forgotten. */
export async function readMinSeq(db: Db): Promise<number> {
  const row = (await db.query<{ value: string }>("SELECT value FROM server_settings WHERE key = 'pull_min_seq'")).rows[0];
  return row ? Number(row.value) : 0;
}

/** The user's buckets now (shared/sync/scope.ts bucketsForUser), sorted. */
export async function currentBuckets(db: Db, auth: AuthContext): Promise<string[]> {
  const scopeUser: ScopeUser = { id: auth.user.id, role: auth.user.role, communities: auth.user.communities, status: auth.user.status };
  const communityIds = (await db.query<{ id: string }>('SELECT id FROM communities ORDER BY id')).rows.map((r) => r.id);
  return [...new Set(bucketsForUser(scopeUser, communityIds))].sort();
}

/**
 * A row as its Change JSON text, downcast for an older client (parsed, translated, re-serialised).
 * `compactHlc`: the HLC map may be compact (a bootstrap that asked for it, §6.6.2); never for a downcast row,
 * whose data fields the translation may rename.
 */
export function changeText(r: RawRecordRow, schemaVersion: number, compactHlc = false): string {
  if (schemaVersion >= SUPPORTED_SCHEMA_VERSIONS.max) return changeJson(r, { compactHlc });
  return JSON.stringify(downcastChange(JSON.parse(changeJson(r)) as Change, SUPPORTED_SCHEMA_VERSIONS.max, schemaVersion));
}

export async function pull(deps: PullDeps, auth: AuthContext, stored: Cursor | null, limit: number, schemaVersion: number): Promise<PullPage> {
  const { db } = deps;

  // H first: everything at or below it is committed (see the header).
  const high = await readHead(db);
  const minSeq = await readMinSeq(db);
  if (stored !== null && stored.seq < minSeq) {
    throw new ApiError('cursor_expired', 'this cursor is older than the server keeps deletions; push, then pull from an empty cursor');
  }
  if (stored !== null && stored.seq > high) {
    // A cursor from the future: another server, or this one restored from a backup.
    throw new ApiError('cursor_expired', 'this cursor is from another server or a newer backup; push, then pull from an empty cursor');
  }

  const buckets = await currentBuckets(db, auth);
  const plan = planPull(stored, buckets);
  const cursor: Cursor = { ...plan.cursor };
  const evict: Evict[] = plan.evictBuckets.map((bucket) => ({ bucket }));
  const rows: RawRecordRow[] = [];
  let hasMore = false;

  // 1. Back-fill of buckets that joined the scope: their rows up to the old cursor's seq.
  if (cursor.backfill) {
    const bf = cursor.backfill;
    const page = (await db.query<RawRecordRow>(
      `SELECT ${RAW_RECORD_COLUMNS} FROM records WHERE ${inBuckets('bucket', '$1')} AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
      [bf.buckets, bf.seq, bf.until, limit + 1],
    )).rows;
    if (page.length > limit) {
      rows.push(...page.slice(0, limit));
      cursor.backfill = { ...bf, seq: rows[rows.length - 1]?.seq ?? bf.seq };
      hasMore = true;
    } else {
      rows.push(...page);
      delete cursor.backfill;
    }
  }

  // 2. The main stream, with what room is left.
  const from = cursor.seq;
  let to = from;
  if (!hasMore) {
    const room = limit - rows.length;
    if (room > 0 && buckets.length > 0) {
      const page = (await db.query<RawRecordRow>(
        `SELECT ${RAW_RECORD_COLUMNS} FROM records WHERE ${inBuckets('bucket', '$1')} AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
        [buckets, from, high, room + 1],
      )).rows;
      if (page.length > room) {
        rows.push(...page.slice(0, room));
        to = page[room - 1]?.seq ?? from;
        hasMore = true;
      } else {
        rows.push(...page);
        to = high;
      }
    } else if (room > 0) {
      to = high; // no buckets: nothing to send, the stream is current
    } else {
      hasMore = true; // the back-fill filled the page exactly
    }
    cursor.seq = to;
  }

  // 3. Records that moved out of the user's buckets in (from, to] and are outside the scope now.
  if (stored !== null && to > from && buckets.length > 0) {
    const moved = (await db.query<{ type: string; id: string }>(
      `SELECT DISTINCT m.type, m.id FROM sync_moves m JOIN records r ON r.type = m.type AND r.id = m.id
       WHERE ${inBuckets('m.from_bucket', '$1')} AND m.seq > $2 AND m.seq <= $3 AND NOT ${inBuckets('r.bucket', '$1')}
       ORDER BY m.type, m.id LIMIT $4`,
      [buckets, from, to, MAX_EVICTS_PER_PAGE],
    )).rows;
    for (const r of moved) evict.push({ type: r.type, id: r.id });
  }

  // 4. Residents erased in (from, to] whose rows lived in one of the user's buckets (docs/sync-protocol.md §6.4).
  if (stored !== null && to > from && buckets.length > 0) {
    const erased = (await db.query<{ resident_id: string }>(
      `SELECT DISTINCT resident_id FROM sync_erasures WHERE ${inBuckets('bucket', '$1')} AND seq > $2 AND seq <= $3 ORDER BY resident_id LIMIT $4`,
      [buckets, from, to, MAX_EVICTS_PER_PAGE],
    )).rows;
    for (const r of erased) evict.push({ erased: r.resident_id });
  }

  // An older client gets its rows translated down (parsed, downcast, re-serialised); current ones verbatim.
  const changes = rows.map((r) => changeText(r, schemaVersion));

  // §6.3 `remaining`: what is still owed after this page (back-fill and main stream), for progress bars.
  let remaining = 0;
  if (hasMore) {
    const bf = cursor.backfill;
    const owed = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM records WHERE ${inBuckets('bucket', '$1')} AND seq > $2 AND seq <= $3)
            + (SELECT count(*) FROM records WHERE ${inBuckets('bucket', '$4')} AND seq > $5 AND seq <= $6) AS n`,
      [buckets, cursor.seq, high, bf?.buckets ?? [], bf?.seq ?? 0, bf?.until ?? 0],
    );
    remaining = Number(owed.rows[0]?.n ?? 0);
  }

  return {
    cursor: encodeCursor(cursor),
    hasMore,
    serverTime: new Date(deps.now()).toISOString(),
    changes,
    evict,
    remaining,
  };
}
