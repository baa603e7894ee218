/**
 * crypto.sync.initial_overhead: what sealing records at rest (docs/security.md §3 "Records at rest") costs the
 * first sync of the full scope. Ratio = the sealed device's sync.initial.total (the app as built, measured by
 * initial.bench.ts, which runs first) ÷ the same first sync, same user, same server and data, in the same run,
 * by a device running the unsealed variant of the app: the renderer built with CARE_ROUNDS_UNSEALED_BUILD=1
 * (vite.config.ts) into dist/renderer-unsealed, which nothing packages, served on the server's origin through
 * a Playwright route (fixture.ts signIn `appFrom`). Both press "sign in" and set the PIN the same way.
 *
 * The sealed sync ran first, against a server whose caches were colder: the order favours the unsealed one,
 * so the ratio errs high, never low. The unsealed device is closed at the end.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../e2e/support/build';
import { round1, type BrowserBench } from '../support';
import { syncDevice, syncedDevice, TOTAL_RECORDS } from './fixture';

const UNSEALED_DIST = path.join(REPO_ROOT, 'dist/renderer-unsealed');

/** Builds the unsealed variant (vite.config.ts writes it to dist/renderer-unsealed). */
function buildUnsealed(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CARE_ROUNDS_UNSEALED_BUILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the unsealed build exited with ${code}`))));
  });
}

const bench: BrowserBench = {
  name: 'crypto.sync.initial_overhead',
  async run({ browser, log }) {
    const sealed = await syncedDevice(browser, 'bench.manager');
    await buildUnsealed();
    const plain = await syncDevice(browser, 'bench.manager', { appFrom: UNSEALED_DIST });
    try {
      const total = plain.counts.residents + plain.counts.visits;
      if (total !== TOTAL_RECORDS) throw new Error(`the unsealed device synced ${total} records, expected ${TOTAL_RECORDS}`);
      // The variant must really store plain rows, and the app its sealed ones, or the ratio measures nothing.
      const sealedRows = (page: typeof plain.page) =>
        page.evaluate(
          () =>
            new Promise<number>((resolve, reject) => {
              const req = indexedDB.open('carerounds');
              req.onerror = () => reject(new Error(String(req.error)));
              req.onsuccess = () => {
                const db = req.result;
                const get = db.transaction('visits', 'readonly').objectStore('visits').getAll(null, 100);
                get.onerror = () => reject(new Error(String(get.error)));
                get.onsuccess = () => {
                  db.close();
                  resolve((get.result as Record<string, unknown>[]).filter((r) => r._sealed instanceof Uint8Array).length);
                };
              };
            }),
        );
      const [plainSealed, appSealed] = [await sealedRows(plain.page), await sealedRows(sealed.page)];
      if (plainSealed !== 0) throw new Error(`the unsealed variant stored ${plainSealed} of 100 visits sealed`);
      if (appSealed !== 100) throw new Error(`the app stored only ${appSealed} of 100 visits sealed`);
      log({
        bench: 'crypto.sync.initial_overhead',
        value: Math.round((sealed.totalMs / plain.totalMs) * 100) / 100,
        unit: 'ratio',
        target: 1.3,
        sealedMs: round1(sealed.totalMs),
        plainMs: round1(plain.totalMs),
        records: total,
        order: 'sealed first, then unsealed (warmer server)',
      });
    } finally {
      await plain.context.close();
    }
  },
};

export default bench;
