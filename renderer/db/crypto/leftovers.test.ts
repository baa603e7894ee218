/**
 * The pass that seals rows written before the database was sealed (leftovers.ts, docs/security.md §3
 * "Records at rest"): a database filled by a version without sealing holds, after the pass, no readable name,
 * national ID or note in any sealed store, reads back the same through the app, and the pass runs once.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SEALED_FIELD } from '../../../shared/crypto/recordEnvelope';
import { emptyVisitForm } from '../../../shared/visitForm';
import { Keyring } from '../../lock/keyring';
import { openStore, type CareRoundsDb } from '../db';
import { createResident, findByNationalId } from '../residents';
import { buildProfile, freshDbName, steppingClock } from '../testing';
import { listVisits, saveVisitDraft } from '../visits';
import { markSealedIfEmpty, sealLeftovers } from './leftovers';
import { rebuildRegisterHead } from '../readModels/rebuild';
import { REGISTER_HEAD_KEY } from '../readModels/registerHead';
import { Sealer } from './sealer';
import { SEALED_STORES } from './stores';

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const NAME = 'ทองใบเก่ามาร์คเกอร์';
const NID = '3100700456781';
const NOTE = 'บันทึกเก่ามาร์คเกอร์';
const ctx = { userId: 'cg-1', now: steppingClock() };

async function sealedDb(keyring: Keyring, name: string): Promise<CareRoundsDb> {
  const result = await openStore(name, { sealer: new Sealer(keyring) });
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

async function rawDump(name: string): Promise<Record<string, Record<string, unknown>[]>> {
  const raw = new Dexie(name);
  opened.push(raw);
  await raw.open();
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of raw.tables) out[t.name] = (await t.toArray()) as Record<string, unknown>[];
  raw.close();
  return out;
}

describe('sealing what was written before', () => {
  it('seals every plain row of the sealed stores once unlocked, reads the same afterwards, and runs once', async () => {
    const name = freshDbName('leftovers');
    const plain = await openStore(name);
    if (!plain.ok) throw new Error(plain.detail);
    const residents = [];
    // More than one batch of residents (500), so the pass pages through a store.
    for (let i = 0; i < 520; i++) residents.push(await createResident(plain.db, buildProfile({ firstName: `${NAME}${i}`, nationalId: i === 7 ? NID : null, ...(i === 7 ? {} : { idMode: 'none', noIdReason: 'ไม่มีบัตร' }) } as never), ctx));
    const seventh = residents[7];
    if (!seventh) throw new Error('no resident');
    await saveVisitDraft(plain.db, seventh.id, 'cg-1', { ...emptyVisitForm('2025-01-31T08:00:00.000Z'), observations: NOTE });
    plain.db.close();
    expect(JSON.stringify(await rawDump(name))).toContain(NAME);

    const keyring = new Keyring();
    keyring.unlock(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    const db = await sealedDb(keyring, name);
    const sealed = await sealLeftovers(db);
    expect(sealed).toBeGreaterThanOrEqual(520 * 2); // each resident and its register row at least

    const dump = await rawDump(name);
    const text = JSON.stringify(dump);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(NID);
    expect(text).not.toContain(NOTE);
    for (const [store, config] of Object.entries(SEALED_STORES)) {
      const rows = (dump[store] ?? []).filter((r) => !config.only || config.only.includes(r.key as string));
      for (const row of rows) expect(row[SEALED_FIELD], store).toBeInstanceOf(Uint8Array);
    }
    expect(dump.residents).toHaveLength(520);

    expect((await db.residents.get(seventh.id))?.firstName).toBe(`${NAME}7`);
    expect((await findByNationalId(db, NID))?.id).toBe(seventh.id);
    expect((await db.visitDrafts.toArray()).map((d) => d.values.observations)).toEqual([NOTE]);
    expect(await listVisits(db, seventh.id)).toEqual([]);
    expect(await sealLeftovers(db)).toBe(0);
    expect((await db.meta.get('sealedAll'))?.key).toBe('sealedAll');
  });

  it('marks a new, empty sealed database at open, while locked, so the pass never walks it; a filled one is not marked', async () => {
    const keyring = new Keyring();
    const db = await sealedDb(keyring, freshDbName('leftovers-new'));
    expect(await markSealedIfEmpty(db)).toBe(true);
    expect(await db.meta.get('sealedAll')).toMatchObject({ key: 'sealedAll', rows: 0 });
    keyring.unlock(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    expect(await sealLeftovers(db)).toBe(0);

    // A database written before sign-in whose start-up check left the head of an empty register is marked too.
    const headed = freshDbName('leftovers-head');
    const lobby = await openStore(headed);
    if (!lobby.ok) throw new Error(lobby.detail);
    await rebuildRegisterHead(lobby.db);
    expect(await lobby.db.meta.get(REGISTER_HEAD_KEY)).toBeDefined();
    lobby.db.close();
    expect(await markSealedIfEmpty(await sealedDb(new Keyring(), headed))).toBe(true);

    const name = freshDbName('leftovers-filled');
    const plain = await openStore(name);
    if (!plain.ok) throw new Error(plain.detail);
    await createResident(plain.db, buildProfile({ firstName: NAME, nationalId: NID }), ctx);
    plain.db.close();
    const filled = await sealedDb(new Keyring(), name);
    expect(await markSealedIfEmpty(filled)).toBe(false);
    expect(await filled.meta.get('sealedAll')).toBeUndefined();
  });

  it('stops with `locked` while locked and writes nothing; a plain database is left alone', async () => {
    const name = freshDbName('leftovers-locked');
    const plain = await openStore(name);
    if (!plain.ok) throw new Error(plain.detail);
    await createResident(plain.db, buildProfile({ firstName: NAME, nationalId: NID }), ctx);
    expect(await sealLeftovers(plain.db)).toBe(0);
    plain.db.close();
    const db = await sealedDb(new Keyring(), name);
    await expect(sealLeftovers(db)).rejects.toMatchObject({ code: 'locked' });
    expect(JSON.stringify(await rawDump(name))).toContain(NAME);
    expect(await db.meta.get('sealedAll')).toBeUndefined();
  });
});
