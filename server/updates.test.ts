// The update feed over real HTTP (docs/security.md §2): the feed files with no-store, installers byte for
// byte, and a table of traversal attempts, each answered 404 `not_found` without reading outside the folder.
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './app';
import { defaultConfig } from './config';
import type { Db } from './db/db';
import { TEST_JWT_SECRET } from './testing/harness';
import { openMigratedPglite } from './testing/backends';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path goes on the wire exactly as written (fetch would normalise `..`). */
function get(port: number, rawPath: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SECRET = 'SECRET-OUTSIDE-THE-FEED';
const LATEST = 'version: 0.2.0\nfiles:\n  - url: CareRounds-Setup-0.2.0.exe\n    sha512: abc\n';

describe('GET /updates/:file', () => {
  let work = '';
  let db: Db;
  let app: FastifyInstance;
  let port = 0;
  const installer = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'carerounds-updates-'));
    const feed = path.join(work, 'feed');
    await mkdir(path.join(feed, 'sub'), { recursive: true });
    await writeFile(path.join(work, 'secret.yml'), SECRET);
    await writeFile(path.join(feed, 'latest.yml'), LATEST);
    await writeFile(path.join(feed, 'latest-linux.yml'), 'version: 0.2.0\n');
    await writeFile(path.join(feed, 'CareRounds-Setup-0.2.0.exe'), installer);
    await writeFile(path.join(feed, 'sub', 'inner.yml'), SECRET);
    await writeFile(path.join(feed, 'notes.txt'), SECRET);
    await symlink(path.join(work, 'secret.yml'), path.join(feed, 'linked.yml'));
    db = await openMigratedPglite();
    app = await buildServer({ db, config: defaultConfig({ jwtSecret: TEST_JWT_SECRET, updatesDir: feed }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await db.close();
    await rm(work, { recursive: true, force: true });
  });

  it('serves the feed with no-store and nosniff, without signing in', async () => {
    for (const name of ['latest.yml', 'latest-linux.yml']) {
      const res = await get(port, `/updates/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toMatch(/^text\/yaml/);
    }
    expect((await get(port, '/updates/latest.yml')).body.toString('utf8')).toBe(LATEST);
  });

  it('serves an installer byte for byte', async () => {
    const res = await get(port, '/updates/CareRounds-Setup-0.2.0.exe');
    expect(res.status).toBe(200);
    expect(res.body.equals(installer)).toBe(true);
    expect(res.headers['content-length']).toBe(String(installer.length));
    expect(res.headers['cache-control']).toBe('no-cache');
    const head = await get(port, '/updates/CareRounds-Setup-0.2.0.exe', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it.each([
    '/updates/../secret.yml',
    '/updates/..%2Fsecret.yml',
    '/updates/..%2fsecret.yml',
    '/updates/%2e%2e%2fsecret.yml',
    '/updates/%2E%2E/secret.yml',
    '/updates/..%5Csecret.yml',
    '/updates/sub%2Finner.yml',
    '/updates/sub/inner.yml',
    '/updates/linked.yml',
    '/updates/notes.txt',
    '/updates/.latest.yml',
    '/updates/latest.yml%00.exe',
    '/updates/%2Fetc%2Fpasswd',
    '/updates/missing.yml',
    '/updates/',
  ])('answers 404 not_found to %s and reads nothing outside the feed', async (rawPath) => {
    const res = await get(port, rawPath);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).not.toContain(SECRET);
    expect((JSON.parse(res.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('refuses an over-long name before routing, with a documented code', async () => {
    const res = await get(port, `/updates/${'a'.repeat(300)}.yml`);
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('invalid_argument');
  });

  it('answers 404 for every file when no folder is configured', async () => {
    const bare = await buildServer({ db, config: defaultConfig({ jwtSecret: TEST_JWT_SECRET }) });
    try {
      const res = await bare.inject({ method: 'GET', url: '/updates/latest.yml' });
      expect(res.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
