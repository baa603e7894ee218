/**
 * The app lock's place in the tree (docs/architecture.md "The app lock"): above the store, so the database
 * opened is the signed-in user's (or the lobby), and a sign-in or sign-out switches it by re-mounting the
 * store under its new name. While unlocked it watches idle time and the host's lock requests (Electron:
 * suspend and lock-screen).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Host } from '../host/host';
import type { AppLock, LockPhase } from './appLock';
import { watchIdle } from './idle';

export interface LockContextValue {
  lock: AppLock;
  phase: LockPhase;
  /** The database open now. */
  dbName: string;
  /** Re-mounts the store on `name` (after a sign-in to another user's database, or a sign-out to the lobby). */
  openDb(name: string): void;
  /**
   * What was typed on the PIN choice so far. The choice shows as soon as the sign-in ends, and the store
   * re-mounts on the user's database just after: kept here, above the store, the typing survives it.
   */
  setUpDraft: SetUpDraft;
}

/** The PIN choice's typing (LockContextValue.setUpDraft). */
export class SetUpDraft {
  private values = { pin: '', confirm: '' };

  get(field: 'pin' | 'confirm'): string {
    return this.values[field];
  }

  set(field: 'pin' | 'confirm', value: string): void {
    this.values = { ...this.values, [field]: value };
  }

  clear(): void {
    this.values = { pin: '', confirm: '' };
  }
}

const LockContext = createContext<LockContextValue | null>(null);

export function LockRoot({ lock, host, children }: { lock: AppLock; host: Host; children: (dbName: string) => ReactNode }) {
  const [dbName, setDbName] = useState(() => lock.dbName());
  const phase = useSyncExternalStore(lock.subscribe, lock.phase);
  const unlocked = phase.kind === 'unlocked';

  useEffect(() => {
    if (!unlocked) return undefined;
    const stopIdle = watchIdle({ target: window, minutes: () => lock.idleMinutes(), onIdle: () => lock.lock() });
    const stopHost = host.onLockRequest?.(() => lock.lock());
    return () => {
      stopIdle();
      stopHost?.();
    };
  }, [unlocked, lock, host]);

  const openDb = useCallback((name: string) => setDbName(name), []);
  const [setUpDraft] = useState(() => new SetUpDraft());
  // Nothing typed stays once the choice is made or left.
  useEffect(() => {
    if (phase.kind !== 'setUp') setUpDraft.clear();
  }, [phase, setUpDraft]);
  const value = useMemo(() => ({ lock, phase, dbName, openDb, setUpDraft }), [lock, phase, dbName, openDb, setUpDraft]);
  return <LockContext.Provider value={value}>{children(dbName)}</LockContext.Provider>;
}

export function useLock(): LockContextValue {
  const ctx = useContext(LockContext);
  if (!ctx) throw new Error('useLock outside LockRoot');
  return ctx;
}

/** The lock, or null where the tree has none (component tests). */
export function useOptionalLock(): LockContextValue | null {
  return useContext(LockContext);
}
