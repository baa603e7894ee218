/**
 * Raw IndexedDB access from the test, run inside the page (same origin as the app). Used to prove what the
 * app stored (nothing deleted, a foreign database left alone) and to copy prepared records in, without going
 * through the app's code.
 */
import type { Dexie } from 'dexie';
import type { Page } from 'playwright-core';
import { READ_MODELS_KEY } from '../../../renderer/db/readModels/marker';
import { openedRows } from './sealed';

export interface RawDbInfo {
  exists: boolean;
  version: number;
  stores: string[];
}

/** Version and store names of a database, without creating or upgrading it. */
export function rawDbInfo(page: Page, dbName: string): Promise<RawDbInfo> {
  return page.evaluate(async (name) => {
    const listed = (await indexedDB.databases()).find((d) => d.name === name);
    if (!listed) return { exists: false, version: 0, stores: [] };
    return new Promise<RawDbInfo>((resolve, reject) => {
      const req = indexedDB.open(name); // no version: never upgrades
      req.onsuccess = () => {
        const db = req.result;
        const info = { exists: true, version: db.version, stores: Array.from(db.objectStoreNames).sort() };
        db.close();
        resolve(info);
      };
      req.onerror = () => reject(new Error(String(req.error)));
    });
  }, dbName);
}

/**
 * Every row of a store. Rows of a signed-in user's sealed database (docs/security.md §3 "Records at rest")
 * come opened, through the app's code (sealed.ts); the other rows as stored.
 */
export async function rawGetAll(page: Page, dbName: string, store: string): Promise<unknown[]> {
  const rows = await storedRows(page, dbName, store);
  return rows.some((r) => typeof r === 'object' && r !== null && '_sealed' in r) ? openedRows(page, dbName, store) : rows;
}

/** Every row of a store exactly as IndexedDB holds it. */
export function storedRows(page: Page, dbName: string, store: string): Promise<unknown[]> {
  return page.evaluate(
    ({ name, storeName }) =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onerror = () => reject(new Error(String(req.error)));
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(storeName, 'readonly');
          const all = tx.objectStore(storeName).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result as unknown[]);
          };
          all.onerror = () => {
            db.close();
            reject(new Error(String(all.error)));
          };
        };
      }),
    { name: dbName, storeName: store },
  );
}

/**
 * Puts rows into existing stores, all in one transaction (the stores use inline keys). The rows travel as
 * one JSON string: Playwright's structured argument serialisation is far slower for megabytes of objects.
 * So rows must be plain JSON data (the app's records are).
 */
export function rawPutAll(page: Page, dbName: string, rows: Record<string, readonly unknown[]>): Promise<void> {
  return rawWrite(page, dbName, rows, {});
}

/** Puts `puts` and deletes `deletes` (primary keys by store), all in one transaction. */
function rawWrite(page: Page, dbName: string, puts: Record<string, readonly unknown[]>, deletes: Record<string, readonly string[]>): Promise<void> {
  return page.evaluate(
    ({ name, json }) =>
      new Promise<void>((resolve, reject) => {
        const { put, del } = JSON.parse(json) as { put: Record<string, unknown[]>; del: Record<string, string[]> };
        const req = indexedDB.open(name);
        req.onerror = () => reject(new Error(String(req.error)));
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction([...new Set([...Object.keys(put), ...Object.keys(del)])], 'readwrite');
          for (const [storeName, list] of Object.entries(put)) {
            const store = tx.objectStore(storeName);
            for (const row of list) store.put(row);
          }
          for (const [storeName, keys] of Object.entries(del)) {
            const store = tx.objectStore(storeName);
            for (const key of keys) store.delete(key);
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => {
            db.close();
            reject(new Error(String(tx.error)));
          };
        };
      }),
    { name: dbName, json: JSON.stringify({ put: puts, del: deletes }) },
  );
}

/**
 * Bulk variant of rawPutAll for tens of megabytes: each store's rows are gzipped JSON served to the page at
 * a same-origin URL through `context.route` (the CSP allows fetch to 'self'), then unzipped in the page and
 * put in one transaction per store (stores concurrently). Playwright's evaluate arguments move only a few MB/s; a routed body is
 * an order of magnitude faster.
 */
export async function rawPutAllBulk(page: Page, dbName: string, rows: Record<string, readonly unknown[]>): Promise<void> {
  const { gzip } = await import('node:zlib');
  const zip = (text: string) =>
    new Promise<Buffer>((resolve, reject) => gzip(text, { level: 1 }, (err, out) => (err ? reject(err) : resolve(out))));
  const origin = new URL(page.url()).origin;
  const token = crypto.randomUUID();
  const bodies = new Map<string, Buffer>();
  await Promise.all(Object.entries(rows).map(async ([store, list]) => bodies.set(store, await zip(JSON.stringify(list)))));
  const pattern = `${origin}/__e2e-bulk/${token}/**`;
  await page.context().route(pattern, (route) => {
    const store = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    const body = bodies.get(store);
    return body ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body }) : route.fulfill({ status: 404 });
  });
  try {
    await page.evaluate(
      async ({ name, base, stores }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        try {
          // Stores load concurrently: one store's JSON parse overlaps another's commit.
          await Promise.all(
            stores.map(async (store) => {
              const res = await fetch(`${base}/${encodeURIComponent(store)}`);
              if (!res.ok || !res.body) throw new Error(`bulk rows for ${store}: HTTP ${res.status}`);
              const list = (await new Response(res.body.pipeThrough(new DecompressionStream('gzip'))).json()) as unknown[];
              await new Promise<void>((resolve, reject) => {
                const tx = db.transaction(store, 'readwrite');
                const os = tx.objectStore(store);
                for (const row of list) os.put(row);
                tx.oncomplete = () => resolve();
                tx.onerror = () => reject(new Error(String(tx.error)));
              });
            }),
          );
        } finally {
          db.close();
        }
      },
      { name: dbName, base: `${origin}/__e2e-bulk/${token}`, stores: Object.keys(rows) },
    );
  } finally {
    await page.context().unroute(pattern);
  }
}

/**
 * Copies the records a Node store holds (the stores named, with its clock and id counters) into the browser's
 * database, behind the app's back. The app's read models (docs/architecture.md "Read models") are not kept
 * for such writes, so their marker is dropped in the same transaction: after the next start the app rebuilds them, and its pages read
 * from the records meanwhile, as after an upgrade. Without it a page opened before the start-up check notices
 * the drift would read read models built on the empty device.
 */
export async function copyRecordsToBrowser(page: Page, dbName: string, source: Dexie, stores: readonly string[]): Promise<void> {
  const rows: Record<string, unknown[]> = {};
  for (const store of stores) rows[store] = await source.table(store).toArray();
  rows.meta = (await source.table('meta').toArray()).filter((m: { key: string }) => m.key === 'mid' || m.key === 'hlc');
  await rawWrite(page, dbName, rows, { meta: [READ_MODELS_KEY] });
}
