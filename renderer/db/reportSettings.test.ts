import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_COLUMNS } from '../../shared/reports/columns';
import { openStore, type CareRoundsDb } from './db';
import { DEFAULT_FUND_SETTINGS } from '../../shared/reports/fund';
import { FUND_SETTINGS_KEY, readFundSettings, readServiceColumns, REPORT_COLUMNS_KEY, resetFundSettings, resetServiceColumns, saveFundSettings, saveServiceColumns } from './reportSettings';
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

describe('the LTC fund settings on this device', () => {
  const custom = {
    rates: [
      { fyBE: 2559, bahtPerYear: 6000, source: 'ประกาศ สปสช.' },
      { fyBE: 2569, bahtPerYear: 12000, source: 'มติคณะกรรมการกองทุน' },
    ],
    budgetDates: [{ fyBE: 2569, date: '2025-11-03' }],
  };
  it('reads the defaults until settings are saved, then the saved ones; reset goes back to the defaults', async () => {
    const db = await freshDb();
    expect(await readFundSettings(db)).toEqual({ settings: DEFAULT_FUND_SETTINGS, custom: false });
    expect(await saveFundSettings(db, custom)).toEqual({ ok: true, settings: custom });
    expect(await readFundSettings(db)).toEqual({ settings: custom, custom: true });
    await resetFundSettings(db);
    expect(await readFundSettings(db)).toEqual({ settings: DEFAULT_FUND_SETTINGS, custom: false });
  });
  it('writes nothing when invalid, names every problem by its path, and a stored row that no longer passes reads as the defaults', async () => {
    const db = await freshDb();
    const refused = await saveFundSettings(db, {
      rates: [
        { fyBE: 2567, bahtPerYear: 10442, source: 'a' },
        { fyBE: 2567, bahtPerYear: 1.5, source: ' ' },
      ],
      budgetDates: [{ fyBE: 2569, date: '2024-01-01' }],
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues).toEqual(
      expect.arrayContaining([
        { path: ['rates', '1', 'bahtPerYear'], code: 'invalid_type' },
        { path: ['rates', '1', 'source'], code: 'too_small' },
      ]),
    );
    expect(await db.meta.get(FUND_SETTINGS_KEY)).toBeUndefined();
    const dup = await saveFundSettings(db, { ...custom, rates: [custom.rates[1], custom.rates[1]] });
    expect(dup).toEqual({ ok: false, issues: [{ path: ['rates', '1', 'fyBE'], code: 'fund.rate.duplicate' }] });
    const outside = await saveFundSettings(db, { ...custom, budgetDates: [{ fyBE: 2569, date: '2024-01-01' }] });
    expect(outside).toEqual({ ok: false, issues: [{ path: ['budgetDates', '0', 'date'], code: 'fund.budget.outsideYear' }] });
    await db.meta.put({ key: 'fundSettings', settings: { rates: [], budgetDates: [] }, updatedAt: new Date().toISOString() });
    expect(await readFundSettings(db)).toEqual({ settings: DEFAULT_FUND_SETTINGS, custom: false });
  });
});
