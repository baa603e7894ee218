/**
 * The one window factory (docs/security.md §1). This is the only place `new BrowserWindow` may appear:
 * every window the app opens is sandboxed, context-isolated, without Node, and hardened before it loads.
 */
import type { BrowserWindowLike, BrowserWindowStatic, ShellLike, WebPreferencesSubset } from './electron-api';
import { hardenWebContents } from './navigation';

export interface MainWindowDeps {
  BrowserWindow: BrowserWindowStatic;
  shell: ShellLike;
}

export interface MainWindowOptions {
  preloadPath: string;
  /** DevTools only for unpackaged (development) runs. */
  isPackaged: boolean;
  externalHosts?: readonly string[];
  icon?: string;
}

export const WINDOW_TITLE = 'CareRounds';

export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferencesSubset {
  return {
    preload: preloadPath,
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
    // Chromium's spellchecker downloads dictionaries from Google and has none for Thai.
    spellcheck: false,
    devTools: !isPackaged,
  };
}

export function createMainWindow(deps: MainWindowDeps, options: MainWindowOptions): BrowserWindowLike {
  const window = new deps.BrowserWindow({
    title: WINDOW_TITLE,
    // Fits a 1366×768 laptop with a taskbar; the minimum keeps the two-column layouts usable.
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: secureWebPreferences(options.preloadPath, options.isPackaged),
  });
  hardenWebContents(window.webContents, {
    shell: deps.shell,
    ...(options.externalHosts === undefined ? {} : { externalHosts: options.externalHosts }),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
