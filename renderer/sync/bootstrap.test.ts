/**
 * The client bootstrap (bootstrap.ts, docs/sync-protocol.md §6.6) against the real server (testing.ts): chunks
 * stored one transaction each, a stream cut mid-way resumed after the last stored chunk, and the read models
 * an empty device ends with.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { SEALED_FIELD } from '../../shared/crypto/recordEnvelope';
import { buildAmendment, buildVisit } from '../../test/fixtures/careHistory';
import { deriveReportFacts, readReportFacts } from '../db/reportFacts';
import { checkReadModels, isCurrentBuild, READ_MODELS_KEY, rebuildReadModels } from '../db/readModels';
import { createRecord, patchRecord } from '../db/repository';
import { projectRegisterRow } from '../db/registerRows';
import { Sealer } from '../db/crypto/sealer';
import { Keyring } from '../lock/keyring';
import { SyncFailure } from './client';
import { readCursor } from './state';
import { device, h, residentInput, startRealServer } from './testing';

startRealServer();

describe('bootstrap against the real server', () => {
  it('bootstraps an empty device in chunks, and a cut stream resumes after the last stored chunk', async () => {
    const a = await device('malee');
    for (let i = 0; i < 12; i++) await createRecord(a.db, 'residents', residentInput(`บูต${i}`), { userId: a.userId });
    await a.client.syncNow();
    let boots = 0;
    const b = await device('nid', {
      bootstrapChunk: 5,
      wrap: (f) => async (input, init) => {
        if (!input.includes('/sync/bootstrap')) return f(input, init);
        boots++;
        if (boots === 2) throw new TypeError('terminated'); // the immediate reconnect fails: the run fails
        const res = await f(input, init);
        if (boots !== 1 || !res.body) return res;
        // The first stream: the head and two chunks, part of the third, then the connection is cut.
        const reader = res.body.getReader();
        let newlines = 0;
        const cut = new ReadableStream<Uint8Array>({
          async pull(ctrl) {
            const r = await reader.read();
            if (r.done) return ctrl.close();
            const bytes = r.value;
            for (let i = 0; i < bytes.length; i++) {
              if (bytes[i] !== 10) continue;
              newlines++;
              if (newlines === 3) {
                ctrl.enqueue(bytes.slice(0, i + 20));
                void reader.cancel();
                ctrl.error(new TypeError('terminated'));
                return;
              }
            }
            ctrl.enqueue(bytes);
          },
        });
        return new Response(cut, { status: 200, headers: res.headers });
      },
    });
    await expect(b.client.syncNow()).rejects.toBeInstanceOf(SyncFailure);
    expect(await readCursor(b.db)).toBe('');
    expect(await b.db.residents.count()).toBe(10); // two chunks of 5 stored, the cut one not at all
    const state = await b.db.syncState.get('bootstrap');
    expect(state).toMatchObject({ key: 'bootstrap', received: 10 });
    await b.client.syncNow();
    const boot = b.requests.filter((x) => x.startsWith('GET /sync/bootstrap'));
    expect(boots).toBe(3);
    expect(boot).toHaveLength(2); // the failed reconnect never reached the network
    expect(boot[1]).toContain(`position=${(state as { position: string }).position}`);
    expect(await b.db.syncState.get('bootstrap')).toBeUndefined();
    expect(await readCursor(b.db)).not.toBe('');
    const serverCount = (await h.db.query("SELECT count(*)::int AS n FROM records WHERE type = 'resident' AND bucket = 'c:c-01'")).rows[0]?.n;
    expect(await b.db.residents.count()).toBe(serverCount);
    expect(b.progress.some((p) => p.initial === true && p.total === serverCount && (p.bytes ?? 0) > 0)).toBe(true);
  });
});

/** A sealer over an unlocked keyring: a signed-in user's device seals its records (docs/security.md §3). */
async function unlockedSealer(): Promise<Sealer> {
  const keyring = new Keyring();
  keyring.unlock(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
  return new Sealer(keyring);
}

describe.each([
  ['plain', () => Promise.resolve(undefined)],
  ['sealed', unlockedSealer],
])('read models after a bootstrap (%s database)', (_kind, makeSealer) => {
  it('an empty device ends with digests equal to a rebuild from the records, register rows for all, and the models marked built', async () => {
    const a = await device('malee');
    const residents = [];
    for (let i = 0; i < 6; i++) residents.push(await createRecord(a.db, 'residents', residentInput(`ดัชนี${i}`), { userId: a.userId }));
    // Visits stored out of time order for some residents (the fold declines those: recomputed at the end).
    const days = [30, 5, 60, 90, 10, 120, 45, 75];
    const visits = [];
    for (const [k, day] of days.entries()) {
      const r = residents[k % 3];
      if (r === undefined) continue;
      visits.push(await createRecord(a.db, 'visits', buildVisit(r.id, { day, hour: 9, done: k % 4 !== 3, type: 'routine', systolic: 120 + k, pulse: 80, weight: 60 + k, next: 30 }), { userId: a.userId }));
    }
    // An amendment that makes a visit's vitals abnormal (its report fact is recomputed at the end).
    const amended = visits[1]; // done, systolic 121
    if (amended !== undefined) await createRecord(a.db, 'visitAmendments', buildAmendment(amended.id, amended.residentId, { 'vitals.systolic': 200 }, 1, a.userId), { userId: a.userId });
    await a.client.syncNow();
    const sealer = await makeSealer();
    const b = await device('nid', { bootstrapChunk: 4, ...(sealer ? { sealer } : {}) });
    await b.client.syncNow();
    expect(isCurrentBuild(await b.db.meta.get(READ_MODELS_KEY))).toBe(true);
    expect(await b.db.registerRows.count()).toBe(await b.db.residents.count());
    const kept = await b.db.residentDigests.orderBy('id').toArray();
    // The names the bootstrap folded in are the residents' (not the blanks of what a sealed row shows on disk).
    const named = (await b.db.residents.toArray()).filter((r) => r.firstName.startsWith('ดัชนี')).length;
    expect(named).toBeGreaterThanOrEqual(residents.length);
    expect(kept.filter((d) => d.firstName.startsWith('ดัชนี')).length).toBe(named);
    expect(kept.length).toBe(await b.db.residents.count());
    // Three residents of this test have visits (the server also holds the other database kind's run).
    const visited = new Set((await b.db.visits.toArray()).map((v) => v.residentId));
    expect(visited.size).toBeGreaterThanOrEqual(3);
    expect(kept.filter((d) => d.visits > 0).length).toBe(visited.size);
    // The report facts, packed, as a rebuild from the records makes them.
    const facts = await readReportFacts(b.db, '2000-01-01', '2099-12-31');
    expect(facts.residents).toHaveLength(await b.db.residents.count());
    expect(facts.visits).toHaveLength(await b.db.visits.count());
    expect(facts.visits.length).toBeGreaterThanOrEqual(days.length);
    expect(await b.db.visitAmendments.where('visitId').equals(amended?.id ?? '').count()).toBe(1);
    expect(facts).toEqual(await deriveReportFacts(b.db, '2000-01-01', '2099-12-31'));
    expect(facts.visits.find((v) => v.id === amended?.id)?.abnormal).toBe(true);
    const stores = async () => Promise.all([b.db.reportResidentPacks.orderBy('key').toArray(), b.db.reportVisitPacks.orderBy('key').toArray()]);
    const installed = await stores();
    await rebuildReadModels(b.db);
    expect(await b.db.residentDigests.orderBy('id').toArray()).toEqual(kept);
    expect(await stores()).toEqual(installed);
    expect(await checkReadModels(b.db, { sample: 50 })).toEqual({ ok: true });
    if (sealer !== undefined) {
      // On disk every record and register row the bootstrap wrote is sealed (sealed ahead, or by the write).
      const raw = new Dexie(b.db.name);
      await raw.open();
      try {
        for (const store of ['residents', 'visits', 'visitAmendments', 'registerRows', 'residentDigests']) {
          const rows = (await raw.table(store).toArray()) as Record<string, unknown>[];
          expect(rows.length, store).toBeGreaterThan(0);
          for (const row of rows) expect(row[SEALED_FIELD], store).toBeInstanceOf(Uint8Array);
        }
      } finally {
        raw.close();
      }
    }
  });
});

describe('a sealed device bootstrapping over its own unsent edits', () => {
  it('merges a resident with a pending edit, projects her register row from the merge and seals both', async () => {
    const a = await device('malee');
    const residents = [];
    for (let i = 0; i < 3; i++) residents.push(await createRecord(a.db, 'residents', residentInput(`ผสาน${i}`), { userId: a.userId }));
    await a.client.syncNow();
    const b = await device('nid', { bootstrapChunk: 2, sealer: await unlockedSealer() });
    await b.client.syncNow();
    const target = residents[1];
    if (target === undefined) throw new Error('no resident');
    // Her nickname edited on this device, not sent; her first name changed elsewhere meanwhile.
    await patchRecord(b.db, 'residents', target.id, { nickname: 'ยายแดง' }, { userId: b.userId });
    await patchRecord(a.db, 'residents', target.id, { firstName: 'ผสานใหม่' }, { userId: a.userId });
    await a.client.syncNow();
    await b.db.syncState.delete('cursor'); // starting over: a bootstrap, with the edit still in the outbox
    await b.client.bootstrap();
    expect((await b.db.outbox.toArray()).some((e) => e.recordId === target.id)).toBe(true);

    const merged = await b.db.residents.get(target.id);
    expect(merged).toMatchObject({ firstName: 'ผสานใหม่', nickname: 'ยายแดง' });
    if (merged === undefined) throw new Error('no merged resident');
    expect(await b.db.registerRows.get(target.id)).toEqual(projectRegisterRow(merged));
    for (const r of residents) {
      const mine = await b.db.residents.get(r.id);
      if (mine === undefined) throw new Error(`resident ${r.id} missing`);
      expect(await b.db.registerRows.get(r.id)).toEqual(projectRegisterRow(mine));
    }
    expect(await checkReadModels(b.db, { sample: 50 })).toEqual({ ok: true });
    const raw = new Dexie(b.db.name);
    await raw.open();
    try {
      for (const store of ['residents', 'registerRows']) {
        const row = (await raw.table(store).get(target.id)) as Record<string, unknown> | undefined;
        expect(row?.[SEALED_FIELD], store).toBeInstanceOf(Uint8Array);
        expect(JSON.stringify(row), store).not.toContain('ยายแดง');
      }
    } finally {
      raw.close();
    }
  });
});
