import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VISIT_LIMITS } from '../../shared/visit';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { newId, residentData, TestSyncClient } from '../testing/sync-client';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describeBackends('attachments', (backend) => {
  let h: Harness;
  let cg1: Session;
  let cg2: Session;
  let cm: Session;
  const residentId = newId();
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(5000)]);

  beforeAll(async () => {
    h = await startHarness(backend, { communities: ['c-01', 'c-02'] });
    await h.makeUser('cg1', 'caregiver', ['c-01']);
    await h.makeUser('cg2', 'caregiver', ['c-02']);
    await h.makeUser('cm', 'care_manager');
    [cg1, cg2, cm] = [await h.login('cg1'), await h.login('cg2'), await h.login('cm')];
    const device = new TestSyncClient(h, cg1);
    await device.push([device.mutation('resident', residentId, 'create', residentData('c-01'))]);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  const put = (s: Session, body: Buffer, opts: { hash?: string; resident?: string; type?: string } = {}) =>
    h.call('PUT', `/attachments/${opts.hash ?? sha(body)}?residentId=${opts.resident ?? residentId}`, {
      token: s.accessToken,
      body,
      headers: { 'content-type': opts.type ?? 'image/jpeg' },
    });

  it('stores a photo by its hash, idempotently, and serves it to those who may read the resident', async () => {
    expect((await put(cg1, photo)).statusCode).toBe(200);
    expect((await put(cg1, photo)).statusCode).toBe(200); // a retried upload is harmless
    const got = await h.call('GET', `/attachments/${sha(photo)}?residentId=${residentId}`, { token: cm.accessToken });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['cache-control']).toContain('no-store');
    expect(Buffer.from(got.rawPayload).equals(photo)).toBe(true);
  });

  it('refuses bytes that do not match the name, other media types, and oversized photos', async () => {
    const wrong = await put(cg1, photo, { hash: sha(Buffer.from('other')) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('invalid_argument');
    expect((await put(cg1, photo, { type: 'image/png' })).statusCode).toBe(415);
    const big = randomBytes(VISIT_LIMITS.maxPhotoBytes + 1);
    expect((await put(cg1, big)).statusCode).toBe(413);
    expect((await h.call('PUT', `/attachments/nothex?residentId=${residentId}`, { token: cg1.accessToken, body: photo, headers: { 'content-type': 'image/jpeg' } })).statusCode).toBe(400);
  });

  it('keeps a photo inside the resident\'s scope', async () => {
    expect((await put(cg2, photo)).statusCode).toBe(403);
    const read = await h.call('GET', `/attachments/${sha(photo)}?residentId=${residentId}`, { token: cg2.accessToken });
    expect(read.statusCode).toBe(403);
    expect(read.json<{ error: { code: string } }>().error.code).toBe('scope_denied');
    expect((await h.call('GET', `/attachments/${sha(photo)}?residentId=${residentId}`)).statusCode).toBe(401);
    expect((await put(cg1, photo, { resident: newId() })).statusCode).toBe(404);
  });

  it('audits a refused upload or read with the resident it names, so the viewer finds it by resident', async () => {
    const since = (await h.db.query<{ id: number | null }>('SELECT max(id)::int8 AS id FROM audit_log')).rows[0]?.id ?? 0;
    expect((await put(cg2, photo)).statusCode).toBe(403);
    expect((await h.call('GET', `/attachments/${sha(photo)}?residentId=${residentId}`, { token: cg2.accessToken })).statusCode).toBe(403);
    // A refusal whose resident id does not parse is audited without it.
    expect((await h.call('GET', '/pdpa/residents/not-a-uuid/export', { token: cg2.accessToken })).statusCode).toBe(403);
    const rows = (await h.db.query<{ id: string; action: string; user_id: string; record_type: string | null; record_id: string | null; detail: string }>(
      'SELECT id, action, user_id, record_type, record_id, detail FROM audit_log WHERE id > $1 ORDER BY id',
      [since],
    )).rows;
    expect(rows.map((r) => [r.action, r.user_id, r.record_type, r.record_id, JSON.parse(r.detail)])).toEqual([
      ['request.denied', cg2.user.id, 'resident', residentId, { route: 'PUT /attachments/:sha256', code: 'scope_denied' }],
      ['request.denied', cg2.user.id, 'resident', residentId, { route: 'GET /attachments/:sha256', code: 'scope_denied' }],
      ['request.denied', cg2.user.id, null, null, { route: 'GET /pdpa/residents/:residentId/export', code: 'forbidden' }],
    ]);
    const admin = await h.makeUser('admin1', 'admin').then(() => h.login('admin1'));
    const found = await h.call('GET', `/admin/audit?recordId=${residentId}&outcome=denied`, { token: admin.accessToken });
    const ids = found.json<{ entries: { id: number }[] }>().entries.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(rows.slice(0, 2).map((r) => Number(r.id))));
    expect(ids).not.toContain(Number(rows[2]?.id));
  });
});
