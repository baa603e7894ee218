/** Test helpers for host-dependent code: secrets kept in a plain map (the map is exposed for assertions). */
import type { HostSecrets } from './host';

export function memorySecrets(): HostSecrets & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: (k) => Promise.resolve(map.get(k) ?? null),
    set: (k, v) => {
      map.set(k, v);
      return Promise.resolve();
    },
    delete: (k) => {
      map.delete(k);
      return Promise.resolve();
    },
  };
}
