/**
 * The slice of Electron's API the main process and preload use, as structural types.
 *
 * The `electron` package is an optional dependency that may be absent (its binary cannot always be
 * downloaded), so nothing here imports it. Only electron/main.ts and electron/preload.ts `require('electron')`
 * and pass the module in; every other module takes these interfaces, so unit tests drive them with fakes.
 * Each type mirrors Electron 39's documented signature for the members we call, no more.
 */

// ---------------------------------------------------------------------------------------------- events

/** Electron's `Event`: listeners cancel the default action with `preventDefault()`. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate` / `will-redirect` / `will-frame-navigate` details (Electron ≥ 25 puts `url` on the event). */
export interface NavigationEvent extends PreventableEvent {
  readonly url?: string;
  readonly isMainFrame?: boolean;
}

export interface WindowOpenDetails {
  readonly url: string;
}

export type WindowOpenResponse = { action: 'deny' };

// --------------------------------------------------------------------------------------- web contents

export interface PrintToPdfOptions {
  pageSize: 'A4';
  printBackground: boolean;
  landscape: boolean;
}

export interface WebContentsEvents {
  'will-navigate': (event: NavigationEvent, url: string) => void;
  'will-redirect': (event: NavigationEvent, url: string) => void;
  'will-frame-navigate': (event: NavigationEvent) => void;
  'will-attach-webview': (event: PreventableEvent, webPreferences: unknown, params: unknown) => void;
}

export interface WebContentsLike {
  on<E extends keyof WebContentsEvents>(event: E, listener: WebContentsEvents[E]): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenResponse): void;
  printToPDF(options: PrintToPdfOptions): Promise<Uint8Array>;
  readonly mainFrame: WebFrameLike;
  /** Sends an argument-less event to the page (lock.ts); optional so fakes of other tests need not have it. */
  send?(channel: string): void;
}

/** `WebFrameMain`: `parent` is null for a top frame; `origin` is Chromium's serialisation. */
export interface WebFrameLike {
  readonly url: string;
  readonly origin?: string;
  readonly parent: WebFrameLike | null;
  readonly processId?: number;
  readonly routingId?: number;
}

// ------------------------------------------------------------------------------------------- windows

export interface WebPreferencesSubset {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: false;
  devTools: boolean;
}

export interface BrowserWindowOptions {
  title: string;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  icon?: string;
  webPreferences: WebPreferencesSubset;
}

export interface BrowserWindowEvents {
  'ready-to-show': () => void;
  closed: () => void;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  once<E extends keyof BrowserWindowEvents>(event: E, listener: BrowserWindowEvents[E]): unknown;
  on<E extends keyof BrowserWindowEvents>(event: E, listener: BrowserWindowEvents[E]): unknown;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export interface BrowserWindowStatic {
  new (options: BrowserWindowOptions): BrowserWindowLike;
  fromWebContents(contents: WebContentsLike): BrowserWindowLike | null;
}

// ------------------------------------------------------------------------------------------ sessions

export interface PermissionRequestDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (
      contents: WebContentsLike,
      permission: string,
      callback: (granted: boolean) => void,
      details: PermissionRequestDetails,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: WebContentsLike | null, permission: string, requestingOrigin: string, details: unknown) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

// ------------------------------------------------------------------------------------------ protocol

export interface SchemePrivileges {
  standard: boolean;
  secure: boolean;
  supportFetchAPI: boolean;
  corsEnabled: boolean;
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: SchemePrivileges }[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

// ----------------------------------------------------------------------------------------------- ipc

export interface IpcMainInvokeEventLike {
  readonly sender: WebContentsLike;
  /** Null when the frame navigated away or was destroyed before the message arrived. */
  readonly senderFrame: WebFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

// ------------------------------------------------------------------------------------ other modules

/** Linux backends; `basic_text` means a hard-coded password, i.e. no protection. */
export type SafeStorageBackend =
  | 'basic_text'
  | 'gnome_libsecret'
  | 'kwallet'
  | 'kwallet5'
  | 'kwallet6'
  | 'unknown';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Uint8Array): string;
  /** Linux only; absent elsewhere. */
  getSelectedStorageBackend?: () => SafeStorageBackend;
}

export interface SaveDialogOptions {
  title?: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface SaveDialogResult {
  canceled: boolean;
  filePath?: string;
}

export interface MessageBoxOptions {
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  title?: string;
  message: string;
  detail?: string;
  buttons: string[];
  defaultId?: number;
  cancelId?: number;
  noLink?: boolean;
}

export interface MessageBoxResult {
  /** Index of the button clicked (`cancelId` when the box was closed). */
  response: number;
}

export interface DialogLike {
  showSaveDialog(window: BrowserWindowLike, options: SaveDialogOptions): Promise<SaveDialogResult>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogResult>;
  showMessageBox(window: BrowserWindowLike, options: MessageBoxOptions): Promise<MessageBoxResult>;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxResult>;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface AppEvents {
  'second-instance': () => void;
  'window-all-closed': () => void;
  activate: () => void;
  'web-contents-created': (event: unknown, contents: WebContentsLike) => void;
}

export interface AppLike {
  readonly isPackaged: boolean;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<void>;
  getVersion(): string;
  getPath(name: 'userData' | 'downloads'): string;
  on<E extends keyof AppEvents>(event: E, listener: AppEvents[E]): unknown;
}

/** What electron/main.ts passes to `startApp`. */
export interface ElectronMainApi {
  app: AppLike;
  BrowserWindow: BrowserWindowStatic;
  ipcMain: IpcMainLike;
  protocol: ProtocolLike;
  session: { defaultSession: SessionLike };
  dialog: DialogLike;
  shell: ShellLike;
  safeStorage: SafeStorageLike;
  powerMonitor: PowerMonitorLike;
}

/** Electron's `powerMonitor`: the two events that lock the app (lock.ts). */
export interface PowerMonitorLike {
  on(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
}

// --------------------------------------------------------------------------------------------- preload

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: unknown[]) => void): unknown;
}

export interface ElectronPreloadApi {
  contextBridge: ContextBridgeLike;
  ipcRenderer: IpcRendererLike;
}
