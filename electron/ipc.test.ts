import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_METHODS, parseBridgeError, type BridgeMethod } from '../shared/bridge';
import type { IpcMainInvokeEventLike } from './electron-api';
import { registerBridgeHandlers, type BridgeHandlers } from './ipc';
import { FakeIpcMain, FakeWebContents, fakeFrame, ipcEvent } from './testing/fakes';

// A valid argument for every method, so each sender/argument test runs on all channels.
const GOOD_ARGS: { [K in BridgeMethod]: unknown } = {
  getAppVersion: undefined,
  saveFile: { suggestedName: 'report.csv', mimeType: 'text/csv', data: 'a,b\n' },
  printToPdf: { suggestedName: 'visit.pdf', landscape: true },
  saveWorkbook: { suggestedName: 'report', workbook: { sheets: [{ name: 'LTC', title: [], columns: [{ header: 'เลขประจำตัวประชาชน', kind: 'text', width: 17 }], rows: [['1101700203451']], totals: false }] } },
  secretGet: { key: 'pin-wrapped-dek' },
  secretSet: { key: 'pin-wrapped-dek', value: 'c2VjcmV0' },
  secretDelete: { key: 'pin-wrapped-dek' },
  syncServerGet: undefined,
  syncServerSet: { url: 'https://care.example.go.th' },
  checkForUpdates: undefined,
  authSignIn: { origin: 'https://care.example.go.th', username: 'malee', password: 'correct horse battery', deviceName: 'Laptop' },
  authRefresh: undefined,
  authSignOut: undefined,
  authConfirmWiped: undefined,
};

const BAD_ARGS: [BridgeMethod, unknown, string][] = [
  ['getAppVersion', { x: 1 }, 'args'],
  ['getAppVersion', 'v', 'args'],
  ['saveFile', undefined, 'args'],
  ['saveFile', { suggestedName: '../../.bashrc', mimeType: 'text/csv', data: '' }, 'suggestedName'],
  ['saveFile', { suggestedName: 'x.html', mimeType: 'text/html', data: '' }, 'mimeType'],
  ['saveFile', { suggestedName: 'x.csv', mimeType: 'text/csv', data: { length: 1 } }, 'data'],
  ['saveFile', { suggestedName: 'x.csv', mimeType: 'text/csv', data: '', path: '/etc/passwd' }, 'args'],
  ['printToPdf', { suggestedName: 'a/b.pdf' }, 'suggestedName'],
  ['printToPdf', { suggestedName: 'b.pdf', landscape: 'yes' }, 'landscape'],
  ['saveWorkbook', { suggestedName: 'a/b', workbook: { sheets: [] } }, 'suggestedName'],
  ['saveWorkbook', { suggestedName: 'b', workbook: { sheets: [] } }, 'workbook.sheets'],
  ['saveWorkbook', { suggestedName: 'b', workbook: { sheets: [{ name: 'a:b', title: [], columns: [{ header: 'x', kind: 'text', width: 9 }], rows: [], totals: false }] } }, 'workbook.sheets.0.name'],
  ['secretGet', { key: '../x' }, 'key'],
  ['secretGet', null, 'args'],
  ['secretSet', { key: 'k', value: 'v'.repeat(16 * 1024 + 1) }, 'value'],
  ['secretSet', { key: 'k' }, 'value'],
  ['secretDelete', { key: 'K' }, 'key'],
  ['secretDelete', { key: 'k', extra: true }, 'args'],
  ['syncServerSet', { url: 'http://care.example.go.th' }, 'url'],
  ['syncServerSet', { url: "https://a.th 'unsafe-eval'" }, 'url'],
  ['syncServerSet', {}, 'url'],
  ['authSignIn', { origin: 'http://care.example.go.th', username: 'm', password: 'p', deviceName: 'd' }, 'origin'],
  ['authSignIn', { origin: 'https://care.example.go.th', username: 'm', password: 'p', deviceName: 'd', deviceId: 'x' }, 'deviceId'],
  ['authSignIn', { origin: 'https://care.example.go.th', username: 'm', password: 'p', deviceName: 'd', refreshToken: 'a'.repeat(43) }, 'args'],
  ['authSignIn', { origin: 'https://care.example.go.th', username: 'm', password: '', deviceName: 'd' }, 'password'],
  ['authRefresh', { refreshToken: 'a'.repeat(43) }, 'args'],
  ['authSignOut', 'x', 'args'],
  ['authConfirmWiped', 'x', 'args'],
];

interface Harness {
  ipc: FakeIpcMain;
  calls: { method: BridgeMethod; arg: unknown; sender: unknown }[];
  logged: unknown[];
}

function harness(failWith?: Error): Harness {
  const ipc = new FakeIpcMain();
  const calls: Harness['calls'] = [];
  const logged: unknown[] = [];
  const record =
    <T>(method: BridgeMethod, value: T) =>
    (arg: unknown, ctx: { sender: unknown }): Promise<T> => {
      calls.push({ method, arg, sender: ctx.sender });
      return failWith ? Promise.reject(failWith) : Promise.resolve(value);
    };
  const handlers: BridgeHandlers = {
    getAppVersion: record('getAppVersion', '0.1.0'),
    saveFile: record('saveFile', { saved: true }),
    printToPdf: record('printToPdf', { saved: false }),
    saveWorkbook: record('saveWorkbook', { saved: true }),
    secretGet: record('secretGet', 'c2VjcmV0'),
    secretSet: record('secretSet', undefined),
    secretDelete: record('secretDelete', undefined),
    syncServerGet: record('syncServerGet', null),
    syncServerSet: record('syncServerSet', { enrolled: true }),
    authSignIn: record('authSignIn', { ok: false, code: 'invalid_credentials' }),
    authRefresh: record('authRefresh', { ok: false, code: 'signed_out' }),
    authSignOut: record('authSignOut', undefined),
    authConfirmWiped: record('authConfirmWiped', undefined),
    checkForUpdates: record('checkForUpdates', { state: 'up_to_date' as const }),
  };
  registerBridgeHandlers(ipc, handlers, { logError: (_channel, error) => logged.push(error) });
  return { ipc, calls, logged };
}

