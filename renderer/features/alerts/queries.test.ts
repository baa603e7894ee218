import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsFromRows } from '../../../shared/alertRow';
import type { Resident } from '../../../shared/resident';
import { buildAssessment, buildVisit, testUuid } from '../../../test/fixtures/careHistory';
import { openStore, type CareRoundsDb } from '../../db/db';
import { rebuildReadModels, READ_MODELS_KEY } from '../../db/readModels';
import { buildProfile, freshDbName } from '../../db/testing';
import { loadOpenAlerts } from './queries';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const TODAY = '2026-03-01';
const N = 11;

/** N residents: most with an old assessment and a visit with a high blood pressure, some with nothing due. */
async function deviceWithAlerts(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('alert-queries'));
  if (!result.ok) throw new Error(result.detail);
  const db = result.db;
  opened.push(db);
  const profile = buildProfile({ nationalId: null, noIdReason: 'test' });
  const ids = Array.from({ length: N }, (_, i) => testUuid(1, i + 1));
  const residents = ids.map((id, i) => ({ ...profile, id, firstName: `ก${i}`, status: 'active', statusDate: null, statusReason: '', latestAdl: null, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', deletedAt: null }) as unknown as Resident);
  await db.residents.bulkPut(residents);
  const base = { hour: 9, done: true, type: 'routine' as const, pulse: 72, weight: null, next: null };
  await db.visits.bulkPut(
    ids.flatMap((id, i) => (i % 4 === 3 ? [] : [{ ...buildVisit(id, { ...base, day: 700 + i, systolic: i % 2 === 0 ? 185 : 120 }), id: testUuid(2, i + 1), deletedAt: null } as never])),
  );
  await db.assessments.bulkPut(ids.filter((_, i) => i % 3 !== 0).map((id, i) => ({ ...buildAssessment(testUuid(3, i + 1), id, { day: 10, total: 6 }), deletedAt: null }) as never));
  await rebuildReadModels(db);
  return db;
}

describe('loadOpenAlerts (the Alerts page and the profile read)', () => {
  it('read a page at a time gives exactly the alerts of every row read at once, whatever the page size', async () => {
    const db = await deviceWithAlerts();
    const rows = await db.alertRows.toArray();
    const expected = alertsFromRows(rows, TODAY);
    expect(expected.length).toBeGreaterThan(N); // several rules fire: the comparison below is not of empty lists
    const raising = new Set(expected.map((a) => a.residentId));
    expect(raising.size).toBeLessThan(N + 1);
    for (const pageRows of [1, 2, 3, 5, N - 1, N, N + 1, 2_500]) {
      const got = await loadOpenAlerts(db, TODAY, undefined, pageRows);
      if (got.state !== 'ready') throw new Error(`expected ready, got ${got.state}`);
      expect(got.alerts).toEqual(expected);
      expect(new Set(got.residents.keys())).toEqual(raising);
      for (const [id, info] of got.residents) expect(info.name).toBe(rows.find((r) => r.id === id)?.name);
    }
  });

  it("one resident's alerts are those of her row alone", async () => {
    const db = await deviceWithAlerts();
    const row = (await db.alertRows.toArray())[2];
    if (!row) throw new Error('no row');
    const got = await loadOpenAlerts(db, TODAY, row.id, 1);
    if (got.state !== 'ready') throw new Error(`expected ready, got ${got.state}`);
    expect(got.alerts).toEqual(alertsFromRows([row], TODAY));
    expect(got.alerts.length).toBeGreaterThan(0);
  });

  it('answers preparing while the read models are not vouched for', async () => {
    const db = await deviceWithAlerts();
    await db.meta.delete(READ_MODELS_KEY);
    expect(await loadOpenAlerts(db, TODAY, undefined, 2)).toEqual({ state: 'preparing' });
  });
});
