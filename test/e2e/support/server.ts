/**
 * A real municipal server for e2e suites: server/app.ts on a fresh in-memory PGlite, migrated, serving the
 * built renderer at `/` over real HTTP on 127.0.0.1. The app opened at `url` is same-origin with the server,
 * so it finds the server by itself and shows the sign-in screen, exactly as staff using a browser see it.
 */
import { randomBytes } from 'node:crypto';
import { buildServer } from '../../../server/app';
import { defaultConfig } from '../../../server/config';
import type { Db } from '../../../server/db/db';
import { migrate } from '../../../server/db/migrate';
import { openMigratedPglite } from '../../../server/testing/backends';
import { createCommunity, createUser, type Role, type User } from '../../../server/users';
import { SEED_COMMUNITIES } from '../../../shared/reference/communities';
import { RENDERER_DIST } from './build';

export const E2E_PASSWORD = 'e2e-password-1';

export interface E2eServer {
  url: string;
  db: Db;
  makeUser(username: string, role: Role, communities?: string[], password?: string): Promise<User>;
  close(): Promise<void>;
}

export async function startE2eServer(opts: { rendererDir?: string } = {}): Promise<E2eServer> {
  // Cloned from the test suites' cached migrated template: initdb takes tens of seconds on a busy machine.
  const db = await openMigratedPglite();
  await migrate(db);
  for (const c of SEED_COMMUNITIES) await createCommunity(db, { id: c.id, code: c.code, nameTh: c.nameTh, nameEn: c.nameEn }, { ifMissing: true });
  const config = defaultConfig({ jwtSecret: randomBytes(32), rendererDir: opts.rendererDir ?? RENDERER_DIST, logger: false });
  const app = await buildServer({ db, config });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    db,
    makeUser: (username, role, communities = [], password = E2E_PASSWORD) =>
      createUser(db, { username, password, displayName: username.toUpperCase(), role, communities }),
    async close() {
      await app.close();
      await db.close();
    },
  };
}
