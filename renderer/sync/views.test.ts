/**
 * View events against the REAL server (testing.ts): recorded on the device, sent after the push of a sync run,
 * appended to the audit log once, deleted from the device only after the server answered.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { VIEW_EVENTS_MAX } from '../../shared/sync/audit';
import { recordView } from '../db/viewEvents';
import { device, h, startRealServer } from './testing';

startRealServer();

const RESIDENT = '0190a8c1-7c1e-7000-8000-0000000000b2';

const auditViews = async (userId: string) =>
  (await h.db.query("SELECT record_id, device_id, client_at, detail FROM audit_log WHERE action = 'record.view' AND user_id = $1 ORDER BY id", [userId])).rows;

describe('view events', () => {
  it('are uploaded in batches after the push, appended with the device time, and leave the device', async () => {
    const malee = await device('malee');
    const at = Date.parse('2025-03-03T02:00:00.000Z');
    for (let i = 0; i < VIEW_EVENTS_MAX + 3; i++) await recordView(malee.db, { residentId: RESIDENT, page: 'profile', userId: malee.userId }, () => at + i);
    // Someone else's events on this device wait for her own sync.
    await recordView(malee.db, { residentId: RESIDENT, page: 'profile', userId: 'another-user' });
    await malee.client.syncNow();

    expect(malee.requests.filter((r) => r === 'POST /audit/views')).toHaveLength(2);
    const rows = await auditViews(malee.userId);
    expect(rows).toHaveLength(VIEW_EVENTS_MAX + 3);
    expect(rows[0]).toMatchObject({ record_id: RESIDENT, detail: '{"page":"profile"}' });
    expect((rows[0]?.client_at as Date).toISOString()).toBe('2025-03-03T02:00:00.000Z');
    expect(await malee.db.viewEvents.count()).toBe(1);
    expect((await malee.db.viewEvents.toArray())[0]?.userId).toBe('another-user');
  });

  it('stay on the device when the answer is lost, and are appended once when sent again', async () => {
    let lose = true;
    const nid = await device('nid', {
      wrap: (f) => async (input, init) => {
        const res = await f(input, init);
        if (lose && input.endsWith('/audit/views')) throw new TypeError('connection reset after the server answered');
        return res;
      },
    });
    await recordView(nid.db, { residentId: RESIDENT, page: 'export', userId: nid.userId });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await nid.client.syncNow(); // the run completes; the events wait
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    expect(await nid.db.viewEvents.count()).toBe(1);
    lose = false;
    await nid.client.syncNow();
    expect(await nid.db.viewEvents.count()).toBe(0);
    expect(await auditViews(nid.userId)).toHaveLength(1);
  });
});
