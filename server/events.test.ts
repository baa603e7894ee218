import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvent } from '../shared/sync/protocol';
import { ROOT_DIR } from './config';
import { describeBackends } from './testing/backends';
import { HOOK_TIMEOUT_MS, startHarness, type Harness, type Session } from './testing/harness';
import { newId, residentData, TestSyncClient } from './testing/sync-client';

/** Reads server-sent events from a fetch body. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(timeoutMs = 5000): Promise<{ event: string; data: string } | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue; // heartbeat comment
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
          return { event, data };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left))]);
        if (chunk === 'timeout') throw new Error('no event in time');
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describeBackends('server-sent events and graceful shutdown', (backend) => {
  let h: Harness;
  let cm: Session;
  let base: string;
  let slowDone = false;

  beforeAll(async () => {
    h = await startHarness(backend, {
      // A deliberately slow route, to watch an in-flight request survive close().
      beforeReady: (app) =>
        app.get('/test/slow', async () => {
          await new Promise((r) => setTimeout(r, 400));
          slowDone = true;
          return { done: true };
        }),
    });
    await h.makeUser('cm', 'care_manager');
    cm = await h.login('cm');
  }, HOOK_TIMEOUT_MS);
  afterAll(() => h.close());

  it('tells an open stream the latest seq, then each committed push', async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;

    const res = await fetch(`${base}/sync/events`, { headers: { authorization: `Bearer ${cm.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    if (!res.body) throw new Error('no body');
    const events = eventReader(res.body);
    const first = await events.next();
    expect(first?.event).toBe('changed');
    const start = SyncEvent.parse(JSON.parse(first?.data ?? '')).seq;

    const client = new TestSyncClient(h, cm);
    const pushed = await client.push([client.mutation('resident', newId(), 'create', residentData('c-01'))]);
    const seq = (pushed.results[0] as { seq: number }).seq;
    expect(seq).toBeGreaterThan(start);
    const next = await events.next();
    expect(next).toEqual({ event: 'changed', data: JSON.stringify({ seq }) });

    // A refused push commits nothing and announces nothing.
    const refused = await client.pushRaw([client.mutation('resident', newId(), 'create', residentData('c-01'))], { schemaVersion: 99 });
    expect(refused.statusCode).toBe(409);
    await expect(events.next(300)).rejects.toThrow('no event in time');

    const anon = await fetch(`${base}/sync/events`);
    expect(anon.status).toBe(401);

    // close(): open streams end, an in-flight request still completes.
    // Every route is authenticated (server/auth/access.ts), this test-only one included.
    const slow = fetch(`${base}/test/slow`, { headers: { authorization: `Bearer ${cm.accessToken}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    await new Promise((r) => setTimeout(r, 100));
    const closing = h.app.close();
    expect(await events.next()).toBeNull();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    expect(slowDone).toBe(true);
    await closing;
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

describe('server/main.ts and server/cli.ts as processes (PGlite in a data folder)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'carerounds-main-'));
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');
  const env = (extra: Record<string, string>) => {
    const e: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL') e[k] = v;
    return { ...e, DATA_DIR: path.join(dataDir, 'pglite'), ...extra };
  };
  const run = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(tsx, args, { cwd: ROOT_DIR, env: env(extra) });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => resolve({ code, out }));
    });

  it('seeds demo users, creates an admin, serves, and shuts down cleanly on SIGTERM keeping the data', async () => {
    const seed = await run(['server/cli.ts', 'seed-demo']);
    expect(seed.code, seed.out).toBe(0);
    expect(seed.out).toMatch(/cg1 \/ cg-demo-pass \/ caregiver \/ c-01,c-02/);
    const again = await run(['server/cli.ts', 'seed-demo']);
    expect(again.out).toMatch(/already existed/);
    const admin = await run(['server/cli.ts', 'create-admin', '--username', 'somchai', '--password', 'a long admin password']);
    expect(admin.code, admin.out).toBe(0);
    const weak = await run(['server/cli.ts', 'create-admin', '--username', 'weak', '--password', 'password']);
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/password/);

    const port = await freePort();
    const child = spawn(tsx, ['server/main.ts'], { cwd: ROOT_DIR, env: env({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }) });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let health: Response | null = null;
    for (let i = 0; i < 600 && health === null; i++) {
      health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
      if (health === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status, out).toBe(200);
    expect(await health?.json()).toMatchObject({ status: 'ok', db: 'pglite' });
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'somchai', password: 'a long admin password', deviceName: 'smoke' }),
    });
    expect(login.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);
  }, 180_000);
});
