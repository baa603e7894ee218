import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, parseBridgeError } from '../shared/bridge';
import { startApp, type AppEnv } from './app';
import { FakeAutoUpdater } from './testing/fakeUpdater';
import type { BrowserWindowOptions, ElectronMainApi, IpcMainInvokeEventLike } from './electron-api';
import {
  FakeApp,
  FakeBrowserWindow,
  FakeDialog,
  FakeIpcMain,
  FakeProtocol,
  FakeSafeStorage,
  FakeSession,
  FakeShell,
  FakeWebContents,
  ipcEvent,
} from './testing/fakes';

let userData: string;
let log: string[];

class LoggingWindow extends FakeBrowserWindow {
  constructor(options: BrowserWindowOptions) {
    super(options);
    log.push('new BrowserWindow');
  }
  override loadURL(url: string): Promise<void> {
    log.push(`loadURL:${url}`);
    return super.loadURL(url);
  }
}

class LoggingIpcMain extends FakeIpcMain {
  override handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    log.push(`ipcMain.handle:${channel}`);
    super.handle(channel, listener);
  }
}

interface Harness {
  electron: ElectronMainApi & {
    app: FakeApp;
    protocol: FakeProtocol;
    ipcMain: FakeIpcMain;
    session: { defaultSession: FakeSession };
    safeStorage: FakeSafeStorage;
    dialog: FakeDialog;
  };
  env: AppEnv;
}

function harness(platform: NodeJS.Platform = 'win32'): Harness {
  const session = new FakeSession();
  const loggingSession = Object.assign(session, {
    setPermissionRequestHandler: (h: FakeSession['requestHandler']) => {
      log.push('session.setPermissionRequestHandler');
      session.requestHandler = h;
    },
    setPermissionCheckHandler: (h: FakeSession['checkHandler']) => {
      log.push('session.setPermissionCheckHandler');
      session.checkHandler = h;
    },
  });
  return {
    electron: {
      app: new FakeApp(log, { userData, downloads: path.join(userData, 'Downloads') }),
      BrowserWindow: LoggingWindow,
      ipcMain: new LoggingIpcMain(),
      protocol: new FakeProtocol(log),
      session: { defaultSession: loggingSession },
      dialog: new FakeDialog(),
      shell: new FakeShell(),
      safeStorage: new FakeSafeStorage({ linux: true }),
      powerMonitor: { on: () => undefined },
    },
    env: {
      rendererDir: path.join(userData, 'renderer'),
      preloadPath: '/app/dist/electron/preload.cjs',
      platform,
      logError: () => undefined,
      autoUpdater: () => new FakeAutoUpdater(),
    },
  };
}

beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'carerounds-app-'));
  log = [];
  FakeBrowserWindow.created.length = 0;
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

