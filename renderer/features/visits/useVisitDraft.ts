/**
 * Autosaves the visit form as the caregiver's local draft (renderer/db/visits.ts saveVisitDraft): a few
 * seconds after the last change, at once when a field loses focus, when the page is hidden or closed, and
 * when the form unmounts (e.g. the caregiver follows the "assess ADL" link mid-visit).
 *
 * Invariants:
 * - Saves run one after another (a promise chain), so an older snapshot never overwrites a newer one.
 * - `stop()` cancels the pending save and waits for the running one before the visit is recorded, so no
 *   autosave can re-create the draft that recordVisit deletes; `resume()` re-arms it if the save failed.
 * - Nothing is written until something changed: opening the form and leaving does not create a draft.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VisitFormValues } from '../../../shared/visitForm';
import type { CareRoundsDb } from '../../db/db';
import { saveVisitDraft } from '../../db/visits';

export interface VisitDraftAutosave {
  /** ISO instant of the latest save in this page, and how many saves there were (for tests and screen readers). */
  savedAt: string | null;
  saves: number;
  error: { cause: unknown } | null;
  /** Call on every change: schedules a save after the delay. */
  changed(): void;
  /** Saves now if anything changed since the last save. */
  flush(): Promise<void>;
  stop(): Promise<void>;
  resume(): void;
}

export function useVisitDraft(opts: { db: CareRoundsDb; residentId: string; userId: string; getValues: () => VisitFormValues; enabled: boolean; delayMs?: number }): VisitDraftAutosave {
  const { db, residentId, userId, getValues, enabled, delayMs = 3000 } = opts;
  const [state, setState] = useState<{ savedAt: string | null; saves: number; error: { cause: unknown } | null }>({ savedAt: null, saves: 0, error: null });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const stopped = useRef(!enabled);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const mounted = useRef(true);

  useEffect(() => {
    stopped.current = !enabled;
  }, [enabled]);

  const clearTimer = () => {
    if (timer.current !== null) {
      clearTimeout(timer.current);
      timer.current = null;
    }
  };

  const flush = useCallback((): Promise<void> => {
    clearTimer();
    if (!dirty.current || stopped.current) return chain.current;
    dirty.current = false;
    // A deep copy: react-hook-form keeps mutating its own value objects.
    const values = structuredClone(getValues());
    chain.current = chain.current.then(
      () =>
        saveVisitDraft(db, residentId, userId, values).then(
          (draft) => {
            if (mounted.current) setState((s) => ({ savedAt: draft.savedAt, saves: s.saves + 1, error: null }));
          },
          (err: unknown) => {
            dirty.current = true; // try again on the next change or blur
            if (mounted.current) setState((s) => ({ ...s, error: { cause: err } }));
          },
        ),
      () => undefined,
    );
    return chain.current;
  }, [db, residentId, userId, getValues]);

  const changed = useCallback(() => {
    if (stopped.current) return;
    dirty.current = true;
    clearTimer();
    timer.current = setTimeout(() => void flush(), delayMs);
  }, [flush, delayMs]);

  const stop = useCallback(async () => {
    stopped.current = true;
    clearTimer();
    await chain.current;
  }, []);

  const resume = useCallback(() => {
    stopped.current = !enabled;
  }, [enabled]);

  useEffect(() => {
    mounted.current = true;
    const onHide = () => void flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      mounted.current = false;
      void flush(); // leaving the page (e.g. to the ADL form) keeps what was typed
    };
  }, [flush]);

  return { ...state, changed, flush, stop, resume };
}
