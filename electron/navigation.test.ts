import { describe, expect, it } from 'vitest';
import { hardenWebContents, openExternalIfAllowed } from './navigation';
import { FakeShell, FakeWebContents } from './testing/fakes';

const HOSTS = ['help.carerounds.example'];

function hardened(): { contents: FakeWebContents; shell: FakeShell } {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  hardenWebContents(contents, { shell, externalHosts: HOSTS });
  return { contents, shell };
}

const FOREIGN = [
  'https://evil.example/',
  'https://help.carerounds.example/page',
  'carerounds://app.evil/index.html',
  'carerounds://evil/index.html',
  'carerounds://app:1234/index.html',
  'carerounds://user@app/index.html',
  'file:///etc/passwd',
  'file:///C:/Windows/win.ini',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:carerounds://app/1234',
  'about:blank',
  'http://127.0.0.1:5174/',
  'not a url',
];

describe('hardenWebContents', () => {
  it.each(FOREIGN)('prevents will-navigate, will-redirect and will-frame-navigate to %s', (url) => {
    const { contents } = hardened();
    expect(contents.navigate('will-navigate', url)).toBe(true);
    expect(contents.navigate('will-redirect', url)).toBe(true);
    expect(contents.frameNavigate(url, true)).toBe(true);
  });

  it.each(['carerounds://app/index.html', 'carerounds://app/', 'carerounds://app/index.html#/residents'])(
    'lets the app navigate within its own origin: %s',
    (url) => {
      const { contents } = hardened();
      expect(contents.navigate('will-navigate', url)).toBe(false);
      expect(contents.navigate('will-redirect', url)).toBe(false);
      expect(contents.frameNavigate(url, true)).toBe(false);
    },
  );

  it('lets subframes open blank documents but nothing foreign', () => {
    const { contents } = hardened();
    expect(contents.frameNavigate('about:blank', false)).toBe(false);
    expect(contents.frameNavigate('about:srcdoc', false)).toBe(false);
    expect(contents.frameNavigate('about:blank', true)).toBe(true);
    expect(contents.frameNavigate('https://evil.example/', false)).toBe(true);
  });

  it('opens a listed https link in the system browser instead of navigating', () => {
    const { contents, shell } = hardened();
    expect(contents.navigate('will-navigate', 'https://help.carerounds.example/guide')).toBe(true);
    expect(shell.opened).toEqual(['https://help.carerounds.example/guide']);
    contents.navigate('will-navigate', 'https://evil.example/');
    contents.navigate('will-redirect', 'https://help.carerounds.example/other');
    expect(shell.opened).toHaveLength(1);
  });

  it.each([...FOREIGN, 'carerounds://app/index.html'])('denies window.open(%s)', (url) => {
    const { contents } = hardened();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('denies window.open for a listed host too, opening it externally', () => {
    const { contents, shell } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://help.carerounds.example/x' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://help.carerounds.example/x']);
  });

  it('prevents attaching a webview', () => {
    const { contents } = hardened();
    expect(contents.attachWebview()).toBe(true);
  });

  it('registers its listeners once even when applied twice', () => {
    const contents = new FakeWebContents();
    const shell = new FakeShell();
    hardenWebContents(contents, { shell });
    hardenWebContents(contents, { shell });
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-redirect')).toBe(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
  });
});

describe('openExternalIfAllowed', () => {
  it.each([
    ['https://help.carerounds.example/a?b=c', true],
    ['https://HELP.carerounds.example/a', true],
    ['http://help.carerounds.example/a', false],
    ['https://help.carerounds.example:8443/a', false],
    ['https://user:pw@help.carerounds.example/a', false],
    ['https://help.carerounds.example.evil.example/a', false],
    ['https://evil.example/?help.carerounds.example', false],
    ['https://evil.example/help.carerounds.example', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['ms-msdt:/id', false],
    ['carerounds://app/index.html', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    const shell = new FakeShell();
    expect(openExternalIfAllowed(shell, url, HOSTS)).toBe(expected);
    expect(shell.opened.length).toBe(expected ? 1 : 0);
  });

  it('opens nothing when no host is listed', () => {
    const shell = new FakeShell();
    expect(openExternalIfAllowed(shell, 'https://help.carerounds.example/', [])).toBe(false);
    expect(shell.opened).toEqual([]);
  });
});