describe('startApp', () => {
  it('enables the sandbox, takes the lock and registers the scheme before ready', () => {
    const { electron, env } = harness();
    startApp(electron, env);
    expect(log.slice(0, 3)).toEqual([
      'app.enableSandbox',
      'app.requestSingleInstanceLock',
      'protocol.registerSchemesAsPrivileged',
    ]);
    expect(electron.protocol.privileged.map((p) => p.scheme)).toEqual(['carerounds']);
    expect(log).not.toContain('ready');
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('quits at once, touching nothing else, when another instance holds the lock', async () => {
    const { electron, env } = harness();
    electron.app.gotLock = false;
    const started = startApp(electron, env);
    electron.app.fireReady();
    await started.ready;
    expect(log).toEqual(['app.enableSandbox', 'app.requestSingleInstanceLock', 'app.quit', 'ready']);
    expect(FakeBrowserWindow.created).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('on ready serves the scheme, refuses permissions and registers IPC before loading the one window', async () => {
    const { electron, env } = harness();
    const started = startApp(electron, env);
    electron.app.fireReady();
    await started.ready;
    const after = log.slice(log.indexOf('ready'));
    const loadAt = after.indexOf('loadURL:carerounds://app/index.html');
    expect(loadAt).toBeGreaterThan(0);
    for (const step of [
      'protocol.handle:carerounds',
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      ...Object.values(BRIDGE_CHANNELS).map((c) => `ipcMain.handle:${c}`),
      'new BrowserWindow',
    ]) {
      expect(after.indexOf(step), step).toBeGreaterThan(0);
      expect(after.indexOf(step), step).toBeLessThan(loadAt);
    }
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(started.mainWindow()).toBe(FakeBrowserWindow.created[0]);
    expect(FakeBrowserWindow.created[0]?.options.webPreferences.devTools).toBe(true);
  });

  it('serves the renderer folder through the registered handler', async () => {
    const { electron, env } = harness();
    const started = startApp(electron, env);
    electron.app.fireReady();
    await started.ready;
    const handler = electron.protocol.handlers.get('carerounds');
    const response = await handler?.(new Request('carerounds://app/../secrets.json'));
    expect(response?.status).toBe(404);
    expect(response?.headers.get('content-security-policy')).toContain("object-src 'none'");
  });

  it('hardens every webContents created later', () => {
    const { electron, env } = harness();
    startApp(electron, env);
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
  });

  it.each([
    ['win32', 1],
    ['linux', 1],
    ['darwin', 0],
  ] as const)('on %s, closing the last window quits %d time(s)', (platform, quits) => {
    const { electron, env } = harness(platform);
    startApp(electron, env);
    electron.app.emit('window-all-closed');
    expect(electron.app.quitCalls).toBe(quits);
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const { electron, env } = harness();
    const started = startApp(electron, env);
    electron.app.fireReady();
    await started.ready;
    const window = FakeBrowserWindow.created[0];
    if (window === undefined) throw new Error('no window');
    window.minimized = true;
    electron.app.emit('second-instance');
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  it('wires the bridge handlers to the app, the secret store and the file actions', async () => {
    const { electron, env } = harness();
    const started = startApp(electron, env);
    electron.app.fireReady();
    await started.ready;
    const ipc = electron.ipcMain;
    expect(await ipc.invoke(BRIDGE_CHANNELS.getAppVersion, ipcEvent())).toBe('0.1.0');
    await ipc.invoke(BRIDGE_CHANNELS.secretSet, ipcEvent(), { key: 'device-token', value: 'tok' });
    expect(await ipc.invoke(BRIDGE_CHANNELS.secretGet, ipcEvent(), { key: 'device-token' })).toBe('tok');
    expect(await readdir(userData)).toContain('secrets.json');
    expect(await ipc.invoke(BRIDGE_CHANNELS.saveFile, ipcEvent(), { suggestedName: 'a.csv', mimeType: 'text/csv', data: 'x' })).toEqual({
      saved: false,
    });

    electron.safeStorage.backend = 'basic_text';
    const failure = await ipc
      .invoke(BRIDGE_CHANNELS.secretSet, ipcEvent(), { key: 'device-token', value: 'tok' })
      .then(() => null, (error: unknown) => parseBridgeError(error));
    expect(failure).toEqual({ code: 'secret_storage_unavailable' });
  });

  it('allows exactly the enrolled sync server in the CSP, starting from the npm start default', async () => {
    const { electron, env } = harness();
    await mkdir(env.rendererDir, { recursive: true });
    await writeFile(path.join(env.rendererDir, 'index.html'), '<!doctype html>');
    const started = startApp(electron, { ...env, defaultSyncServer: 'http://127.0.0.1:8080' });
    electron.app.fireReady();
    await started.ready;
    const handler = electron.protocol.handlers.get('carerounds');
    if (!handler) throw new Error('no carerounds handler');
    const csp = async () => (await handler(new Request('carerounds://app/index.html'))).headers.get('Content-Security-Policy') ?? '';
    const ipc = electron.ipcMain;

    expect(await ipc.invoke(BRIDGE_CHANNELS.syncServerGet, ipcEvent())).toBe('http://127.0.0.1:8080');
    expect(await csp()).toContain("connect-src 'self' http://127.0.0.1:8080;");

    // A new origin needs the user's yes in main's dialog; no leaves the old one.
    electron.dialog.messageBoxResponse = 0;
    expect(await ipc.invoke(BRIDGE_CHANNELS.syncServerSet, ipcEvent(), { url: 'https://care.example.go.th' })).toEqual({ enrolled: false });
    expect(electron.dialog.messageBoxes.at(-1)?.options.message).toContain('https://care.example.go.th');
    expect(await csp()).toContain("connect-src 'self' http://127.0.0.1:8080;");
    electron.dialog.messageBoxResponse = 1;
    expect(await ipc.invoke(BRIDGE_CHANNELS.syncServerSet, ipcEvent(), { url: 'https://care.example.go.th' })).toEqual({ enrolled: true });
    expect(await csp()).toContain("connect-src 'self' https://care.example.go.th;");
    // The same origin again, or forgetting it, asks nothing.
    const asked = electron.dialog.messageBoxes.length;
    expect(await ipc.invoke(BRIDGE_CHANNELS.syncServerSet, ipcEvent(), { url: 'https://care.example.go.th' })).toEqual({ enrolled: true });
    expect(electron.dialog.messageBoxes).toHaveLength(asked);
    expect(await csp()).not.toContain('127.0.0.1');

    const refused = await ipc
      .invoke(BRIDGE_CHANNELS.syncServerSet, ipcEvent(), { url: 'http://care.example.go.th' })
      .then(() => null, (error: unknown) => parseBridgeError(error));
    expect(refused).toEqual({ code: 'invalid_argument', field: 'url' });
    expect(await csp()).toContain("connect-src 'self' https://care.example.go.th;");

    await ipc.invoke(BRIDGE_CHANNELS.syncServerSet, ipcEvent(), { url: null });
    expect(await csp()).toContain("connect-src 'self';");
  });
});
