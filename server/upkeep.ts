/**
 * The server's daily upkeep (docs/security.md §5 and §6), run inside the server process: the retention job,
 * the same one `POST /pdpa/retention/run` starts, and the pruning of `audit_view_seen`.
 *
 * Invariants:
 * - A check runs every `checkEveryMs` (an hour) and starts the job when the last retention run, by whatever
 *   started it, is a day old or more (or there was none), on the injected clock. So a server restarted every
 *   night still runs it daily, and a run an administrator started counts as that day's.
 * - One run at a time; the first check comes one interval after start, never during start-up.
 * - app.close() stops the checks and waits for a run in flight, so shutdown and tests never hang on it.
 * - A failed run is logged and tried again at the next check; it never stops the server.
 */
import type { FastifyInstance } from 'fastify';
import { pruneViewSeen } from './admin/audit';
import type { AppContext } from './context';
import { readLastRetentionRun, runRetentionNow } from './pdpa/retention';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Calls `run` every `ms` until the returned stop function is called. */
export type Every = (ms: number, run: () => Promise<void>) => () => void;

const realEvery: Every = (ms, run) => {
  const timer = setInterval(() => void run(), ms);
  timer.unref(); // the listener keeps a server alive, never this timer
  return () => clearInterval(timer);
};

export interface UpkeepOptions {
  /** How often to check whether a day has passed since the last run (default one hour). */
  checkEveryMs?: number;
  /** The timer (tests pass one they drive themselves). */
  every?: Every;
}

/** One upkeep run now: retention (recorded as the day's run), then the view-id pruning. */
export async function runDailyUpkeep(ctx: AppContext): Promise<void> {
  await runRetentionNow(ctx, 'schedule');
  await pruneViewSeen(ctx.db, ctx.now());
}

export function scheduleDailyUpkeep(app: FastifyInstance, ctx: AppContext, options: UpkeepOptions = {}): void {
  let running: Promise<void> | null = null;
  let stopped = false;
  const check = async (): Promise<void> => {
    if (stopped || running !== null) return;
    running = (async () => {
      const last = await readLastRetentionRun(ctx.db);
      if (last !== null && ctx.now() - Date.parse(last.at) < DAY_MS) return;
      await runDailyUpkeep(ctx);
    })()
      .catch((error: unknown) => app.log.error({ err: error }, 'daily upkeep failed: tried again at the next check'))
      .finally(() => {
        running = null;
      });
    await running;
  };
  const stop = (options.every ?? realEvery)(options.checkEveryMs ?? HOUR_MS, check);
  app.addHook('onClose', async () => {
    stopped = true;
    stop();
    await running;
  });
}
