/**
 * sync.initial.*: an empty device (fresh browser context) signs in as a care manager through the app's
 * sign-in page and the app syncs the whole scope, 10,000 residents + 200,000 home visits, from the server on
 * PostgreSQL into its Dexie database. Timed from the sign-in click to `lastSync` being stored (written after
 * the run's last page), then the local counts are checked.
 *
 * sync.initial.vs_idb_limit: that time ÷ the time raw IndexedDB takes to write the same 210,000 stored rows
 * (read back from the app's database) with put()s, 50,000 per transaction, in the same Chromium, with the
 * relaxed durability the app's pull connection uses. Median of 3. The first sync of an empty device is a
 * bootstrap (GET /sync/bootstrap, docs/sync-protocol.md §6.6), so this times the bootstrap and the pull after it.
 *
 * store.bytes_per_visit: for every stored visit row (read back with raw IndexedDB after the sync), the UTF-8
 * bytes of JSON.stringify(the stored value, sync metadata included) ÷ the UTF-8 bytes of JSON.stringify(its
 * data fields alone: the value without the envelope keys id, createdAt, createdBy, updatedAt, updatedBy,
 * deviceId, deletedAt, seq, hlc, schemaVersion, bucket), summed over all visits. JSON length stands in for
 * the structured-clone size IndexedDB keeps (navigator.storage.estimate moves in coarse steps and counts
 * indexes and LevelDB overhead too). The stores are the app's where an index
 * costs: `visits` keyed by id with the app's one index `[residentId+startedAt]` (schema v5: every index is
 * paid on each of the 200,000 rows); `residents` keyed by id without indexes, as before.
 */
import { median, round1, type BrowserBench } from '../support';
import { syncedDevice, syncWorld, TOTAL_RECORDS, RESIDENTS } from './fixture';

const PER_TX = 50_000;
const IDB_RUNS = 3;

const bench: BrowserBench = {
  name: 'sync.initial',
  async run({ browser, log }) {
    const w = await syncWorld();
    const device = await syncedDevice(browser, 'bench.manager');
    const total = device.counts.residents + device.counts.visits;
    if (device.counts.residents !== RESIDENTS || total !== TOTAL_RECORDS) {
      throw new Error(`synced ${device.counts.residents} residents + ${device.counts.visits} visits, expected ${TOTAL_RECORDS} records`);
    }
    log({ bench: 'sync.initial.total', value: round1(device.totalMs), unit: 'ms', target: 30_000, records: total });
    log({ bench: 'sync.initial.records_per_s', value: round1(total / (device.totalMs / 1000)), unit: 'ops/s', records: total });

    const bytes = await device.page.evaluate(async () => {
      const envelope = new Set(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deviceId', 'deletedAt', 'seq', 'hlc', 'schemaVersion', 'bucket']);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('carerounds');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      const enc = new TextEncoder();
      let stored = 0;
      let data = 0;
      let rows = 0;
      let after: string | null = null;
      for (;;) {
        const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const got = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const req = db.transaction('visits', 'readonly').objectStore('visits').getAll(range, 20_000);
          req.onsuccess = () => resolve(req.result as Record<string, unknown>[]);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        for (const row of got) {
          const fields: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(row)) if (!envelope.has(k)) fields[k] = v;
          stored += enc.encode(JSON.stringify(row)).length;
          data += enc.encode(JSON.stringify(fields)).length;
          rows++;
        }
        if (got.length < 20_000) break;
        after = String(got[got.length - 1]?.id);
      }
      db.close();
      return { stored, data, rows };
    });
    log({ bench: 'store.bytes_per_visit', value: Math.round((bytes.stored / bytes.data) * 100) / 100, unit: 'ratio', target: 2.0, visits: bytes.rows, storedBytesPerVisit: Math.round(bytes.stored / bytes.rows), dataBytesPerVisit: Math.round(bytes.data / bytes.rows) });

    // The floor: the same rows, raw puts. The app leaves first (a same-origin page without it), so nothing else writes.
    const page = device.page;
    const blank = new URL('__bench__/blank.html', w.url).href;
    await page.route(blank, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.goto(blank, { waitUntil: 'load' });
    const samples: number[] = [];
    for (let run = 0; run < IDB_RUNS; run++) {
      const r = await page.evaluate(
        async ({ name, perTx }) => {
          const open = (n: string, upgrade?: (db: IDBDatabase) => void) =>
            new Promise<IDBDatabase>((resolve, reject) => {
              const req = upgrade ? indexedDB.open(n, 1) : indexedDB.open(n);
              if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(new Error(String(req.error)));
            });
          const app = await open('carerounds');
          const db = await open(name, (d) => {
            d.createObjectStore('residents', { keyPath: 'id' });
            d.createObjectStore('visits', { keyPath: 'id' }).createIndex('[residentId+startedAt]', ['residentId', 'startedAt']);
          });
          // Rows are read 50,000 at a time (all 210,000 at once can exhaust the page's memory); only the
          // write transactions are timed.
          let ms = 0;
          let rows = 0;
          let buffer: { store: string; row: { id: string } }[] = [];
          const flush = async () => {
            const t0 = performance.now();
            await new Promise<void>((resolve, reject) => {
              const tx = db.transaction(['residents', 'visits'], 'readwrite', { durability: 'relaxed' });
              for (const item of buffer) tx.objectStore(item.store).put(item.row);
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(new Error(String(tx.error)));
              tx.onabort = () => reject(new Error(String(tx.error ?? 'aborted')));
            });
            ms += performance.now() - t0;
            rows += buffer.length;
            buffer = [];
          };
          for (const store of ['residents', 'visits']) {
            let after: string | null = null;
            for (;;) {
              const want = perTx - buffer.length;
              const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
              const got = await new Promise<{ id: string }[]>((resolve, reject) => {
                const req = app.transaction(store, 'readonly').objectStore(store).getAll(range, want);
                req.onsuccess = () => resolve(req.result as { id: string }[]);
                req.onerror = () => reject(new Error(String(req.error)));
              });
              for (const row of got) buffer.push({ store, row });
              if (buffer.length >= perTx) await flush();
              if (got.length < want) break;
              after = got[got.length - 1]?.id ?? null;
            }
          }
          if (buffer.length > 0) await flush();
          app.close();
          db.close();
          await new Promise<void>((resolve) => {
            const del = indexedDB.deleteDatabase(name);
            del.onsuccess = del.onerror = del.onblocked = () => resolve();
          });
          return { ms, rows };
        },
        { name: `bench-idb-limit-${run}`, perTx: PER_TX },
      );
      if (r.rows !== TOTAL_RECORDS) throw new Error(`raw write had ${r.rows} rows, expected ${TOTAL_RECORDS}`);
      samples.push(r.ms);
    }
    const idbMs = median(samples);
    console.error(`[bench] sync.initial: raw IndexedDB put of ${TOTAL_RECORDS} rows (ms): ${samples.map((s) => Math.round(s)).join(', ')}`);
    log({ bench: 'sync.initial.vs_idb_limit', value: Math.round((device.totalMs / idbMs) * 100) / 100, unit: 'ratio', target: 1.3, syncMs: round1(device.totalMs), idbMs: round1(idbMs) });
  },
};

export default bench;
