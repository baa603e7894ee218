/**
 * `npm run server`: the municipal server. Environment:
 *   PORT (8080), HOST (127.0.0.1), DATABASE_URL (PostgreSQL; absent = embedded PGlite),
 *   DATA_DIR (PGlite data folder, default .data/pglite), JWT_SECRET (≥ 32 bytes; absent = the key file
 *   JWT_KEY_FILE, default jwt.key beside the data folder, created 0600 on first start: server/jwtKey.ts), RENDERER_DIR (default dist/renderer), UPDATES_DIR (the desktop app's
 *   update feed: latest.yml, latest-linux.yml and the installers, served at /updates/; absent = none), TRUST_PROXY (address/CIDR of our TLS
 *   proxy; absent = X-Forwarded-* ignored), EXPORTS_PER_HOUR (exports of personal data per user in any hour, default
 *   30: server/exportLimit.ts), LOG_LEVEL (info), CARE_ROUNDS_DEMO=1 (`npm start`: create the
 *   demo communities, users and 200 fictitious residents when missing, and print the sign-ins; never in production).
 *
 * Start-up runs the migrations (a changed or missing applied migration stops it), then rebuilds the report
 * facts when they are from another facts version or hold no projector checkpoint (server/reports/projection.ts).
 * SIGINT/SIGTERM close the listener, let in-flight requests finish (app.close, which also waits for the report
 * projector's run in flight), then close the database.
 */
import path from 'node:path';
import { buildServer } from './app';
import { DEFAULT_EXPORTS_PER_HOUR, DEFAULT_RATE_LIMIT, defaultConfig, ROOT_DIR } from './config';
import { openDb } from './db/db';
import { migrate } from './db/migrate';
import { defaultKeyFile, resolveJwtSecret } from './jwtKey';
import { ensureReportFacts } from './reports/projection';
import { seedDemo, seedDemoRecords } from './seed';

async function main(): Promise<void> {
  const env = process.env;
  const port = Number.parseInt(env.PORT ?? '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT is not a port number: ${env.PORT}`);
  const host = env.HOST ?? '127.0.0.1';
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined;
  const dataDir = env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : path.join(ROOT_DIR, '.data', 'pglite');

  const db = await openDb({ databaseUrl, dataDir });
  const applied = await migrate(db);
  // Facts of records written before this server version knew them (or by another facts version).
  const rebuiltFacts = await ensureReportFacts(db);
  const keyFile = env.JWT_KEY_FILE && env.JWT_KEY_FILE !== '' ? env.JWT_KEY_FILE : defaultKeyFile(dataDir);
  const jwtSecret = await resolveJwtSecret(db, { envSecret: env.JWT_SECRET, keyFile });
  const demo = env.CARE_ROUNDS_DEMO === '1' ? await seedDemo(db) : null;
  const demoRecords = demo ? await seedDemoRecords(db, { residents: 200 }) : null;
  const exportsPerHour = env.EXPORTS_PER_HOUR && env.EXPORTS_PER_HOUR !== '' ? Number(env.EXPORTS_PER_HOUR) : DEFAULT_EXPORTS_PER_HOUR;
  if (!Number.isInteger(exportsPerHour) || exportsPerHour < 1) throw new Error(`EXPORTS_PER_HOUR is not a whole number of 1 or more: ${env.EXPORTS_PER_HOUR}`);
  const config = defaultConfig({
    jwtSecret,
    rateLimit: { ...DEFAULT_RATE_LIMIT, exportsPerHour },
    logger: true,
    rendererDir: env.RENDERER_DIR ?? path.join(ROOT_DIR, 'dist', 'renderer'),
    updatesDir: env.UPDATES_DIR && env.UPDATES_DIR !== '' ? env.UPDATES_DIR : undefined,
    trustProxy: env.TRUST_PROXY && env.TRUST_PROXY !== '' ? env.TRUST_PROXY : false,
  });
  const app = await buildServer({ db, config });
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
  if (rebuiltFacts) app.log.info('report facts rebuilt from the records');
  app.log.info({ db: db.kind, dataDir: db.kind === 'pglite' ? dataDir : undefined }, 'database ready');

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // A client that never finishes its request must not keep the process alive forever.
    setTimeout(() => app.server.closeAllConnections(), 30_000).unref();
    app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const address = await app.listen({ port, host });
  if (demo) {
    // For the person who just ran `npm start`: plain lines, not log records.
    const lines = [
      `CareRounds server (demo data, ${db.kind === 'pglite' ? `PGlite in ${dataDir}` : 'PostgreSQL'}): ${address}`,
      demoRecords
        ? `  loaded ${demoRecords.residents} fictitious residents with ${demoRecords.assessments} ADL assessments, ${demoRecords.visits} home visits and ${demoRecords.carePlans} approved care plans`
        : '  demo residents already loaded',
      '  sign in with (username / password / role / communities):',
      ...demo.users.map((u) => `    ${u.username} / ${u.password} / ${u.role} / ${u.communities.join(', ') || 'all'}`),
    ];
    console.log(lines.join('\n'));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
