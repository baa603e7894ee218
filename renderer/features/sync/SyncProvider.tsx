/**
 * Holds the sync machinery for the open store: where the server is, the sign-in (SyncAuth) and, while
 * signed in, the SyncEngine. Without a server the app runs local-only exactly as before: no sign-in screen,
 * no requests beyond the one same-origin check (see resolveServerUrl).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useHost } from '../../app/HostContext';
import type { Host } from '../../host/host';
import { useStore } from '../../app/StoreProvider';
import type { CareRoundsDb } from '../../db/db';
import { SyncAuth, resolveServerUrl } from '../../sync/auth';
import type { SyncEngine, SyncSnapshot } from '../../sync/engine';
import type { WipeOrder } from '../../sync/wipe';
import { readSession, readWipeMarker, saveServerUrl } from '../../sync/state';
import type { SignedInSession, SyncStateRow } from '../../sync/types';
import { useOptionalLock } from '../../lock/LockRoot';

export interface SyncContextValue {
  auth: SyncAuth;
  /** The server to sign in to (same origin or saved), null = local-only. */
  server: { url: string; sameOrigin: boolean } | null;
  session: SignedInSession | null;
  /** False until the session and server have been read once (the lock's guard waits for it). */
  ready: boolean;
  engine: SyncEngine | null;
  snapshot: SyncSnapshot | null;
  /** Saves (or clears, with null) the server address from the settings. */
  setServerUrl(url: string | null): Promise<void>;
  /** Re-reads the session after sign-in or sign-out. */
  reload(): Promise<void>;
  /** Set when an administrator's order erased this device (sync/wipe.ts): the app shows only WipedScreen. */
  wiped: WipeMarker | null;
}

type WipeMarker = Extract<SyncStateRow, { key: 'wiped' }>;

async function loadSyncState(db: CareRoundsDb, host: Host): Promise<{ session: SignedInSession | null; server: SyncContextValue['server']; wiped: WipeMarker | null }> {
  const loc = typeof window === 'undefined' ? null : window.location;
  const [session, server, wiped] = await Promise.all([readSession(db), resolveServerUrl(db, (i, init) => fetch(i, init), loc, () => host.syncServer.get()), readWipeMarker(db)]);
  return { session, server, wiped };
}

/** The longest the engine waits for idle time before it is loaded anyway. */
const ENGINE_AFTER_MS = 2000;

const SyncContext = createContext<SyncContextValue | null>(null);

const NO_SNAPSHOT = (): SyncSnapshot | null => null;
const NO_SUBSCRIBE = (): (() => void) => () => undefined;

export function SyncProvider({ children }: { children: ReactNode }) {
  const { db } = useStore();
  const host = useHost();
  const auth = useMemo(() => new SyncAuth({ db, host: host.auth }), [db, host]);
  const [server, setServer] = useState<SyncContextValue['server']>(null);
  const [session, setSession] = useState<SignedInSession | null>(null);
  const [ready, setReady] = useState(false);
  const [wiped, setWiped] = useState<WipeMarker | null>(null);

  const reload = useCallback(async () => {
    const r = await loadSyncState(db, host);
    setSession(r.session);
    setServer(r.server);
    setWiped(r.wiped);
  }, [db, host]);

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      void loadSyncState(db, host).then((r) => {
        if (cancelled) return;
        setSession(r.session);
        setServer(r.server);
        setReady(true);
        setWiped(r.wiped);
      });
    };
    load();
    const unsubscribe = auth.subscribe(load);
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [db, auth, host]);

  // The engine runs only for the lock's current user in that user's own database (it may run while locked: on a
  // sealed database a run then stops at the first record and goes on at the unlock, docs/security.md §3), and
  // never in the lobby a sign-in starts from (docs/architecture.md "One database per user").
  const lockCtx = useOptionalLock();
  const lockAllows = lockCtx === null || (lockCtx.phase.kind !== 'signedOut' && lockCtx.phase.user.userId === session?.user.id && lockCtx.lock.dbName() === db.name);
  const sessionUrl = lockAllows ? (session?.serverUrl ?? null) : null;
  const appLock = lockCtx?.lock ?? null;
  const lockUserId = lockCtx !== null && lockCtx.phase.kind !== 'signedOut' ? lockCtx.phase.user.userId : null;
  // The engine (the sync client with the wire schemas, zod among them) is not part of the first chunk: it is
  // fetched in the first idle time once the session is known, so after the first page painted
  // (docs/architecture.md, "What loads first"). Until it runs, `engine` and `snapshot` are null, as when signed
  // out; a failed fetch (offline before it was ever loaded) is tried again on the next session change or start.
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  useEffect(() => {
    if (sessionUrl === null) return undefined;
    let started: SyncEngine | null = null;
    let cancelled = false;
    // An administrator's wipe order (docs/sync-protocol.md §4): erase, show the wiped screen at once, then
    // reload so that no resident data stays in this page's memory either.
    const onWipeOrder = async (order: WipeOrder): Promise<void> => {
      const { wipeDevice } = await import('../../sync/wipe');
      // lockAllows: the engine runs only in the lock's current user's own database, the one erased here.
      const lock = appLock && lockUserId !== null ? { userId: lockUserId, forgetKeys: (id: string) => appLock.forgetKeys(id) } : undefined;
      setWiped(await wipeDevice({ db, auth: host.auth, order, lock }));
      window.location.reload();
    };
    const load = () =>
      import('../../sync/engine').then(
        ({ SyncEngine }) => {
          if (cancelled) return;
          started = new SyncEngine({ db, pullDb: db.pullConnection(), baseUrl: sessionUrl, tokens: auth, target: window, onWipeOrder });
          setEngine(started);
          void started.start();
        },
        (err: unknown) => console.error('the sync client could not be loaded', err),
      );
    const idle = requestIdleCallback(() => void load(), { timeout: ENGINE_AFTER_MS });
    return () => {
      cancelled = true;
      cancelIdleCallback(idle);
      started?.stop();
      setEngine(null);
    };
  }, [db, auth, host, sessionUrl, appLock, lockUserId]);

  // On a sealed database a run met the lock; the unlock lets it go on.
  const unlocked = lockCtx?.phase.kind === 'unlocked';
  useEffect(() => {
    if (unlocked && db.sealed) engine?.resume();
  }, [unlocked, engine, db]);

  const snapshot = useSyncExternalStore(engine ? engine.subscribe : NO_SUBSCRIBE, engine ? engine.getSnapshot : NO_SNAPSHOT);

  const setServerUrl = useCallback(
    async (url: string | null) => {
      // Electron: main must allow the origin in the CSP first (it refuses plain http to another computer).
      const { enrolled } = await host.syncServer.set(url === null ? null : new URL(url).origin);
      // Refused in Electron's confirmation dialog: the enrolled server stays, and so does the saved address.
      if (!enrolled) return;
      await saveServerUrl(db, url);
      if (host.syncServer.reloadAfterSet) window.location.reload();
      else await reload();
    },
    [db, host, reload],
  );

  const value = useMemo<SyncContextValue>(() => ({ auth, server, session, ready, engine, snapshot, setServerUrl, reload, wiped }), [auth, server, session, ready, engine, snapshot, setServerUrl, reload, wiped]);
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

export function useSync(): SyncContextValue {
  const ctx = useContext(SyncContext);
  if (!ctx) throw new Error('useSync outside SyncProvider');
  return ctx;
}
