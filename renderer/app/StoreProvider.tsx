import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { CareRoundsDb } from '../db/db';
import { openStore } from '../db/db';
import { ensureCommunities } from '../db/seed';
import { checkAndRepair } from '../db/readModels';
import { getLocalUser, type LocalUser } from '../db/meta';
import { afterFirstScreen } from './firstScreen';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/catalog';
import type { Sealer } from '../db/crypto/sealer';
import { whenReadable } from './sealing';
import { markSealedIfEmpty, sealLeftovers } from '../db/crypto/leftovers';

export interface Store {
  db: CareRoundsDb;
  user: LocalUser;
  /** What every repository write needs to know about who writes. */
  writeCtx: { userId: string };
}

const StoreContext = createContext<Store | null>(null);

/** How long the start-up check waits for a page that never says its first data is on screen. */
const FIRST_SCREEN_WAIT_MS = 3000;

type OpenState = { phase: 'opening' } | { phase: 'ready'; store: Store } | { phase: 'failed'; code: string; detail: string };

export interface StoreProviderProps {
  children: ReactNode;
  dbName?: string;
  /** Seals the records (a signed-in user's database, ./sealing.ts). */
  sealer?: Sealer;
}

/** Once the first page has shown its data (firstScreen.ts), in idle time; never once `stopped()`. */
function afterFirstPaint(run: () => void, stopped: () => boolean): void {
  const go = (): void => {
    if (!stopped()) run();
  };
  afterFirstScreen(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 3000 });
    else setTimeout(go, 1000);
  }, FIRST_SCREEN_WAIT_MS);
}

/**
 * When the start-up check verifies read models that their marker already vouches for: well after the first
 * screens (a user opens a resident within seconds of the register appearing, and that page's reads would
 * queue behind the check's), then in idle time.
 */
const VERIFY_AFTER_MS = 10_000;

function verifyLater(run: () => void, stopped: () => boolean): void {
  setTimeout(() => afterFirstPaint(run, stopped), VERIFY_AFTER_MS);
}

/** A store open started before the first render (openStoreEarly), not yet taken by a StoreProvider. */
let early: { dbName: string; sealer: Sealer | undefined; opening: ReturnType<typeof openStore> } | null = null;

/**
 * Starts opening the store while the app's first render and its language load run (main.tsx), instead of
 * in StoreProvider's effect after that render: every page's first data arrives sooner (about 50 ms on a
 * cold start). The first StoreProvider for the same database takes it; any later one opens its own.
 */
export function openStoreEarly(dbName = 'carerounds', sealer?: Sealer): void {
  early = { dbName, sealer, opening: openStore(dbName, { sealer }) };
}

function takeEarlyOpen(dbName: string, sealer: Sealer | undefined): ReturnType<typeof openStore> | null {
  if (early === null || early.dbName !== dbName || early.sealer !== sealer) return null;
  const { opening } = early;
  early = null;
  return opening;
}

/** Opens the local store once. A store that cannot be opened is shown as a message and never wiped. */
export function StoreProvider({ children, dbName = 'carerounds', sealer }: StoreProviderProps) {
  const { t } = useI18n();
  const [state, setState] = useState<OpenState>({ phase: 'opening' });

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const opened = await (takeEarlyOpen(dbName, sealer) ?? openStore(dbName, { sealer }));
      if (cancelled) return;
      if (!opened.ok) {
        setState({ phase: 'failed', code: opened.code, detail: opened.detail });
        return;
      }
      const db = opened.db;
      // A sealed database with no records has no plain rows: the pass below is never needed (crypto/leftovers.ts).
      await markSealedIfEmpty(db);
      await ensureCommunities(db);
      const user = await getLocalUser(db);
      if (!cancelled) setState({ phase: 'ready', store: { db, user, writeCtx: { userId: user.userId } } });
      // In the background, once the first page has painted its data (firstScreen.ts): the app opens at once,
      // and screens that read the read models wait for their marker (a device without one shows progress
      // while they are built). A build the marker vouches for is verified only later (verifyLater).
      // A sealed database is read only while unlocked: its check waits for the unlock.
      // Rows written before the database was sealed are sealed then too, once (crypto/leftovers.ts); a lock
      // stops the pass with `locked`, and the next start takes it up again.
      // None of this runs, or goes on, once this provider is gone: the store it opened may have been taken
      // over by another connection (a first sign-in re-opens the same database sealed), and a check through
      // this one would read sealed rows as they lie on disk and rebuild the read models from them.
      const stopped = (): boolean => cancelled;
      if (!cancelled) {
        afterFirstPaint(
          () =>
            void (stopWaiting = whenReadable(db.sealed, () => {
              void checkAndRepair(db, { verifyLater: (run) => verifyLater(run, stopped), stopped });
              void sealLeftovers(db).catch(() => undefined);
            })),
          stopped,
        );
      }
    })().catch((err: unknown) => {
      if (!cancelled) setState({ phase: 'failed', code: 'db.unavailable', detail: err instanceof Error ? err.message : String(err) });
    });
    let stopWaiting = (): void => undefined;
    return () => {
      cancelled = true;
      stopWaiting();
    };
  }, [dbName, sealer]);

  if (state.phase === 'opening') {
    return (
      <p className="empty" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (state.phase === 'failed') {
    const key = (['db.newerVersion', 'db.corrupt', 'db.blocked', 'db.quota', 'db.unavailable'] as const).find((k) => k === state.code) ?? 'db.unavailable';
    return (
      <main>
        <div className="alert alert-error" role="alert" data-testid="db-error" data-code={state.code}>
          <h1>{t('db.title')}</h1>
          <p>{t(key satisfies MessageKey)}</p>
          <p className="small">{t('db.detail', { detail: state.detail })}</p>
        </div>
      </main>
    );
  }
  return <StoreContext.Provider value={state.store}>{children}</StoreContext.Provider>;
}

export function useStore(): Store {
  const ctx = useContext(StoreContext);
  if (!ctx) throw new Error('useStore outside StoreProvider');
  return ctx;
}
