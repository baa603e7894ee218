/**
 * The user directory against the REAL server (testing.ts): fetched after a sync run, replaced whole when it
 * changed, kept when the server answers 304, and what a caregiver gets is only her circle.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { device, h, startRealServer } from './testing';

startRealServer();

/** An admin renames a user (as PATCH /admin/users/:id stores it). */
const rename = (id: string, displayName: string) => h.db.query('UPDATE users SET display_name = $1 WHERE id = $2', [displayName, id]);

describe('user directory', () => {
  it('is stored after a sync run, asked again with its ETag, and replaced whole when a name changes', async () => {
    const cm = await device('somchai');
    await cm.client.syncNow();
    const names = async () => new Map((await cm.db.directory.toArray()).map((u) => [u.displayName, u]));
    const first = await names();
    expect([...first.keys()]).toEqual(expect.arrayContaining(['MALEE', 'NID', 'SOMCHAI', 'PIM']));
    const held = await cm.db.syncState.get('directory');
    await new Promise((r) => setTimeout(r, 5)); // a rewrite would store a later `at`
    expect(held && 'etag' in held ? held.etag : null).toMatch(/^"/);

    // Unchanged: a 304, the stored rows untouched.
    await cm.client.syncNow();
    const asked = cm.requests.filter((r) => r.startsWith('GET /directory'));
    expect(asked).toHaveLength(2);
    expect(await names()).toEqual(first);
    expect(await cm.db.syncState.get('directory')).toEqual(held); // not rewritten

    const pim = first.get('PIM');
    if (!pim) throw new Error('no PIM');
    await rename(pim.id, 'พิมพ์ ใจดี');
    await cm.client.syncNow();
    const after = await names();
    expect(after.get('พิมพ์ ใจดี')?.id).toBe(pim.id);
    expect(after.has('PIM')).toBe(false);
    expect(after.size).toBe(first.size);
    await rename(pim.id, 'PIM');
  });

  it('keeps the last directory and completes the sync run when the directory cannot be fetched', async () => {
    let broken = false;
    const cm = await device('somchai', {
      wrap: (f) => async (input, init) => (broken && input.endsWith('/directory') ? new Response('{}', { status: 500 }) : f(input, init)),
    });
    await cm.client.syncNow();
    const before = await cm.db.directory.count();
    expect(before).toBeGreaterThan(0);
    broken = true;
    const lastBefore = await cm.db.syncState.get('lastSync');
    await new Promise((r) => setTimeout(r, 5));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await cm.client.syncNow();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    expect(await cm.db.directory.count()).toBe(before);
    expect(await cm.db.syncState.get('lastSync')).not.toEqual(lastBefore);
  });

  it('gives a caregiver only her circle: no caregiver of a community she does not share', async () => {
    const outsider = await h.makeUser('dir.outsider', 'caregiver', ['c-02']);
    const cg = await device('malee');
    await cg.client.syncNow();
    const ids = (await cg.db.directory.toArray()).map((u) => u.id);
    expect(ids).toContain(cg.userId);
    expect(ids).not.toContain(outsider.id);
    const cm = await device('somchai');
    await cm.client.syncNow();
    expect((await cm.db.directory.toArray()).map((u) => u.id)).toContain(outsider.id);
  });
});
