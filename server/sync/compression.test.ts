import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse } from '../../shared/sync/protocol';
import { describeBackends } from '../testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from '../testing/harness';
import { newId, residentData, TestSyncClient } from '../testing/sync-client';
import { acceptsGzip, GZIP_MIN_CHARS } from './routes';

describe('acceptsGzip', () => {
  it('reads Accept-Encoding lists, wildcards and q=0', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip(['deflate', 'gzip'])).toBe(true);
  });
});

describeBackends('pull page compression', (backend) => {
  let h: Harness;
  let cm: Session;

  beforeAll(async () => {
    h = await startHarness(backend);
    await h.makeUser('cm', 'care_manager');
    cm = await h.login('cm');
    const device = new TestSyncClient(h, cm);
    await device.push(Array.from({ length: 20 }, () => device.mutation('resident', newId(), 'create', residentData('c-01'))));
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('gzips a large page for a client that accepts it, and the content is the same page', async () => {
    const plain = await h.call('GET', '/sync/pull?schemaVersion=1', { token: cm.accessToken });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(GZIP_MIN_CHARS);

    const zipped = await h.call('GET', '/sync/pull?schemaVersion=1', { token: cm.accessToken, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    const raw = zipped.rawPayload;
    expect(raw.length * 3).toBeLessThan(plain.body.length);
    const page = PullResponse.parse(JSON.parse(gunzipSync(raw).toString('utf8')));
    const plainPage = PullResponse.parse(plain.json());
    expect(page.changes.map((c) => [c.id, c.seq])).toEqual(plainPage.changes.map((c) => [c.id, c.seq]));
    expect(page.changes).toHaveLength(20);
  });

  it('sends a small page as it is', async () => {
    const device = new TestSyncClient(h, cm);
    await device.pullAll();
    const empty = await h.call('GET', `/sync/pull?schemaVersion=1&cursor=${encodeURIComponent(device.cursor)}`, { token: cm.accessToken, headers: { 'accept-encoding': 'gzip' } });
    expect(empty.statusCode).toBe(200);
    expect(empty.headers['content-encoding']).toBeUndefined();
    expect(PullResponse.parse(empty.json()).changes).toEqual([]);
  });
});
