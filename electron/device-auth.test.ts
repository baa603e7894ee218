import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_METHODS } from '../shared/bridge';
import type { HostAuthAnswer, PostJson } from '../shared/sync/deviceSession';
import { openMigratedPglite } from '../server/testing/backends';
import { DEFAULT_TEST_PASSWORD, HOOK_TIMEOUT_MS, startHarness, type Harness } from '../server/testing/harness';
import { startApp } from './app';
import { createMainAuth, nodePostJson } from './device-auth';
import { createSecretStore } from './secrets';
import { FakeApp, FakeBrowserWindow, FakeDialog, FakeIpcMain, FakeProtocol, FakeSafeStorage, FakeSession, FakeShell, ipcEvent } from './testing/fakes';
import { FakeAutoUpdater } from './testing/fakeUpdater';

let server: Harness;
let origin = '';
let dir = '';

beforeAll(async () => {
  server = await startHarness({ kind: 'pglite', open: () => openMigratedPglite() } as never, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } } });
  // Main signs with its own clock; the server's stays in 2025, so every proof relies on the measured offset.
  origin = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  await server.makeUser('malee', 'caregiver', ['c-01']);
}, HOOK_TIMEOUT_MS);
afterAll(() => server.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'carerounds-auth-'));
  return () => rm(dir, { recursive: true, force: true });
});

const SIGN_IN = { username: 'malee', password: DEFAULT_TEST_PASSWORD, deviceName: 'Malee laptop' };
const safeStorage = new FakeSafeStorage();

function mainAuth(post?: PostJson) {
  const store = createSecretStore({ safeStorage, filePath: path.join(dir, 'device-auth.json') });
  return { store, auth: createMainAuth({ store, enrolledOrigin: () => origin, ...(post ? { post } : {}) }) };
}

async function vaultToken(file: string): Promise<string> {
  const entries = (JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, string> }).entries;
  const state = JSON.parse(safeStorage.decryptString(Buffer.from(entries['device-session'] ?? '', 'base64'))) as { state: { refreshToken: string } };
  return state.state.refreshToken;
}

const okOf = (a: HostAuthAnswer) => {
  if (!a.ok) throw new Error(`refused: ${a.code}`);
  return a;
};

describe('main-process sign-in and refresh', () => {
  it('signs in and refreshes against a real server with a signed proof, keeping the token encrypted', async () => {
    const { auth } = mainAuth();
    const signedIn = okOf(await auth.signIn({ origin, ...SIGN_IN }));
    expect(signedIn.user.username).toBe('malee');
    const first = await vaultToken(path.join(dir, 'device-auth.json'));
    expect(await readFile(path.join(dir, 'device-auth.json'), 'utf8')).not.toContain(first);
    const refreshed = okOf(await auth.refresh());
    expect(refreshed.deviceId).toBe(signedIn.deviceId);
    expect(await vaultToken(path.join(dir, 'device-auth.json'))).not.toBe(first);
    expect(JSON.stringify([signedIn, refreshed])).not.toMatch(/refreshToken|pkcs8|"d":/);
  });

  it('resends a refresh whose answer was lost with the same signed request and gets the same pair', async () => {
    const real = nodePostJson();
    let lose = false;
    let lost: unknown = null;
    const sent: unknown[] = [];
    const { auth } = mainAuth(async (url, body) => {
      const answer = await real(url, body);
      if (url.endsWith('/auth/refresh')) sent.push(body);
      if (lose) {
        lose = false;
        lost = answer.body;
        throw new TypeError('fetch failed');
      }
      return answer;
    });
    okOf(await auth.signIn({ origin, ...SIGN_IN }));
    lose = true;
    expect(await auth.refresh()).toEqual({ ok: false, code: 'network' });
    const retried = okOf(await auth.refresh());
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(retried.accessToken).toBe((lost as { accessToken: string }).accessToken);
    // And the stored token is the one the lost answer carried: the next refresh rotates normally.
    okOf(await auth.refresh());
  });

  it('refuses to sign in to or refresh with a server other than the enrolled one', async () => {
    const store = createSecretStore({ safeStorage, filePath: path.join(dir, 'device-auth.json') });
    let enrolled = origin;
    const auth = createMainAuth({ store, enrolledOrigin: () => enrolled });
    expect(await auth.signIn({ origin: 'https://care.example.go.th', ...SIGN_IN })).toEqual({ ok: false, code: 'server_not_enrolled' });
    okOf(await auth.signIn({ origin, ...SIGN_IN }));
    enrolled = 'https://care.example.go.th';
    expect(await auth.refresh()).toEqual({ ok: false, code: 'server_not_enrolled' });
  });

  it('never hands the refresh token to the page: no channel answers with it, secretGet cannot reach it', async () => {
    const ipc = new FakeIpcMain();
    const electron = {
      app: new FakeApp([], { userData: dir, downloads: dir }),
      BrowserWindow: FakeBrowserWindow,
      ipcMain: ipc,
      protocol: new FakeProtocol([]),
      session: { defaultSession: new FakeSession() },
      dialog: new FakeDialog(),
      shell: new FakeShell(),
      safeStorage,
      powerMonitor: { on: () => undefined },
    };
    const started = startApp(electron, { rendererDir: dir, preloadPath: '/p.cjs', platform: 'linux', defaultSyncServer: origin, logError: () => undefined, autoUpdater: () => new FakeAutoUpdater() });
    electron.app.fireReady();
    await started.ready;
    const answers: unknown[] = [];
    answers.push(await ipc.invoke(BRIDGE_CHANNELS.authSignIn, ipcEvent(), { origin, ...SIGN_IN }));
    const tokens = [await vaultToken(path.join(dir, 'device-auth.json'))];
    answers.push(await ipc.invoke(BRIDGE_CHANNELS.authRefresh, ipcEvent()));
    tokens.push(await vaultToken(path.join(dir, 'device-auth.json')));
    for (const key of ['device-session', 'sync.refresh-token']) answers.push(await ipc.invoke(BRIDGE_CHANNELS.secretGet, ipcEvent(), { key }));
    // Every other channel that answers without side effects outside the test folder.
    for (const method of BRIDGE_METHODS.filter((m) => m === 'getAppVersion' || m === 'syncServerGet')) answers.push(await ipc.invoke(BRIDGE_CHANNELS[method], ipcEvent()));
    const seen = JSON.stringify(answers);
    expect((answers[0] as HostAuthAnswer).ok).toBe(true);
    expect((answers[1] as HostAuthAnswer).ok).toBe(true);
    for (const token of tokens) expect(seen).not.toContain(token);
    expect(answers.slice(2, 4)).toEqual([null, null]);
    expect(await readdir(dir)).toContain('device-auth.json');
    answers.push(await ipc.invoke(BRIDGE_CHANNELS.authSignOut, ipcEvent()));
    expect(await ipc.invoke(BRIDGE_CHANNELS.authRefresh, ipcEvent())).toEqual({ ok: false, code: 'signed_out' });
  });
});
