import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * thai-address-universal loads its English area names (a 36 KB gzipped chunk) only when asked for English;
 * the address picker searches and shows the data's Thai names only (addressSearch.ts), so that chunk is
 * replaced by a module that refuses to load instead of being shipped.
 */
function withoutEnglishAddressData(): Plugin {
  const STUB = '\0carerounds:no-english-address-data';
  return {
    name: 'carerounds:no-english-address-data',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && /thai-address-universal/.test(importer) && /[\\/]?en_db-[\w-]+\.js$/.test(source)) return STUB;
      return null;
    },
    load(id) {
      return id === STUB ? "throw new Error('English address names are not part of this build');" : null;
    },
  };
}

// The renderer is one static bundle served from carerounds://app in Electron and from any static
// server in a browser, so every asset URL is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), withoutEnglishAddressData()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Everything the register needs before it paints, in one chunk (one request, one gzip context).
            { name: 'app', tags: ['$initial'], priority: 2 },
            // The pages loaded on demand (renderer/app/pages.ts), together: a dozen small chunks would each
            // compress alone and repeat their imports. The address data, the demo generator and the English
            // messages (loaded when English is chosen, renderer/i18n/catalog.ts) stay apart.
            { name: 'pages', test: /[\\/](renderer|shared)[\\/](?!i18n[\\/]messages[\\/]en[\\/])|node_modules[\\/](react-hook-form|@hookform)/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
