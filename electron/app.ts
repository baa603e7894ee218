/**
 * Wires the main process together. The order matters and is the point of this module:
 *
 * before ready   app.enableSandbox(), the single-instance lock, scheme privileges, app-wide listeners
 *                (every webContents ever created is hardened);
 * on ready       the carerounds:// handler, permission refusals, the bridge handlers, then the one window,
 *                which loads carerounds://app/index.html only after all of the above is in place.
 */
import * as path from 'node:path';
import type { BrowserWindowLike, ElectronMainApi } from './electron-api';
import { createMainAuth } from './device-auth';
import { createServerEnrolment } from './enrol';
import { createFileActions } from './files';
import { forwardLockRequests } from './lock';
import { registerBridgeHandlers, type BridgeHandlers } from './ipc';
import { hardenWebContents } from './navigation';
import { denyAllPermissions } from './permissions';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler, registerSchemePrivileges } from './protocol';
import { createSecretStore } from './secrets';
import { createSyncServerStore } from './sync-server';
import { createMainWindow } from './window';
import { createUpdater, type AutoUpdaterLike } from './updater';

export interface AppEnv {
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  platform: NodeJS.Platform;
  /** https hosts whose links may open in the system browser. */
  externalHosts?: readonly string[];
  /** The sync server to use until one is enrolled (`npm start` passes its embedded server as CARE_ROUNDS_SERVER). */
  defaultSyncServer?: string | undefined;
  logError?: (context: string, error: unknown) => void;
  /** electron-updater's autoUpdater (electron/main.ts), asked for only once the app is ready. */
  autoUpdater: () => AutoUpdaterLike;
}

export interface StartedApp {
  /** Resolves once the window has been created and asked to load the app (or at once if another instance runs). */
  ready: Promise<void>;
  mainWindow: () => BrowserWindowLike | null;
}

export function startApp(electron: ElectronMainApi, env: AppEnv): StartedApp {
  const { app } = electron;
  const logError = env.logError ?? ((context, error) => console.error(`[carerounds] ${context}`, error));
  let mainWindow: BrowserWindowLike | null = null;

  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), mainWindow: () => null };
  }
  registerSchemePrivileges(electron.protocol);

  const hardenOptions = { shell: electron.shell, ...(env.externalHosts ? { externalHosts: env.externalHosts } : {}) };
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, hardenOptions));
  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (env.platform !== 'darwin') app.quit();
  });

  const openWindow = async (): Promise<void> => {
    const window = createMainWindow(
      { BrowserWindow: electron.BrowserWindow, shell: electron.shell },
      {
        preloadPath: env.preloadPath,
        isPackaged: app.isPackaged,
        ...(env.externalHosts ? { externalHosts: env.externalHosts } : {}),
      },
    );
    mainWindow = window;
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    await window.loadURL(APP_ENTRY_URL);
  };

  app.on('activate', () => {
    // macOS keeps the app alive without windows; clicking the dock icon brings one back.
    if (mainWindow === null) openWindow().catch((error: unknown) => logError('open window', error));
  });

  const ready = app.whenReady().then(async () => {
    const syncServer = createSyncServerStore({
      filePath: path.join(app.getPath('userData'), 'sync-server.json'),
      defaultOrigin: env.defaultSyncServer,
    });
    await syncServer.load();
    // The CSP is read per response: after enrolling, the renderer reloads and may then reach that origin.
    electron.protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler(env.rendererDir, {
        connectSrc: () => {
          const origin = syncServer.current();
          return origin === null ? [] : [origin];
        },
      }),
    );
    denyAllPermissions(electron.session.defaultSession);

    const files = createFileActions({
      dialog: electron.dialog,
      downloadsDir: () => app.getPath('downloads'),
      windowFor: (contents) => electron.BrowserWindow.fromWebContents(contents),
    });
    const secrets = createSecretStore({
      safeStorage: electron.safeStorage,
      filePath: path.join(app.getPath('userData'), 'secrets.json'),
    });
    const updater = createUpdater({
      autoUpdater: env.autoUpdater(),
      isPackaged: app.isPackaged,
      serverOrigin: () => syncServer.current(),
      logError,
    });
    // The refresh token and device key have their own file, which no secret channel of the page reaches.
    const auth = createMainAuth({
      store: createSecretStore({ safeStorage: electron.safeStorage, filePath: path.join(app.getPath('userData'), 'device-auth.json') }),
      enrolledOrigin: () => syncServer.current(),
    });
    // Earlier versions kept the refresh token in the page's store; it can no longer refresh (no device key).
    await secrets.delete('sync.refresh-token').catch((error: unknown) => logError('forget old refresh token', error));
    const enrolServer = createServerEnrolment({
      dialog: electron.dialog,
      store: syncServer,
      windowFor: (contents) => electron.BrowserWindow.fromWebContents(contents),
    });
    const handlers: BridgeHandlers = {
      getAppVersion: () => app.getVersion(),
      saveFile: (args, ctx) => files.saveFile(args, ctx.sender),
      printToPdf: (args, ctx) => files.printToPdf(args, ctx.sender),
      saveWorkbook: (args, ctx) => files.saveWorkbook(args, ctx.sender),
      secretGet: ({ key }) => secrets.get(key),
      secretSet: ({ key, value }) => secrets.set(key, value),
      secretDelete: ({ key }) => secrets.delete(key),
      syncServerGet: () => syncServer.current(),
      syncServerSet: ({ url }, ctx) => enrolServer(url, ctx.sender),
      authSignIn: (args) => auth.signIn(args),
      authRefresh: () => auth.refresh(),
      authSignOut: () => auth.signOut(),
      authConfirmWiped: () => auth.confirmWiped(),
      checkForUpdates: () => updater.check(),
    };
    registerBridgeHandlers(electron.ipcMain, handlers, { logError: (channel, error) => logError(channel, error) });
    forwardLockRequests(electron.powerMonitor, () => (mainWindow === null || mainWindow.isDestroyed() ? null : mainWindow.webContents));

    await openWindow();
  });

  return { ready, mainWindow: () => mainWindow };
}
