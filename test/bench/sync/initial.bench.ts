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
 * indexes and LevelDB overhead too). The signed-in device's database is sealed (docs/security.md §3 "Records
 * at rest"): sealed rows hide their data fields, so for them `store.sealed_bytes_per_visit` is printed instead:
 * the bytes of the stored row (envelope and readable part) ÷ the bytes of the record's JSON it seals.
 *
 * The floor's `residents` and `visits` are created with the key path and every index of the app's own stores
 * (read from its database), so the floor pays what the app pays per row.
 *
 * Phase timings (extra fields of sync.initial.total, not tests): `phasesMs` sums the app's User Timing
 * measures (renderer/sync/timings.ts) per phase as `ms.<phase>`, overlapping ones included; `serverStreamMs` is the same
 * bootstrap read by Node alone over HTTP after the device's sync (server query, serialisation, gzip,
 * loopback, Node's gunzip).
 */
import { RECORD_SCHEMA_VERSION } from '../../../shared/envelope';
import { BOOTSTRAP_CHUNK_MAX } from '../../../shared/sync/protocol';
import { median, round1, type BrowserBench } from '../support';
import { BENCH_PASSWORD, syncedDevice, syncWorld, TOTAL_RECORDS, RESIDENTS } from './fixture';

const PER_TX = 50_000;
const IDB_RUNS = 3;

/** ms for Node to sign in and read a whole bootstrap stream (gzipped, not decompressed) from the server. */
async function serverStreamMs(url: string): Promise<number> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench.manager', password: BENCH_PASSWORD, deviceName: 'bench stream' }),
  });
  if (!login.ok) throw new Error(`bench login: ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const t0 = performance.now();
  // The query the app sends (renderer/sync/bootstrap.ts): the largest chunks, compact HLC maps.
  const q = new URLSearchParams({ schemaVersion: String(RECORD_SCHEMA_VERSION), chunk: String(BOOTSTRAP_CHUNK_MAX), hlc: 'compact' });
  const res = await fetch(`${url}/sync/bootstrap?${q.toString()}`, { headers: { authorization: `Bearer ${accessToken}`, 'accept-encoding': 'gzip' } });
  if (!res.ok || res.body === null) throw new Error(`bench bootstrap: ${res.status}`);
  const reader = res.body.getReader();
  while (!(await reader.read()).done) {
    // drained: only the time matters
  }
  return performance.now() - t0;
}

const bench: BrowserBench = {
  name: 'sync.initial',
  async run({ browser, log }) {
    const w = await syncWorld();
    const device = await syncedDevice(browser, 'bench.manager');
    const total = device.counts.residents + device.counts.visits;
    if (device.counts.residents !== RESIDENTS || total !== TOTAL_RECORDS) {
      throw new Error(`synced ${device.counts.residents} residents + ${device.counts.visits} visits, expected ${TOTAL_RECORDS} records`);
    }
    // Where the time went: the client's User Timing measures (renderer/sync/timings.ts), summed per phase.
    // Phases overlap (the network reader runs while chunks are stored): they explain, they do not add up.
    const phases = await device.page.evaluate(() => {
      const out: Record<string, number> = {};
      for (const m of performance.getEntriesByType('measure')) {
        if (!m.name.startsWith('sync.')) continue;
        const key = m.name.slice('sync.'.length);
        out[key] = (out[key] ?? 0) + m.duration;
      }
      return out;
    });
    const phasesMs = Object.fromEntries(Object.entries(phases).map(([k, v]) => [`ms.${k}`, Math.round(v)]));
    // The server alone: the same bootstrap read by Node over HTTP (query, serialisation, gzip and loopback),
    // after the device's sync, so it never competes with it.
    const serverMs = await serverStreamMs(w.url);
    log({ bench: 'sync.initial.total', value: round1(device.totalMs), unit: 'ms', target: 30_000, records: total, ...phasesMs, serverStreamMs: round1(serverMs) });
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
      let sealedStored = 0;
      let sealedPlain = 0;
      let sealedRows = 0;
      let after: string | null = null;
      for (;;) {
        const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const got = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const req = db.transaction('visits', 'readonly').objectStore('visits').getAll(range, 20_000);
          req.onsuccess = () => resolve(req.result as Record<string, unknown>[]);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        for (const row of got) {
          const env = row._sealed;
          if (env instanceof Uint8Array) {
            // A sealed row (docs/security.md §3 "Records at rest"): its data fields are inside the envelope.
            const { _sealed: _, ...readable } = row;
            sealedStored += env.length + enc.encode(JSON.stringify(readable)).length;
            sealedPlain += env.length - 29; // version, nonce and tag around the record's JSON
            sealedRows++;
            continue;
          }
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
      return { stored, data, rows, sealedStored, sealedPlain, sealedRows };
    });
    if (bytes.sealedRows > 0) {
      // The data fields of a sealed row cannot be told apart without the key: what sealing adds is printed instead.
      log({ bench: 'store.sealed_bytes_per_visit', value: Math.round((bytes.sealedStored / bytes.sealedPlain) * 100) / 100, unit: 'ratio', visits: bytes.sealedRows, note: 'stored sealed row ÷ the JSON of the record it seals' });
    }
    if (bytes.rows > 0) log({ bench: 'store.bytes_per_visit', value: Math.round((bytes.stored / bytes.data) * 100) / 100, unit: 'ratio', target: 2.0, visits: bytes.rows, storedBytesPerVisit: Math.round(bytes.stored / bytes.rows), dataBytesPerVisit: Math.round(bytes.data / bytes.rows) });

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
          // The app's own stores as they are: key path and every index (keyPath, unique, multiEntry).
          const shapes = ['residents', 'visits'].map((store) => {
            const os = app.transaction(store, 'readonly').objectStore(store);
            const indexes = [...os.indexNames].map((n) => {
              const ix = os.index(n);
              return { name: n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
            });
            return { store, keyPath: os.keyPath, indexes };
          });
          const db = await open(name, (d) => {
            for (const s of shapes) {
              const os = d.createObjectStore(s.store, { keyPath: s.keyPath });
              for (const ix of s.indexes) os.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
            }
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
          return { ms, rows, indexes: shapes.map((s) => `${s.store}: ${s.indexes.map((i) => i.name).join(', ')}`).join('; ') };
        },
        { name: `bench-idb-limit-${run}`, perTx: PER_TX },
      );
      if (r.rows !== TOTAL_RECORDS) throw new Error(`raw write had ${r.rows} rows, expected ${TOTAL_RECORDS}`);
      samples.push(r.ms);
      if (run === 0) console.error(`[bench] sync.initial: raw IndexedDB floor with the app's indexes (${r.indexes})`);
    }
    const idbMs = median(samples);
    console.error(`[bench] sync.initial: raw IndexedDB put of ${TOTAL_RECORDS} rows (ms): ${samples.map((s) => Math.round(s)).join(', ')}`);
    log({ bench: 'sync.initial.vs_idb_limit', value: Math.round((device.totalMs / idbMs) * 100) / 100, unit: 'ratio', target: 1.3, syncMs: round1(device.totalMs), idbMs: round1(idbMs) });
  },
};

export default bench;
