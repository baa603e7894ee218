import { createContext, useContext } from 'react';
import type { Host } from '../host/host';

/** The host (Electron or browser) is chosen once at start-up and handed down. */
export const HostContext = createContext<Host | null>(null);

export function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost outside HostContext');
  return host;
}
