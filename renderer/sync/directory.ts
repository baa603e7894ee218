/**
 * Keeps the device's user directory (docs/sync-protocol.md §3.1) after each sync run: a conditional GET
 * /directory, and when it changed, the stored directory replaced whole with its ETag in one transaction.
 *
 * Invariants:
 * - The stored directory is always one whole answer of the server (never a mix of two), with that answer's
 *   ETag; offline, the last one stays and every name it holds is still shown.
 * - An answer that does not parse is a protocol failure and changes nothing; a server without the endpoint
 *   (an older release: 404) leaves the directory as it is and fails nothing. The sync client does not let
 *   any failure here fail a run whose records were stored (client.ts): the last directory stays.
 */
import { DirectoryResponse } from '../../shared/sync/directory';
import { ENDPOINTS } from '../../shared/sync/protocol';
import { SyncFailure } from './http';
import type { SyncContext } from './local';
import { readState } from './state';

/** Fetches the directory when it changed and stores it; true when the stored one was replaced. */
export async function refreshDirectory(ctx: SyncContext): Promise<boolean> {
  const path = ENDPOINTS.directory.path;
  const held = await readState(ctx.db, 'directory');
  let answer: Awaited<ReturnType<typeof ctx.http.jsonIfChanged>>;
  try {
    answer = await ctx.http.jsonIfChanged(path, held?.etag ?? null);
  } catch (err) {
    if (err instanceof SyncFailure && err.status === 404) return false; // a server from before the directory
    throw err;
  }
  if (answer === null) return false;
  const parsed = DirectoryResponse.safeParse(answer.json);
  if (!parsed.success) throw new SyncFailure('protocol', `${path}: malformed answer`, 200);
  const { users } = parsed.data;
  const etag = answer.etag;
  await ctx.db.transaction('rw', ctx.db.directory, ctx.db.syncState, async () => {
    await ctx.db.directory.clear();
    await ctx.db.directory.bulkPut(users);
    await ctx.db.syncState.put({ key: 'directory', etag, at: new Date(ctx.now()).toISOString() });
  });
  return true;
}
