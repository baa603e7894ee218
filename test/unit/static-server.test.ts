// scripts/static-server.mjs must hold the same line as the carerounds:// handler: same CSP, nothing served
// from outside its root.
import { mkdtemp, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsp as electronCsp } from '../../electron/protocol';
import { buildCsp, startStaticServer, type StaticServer } from '../../scripts/static-server.mjs';

let base: string;
let root: string;
let server: StaticServer;

// fetch() normalises paths (resolving ../ and %2e), so raw requests are sent with node:http.
function get(rawPath: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: rawPath, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${server.port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'carerounds-static-')));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>CareRounds</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(base, 'outside', 'secret.txt'), 'OUTSIDE-SECRET');
  await symlink(path.join(base, 'outside', 'secret.txt'), path.join(root, 'link-out.txt'));
  await symlink(path.join(base, 'outside'), path.join(root, 'dir-link'));
  server = await startStaticServer({ root, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

describe('static server', () => {
  it('uses exactly the Electron handler’s CSP', () => {
    expect(buildCsp()).toBe(electronCsp([]));
    expect(buildCsp(['https://sync.example.go.th', 'http://127.0.0.1:8787'])).toBe(
      electronCsp(['https://sync.example.go.th', 'http://127.0.0.1:8787']),
    );
    expect(() => buildCsp(['https://x.example; script-src *'])).toThrow();
    expect(() => buildCsp(['http://evil.example'])).toThrow();
  });

  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/index.html?v=1', 'text/html; charset=utf-8'],
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
  ])('serves %s with the CSP and nosniff', async (p, contentType) => {
    const res = await get(p);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(contentType);
    expect(res.headers['content-security-policy']).toBe(electronCsp([]));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    '/../outside/secret.txt',
    '/%2e%2e/outside/secret.txt',
    '/..%2foutside%2fsecret.txt',
    '/..%5coutside%5csecret.txt',
    '/..\\outside\\secret.txt',
    '/assets/../../outside/secret.txt',
    '/link-out.txt',
    '/dir-link/secret.txt',
    '/index.html%00.js',
    '//outside/secret.txt',
    '/C:/Windows/win.ini',
    '/assets',
    '/missing.js',
    'http://127.0.0.1/../outside/secret.txt',
  ])('answers 404 to %s', async (p) => {
    const res = await get(p);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('SECRET');
    expect(res.headers['content-security-policy']).toBe(electronCsp([]));
  });

  it('refuses other methods and foreign Host headers', async () => {
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/', { host: 'evil.example' })).status).toBe(421);
    expect((await get('/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('falls back to a free port when the requested one is taken, unless strictPort', async () => {
    const second = await startStaticServer({ root, port: server.port });
    try {
      expect(second.port).not.toBe(server.port);
      expect(second.url).toBe(`http://127.0.0.1:${second.port}/`);
    } finally {
      await second.close();
    }
    await expect(startStaticServer({ root, port: server.port, strictPort: true })).rejects.toThrow(/EADDRINUSE/);
  });
});
