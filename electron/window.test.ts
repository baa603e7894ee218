import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeBrowserWindow, FakeShell } from './testing/fakes';
import { createMainWindow } from './window';

const ELECTRON_DIR = path.dirname(fileURLToPath(import.meta.url));

function build(isPackaged: boolean): FakeBrowserWindow {
  const window = createMainWindow(
    { BrowserWindow: FakeBrowserWindow, shell: new FakeShell() },
    { preloadPath: '/app/dist/electron/preload.cjs', isPackaged },
  );
  if (!(window instanceof FakeBrowserWindow)) throw new Error('expected the fake window');
  return window;
}

beforeEach(() => {
  FakeBrowserWindow.created.length = 0;
});

describe('createMainWindow', () => {
  it('builds one sandboxed, isolated window without Node in any form', () => {
    const window = build(true);
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window.options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
    expect(window.options.title).toBe('CareRounds');
  });

  it('allows DevTools only when unpackaged', () => {
    expect(build(false).options.webPreferences.devTools).toBe(true);
    expect(build(true).options.webPreferences.devTools).toBe(false);
  });

  it('fits a 1366×768 laptop', () => {
    const { width, height, minWidth, minHeight } = build(true).options;
    expect(width).toBeLessThanOrEqual(1366);
    expect(height).toBeLessThanOrEqual(728);
    expect(minWidth).toBeLessThanOrEqual(width);
    expect(minHeight).toBeLessThanOrEqual(height);
    expect(minWidth).toBeGreaterThanOrEqual(960);
  });

  it('stays hidden until ready-to-show', () => {
    const window = build(true);
    expect(window.options.show).toBe(false);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('hardens its webContents before anything loads', () => {
    const window = build(true);
    expect(window.loaded).toEqual([]);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(window.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(window.webContents.attachWebview()).toBe(true);
  });
});

describe('electron/ sources', () => {
  async function sources(): Promise<{ file: string; text: string }[]> {
    const out: { file: string; text: string }[] = [];
    for (const entry of await readdir(ELECTRON_DIR, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || !file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      if (file.includes(`${path.sep}testing${path.sep}`)) continue;
      out.push({ file: path.relative(ELECTRON_DIR, file), text: await readFile(file, 'utf8') });
    }
    return out;
  }

  it('construct a BrowserWindow only in window.ts', async () => {
    const constructing = (await sources()).filter(({ text }) => /new\s+[\w.]*BrowserWindow\b/.test(text));
    expect(constructing.map((s) => s.file)).toEqual(['window.ts']);
  });

  it('never weaken the sandbox or load @electron/remote', async () => {
    for (const { file, text } of await sources()) {
      expect(text, file).not.toMatch(/sandbox:\s*false|contextIsolation:\s*false|nodeIntegration\w*:\s*true/);
      expect(text, file).not.toMatch(/webviewTag:\s*true|webSecurity:\s*false|allowRunningInsecureContent:\s*true/);
      expect(text, file).not.toMatch(/@electron\/remote|enableRemoteModule|file:\/\/\$\{/);
    }
  });
});
