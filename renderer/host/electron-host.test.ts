import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeCallError, type CareRoundsBridge } from '../../shared/bridge';
import { createElectronHost } from './electron-host';
import { createHost } from './index';

interface Call {
  method: keyof CareRoundsBridge;
  arg: unknown;
}

function fakeBridge(failure?: unknown): { bridge: CareRoundsBridge; calls: Call[] } {
  const calls: Call[] = [];
  const answer = <T>(method: keyof CareRoundsBridge, arg: unknown, value: T): Promise<T> => {
    calls.push({ method, arg });
    return failure === undefined ? Promise.resolve(value) : Promise.reject(failure);
  };
  const bridge: CareRoundsBridge = {
    getAppVersion: () => answer('getAppVersion', undefined, '1.4.2'),
    saveFile: (arg) => answer('saveFile', arg, { saved: true }),
    printToPdf: (arg) => answer('printToPdf', arg, { saved: false }),
    saveWorkbook: (arg) => answer('saveWorkbook', arg, { saved: true }),
    secretGet: (arg) => answer('secretGet', arg, 'stored'),
    secretSet: (arg) => answer('secretSet', arg, undefined),
    secretDelete: (arg) => answer('secretDelete', arg, undefined),
    syncServerGet: () => answer('syncServerGet', undefined, 'https://care.example.go.th'),
    syncServerSet: (arg) => answer('syncServerSet', arg, { enrolled: false }),
    authSignIn: (arg) => answer('authSignIn', arg, { ok: false, code: 'invalid_credentials' }),
    authRefresh: () => answer('authRefresh', undefined, { ok: false, code: 'signed_out' }),
    authSignOut: () => answer('authSignOut', undefined, undefined),
    authConfirmWiped: () => answer('authConfirmWiped', undefined, undefined),
    checkForUpdates: () => answer('checkForUpdates', undefined, { state: 'up_to_date' as const }),
  };
  return { bridge: Object.freeze(bridge), calls };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('electron host', () => {
  it('maps every Host call onto its bridge method with the same arguments', async () => {
    const { bridge, calls } = fakeBridge();
    const host = createElectronHost(bridge);
    const save = { suggestedName: 'a.csv', mimeType: 'text/csv' as const, data: 'x' };
    expect(host.kind).toBe('electron');
    expect(await host.appVersion()).toBe('1.4.2');
    expect(await host.saveFile(save)).toEqual({ saved: true });
    expect(await host.printToPdf({ suggestedName: 'v.pdf', landscape: true })).toEqual({ saved: false });
    const workbook = { suggestedName: 'r', workbook: { sheets: [{ name: 'LTC', title: [], columns: [{ header: 'เลขประจำตัวประชาชน', kind: 'text' as const, width: 17 }], rows: [['1101700203451']], totals: false }] } };
    // Main writes the file: the browser's fallback renderer is never called.
    expect(await host.saveWorkbook(workbook, () => Promise.reject(new Error('not here')))).toEqual({ saved: true });
    expect(await host.secrets.get('k')).toBe('stored');
    await host.secrets.set('k', 'v');
    await host.secrets.delete('k');
    expect(await host.syncServer.get()).toBe('https://care.example.go.th');
    expect(await host.syncServer.set(null)).toEqual({ enrolled: false });
    expect(host.syncServer.reloadAfterSet).toBe(true);
    const signIn = { origin: 'https://care.example.go.th', username: 'malee', password: 'pw', deviceName: 'Laptop' };
    expect(await host.auth.signIn(signIn)).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await host.auth.refresh()).toEqual({ ok: false, code: 'signed_out' });
    await host.auth.signOut();
    expect(calls).toEqual([
      { method: 'getAppVersion', arg: undefined },
      { method: 'saveFile', arg: save },
      { method: 'printToPdf', arg: { suggestedName: 'v.pdf', landscape: true } },
      { method: 'saveWorkbook', arg: workbook },
      { method: 'secretGet', arg: { key: 'k' } },
      { method: 'secretSet', arg: { key: 'k', value: 'v' } },
      { method: 'secretDelete', arg: { key: 'k' } },
      { method: 'syncServerGet', arg: undefined },
      { method: 'syncServerSet', arg: { url: null } },
      { method: 'authSignIn', arg: signIn },
      { method: 'authRefresh', arg: undefined },
      { method: 'authSignOut', arg: undefined },
    ]);
  });

  it('re-raises main’s coded failures as BridgeCallError', async () => {
    const wrapped = new Error(
      `Error invoking remote method 'carerounds:secretSet': Error: {"code":"secret_storage_unavailable"}`,
    );
    const host = createElectronHost(fakeBridge(wrapped).bridge);
    const error: unknown = await host.secrets.set('k', 'v').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    expect(error).toMatchObject({ code: 'secret_storage_unavailable', field: undefined });

    const invalid = new Error(`Error invoking remote method 'carerounds:saveFile': Error: {"code":"invalid_argument","field":"suggestedName"}`);
    const host2 = createElectronHost(fakeBridge(invalid).bridge);
    await expect(host2.saveFile({ suggestedName: 'a', mimeType: 'text/csv', data: '' })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'suggestedName',
    });
  });

  it('turns an uncoded failure into internal', async () => {
    const host = createElectronHost(fakeBridge(new Error('channel closed')).bridge);
    await expect(host.appVersion()).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('createHost', () => {
  it('uses the Electron host when the preload exposed window.careRounds', async () => {
    const { bridge, calls } = fakeBridge();
    vi.stubGlobal('window', { careRounds: bridge });
    const host = createHost();
    expect(host.kind).toBe('electron');
    await host.appVersion();
    expect(calls).toHaveLength(1);
  });

  it('uses the browser host otherwise', () => {
    vi.stubGlobal('window', {});
    expect(createHost().kind).toBe('browser');
  });
});
