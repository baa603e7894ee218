/**
 * The app lock's rules (docs/security.md §3): how wrong PINs slow down and then block unlocking, and when
 * idle time locks. Pure functions over a small state and an injected time, so the renderer, the tests and
 * any later host share one rule.
 *
 * Invariants:
 * - Four wrong PINs cost nothing; from the 5th on, each wrong PIN makes the next try wait longer (doubling).
 * - After the 10th wrong PIN the device is blocked: no PIN, right or wrong, is even tried until an online
 *   sign-in clears the state (`afterOnlineSignIn`). A success never clears a block, because a blocked state
 *   refuses before any PIN is checked.
 * - Time only ever shortens a wait; a clock moved backwards does not lift a block or shorten it below zero.
 */

export const FREE_ATTEMPTS = 4;
export const BLOCK_AFTER = 10;
/** The wait after the 5th wrong PIN; each further wrong PIN doubles it. */
export const FIRST_DELAY_MS = 30_000;

export interface AttemptState {
  /** Wrong PINs since the last success or online sign-in. */
  failures: number;
  /** When the last wrong PIN was entered (ms since epoch), null when none. */
  lastFailureAt: number | null;
}

export const FRESH_ATTEMPTS: AttemptState = { failures: 0, lastFailureAt: null };

export type AttemptVerdict = { kind: 'try' } | { kind: 'wait'; untilMs: number; waitMs: number } | { kind: 'blocked' };

/** How long the next try waits after `failures` wrong PINs: 0 up to 4, then 30 s, 60 s, 120 s, … */
export function delayAfter(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  return FIRST_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS - 1);
}

/** Whether a PIN may be checked now. */
export function attemptVerdict(state: AttemptState, nowMs: number): AttemptVerdict {
  if (state.failures >= BLOCK_AFTER) return { kind: 'blocked' };
  const delay = delayAfter(state.failures);
  if (delay === 0 || state.lastFailureAt === null) return { kind: 'try' };
  const untilMs = state.lastFailureAt + delay;
  // A clock set backwards (now before the last failure) waits the full delay from now, never less.
  if (nowMs < state.lastFailureAt) return { kind: 'wait', untilMs: nowMs + delay, waitMs: delay };
  return nowMs >= untilMs ? { kind: 'try' } : { kind: 'wait', untilMs, waitMs: untilMs - nowMs };
}

export function afterFailure(state: AttemptState, nowMs: number): AttemptState {
  return { failures: state.failures + 1, lastFailureAt: nowMs };
}

/** A right PIN, checked while allowed, resets the count. Callers check attemptVerdict first. */
export function afterSuccess(): AttemptState {
  return { ...FRESH_ATTEMPTS };
}

/** Online sign-in with the account password is the only way out of a block. */
export function afterOnlineSignIn(): AttemptState {
  return { ...FRESH_ATTEMPTS };
}

/** One PIN try against the policy: `check` runs only when allowed. */
export async function tryPin(state: AttemptState, nowMs: number, check: () => Promise<boolean>): Promise<{ ok: boolean; verdict: AttemptVerdict; state: AttemptState }> {
  const verdict = attemptVerdict(state, nowMs);
  if (verdict.kind !== 'try') return { ok: false, verdict, state };
  if (await check()) return { ok: true, verdict, state: afterSuccess() };
  const next = afterFailure(state, nowMs);
  return { ok: false, verdict: attemptVerdict(next, nowMs), state: next };
}

/** Idle lock: the admin's minutes (1 to 60, default 5). */
export const DEFAULT_IDLE_MINUTES = 5;
export const MIN_IDLE_MINUTES = 1;
export const MAX_IDLE_MINUTES = 60;

export function clampIdleMinutes(n: number): number {
  if (!Number.isFinite(n)) return DEFAULT_IDLE_MINUTES;
  return Math.min(MAX_IDLE_MINUTES, Math.max(MIN_IDLE_MINUTES, Math.round(n)));
}

/** Whether the app should lock: no activity for `idleMinutes` up to `nowMs`. */
export function idleLockDue(lastActivityMs: number, nowMs: number, idleMinutes: number): boolean {
  return nowMs - lastActivityMs >= clampIdleMinutes(idleMinutes) * 60_000;
}
