/**
 * Locks the app at once when the system suspends or its screen locks (docs/security.md §3): main forwards
 * Electron's `powerMonitor` events to the page as the argument-less `lockRequest` bridge event; the page drops
 * its data key. The page's own idle timer covers the rest.
 */
import { BRIDGE_EVENTS } from '../shared/bridge-channels';
import type { PowerMonitorLike, WebContentsLike } from './electron-api';

export function forwardLockRequests(powerMonitor: PowerMonitorLike, target: () => WebContentsLike | null): void {
  const send = () => target()?.send?.(BRIDGE_EVENTS.lockRequest);
  powerMonitor.on('suspend', send);
  powerMonitor.on('lock-screen', send);
}
