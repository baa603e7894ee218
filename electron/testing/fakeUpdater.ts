/**
 * A fake of electron-updater's autoUpdater (electron/updater.ts `AutoUpdaterLike`): answers checks with a
 * scripted result, records feed URLs and downloads, and lets a test emit 'update-downloaded' or 'error'.
 * Assigning `verifyUpdateCodeSignature` is recorded, so a test can prove the app never replaces the verifier.
 */
import type { AutoUpdaterLike } from '../updater';

type Listener = (arg: never) => void;

export class FakeAutoUpdater implements AutoUpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  feedUrls: string[] = [];
  checks = 0;
  downloads = 0;
  verifierAssignments = 0;
  /** What the next check answers (a value, or an Error to reject with). */
  nextCheck: { isUpdateAvailable: boolean; updateInfo: { version: string } } | null | Error = null;
  /** Settles the pending download: resolve, or reject with an Error. */
  finishDownload: ((error?: Error) => void) | null = null;
  private readonly listeners = new Map<string, Listener[]>();

  set verifyUpdateCodeSignature(_value: unknown) {
    this.verifierAssignments++;
  }

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feedUrls.push(options.url);
  }

  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null> {
    this.checks++;
    return this.nextCheck instanceof Error ? Promise.reject(this.nextCheck) : Promise.resolve(this.nextCheck);
  }

  downloadUpdate(): Promise<unknown> {
    this.downloads++;
    return new Promise((resolve, reject) => {
      this.finishDownload = (error) => (error ? reject(error) : resolve([]));
    });
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: 'update-downloaded', info: { version: string }): void;
  emit(event: 'error', error: Error): void;
  emit(event: string, arg: unknown): void {
    for (const l of this.listeners.get(event) ?? []) (l as (a: unknown) => void)(arg);
  }
}
