import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type CareRoundsDb } from './db';
import { checkVitalOverrides, readVitalOverrides, resetVitalOverrides, saveVitalOverrides, VITAL_SETTINGS_KEY } from './settings';
import { freshDbName } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('settings'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

describe('vital settings storage', () => {
  it('reads {} until something is saved, then the saved overrides; reset removes them', async () => {
    const db = await freshDb();
    expect(await readVitalOverrides(db)).toEqual({});
    const overrides = { ranges: { systolic: { high: { value: 150, inclusive: true } } } };
    expect(await saveVitalOverrides(db, overrides)).toEqual({ ok: true, overrides });
    expect(await readVitalOverrides(db)).toEqual(overrides);
    await resetVitalOverrides(db);
    expect(await readVitalOverrides(db)).toEqual({});
  });
  it('writes nothing when the overrides are invalid, and says where', async () => {
    const db = await freshDb();
    const r = await saveVitalOverrides(db, { ranges: { systolic: { high: { value: 80, inclusive: true } } } });
    expect(r).toEqual({ ok: false, issues: [{ path: ['ranges', 'systolic'], code: 'vitals.settings.unordered' }] });
    expect(await db.meta.get(VITAL_SETTINGS_KEY)).toBeUndefined();
  });
  it('reads a stored row that no longer passes the check as no overrides', async () => {
    const db = await freshDb();
    await db.meta.put({ key: 'vitalSettings', overrides: { ranges: { spo2: { low: { value: 101, inclusive: false } } } }, updatedAt: '2025-01-01T00:00:00.000Z' });
    expect(await readVitalOverrides(db)).toEqual({});
  });
  it('refuses unknown keys', () => {
    expect(checkVitalOverrides({ ranges: { bloodType: {} } }).ok).toBe(false);
    expect(checkVitalOverrides({ weightChangeDays: 0 }).ok).toBe(false);
  });
});
