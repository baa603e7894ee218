/**
 * Which sync server this installation talks to (the enrolled origin), kept by main in
 * `<userData>/sync-server.json` so the app protocol's CSP can allow exactly that origin in connect-src.
 *
 * Invariants:
 * - Only an origin `isAllowedServerOrigin` accepts is ever stored or returned (https, or http on loopback);
 *   a hand-edited or corrupt file counts as "no server" rather than widening the CSP.
 * - `current()` is synchronous (the protocol handler reads it on every response); `set` updates it only after
 *   the file was written, so the CSP never allows an origin the next start would not.
 * - `defaultOrigin` (CARE_ROUNDS_SERVER from `npm start`) applies only while nothing was enrolled.
 */
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { isAllowedServerOrigin } from '../shared/bridge';

export interface SyncServerFs {
  readFile(p: string): Promise<string>;
  writeFile(p: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(p: string): Promise<void>;
}

const defaultFs: SyncServerFs = {
  readFile: (p) => nodeFs.readFile(p, 'utf8'),
  writeFile: (p, data) => nodeFs.writeFile(p, data, { mode: 0o600 }),
  rename: (from, to) => nodeFs.rename(from, to),
  mkdir: async (p) => {
    await nodeFs.mkdir(p, { recursive: true });
  },
};

export interface SyncServerStore {
  /** Reads the file once; call before the first window loads. */
  load(): Promise<void>;
  current(): string | null;
  set(origin: string | null): Promise<void>;
}

export function createSyncServerStore(deps: { filePath: string; defaultOrigin?: string | undefined; fs?: SyncServerFs }): SyncServerStore {
  const fs = deps.fs ?? defaultFs;
  const fallback = deps.defaultOrigin !== undefined && isAllowedServerOrigin(deps.defaultOrigin) ? deps.defaultOrigin : null;
  // undefined = nothing enrolled (the default applies); null = enrolment explicitly cleared.
  let enrolled: string | null | undefined;

  return {
    async load() {
      try {
        const parsed: unknown = JSON.parse(await fs.readFile(deps.filePath));
        const origin = typeof parsed === 'object' && parsed !== null && 'origin' in parsed ? parsed.origin : undefined;
        enrolled = origin === null ? null : typeof origin === 'string' && isAllowedServerOrigin(origin) ? origin : undefined;
      } catch {
        enrolled = undefined;
      }
    },
    current() {
      return enrolled === undefined ? fallback : enrolled;
    },
    async set(origin) {
      if (origin !== null && !isAllowedServerOrigin(origin)) throw new Error(`not an allowed server origin: ${origin}`);
      await fs.mkdir(path.dirname(deps.filePath));
      const tmp = `${deps.filePath}.tmp`;
      await fs.writeFile(tmp, JSON.stringify({ origin }));
      await fs.rename(tmp, deps.filePath);
      enrolled = origin;
    },
  };
}
