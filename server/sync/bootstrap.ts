/**
 * GET /sync/bootstrap: the current rows of the user's scope at one seq H, streamed as NDJSON lines
 * (docs/sync-protocol.md §6.6), for a device with no cursor or one far behind.
 *
 * Invariants:
 * - Consistency is "rows with seq ≤ H": H is the head seq read when the bootstrap began (every seq ≤ H is
 *   committed, see pull.ts). A row changed after H has a seq above H: it is left out here and arrives through
 *   the ordinary pull from the cursor `{seq: H, buckets}` sent in the last line, so the bootstrap plus that
 *   pull deliver every row exactly in its current state.
 * - Rows are read in chunks by keyset on the primary key (type, id) — never the whole scope in memory — and
 *   only rows whose bucket is in the scope (the position's buckets ∩ the user's current buckets) are read:
 *   the filter is in the WHERE clause. The next chunk is read only when the previous one has been taken by
 *   the response stream (back-pressure), so server memory holds about one chunk per stream.
 * - Every chunk names the (type, id) range it covers, (from, to], and a position token that resumes after it;
 *   a client holding a chunk therefore knows every row of that range the server has at H.
 * - Errors found before the first byte (bad position, expired or future H) are ordinary error bodies; a
 *   failure while streaming cuts the response (no `end` line), which the client treats as a cut connection.
 */
import { decodePosition, encodeCursor, encodePosition, type BootstrapPosition } from '../../shared/sync/cursor';
import type { AuthContext } from '../auth/guard';
import type { Db } from '../db/db';
import { ApiError } from '../errors';
import { changeText, currentBuckets, readHead, readMinSeq } from './pull';
import { inBuckets, RAW_RECORD_COLUMNS, type RawRecordRow } from './store';

export interface BootstrapDeps {
  db: Db;
  now: () => number;
}

export interface BootstrapPlan {
  /** The position the stream starts after (a new bootstrap: after = null). */
  start: BootstrapPosition;
  /** Buckets read: the position's buckets that are still in the user's scope. */
  buckets: string[];
  /** Rows still to send from `start`. */
  remaining: number;
}

type Key = { type: string; id: string };

function scopeFilter(after: Key | null): string {
  return after === null ? '' : 'AND (type, id) > ($3::text, $4::text)';
}

/** Checks the position (or starts a new bootstrap at the head seq) and counts the rows to send. */
export async function planBootstrap(deps: BootstrapDeps, auth: AuthContext, positionToken: string): Promise<BootstrapPlan> {
  const { db } = deps;
  const head = await readHead(db);
  const scope = await currentBuckets(db, auth);
  let start: BootstrapPosition;
  if (positionToken === '') {
    start = { v: 1, at: head, buckets: scope, after: null };
  } else {
    start = decodePosition(positionToken);
    if (start.at > head) throw new ApiError('cursor_expired', 'this bootstrap position is from another server or a newer backup; start the bootstrap again');
    if (start.at < (await readMinSeq(db))) throw new ApiError('cursor_expired', 'this bootstrap position is older than the server keeps deletions; start the bootstrap again');
  }
  const now = new Set(scope);
  const buckets = start.buckets.filter((b) => now.has(b));
  let remaining = 0;
  if (buckets.length > 0) {
    const params: unknown[] = [buckets, start.at];
    if (start.after !== null) params.push(start.after.type, start.after.id);
    const r = await db.query<{ n: number }>(`SELECT count(*) AS n FROM records WHERE ${inBuckets('bucket', '$1')} AND seq <= $2 ${scopeFilter(start.after)}`, params);
    remaining = Number(r.rows[0]?.n ?? 0);
  }
  return { start, buckets, remaining };
}

/**
 * The body's lines (each ends with '\n'): head, chunks of at most `chunk` rows, end. Reads one chunk from
 * the database per chunk line, when the consumer asks for it.
 */
export async function* bootstrapLines(deps: BootstrapDeps, plan: BootstrapPlan, chunk: number, schemaVersion: number, compactHlc = false): AsyncGenerator<string> {
  const { db } = deps;
  const { start, buckets } = plan;
  let remaining = plan.remaining;
  yield `{"kind":"head","at":${start.at},"remaining":${remaining},"serverTime":${JSON.stringify(new Date(deps.now()).toISOString())}}\n`;
  let after: Key | null = start.after;
  while (buckets.length > 0) {
    const params: unknown[] = [buckets, start.at];
    if (after !== null) params.push(after.type, after.id);
    params.push(chunk);
    const rows = (await db.query<RawRecordRow>(
      `SELECT ${RAW_RECORD_COLUMNS} FROM records WHERE ${inBuckets('bucket', '$1')} AND seq <= $2 ${scopeFilter(after)}
       ORDER BY type, id LIMIT $${params.length}`,
      params,
    )).rows;
    const last = rows[rows.length - 1];
    if (last === undefined) break;
    const to: Key = { type: last.type, id: last.id };
    remaining = Math.max(0, remaining - rows.length);
    const position = encodePosition({ v: 1, at: start.at, buckets: start.buckets, after: to });
    const changes = rows.map((r) => changeText(r, schemaVersion, compactHlc));
    yield `{"kind":"chunk","position":${JSON.stringify(position)},"from":${JSON.stringify(after)},"to":${JSON.stringify(to)},"remaining":${remaining},"changes":[${changes.join(',')}]}\n`;
    after = to;
    if (rows.length < chunk) break;
  }
  // The next pull starts at H over the buckets the bootstrap began with: buckets lost meanwhile are evicted
  // by it, buckets gained meanwhile are back-filled by it (shared/sync/cursor.ts planPull).
  const cursor = encodeCursor({ v: 1, seq: start.at, buckets: start.buckets });
  yield `{"kind":"end","from":${JSON.stringify(after)},"cursor":${JSON.stringify(cursor)}}\n`;
}
