/**
 * Hardening applied to every webContents (docs/security.md §1, docs/architecture.md "Conventions" 5).
 *
 * Invariants:
 * - A frame may only navigate or redirect to `carerounds://app` (subframes also to about:blank/srcdoc); URLs
 *   are judged with `new URL`, never substrings.
 * - `window.open` and `target=_blank` never create a window; an https link to a listed host opens in the
 *   system browser instead.
 * - `<webview>` is never attached.
 */
import type { NavigationEvent, ShellLike, WebContentsLike } from './electron-api';
import { isAppUrl } from './protocol';

/** Opens `url` in the system browser only if it is https on one of `allowedHosts` (exact host names). */
export function openExternalIfAllowed(shell: ShellLike, url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const allowed =
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    allowedHosts.some((host) => host.toLowerCase() === parsed.hostname);
  if (!allowed) return false;
  void shell.openExternal(parsed.href).catch(() => undefined);
  return true;
}

export interface HardenOptions {
  shell: ShellLike;
  /** Hosts whose https links may open in the system browser (for example the municipality's help pages). */
  externalHosts?: readonly string[];
}

const SUBFRAME_BLANK = new Set(['about:blank', 'about:srcdoc']);

const hardened = new WeakSet<WebContentsLike>();

export function hardenWebContents(contents: WebContentsLike, options: HardenOptions): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const externalHosts = options.externalHosts ?? [];

  const guard = (event: NavigationEvent, legacyUrl?: string): boolean => {
    // Electron 39 puts the URL on the event and still passes it as the (deprecated) second argument;
    // both must be ours.
    const urls = [event.url, legacyUrl].filter((u): u is string => typeof u === 'string');
    if (urls.length > 0 && urls.every(isAppUrl)) return false;
    event.preventDefault();
    return true;
  };

  contents.on('will-navigate', (event, url) => {
    if (guard(event, url)) {
      const target = event.url ?? url;
      openExternalIfAllowed(options.shell, target, externalHosts);
    }
  });
  contents.on('will-redirect', (event, url) => {
    guard(event, url);
  });
  contents.on('will-frame-navigate', (event) => {
    // Subframes may still open blank documents (print helpers use them); CSP keeps other frames out.
    if (event.isMainFrame === false && event.url !== undefined && SUBFRAME_BLANK.has(event.url)) return;
    guard(event);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(options.shell, url, externalHosts);
    return { action: 'deny' };
  });
}
