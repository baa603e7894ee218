import { mkdtemp, mkdir, realpath, rm, stat, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolLike } from './electron-api';
import {
  APP_ORIGIN,
  buildCsp,
  createAppProtocolHandler,
  isAppUrl,
  registerSchemePrivileges,
  type ProtocolFs,
} from './protocol';

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

let base: string;
let root: string;
let outside: string;

// A file system that records every path it touches, so a test can prove nothing outside the root was read.
function recordingFs(): { fs: ProtocolFs; read: string[]; statted: string[] } {
  const read: string[] = [];
  const statted: string[] = [];
  return {
    read,
    statted,
    fs: {
      realpath: (p) => realpath(p),
      stat: (p) => {
        statted.push(p);
        return stat(p);
      },
      readFile: (p) => {
        read.push(p);
        return readFile(p);
      },
    },
  };
}

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'carerounds-protocol-')));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>CareRounds</title>');
  await writeFile(path.join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(path.join(root, 'sub', 'index.html'), 'sub index');
  await writeFile(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET');
  await writeFile(path.join(base, 'renderer-evil.txt'), 'SIBLING-SECRET');
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
  await symlink(outside, path.join(root, 'dir-link'));
  await symlink(path.join(root, 'index.html'), path.join(root, 'link-in.html'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('isAppUrl', () => {
  it.each([
    ['carerounds://app/index.html', true],
    ['carerounds://app/', true],
    ['carerounds://app.evil/', false],
    ['carerounds://evil.app/', false],
    ['carerounds://APP/', false],
    ['carerounds://user:pw@app/', false],
    ['carerounds:app/index.html', false],
    ['https://app/', false],
    ['https://evil.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('registerSchemePrivileges', () => {
  it('registers carerounds as standard, secure, fetch- and CORS-enabled', () => {
    const calls: unknown[] = [];
    const protocol: ProtocolLike = {
      registerSchemesAsPrivileged: (schemes) => calls.push(schemes),
      handle: () => undefined,
    };
    registerSchemePrivileges(protocol);
    expect(calls).toEqual([
      [{ scheme: 'carerounds', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }],
    ]);
  });
});

describe('buildCsp', () => {
  it('is the strict policy with only extra connect-src origins appended', () => {
    expect(buildCsp([])).toBe(EXPECTED_CSP);
    expect(buildCsp(['https://sync.example.go.th'])).toContain("connect-src 'self' https://sync.example.go.th;");
    expect(buildCsp(['http://127.0.0.1:8787'])).toContain("connect-src 'self' http://127.0.0.1:8787;");
  });

  it.each([
    'https://x.example; script-src *',
    'https://x.example/path',
    'http://evil.example',
    '*',
    "'unsafe-inline'",
    'javascript:alert(1)',
  ])('refuses %j', (origin) => {
    expect(() => buildCsp([origin])).toThrow();
  });
});

describe('app protocol handler', () => {
  it.each([
    ['carerounds://app/', 'text/html; charset=utf-8', '<!doctype html>'],
    ['carerounds://app/index.html', 'text/html; charset=utf-8', '<!doctype html>'],
    ['carerounds://app/index.html?x=1#y', 'text/html; charset=utf-8', '<!doctype html>'],
    ['carerounds://app/assets/app-1a2b.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['carerounds://app/assets/style.css', 'text/css; charset=utf-8', 'body'],
    ['carerounds://app/sub/', 'text/html; charset=utf-8', 'sub index'],
    ['carerounds://app/link-in.html', 'text/html; charset=utf-8', '<!doctype html>'],
  ])('serves %s with the CSP', async (url, contentType, bodyStart) => {
    const handler = createAppProtocolHandler(root);
    const response = await handler({ url });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await response.text()).startsWith(bodyStart)).toBe(true);
  });

  it('adds the enrolled server to connect-src, read on every response', async () => {
    let servers: string[] = [];
    const handler = createAppProtocolHandler(root, { connectSrc: () => servers });
    expect((await handler({ url: `${APP_ORIGIN}/` })).headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    servers = ['https://sync.example.go.th'];
    const csp = (await handler({ url: `${APP_ORIGIN}/` })).headers.get('content-security-policy');
    expect(csp).toContain("connect-src 'self' https://sync.example.go.th;");
  });

  it.each([
    'carerounds://app/../outside/secret.txt',
    'carerounds://app/%2e%2e/outside/secret.txt',
    'carerounds://app/%2E%2E/outside/secret.txt',
    'carerounds://app/.%2e/outside/secret.txt',
    'carerounds://app/..%2foutside%2fsecret.txt',
    'carerounds://app/..%2Foutside%2Fsecret.txt',
    'carerounds://app/..%5coutside%5csecret.txt',
    'carerounds://app/%5c..%5coutside%5csecret.txt',
    'carerounds://app/..\\outside\\secret.txt',
    'carerounds://app/sub/..%2f..%2foutside/secret.txt',
    'carerounds://app/%252e%252e/outside/secret.txt',
    'carerounds://app/..%252foutside%252fsecret.txt',
    'carerounds://app/link-out.txt',
    'carerounds://app/dir-link/secret.txt',
    'carerounds://app/../renderer-evil.txt',
    'carerounds://app/index.html%00.png',
    'carerounds://app/index.html%00',
    'carerounds://app//etc/passwd',
    'carerounds://app/C:/Windows/win.ini',
    'carerounds://app/index.html:stream',
    'carerounds://app/%E0%A4%A',
    'carerounds://app/sub',
    'carerounds://app/missing.js',
    'carerounds://app.evil/index.html',
    'carerounds://evil/index.html',
    'carerounds://app:8080/index.html',
    'carerounds://u:p@app/index.html',
    'carerounds:index.html',
    'https://app/index.html',
    'file:///etc/passwd',
    `file://${'/'}outside/secret.txt`,
  ])('answers 404 to %s without reading outside the root', async (url) => {
    const recorder = recordingFs();
    const handler = createAppProtocolHandler(root, { fs: recorder.fs });
    const response = await handler({ url });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await response.text();
    expect(body).not.toContain('SECRET');
    for (const p of [...recorder.read, ...recorder.statted]) {
      expect(p.startsWith(root + path.sep), `touched ${p}`).toBe(true);
    }
  });

  it('answers 404, not an exception, while the renderer folder does not exist', async () => {
    const handler = createAppProtocolHandler(path.join(base, 'not-built-yet'));
    expect((await handler({ url: `${APP_ORIGIN}/index.html` })).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const handler = createAppProtocolHandler(root);
    expect((await handler({ url: `${APP_ORIGIN}/index.html`, method: 'POST' })).status).toBe(405);
    const head = await handler({ url: `${APP_ORIGIN}/index.html`, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
