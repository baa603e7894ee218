import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import pkg from './package.json' with { type: 'json' };

// The renderer is one static bundle served from carerounds://app in Electron and from any static
// server in a browser, so every asset URL is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
