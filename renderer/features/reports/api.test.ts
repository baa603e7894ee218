/**
 * ReportsApi against the REAL server (renderer/sync/testing.ts: server/app.ts on in-memory PGlite, over real
 * HTTP with Node's fetch, each user signed in as the app signs in): a care manager marks this month as
 * submitted, lists and opens it (no late changes yet), and has a workbook written as XLSX; a caregiver is
 * refused with the server's code.
 */
import { describe, expect, it } from 'vitest';
import { monthBounds } from '../../../shared/dates/calendar';
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { SyncFailure } from '../../sync/http';
import { base, device, startRealServer } from '../../sync/testing';
import { ReportsApi } from './api';

startRealServer();

describe('ReportsApi (real server)', () => {
  const today = todayBangkok();
  const month = monthBounds(today);

  it('submits this month, lists and opens the submission, and gets a workbook written as XLSX', async () => {
    const cm = await device('somchai');
    const api = new ReportsApi({ baseUrl: base, tokens: cm.auth });
    const submitted = await api.submit({ kind: 'month', month: today.slice(0, 7) }, { communities: null, caregivers: null });
    expect(submitted).toMatchObject({ from: month.first, to: month.last, submittedBy: cm.userId, serviceRows: 0, serviceTotalSatang: 0 });
    expect((await api.list(month.first, month.last)).map((s) => s.id)).toEqual([submitted.id]);
    const opened = await api.open(submitted.id);
    expect(opened.lateChanges).toEqual([]);
    expect(opened.figures.from).toBe(month.first);
    const xlsx = await api.renderXlsx({ sheets: [{ name: 'LTC', title: ['ทดสอบ'], columns: [{ header: 'จำนวน', kind: 'int', width: 10 }], rows: [[1]], totals: true }] });
    // An XLSX file is a zip: it starts with "PK".
    expect([...xlsx.subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it('refuses a caregiver with the server’s code', async () => {
    const cg = await device('malee');
    const api = new ReportsApi({ baseUrl: base, tokens: cg.auth });
    let caught: unknown = null;
    try {
      await api.list(month.first, month.last);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SyncFailure);
    expect((caught as SyncFailure).code).toBe('forbidden');
  });
});
