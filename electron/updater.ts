/**
 * Updates of the desktop app (docs/security.md §2), a thin layer over electron-updater's `autoUpdater`,
 * which is injected (electron/main.ts passes the real one; tests a fake).
 *
 * Invariants:
 * - The feed is the enrolled sync server's `/updates/` (server/updates.ts), never a fixed host; a packaged app
 *   uses it only over https (a plain-http loopback server is for unpackaged development builds).
 * - Nothing happens until the user asks: a check, then, when a newer version exists, its download in the
 *   background; it installs when the app quits. No downgrades, no pre-releases.
 * - Verification stays on: electron-updater compares the installer's SHA-512 with the feed, and on Windows
 *   checks its Authenticode signature against the publisher in app-update.yml (`verifyUpdateCodeSignature`,
 *   electron-builder.yml). This module never replaces the verifier or turns either check off.
 */
import type { UpdateStatus } from '../shared/bridge';

/** The members of electron-updater's AppUpdater this module uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterDeps {
  autoUpdater: AutoUpdaterLike;
  isPackaged: boolean;
  /** The enrolled sync server's origin (electron/sync-server.ts), or null. */
  serverOrigin: () => string | null;
  logError?: (context: string, error: unknown) => void;
}

export interface Updater {
  /** Checks the feed and starts downloading a newer version; while one downloads or waits, reports that instead. */
  check(): Promise<UpdateStatus>;
}

export function updateFeedUrl(origin: string, isPackaged: boolean): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && !isPackaged)) return null;
  return new URL('/updates/', url.origin).href;
}

export function createUpdater(deps: UpdaterDeps): Updater {
  const { autoUpdater } = deps;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;

  let pending: { version: string; state: 'downloading' | 'ready' } | null = null;
  autoUpdater.on('update-downloaded', (info) => {
    pending = { version: info.version, state: 'ready' };
  });
  autoUpdater.on('error', (error) => {
    if (pending?.state === 'downloading') pending = null;
    deps.logError?.('update', error);
  });

  return {
    async check() {
      if (pending !== null) return { state: pending.state, version: pending.version };
      if (!deps.isPackaged) return { state: 'unavailable', reason: 'not_packaged' };
      const origin = deps.serverOrigin();
      if (origin === null) return { state: 'unavailable', reason: 'no_server' };
      const feed = updateFeedUrl(origin, deps.isPackaged);
      if (feed === null) return { state: 'unavailable', reason: 'insecure_server' };
      autoUpdater.setFeedURL({ provider: 'generic', url: feed });
      let result: Awaited<ReturnType<AutoUpdaterLike['checkForUpdates']>>;
      try {
        result = await autoUpdater.checkForUpdates();
      } catch (error) {
        deps.logError?.('update check', error);
        return { state: 'failed' };
      }
      if (result === null || !result.isUpdateAvailable) return { state: 'up_to_date' };
      const version = result.updateInfo.version;
      pending = { version, state: 'downloading' };
      // The download outlives this call; 'update-downloaded' marks it ready, 'error' clears it for a retry.
      autoUpdater.downloadUpdate().catch((error: unknown) => {
        if (pending?.state === 'downloading') pending = null;
        deps.logError?.('update download', error);
      });
      return { state: 'downloading', version };
    },
  };
}
