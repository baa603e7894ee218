/**
 * crypto.fields.overhead — saving a visit on a sealed database ÷ the same save on a plain one, in the same
 * page and run (docs/security.md §3 "Records at rest"). Two databases, one opened with the sealer (a
 * non-extractable AES-GCM data key in a keyring) and one without, each seeded alike through the app's own
 * store code with 20 residents of 20 visits each (a resident's digest reads all her visits on every save,
 * so the sealed save opens them all). Then 40 rounds, each saving one visit into each database (the order
 * alternating by round): recordVisit, the visit with its outbox entry and read models in one transaction,
 * timed from the call to the resolved promise. `value` is the median sealed ÷ the median plain;
 * `plain_median` is the floor, measured in the same run.
 */
import { newIsolatedContext } from '../../e2e/support/chromium';
import { runAppModule } from '../seed-browser';
import { median, percentile, round1, type BrowserBench } from '../support';

const RESIDENTS = 20;
const VISITS_EACH = 20;
const ROUNDS = 40;
const TARGET_RATIO = 1.3;

const ENTRY = `
import { openStore } from '../../renderer/db/db';
import { Sealer } from '../../renderer/db/crypto/sealer';
import { Keyring } from '../../renderer/lock/keyring';
import { createResident } from '../../renderer/db/residents';
import { recordVisit } from '../../renderer/db/visits';
import { emptyVisitForm, validateVisitForm } from '../../shared/visitForm';
import { buildResidentProfile } from '../../shared/demo/builders';
(globalThis as unknown as { __cryptoBench: unknown }).__cryptoBench = { openStore, Sealer, Keyring, createResident, recordVisit, emptyVisitForm, validateVisitForm, buildResidentProfile };
`;

const bench: BrowserBench = {
  name: 'crypto.fields.overhead',
  async run({ browser, baseUrl, log }) {
    const context = await newIsolatedContext(browser);
    const page = await context.newPage();
    try {
      await page.addInitScript('globalThis.__name ??= (f) => f;');
      await page.goto(baseUrl, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 60_000 });
      await runAppModule(page, ENTRY);
      const result = await page.evaluate(
        async ({ residents, visitsEach, rounds }) => {
          /* eslint-disable @typescript-eslint/no-explicit-any -- the app's modules, bundled into the page */
          const api = (globalThis as unknown as { __cryptoBench: any }).__cryptoBench;
          const keyring = new api.Keyring();
          keyring.unlock(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
          const open = async (name: string, sealed: boolean) => {
            const r = await api.openStore(name, sealed ? { sealer: new api.Sealer(keyring) } : {});
            if (!r.ok) throw new Error(`${name}: ${r.code}`);
            return r.db;
          };
          const plain = await open('bench-crypto-plain', false);
          const sealed = await open('bench-crypto-sealed', true);
          const ctx = { userId: 'bench-cg' };
          const now = () => new Date(Date.now() - 35 * 60_000).toISOString();
          const visit = (n: number) => {
            const form = {
              ...api.emptyVisitForm(now()),
              durationMinutes: '30',
              vitals: { systolic: String(146 + (n % 10)), diastolic: '88', pulse: '78', temperature: '36.6', spo2: '97', respRate: '18', glucose: '', weight: '54.5' },
              careGiven: [
                { code: 'vital_signs', minutes: '10' },
                { code: 'exercise', minutes: '15' },
              ],
              mood: '4',
              observations: 'ความดันสูงกว่าปกติ แนะนำลดเค็ม นัดวัดซ้ำสัปดาห์หน้า',
            };
            const valid = api.validateVisitForm(form, { now: new Date().toISOString(), resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } });
            if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
            return valid.data;
          };
          const ids: Record<string, string[]> = { plain: [], sealed: [] };
          for (const [label, db] of [['plain', plain], ['sealed', sealed]] as const) {
            for (let i = 0; i < residents; i++) {
              const r = await api.createResident(db, api.buildResidentProfile({ nationalId: null, idMode: 'none', noIdReason: 'bench', firstName: `ผู้สูงอายุ${i}` }), ctx);
              ids[label]?.push(r.id);
              for (let v = 0; v < visitsEach; v++) await api.recordVisit(db, r.id, visit(v), ctx);
            }
          }
          const times: Record<string, number[]> = { plain: [], sealed: [] };
          const save = async (label: 'plain' | 'sealed', db: unknown, n: number) => {
            const residentId = ids[label]?.[n % residents] ?? '';
            const data = visit(n);
            const t0 = performance.now();
            await api.recordVisit(db, residentId, data, ctx);
            times[label]?.push(performance.now() - t0);
          };
          for (let n = 0; n < rounds; n++) {
            if (n % 2 === 0) {
              await save('plain', plain, n);
              await save('sealed', sealed, n);
            } else {
              await save('sealed', sealed, n);
              await save('plain', plain, n);
            }
          }
          const rawVisit = await new Promise<unknown>((resolve, reject) => {
            const req = indexedDB.open('bench-crypto-sealed');
            req.onsuccess = () => {
              const get = req.result.transaction('visits', 'readonly').objectStore('visits').getAll(null, 1);
              get.onsuccess = () => {
                req.result.close();
                resolve(get.result[0]);
              };
              get.onerror = () => reject(new Error(String(get.error)));
            };
            req.onerror = () => reject(new Error(String(req.error)));
          });
          plain.close();
          sealed.close();
          return { times, sealedStored: Object.keys(rawVisit as object).sort().join(',') };
        },
        { residents: RESIDENTS, visitsEach: VISITS_EACH, rounds: ROUNDS },
      );
      if (!result.sealedStored.includes('_sealed')) throw new Error(`the sealed database stored a plain visit: ${result.sealedStored}`);
      const plain = result.times.plain ?? [];
      const sealed = result.times.sealed ?? [];
      console.error(`[bench] crypto.fields plain (ms): ${plain.map(round1).join(', ')}`);
      console.error(`[bench] crypto.fields sealed (ms): ${sealed.map(round1).join(', ')}`);
      log({
        bench: 'crypto.fields.overhead',
        value: Math.round((median(sealed) / median(plain)) * 100) / 100,
        unit: 'ratio',
        target: TARGET_RATIO,
        plain_median: round1(median(plain)),
        sealed_median: round1(median(sealed)),
        plain_p95: round1(percentile(plain, 95)),
        sealed_p95: round1(percentile(sealed, 95)),
        n: sealed.length,
        visits_per_resident: VISITS_EACH,
        path: 'store: recordVisit (visit + outbox + read models, one transaction), sealed vs plain database in one page',
      });
    } finally {
      await context.close();
    }
  },
};

export default bench;
