/**
 * Hand-written fakes of the Electron API slice in electron-api.ts, for unit tests only. They record what
 * the code under test did and let a test fire the events Electron would.
 */
import type {
  AppEvents,
  AppLike,
  BrowserWindowEvents,
  BrowserWindowLike,
  BrowserWindowOptions,
  DialogLike,
  IpcMainInvokeEventLike,
  IpcMainLike,
  NavigationEvent,
  PrintToPdfOptions,
  ProtocolLike,
  SafeStorageBackend,
  SafeStorageLike,
  MessageBoxOptions,
  MessageBoxResult,
  SaveDialogOptions,
  SaveDialogResult,
  SchemePrivileges,
  SessionLike,
  ShellLike,
  WebContentsEvents,
  WebContentsLike,
  WebFrameLike,
  WindowOpenDetails,
  WindowOpenResponse,
} from '../electron-api';

export class FakeEvent implements NavigationEvent {
  prevented = false;
  constructor(
    readonly url?: string,
    readonly isMainFrame?: boolean,
  ) {}
  preventDefault(): void {
    this.prevented = true;
  }
}

export function fakeFrame(url: string, parent: WebFrameLike | null = null, origin?: string): WebFrameLike {
  return origin === undefined ? { url, parent } : { url, parent, origin };
}

export class FakeWebContents implements WebContentsLike {
  readonly listeners = new Map<keyof WebContentsEvents, unknown[]>();
  windowOpenHandler: ((details: WindowOpenDetails) => WindowOpenResponse) | null = null;
  readonly printCalls: PrintToPdfOptions[] = [];
  pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46]); // "%PDF"

  constructor(public mainFrame: WebFrameLike = fakeFrame('carerounds://app/index.html', null, 'carerounds://app')) {}

  on<E extends keyof WebContentsEvents>(event: E, listener: WebContentsEvents[E]): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }

  printToPDF(options: PrintToPdfOptions): Promise<Uint8Array> {
    this.printCalls.push(options);
    return Promise.resolve(this.pdfBytes);
  }

  listenerCount(event: keyof WebContentsEvents): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Fires a navigation-type event the way Electron 39 does; returns whether any listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    const e = new FakeEvent(url, true);
    for (const l of (this.listeners.get(event) ?? []) as WebContentsEvents['will-navigate'][]) l(e, url);
    return e.prevented;
  }

  frameNavigate(url: string, isMainFrame: boolean): boolean {
    const e = new FakeEvent(url, isMainFrame);
    for (const l of (this.listeners.get('will-frame-navigate') ?? []) as WebContentsEvents['will-frame-navigate'][]) l(e);
    return e.prevented;
  }

  attachWebview(): boolean {
    const e = new FakeEvent();
    for (const l of (this.listeners.get('will-attach-webview') ?? []) as WebContentsEvents['will-attach-webview'][]) {
      l(e, {}, {});
    }
    return e.prevented;
  }
}

export class FakeBrowserWindow implements BrowserWindowLike {
  static readonly created: FakeBrowserWindow[] = [];
  static fromWebContents(contents: WebContentsLike): FakeBrowserWindow | null {
    return FakeBrowserWindow.created.find((w) => w.webContents === contents) ?? null;
  }

  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  readonly once_ = new Map<keyof BrowserWindowEvents, (() => void)[]>();
  readonly on_ = new Map<keyof BrowserWindowEvents, (() => void)[]>();
  shown = false;
  focused = 0;
  restored = 0;
  minimized = false;

  constructor(readonly options: BrowserWindowOptions) {
    FakeBrowserWindow.created.push(this);
  }

  once<E extends keyof BrowserWindowEvents>(event: E, listener: BrowserWindowEvents[E]): this {
    this.once_.set(event, [...(this.once_.get(event) ?? []), listener]);
    return this;
  }
  on<E extends keyof BrowserWindowEvents>(event: E, listener: BrowserWindowEvents[E]): this {
    this.on_.set(event, [...(this.on_.get(event) ?? []), listener]);
    return this;
  }
  emit(event: keyof BrowserWindowEvents): void {
    const once = this.once_.get(event) ?? [];
    this.once_.delete(event);
    for (const l of [...once, ...(this.on_.get(event) ?? [])]) l();
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.restored++;
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class FakeShell implements ShellLike {
  readonly opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

export class FakeSession implements SessionLike {
  requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
  checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
  deviceHandler: Parameters<SessionLike['setDevicePermissionHandler']>[0] | null = null;
  setPermissionRequestHandler(handler: Parameters<SessionLike['setPermissionRequestHandler']>[0]): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: Parameters<SessionLike['setPermissionCheckHandler']>[0]): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: Parameters<SessionLike['setDevicePermissionHandler']>[0]): void {
    this.deviceHandler = handler;
  }
}

export class FakeProtocol implements ProtocolLike {
  readonly privileged: { scheme: string; privileges: SchemePrivileges }[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response>>();
  constructor(private readonly log: string[] = []) {}
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: SchemePrivileges }[]): void {
    this.log.push('protocol.registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.log.push(`protocol.handle:${scheme}`);
    this.handlers.set(scheme, handler);
  }
}

type InvokeListener = (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  invoke(channel: string, event: IpcMainInvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`no handler for ${channel}`);
    return listener(event, ...args);
  }
}

