import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_COLUMNS } from '../../shared/reports/columns';
import { openStore, type CareRoundsDb } from './db';
import { readServiceColumns, REPORT_COLUMNS_KEY, resetServiceColumns, saveServiceColumns } from './reportSettings';
import { freshDbName } from './testing';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('report-settings'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

describe('the service list column map on this device', () => {
  it('reads the default until a map is saved, then the saved map; reset goes back to the default', async () => {
    const db = await freshDb();
    expect(await readServiceColumns(db)).toEqual({ columns: DEFAULT_SERVICE_COLUMNS, custom: false });
    const map = [
      { key: 'nationalId', header: 'PID' },
      { key: 'amountBaht', header: 'จำนวนเงิน' },
    ];
    expect(await saveServiceColumns(db, map)).toEqual({ ok: true, columns: map });
    expect(await readServiceColumns(db)).toEqual({ columns: map, custom: true });
    await resetServiceColumns(db);
    expect((await readServiceColumns(db)).custom).toBe(false);
  });
  it('writes nothing when the map is invalid, and a stored map that no longer passes reads as the default', async () => {
    const db = await freshDb();
    const refused = await saveServiceColumns(db, [{ key: 'seq', header: '' }]);
    expect(refused).toEqual({ ok: false, issues: [{ path: ['0', 'header'], code: 'reportColumns.headerEmpty' }] });
    expect(await db.meta.get(REPORT_COLUMNS_KEY)).toBeUndefined();
    await db.meta.put({ key: 'reportColumns', columns: [{ key: 'bogus' as 'seq', header: 'x' }], updatedAt: new Date().toISOString() });
    expect(await readServiceColumns(db)).toEqual({ columns: DEFAULT_SERVICE_COLUMNS, custom: false });
  });
});
