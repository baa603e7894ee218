import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SEALED_BINARY_FIELD, SEALED_FIELD } from '../../../shared/crypto/recordEnvelope';
import { storePhoto } from '../attachments';
import { emptyVisitForm, validateVisitForm } from '../../../shared/visitForm';
import { Keyring } from '../../lock/keyring';
import { openStore, type CareRoundsDb } from '../db';
import { checkDuplicates, createResident, findByNationalId, listResidents } from '../residents';
import { buildProfile, freshDbName, steppingClock } from '../testing';
import { listVisits, recordVisit, saveVisitDraft } from '../visits';
import { oldestPendingAt } from '../outbox';
import { isLocked } from './locked';
import { Sealer } from './sealer';
import { SEALED_STORES } from './stores';

const opened: Dexie[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const NAME = 'สมหมายมาร์คเกอร์';
const NID = '3100700456781';
const NOTE = 'บันทึกลับมาร์คเกอร์';
const NOW = '2025-01-31T08:00:00.000Z';
const ctx = { userId: 'cg-1', now: steppingClock() };

async function unlockedKeyring(): Promise<Keyring> {
  const keyring = new Keyring();
  keyring.unlock(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
  return keyring;
}

async function sealedDb(keyring: Keyring, name = freshDbName('sealed')): Promise<CareRoundsDb> {
  const result = await openStore(name, { sealer: new Sealer(keyring) });
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

/** The same database read without the sealing layer: what lies on disk. */
async function rawDb(name: string): Promise<Dexie> {
  const raw = new Dexie(name);
  opened.push(raw);
  await raw.open();
  return raw;
}

async function rawDump(name: string): Promise<Record<string, unknown[]>> {
  const raw = await rawDb(name);
  const out: Record<string, unknown[]> = {};
  for (const t of raw.tables) out[t.name] = await t.toArray();
  return out;
}

function visitOutput() {
  const values = { ...emptyVisitForm(NOW), time: '09:30', durationMinutes: '40', careGiven: [{ code: 'bathing', minutes: '20' }], observations: NOTE };
  const r = validateVisitForm(values, { now: NOW, resident: { birthDate: { value: '1950-03-14', precision: 'day' }, status: 'active' } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

async function seeded(): Promise<{ db: CareRoundsDb; keyring: Keyring; residentId: string }> {
  const keyring = await unlockedKeyring();
  const db = await sealedDb(keyring);
  const resident = await createResident(db, buildProfile({ firstName: NAME, nationalId: NID }), ctx);
  await saveVisitDraft(db, resident.id, 'cg-1', { ...emptyVisitForm(NOW), observations: NOTE });
  await recordVisit(db, resident.id, visitOutput(), ctx);
  return { db, keyring, residentId: resident.id };
}

describe('records sealed at rest', () => {
  it('leaves no name, national ID or note readable in any store, and every sealed store holds only envelopes', async () => {
    const { db } = await seeded();
    const dump = await rawDump(db.name);
    const text = JSON.stringify(dump);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(NID);
    expect(text).not.toContain(NOTE);
    for (const [store, config] of Object.entries(SEALED_STORES)) {
      const rows = (dump[store] ?? []) as Record<string, unknown>[];
      const sealedRows = config.only ? rows.filter((r) => config.only?.includes(r.key as string)) : rows;
      for (const row of sealedRows) expect(row[SEALED_FIELD], store).toBeInstanceOf(Uint8Array);
    }
    expect(dump.residents).toHaveLength(1);
    expect(dump.visits).toHaveLength(1);
    expect(dump.outbox?.length).toBeGreaterThanOrEqual(2);
    expect(dump.registerRows).toHaveLength(1);
  });

  it('reads every record back whole through the app, the national-ID and birth-date look-ups included', async () => {
    const { db, residentId } = await seeded();
    expect((await listResidents(db)).map((r) => r.firstName)).toEqual([NAME]);
    expect((await findByNationalId(db, NID))?.id).toBe(residentId);
    expect(await findByNationalId(db, '3100700456799')).toBeUndefined();
    const dup = await checkDuplicates(db, { nationalId: NID, firstName: NAME, lastName: buildProfile().lastName, birthDate: { value: '1950-03-14', precision: 'day' } });
    expect(dup.sameId?.id).toBe(residentId);
    expect(dup.sameNameAndBirth.map((r) => r.id)).toEqual([residentId]);
    const visits = await listVisits(db, residentId);
    expect(visits.map((v) => v.observations)).toEqual([NOTE]);
    expect((await db.registerRows.get(residentId))?.firstName).toBe(NAME);
    // No layer above sees the envelope or the hashes.
    const row = (await db.residents.get(residentId)) as unknown as Record<string, unknown>;
    expect(row[SEALED_FIELD]).toBeUndefined();
    expect(row.nidHash).toBeUndefined();
  });

  it('keeps a transaction alive across sealing: read, write and read again in one transaction, cursors too', async () => {
    const { db, residentId } = await seeded();
    await db.transaction('rw', db.residents, async () => {
      const r = await db.residents.get(residentId);
      if (!r) throw new Error('missing');
      await db.residents.put({ ...r, nickname: 'ป้า' });
      const again = await db.residents.where('status').equals(r.status).filter((x) => x.id === residentId).first();
      expect(again?.nickname).toBe('ป้า');
      await db.residents.toCollection().modify((x) => {
        x.nickname = 'ยาย';
      });
    });
    expect((await db.residents.get(residentId))?.nickname).toBe('ยาย');
    expect(JSON.stringify(await rawDump(db.name))).not.toContain('ยาย');
  });

  it('refuses reads and writes with `locked` while locked, and writes nothing', async () => {
    const { db, keyring, residentId } = await seeded();
    keyring.lock();
    await expect(db.residents.get(residentId)).rejects.toMatchObject({ code: 'locked' });
    await expect(db.residents.toArray()).rejects.toMatchObject({ code: 'locked' });
    await expect(db.residents.filter(() => true).toArray()).rejects.toMatchObject({ code: 'locked' });
    await expect(findByNationalId(db, NID)).rejects.toMatchObject({ code: 'locked' });
    await expect(createResident(db, buildProfile({ nationalId: null, idMode: 'none', noIdReason: 'x' } as never), ctx)).rejects.toMatchObject({ code: 'locked' });
    expect(await db.residents.count()).toBe(1);
    expect(await db.outbox.count()).toBe((await rawDump(db.name)).outbox?.length);
    // The sync line's queue: the count needs no key, the oldest change's time waits for the unlock.
    expect(await oldestPendingAt(db)).toBeNull();
    expect(isLocked(await db.outbox.toArray().catch((e: unknown) => e))).toBe(true);
    // Sealing ahead of a write (a first sync while locked) is refused too, its keyed hashes included: a
    // rejection left unhandled would fail this run.
    const resident = { id: 'r-locked', firstName: NAME, nationalId: NID, birthDate: { value: '1950-01-01' }, photo: new Uint8Array([1, 2, 3]) };
    await expect(db.sealingLayers?.seal('residents', [resident])).rejects.toMatchObject({ code: 'locked' });
    await expect(new Sealer(keyring).seal({ store: 'residents', primaryKey: 'id', readable: ['id'], hashed: { nidHash: 'nationalId' } }, resident)).rejects.toMatchObject({ code: 'locked' });
    await new Promise((r) => setTimeout(r, 20));
  });

  it('reads rows written before sealing as they are, and seals them when next written', async () => {
    const name = freshDbName('plain-then-sealed');
    const plain = await openStore(name);
    if (!plain.ok) throw new Error(plain.detail);
    const before = await createResident(plain.db, buildProfile({ firstName: NAME, nationalId: NID }), ctx);
    plain.db.close();
    const db = await sealedDb(await unlockedKeyring(), name);
    expect((await db.residents.get(before.id))?.firstName).toBe(NAME);
    expect((await findByNationalId(db, NID))?.id).toBe(before.id);
    await db.residents.put({ ...before, nickname: 'ยาย' });
    const raw = await rawDb(name);
    expect(JSON.stringify(await raw.table('residents').toArray())).not.toContain(NAME);
    expect((await findByNationalId(db, NID))?.id).toBe(before.id);
  });

  it('seals a photo\'s bytes apart, bound to their row, and gives them back whole', async () => {
    const { db, keyring, residentId } = await seeded();
    const marker = new TextEncoder().encode('ภาพแผลกดทับมาร์คเกอร์'.repeat(50));
    const ref = await storePhoto(db, { residentId, bytes: marker.slice().buffer, mimeType: 'image/jpeg', width: 10, height: 10 });
    const raw = (await (await rawDb(db.name)).table('attachments').get(ref.blobId)) as Record<string, unknown>;
    expect(raw.bytes).toBeUndefined();
    const sealedBytes = (raw[SEALED_BINARY_FIELD] as Record<string, Uint8Array>).bytes;
    expect(sealedBytes).toBeInstanceOf(Uint8Array);
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sealedBytes ?? new Uint8Array())).not.toContain(hex(marker.subarray(0, 32)));
    expect(new Uint8Array((await db.attachments.get(ref.blobId))?.bytes ?? new ArrayBuffer(0))).toEqual(marker);
    // The bytes' envelope does not open on another photo's row.
    await (await rawDb(db.name)).table('attachments').put({ ...raw, sha256: 'ff'.repeat(32) });
    await expect(db.attachments.get('ff'.repeat(32))).rejects.toThrow();
    keyring.lock();
    await expect(db.attachments.get(ref.blobId)).rejects.toMatchObject({ code: 'locked' });
  });

  it('a bulk write seals each row apart (a distinct nonce each), and a fresh connection opens every one', async () => {
    const keyring = await unlockedKeyring();
    const name = freshDbName('sealed-bulk');
    const db = await sealedDb(keyring, name);
    // More rows than the bulk threshold, of different lengths, written in one call: each row's text goes
    // through one reused buffer, which the keyring must have copied before the next row overwrites it.
    const rows = Array.from({ length: 700 }, (_, i) => ({ key: `bulk-${String(i).padStart(4, '0')}`, note: `${NOTE}${'ก'.repeat(i % 37)}${i}` }));
    await db.table('notices').bulkPut(rows.map((r) => ({ id: r.key, residentId: 'r-1', text: r.note })));
    db.close();
    const raw = (await (await rawDb(name)).table('notices').toArray()) as Record<string, unknown>[];
    const nonces = new Set(raw.map((r) => Array.from((r[SEALED_FIELD] as Uint8Array).subarray(1, 13)).join(',')));
    expect(nonces.size).toBe(rows.length);
    const again = await sealedDb(keyring, name);
    const back = (await again.table('notices').toArray()) as { id: string; text: string }[];
    expect(back.map((r) => [r.id, r.text])).toEqual(rows.map((r) => [r.key, r.note]));
  });

  it('a row sealed ahead of its write is written as then sealed, once; changed and written again, it is sealed anew', async () => {
    const keyring = await unlockedKeyring();
    const sealer = new Sealer(keyring);
    let seals = 0;
    const seal = sealer.seal.bind(sealer);
    sealer.seal = (...args) => {
      seals++;
      return seal(...args);
    };
    const name = freshDbName('sealed-ahead');
    const result = await openStore(name, { sealer });
    if (!result.ok) throw new Error(result.detail);
    const db = result.db;
    opened.push(db);
    const row = { id: 'n-ahead', residentId: 'r-1', text: NOTE };
    await db.sealingLayers?.seal('notices', [row]);
    expect(seals).toBe(1);
    await db.table('notices').put(row);
    expect(seals).toBe(1); // the write used what was sealed ahead
    const raw = async () => ((await (await rawDb(name)).table('notices').get('n-ahead')) ?? {}) as Record<string, unknown>;
    expect((await raw())[SEALED_FIELD]).toBeInstanceOf(Uint8Array);
    expect(JSON.stringify(await raw())).not.toContain(NOTE);
    expect(await db.table('notices').get('n-ahead')).toEqual(row);
    row.text = `${NOTE}ใหม่`;
    await db.table('notices').put(row);
    expect(seals).toBe(2);
    expect(((await db.table('notices').get('n-ahead')) as typeof row).text).toBe(`${NOTE}ใหม่`);
  });

  it('does not open an envelope moved to another row', async () => {
    const { db, residentId } = await seeded();
    const raw = await rawDb(db.name);
    const row = (await raw.table('residents').get(residentId)) as Record<string, unknown>;
    await raw.table('residents').put({ ...row, id: 'r-elsewhere' });
    await expect(db.residents.get('r-elsewhere')).rejects.toThrow();
  });

  it('a database of another data key cannot be read', async () => {
    const { db } = await seeded();
    const name = db.name;
    db.close();
    const other = await sealedDb(await unlockedKeyring(), name);
    await expect(other.residents.toArray()).rejects.toThrow();
  });
});
