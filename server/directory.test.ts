import { afterAll, beforeAll, expect, it } from 'vitest';
import { DirectoryResponse } from '../shared/sync/directory';
import { ErrorBody } from '../shared/sync/protocol';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from './testing/harness';
import { updateUser } from './users';

describeBackends('GET /directory', (backend) => {
  let h: Harness;
  let cm: Session;
  let cg1: Session;
  let ids: Record<string, string>;
  const id = (username: string): string => {
    const found = ids[username];
    if (found === undefined) throw new Error(`no user ${username}`);
    return found;
  };

  beforeAll(async () => {
    h = await startHarness(backend);
    const made = await Promise.all([
      h.makeUser('dir.cm', 'care_manager'),
      h.makeUser('dir.cg1', 'caregiver', ['c-01', 'c-02']),
      h.makeUser('dir.cg2', 'caregiver', ['c-02', 'c-03']),
      h.makeUser('dir.cg3', 'caregiver', ['c-03']),
      h.makeUser('dir.gone', 'caregiver', ['c-01']),
    ]);
    ids = Object.fromEntries(made.map((u) => [u.username, u.id]));
    await updateUser(h.db, id('dir.gone'), { status: 'disabled' });
    cm = await h.login('dir.cm');
    cg1 = await h.login('dir.cg1');
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await h.close();
  });

  const get = async (token: string, etag?: string) => h.call('GET', '/directory', { token, ...(etag ? { headers: { 'if-none-match': etag } } : {}) });

  it('gives a care manager every user by name, a disabled one inactive', async () => {
    const res = await get(cm.accessToken);
    expect(res.statusCode).toBe(200);
    const body = DirectoryResponse.parse(res.json());
    const byId = new Map(body.users.map((u) => [u.id, u]));
    expect(byId.get(id('dir.cg3'))?.displayName).toBe('DIR.CG3');
    expect(byId.get(id('dir.gone'))?.active).toBe(false);
    expect(byId.get(id('dir.cg2'))?.communities).toEqual(['c-02', 'c-03']);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('gives a caregiver only the names she needs, with communities cut to hers', async () => {
    const body = DirectoryResponse.parse((await get(cg1.accessToken)).json());
    const names = body.users.map((u) => u.displayName).sort();
    expect(names).toEqual(['DIR.CG1', 'DIR.CG2', 'DIR.CM', 'DIR.GONE']);
    expect(body.users.find((u) => u.id === id('dir.cg2'))?.communities).toEqual(['c-02']);
    expect(JSON.stringify(body)).not.toContain('dir.cg'); // no usernames
  });

  it('answers 304 to the ETag it sent until the directory changes', async () => {
    const first = await get(cm.accessToken);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await get(cm.accessToken, etag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await updateUser(h.db, id('dir.cg3'), { displayName: 'สมใจ ใหม่' });
    const changed = await get(cm.accessToken, etag);
    expect(changed.statusCode).toBe(200);
    expect(DirectoryResponse.parse(changed.json()).users.find((u) => u.id === id('dir.cg3'))?.displayName).toBe('สมใจ ใหม่');
  });

  it('refuses a request without a token with a stable code', async () => {
    const res = await h.call('GET', '/directory');
    expect(res.statusCode).toBe(401);
    expect(ErrorBody.parse(res.json()).error.code).toBe('auth_expired');
  });
});
