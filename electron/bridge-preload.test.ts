import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_EVENT_METHODS, BRIDGE_EVENTS, BRIDGE_METHODS } from '../shared/bridge';
import { BRIDGE_GLOBAL, buildBridge, exposeBridge } from './bridge-preload';
import type { ContextBridgeLike, IpcRendererLike } from './electron-api';

// A fake ipcRenderer with the members a careless preload might hand out; none of them may reach the page.
class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly sent: unknown[] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(channel === BRIDGE_CHANNELS.getAppVersion ? '0.1.0' : null);
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  on(channel: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(channel: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l(...args);
  }
  sendSync(...args: unknown[]): unknown {
    this.sent.push(args);
    return null;
  }
}

function expose(): { exposed: { key: string; api: unknown }[]; ipc: FakeIpcRenderer } {
  const exposed: { key: string; api: unknown }[] = [];
  const contextBridge: ContextBridgeLike = { exposeInMainWorld: (key, api) => exposed.push({ key, api }) };
  const ipc = new FakeIpcRenderer();
  exposeBridge(contextBridge, ipc);
  return { exposed, ipc };
}

function apiOf(exposed: { key: string; api: unknown }[]): Record<string, unknown> {
  const api = exposed[0]?.api;
  if (typeof api !== 'object' || api === null) throw new Error('nothing exposed');
  return api as Record<string, unknown>;
}

describe('exposeBridge', () => {
  it('exposes one object, window.careRounds, once', () => {
    const { exposed } = expose();
    expect(exposed.map((e) => e.key)).toEqual([BRIDGE_GLOBAL]);
    expect(BRIDGE_GLOBAL).toBe('careRounds');
  });

  it('exposes exactly the declared functions and nothing else', () => {
    const api = apiOf(expose().exposed);
    expect(Reflect.ownKeys(api).map(String).sort()).toEqual([...BRIDGE_METHODS, ...BRIDGE_EVENT_METHODS].sort());
    for (const method of [...BRIDGE_METHODS, ...BRIDGE_EVENT_METHODS]) expect(typeof api[method], method).toBe('function');
    expect(Object.getPrototypeOf(api)).toBe(Object.prototype);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('offers sign-in, refresh and sign-out through main, and no way to name the refresh token', () => {
    const api = apiOf(expose().exposed);
    expect(Reflect.ownKeys(api).map(String).sort()).toEqual([
      'authConfirmWiped',
      'authRefresh',
      'authSignIn',
      'authSignOut',
      'checkForUpdates',
      'getAppVersion',
      'onLockRequest',
      'printToPdf',
      'saveFile',
      'saveWorkbook',
      'secretDelete',
      'secretGet',
      'secretSet',
      'syncServerGet',
      'syncServerSet',
    ]);
  });

  it('hands out no ipcRenderer member', () => {
    const { exposed, ipc } = expose();
    const api = apiOf(exposed);
    const ipcMembers = [ipc, ipc.invoke, ipc.send, ipc.on, ipc.sendSync];
    for (const value of Object.values(api)) expect(ipcMembers).not.toContain(value);
    expect(Object.values(api).some((v) => v === ipc)).toBe(false);
  });

  it('routes each function to its own channel with the single argument, never send', async () => {
    const { exposed, ipc } = expose();
    const api = apiOf(exposed);
    const args: Record<string, unknown> = {
      saveFile: { suggestedName: 'a.csv', mimeType: 'text/csv', data: 'x' },
      printToPdf: { suggestedName: 'a.pdf' },
      saveWorkbook: { suggestedName: 'a', workbook: { sheets: [] } },
      secretGet: { key: 'k' },
      secretSet: { key: 'k', value: 'v' },
      secretDelete: { key: 'k' },
      syncServerSet: { url: 'https://care.example.go.th' },
      authSignIn: { origin: 'https://care.example.go.th', username: 'u', password: 'p', deviceName: 'd' },
    };
    const noArg = new Set(['getAppVersion', 'syncServerGet', 'checkForUpdates', 'authRefresh', 'authSignOut', 'authConfirmWiped']);
    for (const method of BRIDGE_METHODS) {
      const fn = api[method];
      if (typeof fn !== 'function') throw new Error(method);
      await (noArg.has(method) ? fn() : fn(args[method]));
    }
    expect(ipc.invoked).toEqual(
      BRIDGE_METHODS.map((method) => ({
        channel: BRIDGE_CHANNELS[method],
        args: noArg.has(method) ? [] : [args[method]],
      })),
    );
    expect(ipc.sent).toEqual([]);
  });

  it('calls a lock listener with no argument on its event, and stops after unsubscribing', () => {
    const { exposed, ipc } = expose();
    const api = apiOf(exposed);
    const calls: unknown[][] = [];
    const onLockRequest = api.onLockRequest as (l: (...args: unknown[]) => void) => () => void;
    const stop = onLockRequest((...args) => calls.push(args));
    ipc.emit(BRIDGE_EVENTS.lockRequest, { sender: ipc }, 'extra');
    expect(calls).toEqual([[]]);
    stop();
    ipc.emit(BRIDGE_EVENTS.lockRequest, {});
    expect(calls).toHaveLength(1);
  });

  it('returns what main returns, and void for the setters', async () => {
    const bridge = buildBridge((channel) => Promise.resolve(channel === BRIDGE_CHANNELS.getAppVersion ? '1.2.3' : channel === BRIDGE_CHANNELS.syncServerSet ? { enrolled: false } : 'x'));
    expect(await bridge.getAppVersion()).toBe('1.2.3');
    expect(await bridge.secretSet({ key: 'k', value: 'v' })).toBeUndefined();
    expect(await bridge.secretDelete({ key: 'k' })).toBeUndefined();
    expect(await bridge.authSignOut()).toBeUndefined();
    expect(await bridge.syncServerSet({ url: null })).toEqual({ enrolled: false });
  });

  it('passes main’s rejection through unchanged', async () => {
    const failure = new Error(`Error invoking remote method 'carerounds:secretGet': Error: {"code":"forbidden_sender"}`);
    const bridge = buildBridge(() => Promise.reject(failure));
    await expect(bridge.secretGet({ key: 'k' })).rejects.toBe(failure);
  });
});
