/**
 * `npm start`: build, start the services the app talks to, then open the app.
 *
 * 1. build   the renderer (vite) and the main/preload bundles (esbuild), every time: it takes seconds and
 *            a stale bundle is a worse surprise;
 * 2. services (none yet; the sync server joins here and passes its origin to connect-src);
 * 3. shell   Electron on `.` when its binary is installed, otherwise the renderer on a local static server
 *            with the same CSP, for a browser.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

async function buildAll() {
  const { build } = await import('vite');
  await build({ root: path.join(ROOT, 'renderer'), configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  await buildElectron();
}

/** The Electron binary's path, or why there is none. The npm package exports the path when run under Node. */
function findElectron() {
  let binary;
  try {
    binary = require('electron');
  } catch (error) {
    if (error?.code === 'MODULE_NOT_FOUND') return { reason: 'the optional "electron" package is not installed' };
    return { reason: String(error?.message ?? error).split('\n')[0] };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { reason: `no binary at ${String(binary)}` };
  return { binary };
}

function runElectron(binary) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  const child = spawn(binary, ['.'], { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function serveInBrowser(reason, connectSrc) {
  console.log(`Electron binary is not installed here (${reason}); serving the app for a browser instead.`);
  const requested = Number.parseInt(process.env.PORT ?? '', 10);
  const server = await startStaticServer({
    root: path.join(ROOT, 'dist', 'renderer'),
    port: Number.isInteger(requested) && requested >= 0 ? requested : 5174,
    host: '127.0.0.1',
    connectSrc,
  });
  console.log(`CareRounds: ${server.url}`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.close().finally(() => process.exit(0));
    });
  }
}

async function main() {
  await buildAll();

  // Services the renderer connects to; each adds its origin here for the CSP's connect-src.
  const connectSrc = [];

  const electron = findElectron();
  if ('binary' in electron) runElectron(electron.binary);
  else await serveInBrowser(electron.reason, connectSrc);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
