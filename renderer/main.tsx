import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadPageOf } from './app/pages';
import { parseRoute } from './app/router';
import { HostContext } from './app/HostContext';
import { openStoreEarly, StoreProvider } from './app/StoreProvider';
import { sealerFor } from './app/sealing';
import { createHost } from './host';
import { startShellWorker } from './app/shellWorker';
import { loadLocale } from './i18n/catalog';
import { I18nProvider, initialLocale } from './i18n/I18nProvider';
import { AppLock } from './lock/appLock';
import { keyring } from './lock/keyring';
import { LockRoot } from './lock/LockRoot';
import './styles.css';

// The page the app opens on, if it is one loaded on demand, is fetched while the store opens; the store
// starts opening now, while the language loads and the first render runs.
const host = createHost();
// The lock knows whose database to open (the signed-in user's, or the lobby) before anything else runs.
const appLock = new AppLock({ store: window.localStorage, keyring, secrets: host.secrets, hostKind: host.kind });
preloadPageOf(parseRoute(location.hash));
openStoreEarly(appLock.dbName(), sealerFor(window.localStorage, appLock.dbName()));

// The browser version keeps its app shell for offline start-ups; Electron never registers one (see there).
startShellWorker(host.kind);
const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');

// The language chosen last time is loaded before the first render (Thai is in this chunk; English is fetched),
// so the first screen never shows keys or the other language. If English cannot be fetched, the app opens in Thai.
const stored = initialLocale();
void loadLocale(stored)
  .then(
    () => stored,
    () => 'th' as const,
  )
  .then((locale) =>
    createRoot(rootElement).render(
      <StrictMode>
        <HostContext.Provider value={host}>
          <I18nProvider locale={locale}>
            <LockRoot lock={appLock} host={host}>
              {(dbName) => {
                // A user's database is sealed (docs/security.md §3): re-mounted when it becomes one (a first sign-in into the legacy database).
                const sealer = sealerFor(window.localStorage, dbName);
                return (
                  <StoreProvider key={`${dbName}${sealer ? ':sealed' : ''}`} dbName={dbName} sealer={sealer}>
                    <App />
                  </StoreProvider>
                );
              }}
            </LockRoot>
          </I18nProvider>
        </HostContext.Provider>
      </StrictMode>,
    ),
  );
