// Where the app-shell worker is registered (renderer/app/shellWorker.ts): a built app in a browser on http(s),
// never in Electron, from files or on the dev server.
import { describe, expect, it } from 'vitest';
import { shellWorkerUrl } from './shellWorker';

const browser = { hostKind: 'browser' as const, built: true, hasServiceWorker: true };

describe('shellWorkerUrl', () => {
  it('is the sw.js beside the page served by the municipal server or on localhost', () => {
    expect(shellWorkerUrl({ ...browser, pageUrl: 'https://care.example.go.th/#/residents' })).toBe('https://care.example.go.th/sw.js');
    expect(shellWorkerUrl({ ...browser, pageUrl: 'https://care.example.go.th/index.html?x=1' })).toBe('https://care.example.go.th/sw.js');
    expect(shellWorkerUrl({ ...browser, pageUrl: 'http://127.0.0.1:8080/' })).toBe('http://127.0.0.1:8080/sw.js');
    expect(shellWorkerUrl({ ...browser, pageUrl: 'http://localhost:8080/' })).toBe('http://localhost:8080/sw.js');
  });

  it('is none in Electron, from files, on the dev server or where the browser offers no service workers', () => {
    expect(shellWorkerUrl({ ...browser, hostKind: 'electron', pageUrl: 'carerounds://app/index.html' })).toBeNull();
    expect(shellWorkerUrl({ ...browser, hostKind: 'electron', pageUrl: 'http://127.0.0.1:8080/' })).toBeNull();
    expect(shellWorkerUrl({ ...browser, pageUrl: 'carerounds://app/index.html' })).toBeNull();
    expect(shellWorkerUrl({ ...browser, pageUrl: 'file:///opt/carerounds/index.html' })).toBeNull();
    expect(shellWorkerUrl({ ...browser, built: false, pageUrl: 'http://127.0.0.1:5173/' })).toBeNull();
    // Plain http on a LAN address is not a secure context: no navigator.serviceWorker.
    expect(shellWorkerUrl({ ...browser, hasServiceWorker: false, pageUrl: 'http://192.168.1.20:8080/' })).toBeNull();
    expect(shellWorkerUrl({ ...browser, pageUrl: 'not a url' })).toBeNull();
  });
});
