/**
 * Locks the app after the administrator's idle minutes (docs/security.md §3). Activity is any key, pointer,
 * wheel or touch on `target`; a timer fires when the idle time could be up and checks with the shared rule
 * (shared/lock/policy.ts idleLockDue), so timers that fire late or early never lock too soon.
 */
import { idleLockDue } from '../../shared/lock/policy';

const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

export interface IdleWatchDeps {
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  minutes: () => number;
  onIdle: () => void;
  now?: () => number;
}

/** Starts watching; returns the stop function. */
export function watchIdle(deps: IdleWatchDeps): () => void {
  const now = deps.now ?? Date.now;
  let last = now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    const wait = Math.max(1000, last + deps.minutes() * 60_000 - now());
    timer = setTimeout(check, wait);
  };
  const check = () => {
    timer = null;
    if (idleLockDue(last, now(), deps.minutes())) deps.onIdle();
    else schedule();
  };
  const active = () => {
    last = now();
  };
  for (const type of ACTIVITY) deps.target.addEventListener(type, active, { passive: true, capture: true });
  schedule();
  return () => {
    if (timer !== null) clearTimeout(timer);
    for (const type of ACTIVITY) deps.target.removeEventListener(type, active, { capture: true });
  };
}
