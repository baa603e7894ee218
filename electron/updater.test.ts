import { describe, expect, it } from 'vitest';
import { FakeAutoUpdater } from './testing/fakeUpdater';
import { createUpdater, updateFeedUrl } from './updater';

function setup(opts: { isPackaged?: boolean; origin?: string | null } = {}) {
  const autoUpdater = new FakeAutoUpdater();
  const errors: unknown[] = [];
  const updater = createUpdater({
    autoUpdater,
    isPackaged: opts.isPackaged ?? true,
    serverOrigin: () => (opts.origin === undefined ? 'https://care.example.go.th' : opts.origin),
    logError: (_context, error) => errors.push(error),
  });
  return { autoUpdater, updater, errors };
}

describe('updater', () => {
  it('downloads nothing by itself, installs on quit, never downgrades, never replaces the signature verifier', () => {
    const { autoUpdater } = setup();
    expect(autoUpdater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true, allowDowngrade: false, allowPrerelease: false });
    expect(autoUpdater.checks).toBe(0);
    expect(autoUpdater.verifierAssignments).toBe(0);
  });

  it('checks the enrolled server feed on request, downloads a newer version, and reports it ready once downloaded', async () => {
    const { autoUpdater, updater } = setup();
    autoUpdater.nextCheck = { isUpdateAvailable: true, updateInfo: { version: '0.2.0' } };
    expect(await updater.check()).toEqual({ state: 'downloading', version: '0.2.0' });
    expect(autoUpdater.feedUrls).toEqual(['https://care.example.go.th/updates/']);
    expect(autoUpdater.downloads).toBe(1);
    // Asked again while downloading: the state, no second check or download.
    expect(await updater.check()).toEqual({ state: 'downloading', version: '0.2.0' });
    expect(autoUpdater.checks).toBe(1);
    autoUpdater.finishDownload?.();
    autoUpdater.emit('update-downloaded', { version: '0.2.0' });
    expect(await updater.check()).toEqual({ state: 'ready', version: '0.2.0' });
    expect(autoUpdater.downloads).toBe(1);
    expect(autoUpdater.verifierAssignments).toBe(0);
  });

  it('reports up to date, and a failed check without throwing', async () => {
    const { autoUpdater, updater, errors } = setup();
    autoUpdater.nextCheck = { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } };
    expect(await updater.check()).toEqual({ state: 'up_to_date' });
    autoUpdater.nextCheck = null;
    expect(await updater.check()).toEqual({ state: 'up_to_date' });
    autoUpdater.nextCheck = new Error('sha512 checksum mismatch');
    expect(await updater.check()).toEqual({ state: 'failed' });
    expect(errors).toHaveLength(1);
    expect(autoUpdater.downloads).toBe(0);
  });

  it('forgets a failed download so the next request retries', async () => {
    const { autoUpdater, updater, errors } = setup();
    autoUpdater.nextCheck = { isUpdateAvailable: true, updateInfo: { version: '0.2.0' } };
    await updater.check();
    autoUpdater.finishDownload?.(new Error('New version 0.2.0 is not signed by the application owner'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
    expect(await updater.check()).toEqual({ state: 'downloading', version: '0.2.0' });
    expect(autoUpdater.downloads).toBe(2);
  });

  it('checks nothing unpackaged, without a server, or over plain http in a packaged app', async () => {
    for (const [opts, reason] of [
      [{ isPackaged: false }, 'not_packaged'],
      [{ origin: null }, 'no_server'],
      [{ origin: 'http://care.example.go.th' }, 'insecure_server'],
      [{ origin: 'http://127.0.0.1:8080' }, 'insecure_server'],
    ] as const) {
      const { autoUpdater, updater } = setup(opts);
      expect(await updater.check()).toEqual({ state: 'unavailable', reason });
      expect(autoUpdater.checks).toBe(0);
      expect(autoUpdater.feedUrls).toEqual([]);
    }
  });

  it('builds the feed URL from the origin alone', () => {
    expect(updateFeedUrl('https://care.example.go.th', true)).toBe('https://care.example.go.th/updates/');
    expect(updateFeedUrl('https://care.example.go.th:8443', true)).toBe('https://care.example.go.th:8443/updates/');
    expect(updateFeedUrl('http://127.0.0.1:8080', false)).toBe('http://127.0.0.1:8080/updates/');
    expect(updateFeedUrl('http://127.0.0.1:8080', true)).toBeNull();
    expect(updateFeedUrl('http://evil.example', false)).toBeNull();
    expect(updateFeedUrl('file:///etc', false)).toBeNull();
    expect(updateFeedUrl('not a url', false)).toBeNull();
  });
});