async function codeOf(promise: Promise<unknown>): Promise<ReturnType<typeof parseBridgeError>> {
  try {
    await promise;
  } catch (error) {
    return parseBridgeError(error);
  }
  throw new Error('expected the call to fail');
}

function eventWith(build: (contents: FakeWebContents) => IpcMainInvokeEventLike['senderFrame']): IpcMainInvokeEventLike {
  const contents = new FakeWebContents();
  return { sender: contents, senderFrame: build(contents) };
}

const BAD_SENDERS: [string, () => IpcMainInvokeEventLike][] = [
  ['a foreign https page', () => ipcEvent(fakeFrame('https://evil.example/', null, 'https://evil.example'))],
  ['a look-alike host', () => ipcEvent(fakeFrame('carerounds://app.evil/index.html', null, 'carerounds://app.evil'))],
  ['a file: page', () => ipcEvent(fakeFrame('file:///C:/x/index.html', null, 'file://'))],
  ['about:blank', () => ipcEvent(fakeFrame('about:blank', null, 'carerounds://app'))],
  ['an app URL whose real origin differs', () => ipcEvent(fakeFrame('carerounds://app/index.html', null, 'null'))],
  ['a missing frame (navigated away)', () => ipcEvent(null)],
  [
    'an app subframe',
    () =>
      eventWith((contents) => fakeFrame('carerounds://app/frame.html', contents.mainFrame, 'carerounds://app')),
  ],
  [
    'a top frame that is not the sender’s main frame',
    () => eventWith(() => fakeFrame('carerounds://app/index.html', null, 'carerounds://app')),
  ],
  [
    'a frame with the main frame’s process but another routing id',
    () => {
      const main = { url: 'carerounds://app/index.html', origin: 'carerounds://app', parent: null, processId: 4, routingId: 1 };
      const other = { ...main, routingId: 2 };
      return { sender: new FakeWebContents(main), senderFrame: other };
    },
  ],
];

describe('registerBridgeHandlers', () => {
  it('registers exactly one handler per bridge channel', () => {
    const { ipc } = harness();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
  });

  describe.each(BAD_SENDERS)('from %s', (_label, makeEvent) => {
    it.each(BRIDGE_METHODS)('%s fails with forbidden_sender and never runs the handler', async (method) => {
      const { ipc, calls } = harness();
      const error = await codeOf(ipc.invoke(BRIDGE_CHANNELS[method], makeEvent(), GOOD_ARGS[method]));
      expect(error).toEqual({ code: 'forbidden_sender' });
      expect(calls).toEqual([]);
    });
  });

  it.each(BAD_ARGS)('%s(%j) fails with invalid_argument on %s', async (method, arg, field) => {
    const { ipc, calls } = harness();
    const error = await codeOf(ipc.invoke(BRIDGE_CHANNELS[method], ipcEvent(), arg));
    expect(error).toEqual({ code: 'invalid_argument', field });
    expect(calls).toEqual([]);
  });

  it.each(BRIDGE_METHODS)('%s refuses a second argument', async (method) => {
    const { ipc, calls } = harness();
    const error = await codeOf(ipc.invoke(BRIDGE_CHANNELS[method], ipcEvent(), GOOD_ARGS[method], 'extra'));
    expect(error).toEqual({ code: 'invalid_argument', field: 'args' });
    expect(calls).toEqual([]);
  });

  it.each(BRIDGE_METHODS)('%s from our top frame runs the handler with the parsed argument', async (method) => {
    const { ipc, calls } = harness();
    const event = ipcEvent();
    await ipc.invoke(BRIDGE_CHANNELS[method], event, GOOD_ARGS[method]);
    expect(calls).toEqual([{ method, arg: GOOD_ARGS[method], sender: event.sender }]);
  });

  it('accepts a distinct wrapper of the same main frame (same process and routing id)', async () => {
    const { ipc, calls } = harness();
    const main = { url: 'carerounds://app/index.html', origin: 'carerounds://app', parent: null, processId: 4, routingId: 1 };
    await ipc.invoke(BRIDGE_CHANNELS.getAppVersion, { sender: new FakeWebContents(main), senderFrame: { ...main } });
    expect(calls).toHaveLength(1);
  });

  it('returns the handler’s value', async () => {
    const { ipc } = harness();
    expect(await ipc.invoke(BRIDGE_CHANNELS.getAppVersion, ipcEvent())).toBe('0.1.0');
    expect(await ipc.invoke(BRIDGE_CHANNELS.saveFile, ipcEvent(), GOOD_ARGS.saveFile)).toEqual({ saved: true });
  });

  it('turns an unexpected failure into internal, logging it but not leaking its message', async () => {
    const boom = new Error('EACCES: /home/nurse/secret path');
    const { ipc, logged } = harness(boom);
    let message = '';
    try {
      await ipc.invoke(BRIDGE_CHANNELS.secretGet, ipcEvent(), GOOD_ARGS.secretGet);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(parseBridgeError(new Error(message))).toEqual({ code: 'internal' });
    expect(message).not.toContain('EACCES');
    expect(logged).toEqual([boom]);
  });
});
