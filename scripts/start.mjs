/**
 * `npm start`: build, start the municipal server the app talks to, then open the app.
 *
 * 1. build   the renderer (vite) and the main/preload bundles (esbuild), every time: it takes seconds and
 *            a stale bundle is a worse surprise;
 * 2. server  server/main.ts on embedded PGlite (.data/pglite) at http://127.0.0.1:8080 (SERVER_PORT, or a free
 *            port when 8080 is taken), with the demo users and 200 fictitious residents, which it prints;
 * 3. shell   Electron on `.` when its binary is installed, told the server's origin (CARE_ROUNDS_SERVER: its
 *            CSP allows it and the sign-in screen offers it); otherwise the same app served by that server,
 *            same origin, for a browser.
 * Stopping (Ctrl+C, or closing Electron) stops the server too, which finishes its in-flight requests first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

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

/** `preferred` when nothing listens there, else a free port the OS picks. */
function choosePort(preferred, host) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(null));
      probe.listen(port, host, () => {
        const { port: bound } = probe.address();
        probe.close(() => resolve(bound));
      });
    });
  return tryListen(preferred).then((port) => port ?? tryListen(0));
}

async function startServer() {
  const host = '127.0.0.1';
  const requested = Number.parseInt(process.env.SERVER_PORT ?? '', 10);
  const port = await choosePort(Number.isInteger(requested) && requested > 0 ? requested : 8080, host);
  if (port === null) throw new Error('no free TCP port for the server on 127.0.0.1');
  const origin = `http://${host}:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: host,
      CARE_ROUNDS_DEMO: '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      RENDERER_DIR: path.join(ROOT, 'dist', 'renderer'),
    },
  });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  // Migrations and the first demo load take a few seconds; /health answers once it listens.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the server stopped during start-up (exit ${exited.code ?? exited.signal})`);
    try {
      const res = await fetch(`${origin}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer ${origin}/health within 2 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { origin, child, stop };
}

function runElectron(binary, server) {
  const env = { ...process.env, CARE_ROUNDS_SERVER: server.origin };
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  const child = spawn(binary, ['.'], { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    server.stop().finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

function serveInBrowser(reason, server) {
  console.log(`Electron binary is not installed here (${reason}); the server serves the app for a browser instead.`);
  console.log(`CareRounds: ${server.origin}`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.stop().finally(() => process.exit(0));
    });
  }
  server.child.on('exit', (code) => process.exit(code ?? 1));
}

async function main() {
  await buildAll();
  const server = await startServer();
  const electron = findElectron();
  if ('binary' in electron) runElectron(electron.binary, server);
  else serveInBrowser(electron.reason, server);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
