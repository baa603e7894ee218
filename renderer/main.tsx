import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadPageOf } from './app/pages';
import { parseRoute } from './app/router';
import { HostContext } from './app/HostContext';
import { openStoreEarly, StoreProvider } from './app/StoreProvider';
import { createHost } from './host';
import { startShellWorker } from './app/shellWorker';
import { loadLocale } from './i18n/catalog';
import { I18nProvider, initialLocale } from './i18n/I18nProvider';
import './styles.css';

// The page the app opens on, if it is one loaded on demand, is fetched while the store opens; the store
// starts opening now, while the language loads and the first render runs.
preloadPageOf(parseRoute(location.hash));
openStoreEarly();

const host = createHost();
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
            <StoreProvider>
              <App />
            </StoreProvider>
          </I18nProvider>
        </HostContext.Provider>
      </StrictMode>,
    ),
  );
