/**
 * Asks the server for this device's recovery key (docs/sync-protocol.md §4 "Recovery key", docs/security.md §3)
 * right after an online sign-in, with the access token that sign-in answered (SyncAuth holds it in memory in
 * both hosts: in Electron main keeps the refresh token, and the sign-in's access token reaches the page).
 *
 * The key is handed to the app lock to wrap or unwrap the data key and is never stored or logged. Any failure
 * (offline, refused, a malformed answer) is null: the sign-in goes on without recovery.
 */
import type { TokenProvider, FetchLike } from '../sync/http';
import type { RecoveryAccess } from './appLock';
import { fromBase64 } from './keys';

export function serverRecoveryKey(o: { baseUrl: string; tokens: TokenProvider; deviceId: string; fetch?: FetchLike }): RecoveryAccess {
  return {
    deviceId: o.deviceId,
    async fetchKey() {
      // The HTTP client and the wire schemas load with the sign-in, not with the app shell (renderer/sync/auth.ts).
      const [{ HttpClient }, { ENDPOINTS, RecoveryKeyResponse }] = await Promise.all([import('../sync/http'), import('../../shared/sync/protocol')]);
      const http = new HttpClient({ baseUrl: o.baseUrl, tokens: o.tokens, ...(o.fetch ? { fetch: o.fetch } : {}) });
      try {
        const parsed = RecoveryKeyResponse.safeParse(await http.json(ENDPOINTS.recoveryKey.method, ENDPOINTS.recoveryKey.path, { deviceId: o.deviceId }));
        if (!parsed.success || parsed.data.deviceId !== o.deviceId) {
          console.warn('the recovery key answer is not one');
          return null;
        }
        return fromBase64(parsed.data.key);
      } catch (err) {
        console.warn(`the recovery key could not be fetched (${err instanceof Error && 'code' in err ? String(err.code) : 'unknown'})`);
        return null;
      }
    },
  };
}
