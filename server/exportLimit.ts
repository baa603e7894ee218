/**
 * The per-user limit on exports of personal data (docs/security.md §4): a resident's PDPA export, the audit
 * log's CSV and the fund's service list (names and ID numbers). A stolen session, or a curious user, cannot
 * copy the register out one export at a time faster than `config.rateLimit.exportsPerHour` in any hour.
 *
 * Invariants:
 * - The window slides: an export counts for one hour from its time on the injected clock (ctx.now).
 * - One budget per user across every export route and device; a refused try is not counted.
 * - Over the limit: 429 `export_limited` with `retryAfterMs` (when the oldest counted export leaves the
 *   window); the one error handler audits it as `request.denied` (server/auditRefusals.ts).
 * - In memory, one process: a restart forgets the counts (as the request rate limiter does).
 */
import { DEFAULT_EXPORTS_PER_HOUR } from './config';
import type { AppContext } from './context';
import { ApiError } from './errors';

const HOUR_MS = 3_600_000;

export class ExportLimiter {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly perHour: number,
    private readonly now: () => number,
  ) {}

  /** Counts one export for the user, or throws `export_limited` when the hour's budget is spent. */
  take(userId: string): void {
    const now = this.now();
    const recent = (this.times.get(userId) ?? []).filter((t) => t > now - HOUR_MS);
    if (recent.length >= this.perHour) {
      this.times.set(userId, recent);
      const oldest = recent[0] ?? now;
      throw new ApiError('export_limited', `at most ${this.perHour} exports of personal data an hour`, { retryAfterMs: Math.max(0, oldest + HOUR_MS - now) });
    }
    recent.push(now);
    this.times.set(userId, recent);
    if (this.times.size > 10_000) this.sweep(now);
  }

  /** Drops users with nothing in the window, so the map stays as large as the active users. */
  private sweep(now: number): void {
    for (const [user, times] of this.times) if (!times.some((t) => t > now - HOUR_MS)) this.times.delete(user);
  }
}

const limiters = new WeakMap<AppContext, ExportLimiter>();

/** Counts one export by `userId` against the server's limit (one limiter per app). */
export function takeExport(ctx: AppContext, userId: string): void {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    limiter = new ExportLimiter(ctx.config.rateLimit.exportsPerHour ?? DEFAULT_EXPORTS_PER_HOUR, ctx.now);
    limiters.set(ctx, limiter);
  }
  limiter.take(userId);
}
