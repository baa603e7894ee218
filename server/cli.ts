/**
 * Server administration from the shell (same DATABASE_URL / DATA_DIR as the server; migrations run first):
 *
 *   npm run server:create-admin -- --username somchai --password '<8–128 chars>' [--display-name 'Somchai']
 *   npm run server:seed-demo      communities of the first site + demo users admin, cm, cg1 (printed)
 *   npm run server:backup -- --out <file>    encrypted backup (pg_dump, or the PGlite data folder)
 *   npm run server:restore -- --in <file>    verifies the whole file, then restores into an empty database
 *
 * Backup and restore take the passphrase from CARE_ROUNDS_BACKUP_PASSPHRASE or ask for it on the terminal
 * (server/passphrasePrompt.ts); neither runs migrations (docs/security.md §3 "Backups").
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT_DIR } from './config';
import { openDb } from './db/db';
import { migrate } from './db/migrate';
import { SyncError } from '../shared/sync/protocol';
import { createAdmin, seedDemo } from './seed';
import { BackupError } from '../shared/backup/format';
import { backupServer, restoreServer, type BackupTarget } from './backup';
import { PassphraseInputError, readPassphrase } from './passphrasePrompt';
import '../shared/zodEnglish';

const USAGE = `usage:
  tsx server/cli.ts create-admin --username <name> --password <password> [--display-name <name>]
  tsx server/cli.ts seed-demo
  tsx server/cli.ts backup --out <file>
  tsx server/cli.ts restore --in <file>`;

const BACKUP_MESSAGES: Record<BackupError['code'], string> = {
  backup_wrong_key: 'wrong passphrase: nothing was restored',
  backup_corrupt: 'the backup file is damaged or was changed: nothing was restored',
  backup_wrong_kind: 'this backup is for the other database back end (PGlite vs PostgreSQL): nothing was restored',
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const env = process.env;
  const open = async () => {
    const db = await openDb({
      databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined,
      dataDir: env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : path.join(ROOT_DIR, '.data', 'pglite'),
    });
    await migrate(db);
    return db;
  };

  const target = (): BackupTarget => ({
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined,
    dataDir: env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : path.join(ROOT_DIR, '.data', 'pglite'),
  });

  switch (command) {
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } }, strict: true });
      if (!values.out) {
        console.error(USAGE);
        return 2;
      }
      const result = await backupServer(target(), await readPassphrase(env, true), values.out);
      console.log(`backup written: ${values.out} (${result.kind}, ${result.bytes} bytes)`);
      return 0;
    }
    case 'restore': {
      const { values } = parseArgs({ args: rest, options: { in: { type: 'string' } }, strict: true });
      if (!values.in) {
        console.error(USAGE);
        return 2;
      }
      try {
        const result = await restoreServer(target(), await readPassphrase(env, false), values.in);
        console.log(`restored ${result.kind} backup ${values.in}`);
        return 0;
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        console.error(`error: ${BACKUP_MESSAGES[error.code]}`);
        return 1;
      }
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' } },
        strict: true,
      });
      if (!values.username || !values.password) {
        console.error(USAGE);
        return 2;
      }
      const db = await open();
      try {
        const user = await createAdmin(db, {
          username: values.username,
          password: values.password,
          ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
        });
        console.log(`created admin ${user.username} (${user.id})`);
        return 0;
      } finally {
        await db.close();
      }
    }
    case 'seed-demo': {
      const db = await open();
      try {
        const report = await seedDemo(db);
        console.log(`communities created: ${report.communitiesCreated}`);
        console.log('demo users (username / password / role / communities):');
        for (const u of report.users) {
          console.log(`  ${u.username} / ${u.password} / ${u.role} / ${u.communities.join(',') || 'all'}${u.created ? '' : ' (already existed)'}`);
        }
        return 0;
      } finally {
        await db.close();
      }
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof SyncError || error instanceof PassphraseInputError ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
