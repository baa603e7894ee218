// Which requests the app-shell worker handles (renderer/sw/rules.ts): the API never, navigations only to the
// app's page, assets only from the precache list of its own version.
import { describe, expect, it } from 'vitest';
import { ACTIVATE_MESSAGE, cacheName, classify, staleCaches, type RequestFacts } from './rules';

const SCOPE = 'https://care.example.go.th/';
const PRECACHED = new Set(['index.html', 'favicon.png', 'assets/index-abc123.js', 'assets/pages-def456.js', 'assets/style-0a1b2c.css']);
const get = (url: string, mode = 'cors'): RequestFacts => ({ method: 'GET', url, mode });

describe('classify', () => {
  it('takes navigations to the app page network-first', () => {
    for (const url of [SCOPE, `${SCOPE}index.html`, `${SCOPE}?from=bookmark`, `${SCOPE}#/residents/r1`]) {
      expect(classify(get(url, 'navigate'), SCOPE, PRECACHED), url).toEqual({ kind: 'navigate' });
    }
  });

  it('serves listed assets of its own version from the cache', () => {
    expect(classify(get(`${SCOPE}assets/index-abc123.js`, 'cors'), SCOPE, PRECACHED)).toEqual({ kind: 'asset', url: 'assets/index-abc123.js' });
    expect(classify(get(`${SCOPE}assets/style-0a1b2c.css`, 'no-cors'), SCOPE, PRECACHED)).toEqual({ kind: 'asset', url: 'assets/style-0a1b2c.css' });
    expect(classify(get(`${SCOPE}favicon.png`, 'no-cors'), SCOPE, PRECACHED)).toEqual({ kind: 'asset', url: 'favicon.png' });
  });

  it('never handles the API, even as a navigation or under a listed-looking name', () => {
    const api = ['sync/pull?schemaVersion=1', 'sync/push', 'sync/events', 'auth/login', 'auth/refresh', 'admin/users', 'attachments/ab12', 'attachments', 'communities', 'directory', 'health'];
    for (const p of api) {
      for (const mode of ['cors', 'navigate', 'no-cors']) expect(classify(get(`${SCOPE}${p}`, mode), SCOPE, PRECACHED), `${mode} ${p}`).toEqual({ kind: 'pass' });
    }
    expect(classify(get(`${SCOPE}auth/index.html`, 'navigate'), SCOPE, PRECACHED)).toEqual({ kind: 'pass' });
  });

  it('passes anything not in the precache list, with a query, of another origin or outside its scope', () => {
    const pass = [
      get(`${SCOPE}assets/index-OLDVERSION.js`),
      get(`${SCOPE}assets/index-abc123.js?v=2`),
      get(`${SCOPE}sw.js`),
      get(`${SCOPE}other-page.html`, 'navigate'),
      get('https://evil.example/assets/index-abc123.js'),
      get('http://care.example.go.th/assets/index-abc123.js'),
      get('https://care.example.go.th:8443/assets/index-abc123.js'),
      { method: 'POST', url: `${SCOPE}index.html`, mode: 'navigate' },
      { method: 'HEAD', url: `${SCOPE}assets/index-abc123.js`, mode: 'cors' },
      get('not a url'),
    ];
    for (const r of pass) expect(classify(r, SCOPE, PRECACHED), `${r.method} ${r.url} ${r.mode}`).toEqual({ kind: 'pass' });
    // A worker scoped to a sub-path handles nothing above it.
    expect(classify(get(`${SCOPE}index.html`, 'navigate'), `${SCOPE}app/`, PRECACHED)).toEqual({ kind: 'pass' });
    expect(classify(get(`${SCOPE}app/`, 'navigate'), `${SCOPE}app/`, PRECACHED)).toEqual({ kind: 'navigate' });
    expect(classify(get(`${SCOPE}app/sync/pull`, 'cors'), `${SCOPE}app/`, PRECACHED)).toEqual({ kind: 'pass' });
  });
});

describe('caches', () => {
  it('a worker deletes only the other versions of the shell', () => {
    expect(cacheName('v2')).toBe('carerounds-shell-v2');
    expect(staleCaches(['carerounds-shell-v1', 'carerounds-shell-v2', 'someone-else', 'carerounds-shell-v0'], 'v2')).toEqual(['carerounds-shell-v1', 'carerounds-shell-v0']);
    expect(staleCaches(['carerounds-shell-v2'], 'v2')).toEqual([]);
  });

  it('names the activation message once', () => {
    expect(ACTIVATE_MESSAGE).toBe('carerounds:activate');
  });
});