/** An IPC event from the app's own top frame, unless `frame` says otherwise. */
export function ipcEvent(frame?: WebFrameLike | null): IpcMainInvokeEventLike {
  const contents = new FakeWebContents();
  return { sender: contents, senderFrame: frame === undefined ? contents.mainFrame : frame };
}

/** Not real encryption: a reversible byte scramble with a header, so plaintext never appears in its output. */
export class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend: SafeStorageBackend | undefined = undefined;
  readonly getSelectedStorageBackend?: () => SafeStorageBackend;

  constructor(options: { linux?: boolean } = {}) {
    if (options.linux === true) this.getSelectedStorageBackend = () => this.backend ?? 'gnome_libsecret';
  }

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plainText: string): Uint8Array {
    const bytes = new TextEncoder().encode(plainText);
    return Uint8Array.from([0x76, 0x31, 0x30, ...bytes.map((b, i) => b ^ (0xa5 + i) % 256)]);
  }
  decryptString(encrypted: Uint8Array): string {
    if (encrypted[0] !== 0x76 || encrypted[1] !== 0x31 || encrypted[2] !== 0x30) throw new Error('bad header');
    return new TextDecoder().decode(encrypted.slice(3).map((b, i) => b ^ (0xa5 + i) % 256));
  }
}

export class FakeDialog implements DialogLike {
  readonly calls: { window: BrowserWindowLike | null; options: SaveDialogOptions }[] = [];
  constructor(public result: SaveDialogResult = { canceled: true }) {}
  showSaveDialog(window: BrowserWindowLike, options: SaveDialogOptions): Promise<SaveDialogResult>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogResult>;
  showSaveDialog(a: BrowserWindowLike | SaveDialogOptions, b?: SaveDialogOptions): Promise<SaveDialogResult> {
    if (b === undefined) this.calls.push({ window: null, options: a as SaveDialogOptions });
    else this.calls.push({ window: a as BrowserWindowLike, options: b });
    return Promise.resolve(this.result);
  }
  /** Message boxes shown, and the button index the next one answers with. */
  readonly messageBoxes: { window: BrowserWindowLike | null; options: MessageBoxOptions }[] = [];
  messageBoxResponse = 0;
  showMessageBox(window: BrowserWindowLike, options: MessageBoxOptions): Promise<MessageBoxResult>;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxResult>;
  showMessageBox(a: BrowserWindowLike | MessageBoxOptions, b?: MessageBoxOptions): Promise<MessageBoxResult> {
    if (b === undefined) this.messageBoxes.push({ window: null, options: a as MessageBoxOptions });
    else this.messageBoxes.push({ window: a as BrowserWindowLike, options: b });
    return Promise.resolve({ response: this.messageBoxResponse });
  }
}

export class FakeApp implements AppLike {
  readonly listeners = new Map<keyof AppEvents, unknown[]>();
  isPackaged = false;
  gotLock = true;
  quitCalls = 0;
  private resolveReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => {
    this.resolveReady = resolve;
  });

  constructor(
    private readonly log: string[] = [],
    private readonly paths: { userData: string; downloads: string } = { userData: '/u', downloads: '/d' },
  ) {}

  enableSandbox(): void {
    this.log.push('app.enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.log.push('app.requestSingleInstanceLock');
    return this.gotLock;
  }
  quit(): void {
    this.log.push('app.quit');
    this.quitCalls++;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  fireReady(): void {
    this.log.push('ready');
    this.resolveReady();
  }
  getVersion(): string {
    return '0.1.0';
  }
  getPath(name: 'userData' | 'downloads'): string {
    return this.paths[name];
  }
  on<E extends keyof AppEvents>(event: E, listener: AppEvents[E]): this {
    this.log.push(`app.on:${event}`);
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit<E extends keyof AppEvents>(event: E, ...args: Parameters<AppEvents[E]>): void {
    for (const l of (this.listeners.get(event) ?? []) as ((...a: Parameters<AppEvents[E]>) => void)[]) l(...args);
  }
}
