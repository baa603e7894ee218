import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { HostContext } from './app/HostContext';
import { StoreProvider } from './app/StoreProvider';
import { createHost } from './host';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

const host = createHost();
const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');

createRoot(rootElement).render(
  <StrictMode>
    <HostContext.Provider value={host}>
      <I18nProvider>
        <StoreProvider>
          <App />
        </StoreProvider>
      </I18nProvider>
    </HostContext.Provider>
  </StrictMode>,
);
