/**
 * docs/sync-protocol.md is the contract a third-party client is written from, so it must not drift from the
 * code: its error tables match SYNC_ERROR_CODES / MUTATION_CODES, every JSON example validates against the
 * schema it names, the worked conflicts are exactly the ones merge.test.ts executes, every endpoint is
 * described, and docs/protocol-schemas.json is what the generator writes today.
 *
 * And the server answers what the document says, asked the way a client written only from the document
 * would ask (the real app on PGlite, over real HTTP): each endpoint's answer validates against the body the
 * endpoint table names, with its status; another `protocol` gets what §13 says; the event stream starts as
 * §7 says; the access token carries exactly the claims §4 lists; an oversize sign-in body is refused as §2
 * says. Each check reads the document's words, so changing either side alone fails here.
 */
import { signedRefreshBody, type TestDeviceKey } from '../../server/testing/deviceKey';
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { AUTH_BODY_LIMIT, ADMIN_BODY_LIMIT } from '../../server/limits';
import { openMigratedPglite } from '../../server/testing/backends';
import { DEFAULT_TEST_PASSWORD, HOOK_TIMEOUT_MS, startHarness, type Harness } from '../../server/testing/harness';
import { residentData } from '../../server/testing/sync-client';
import { createHlcClock } from '../../shared/hlc';
import { buildProtocolJsonSchemas } from '../../shared/sync/json-schemas';
import { WORKED_EXAMPLES } from '../../shared/sync/merge-examples';
import * as protocol from '../../shared/sync/protocol';
import * as directory from '../../shared/sync/directory';
import * as auditWire from '../../shared/sync/audit';
import { validateMutation } from '../../shared/sync/records';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const doc = readFileSync(root('docs/sync-protocol.md'), 'utf8');

/** The markdown between a heading line starting with `heading` and the next heading of that level or higher. */
function section(heading: string): string {
  const start = doc.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const level = heading.split(' ')[0] ?? '###';
  const rest = doc.slice(start + 1);
  const next = rest.slice(1).search(new RegExp(`\\n#{2,${level.length}} `));
  return next < 0 ? rest : rest.slice(0, next + 1);
}

/** Rows of the first table in `text` whose first cell is a `code`. */
function codeRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| `([a-z_]+)` \|(.*)\|$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    if (rows.has(m[1])) throw new Error(`code ${m[1]} listed twice`);
    rows.set(m[1], m[2].split('|').map((c) => c.trim()));
  }
  return rows;
}

interface JsonBlock {
  tag: string;
  json: unknown;
}

function jsonBlocks(): JsonBlock[] {
  const out: JsonBlock[] = [];
  for (const m of doc.matchAll(/```json ([A-Za-z-]+)\n([\s\S]*?)```/g)) {
    const [, tag, body] = m;
    if (tag === undefined || body === undefined) continue;
    out.push({ tag, json: JSON.parse(body) as unknown });
  }
  return out;
}

const SCHEMAS: Record<string, z.ZodMiniType> = {
  Mutation: protocol.Mutation,
  PushRequest: protocol.PushRequest,
  PushResponse: protocol.PushResponse,
  PullResponse: protocol.PullResponse,
  BootstrapLine: protocol.BootstrapLine,
  CompactBootstrapLine: protocol.CompactBootstrapLine,
  SyncEvent: protocol.SyncEvent,
  ErrorBody: protocol.ErrorBody,
  LoginRequest: protocol.LoginRequest,
  LoginResponse: protocol.LoginResponse,
  RefreshRequest: protocol.RefreshRequest,
  RefreshResponse: protocol.RefreshResponse,
  WipedRequest: protocol.WipedRequest,
  RecoveryKeyRequest: protocol.RecoveryKeyRequest,
  RecoveryKeyResponse: protocol.RecoveryKeyResponse,
  AdminDevice: protocol.AdminDevice,
  AdminCreateUserRequest: protocol.AdminCreateUserRequest,
  AdminUser: protocol.AdminUser,
  HealthResponse: protocol.HealthResponse,
  DirectoryResponse: directory.DirectoryResponse,
  AuditPage: auditWire.AuditPage,
  ViewEventsRequest: auditWire.ViewEventsRequest,
  ViewEventsResponse: auditWire.ViewEventsResponse,
};

describe('docs/sync-protocol.md', () => {
  it('lists every request error code with its HTTP status and retryability, and no other', () => {
    const rows = codeRows(section('### 14.1'));
    expect([...rows.keys()].sort()).toEqual(Object.keys(protocol.SYNC_ERROR_CODES).sort());
    for (const [code, info] of Object.entries(protocol.SYNC_ERROR_CODES)) {
      const [http, retryable, action] = rows.get(code) ?? [];
      expect(http, code).toBe(String(info.http));
      expect(retryable, code).toBe(info.retryable ? 'yes' : 'no');
      expect(action?.length ?? 0, code).toBeGreaterThan(10);
    }
  });

  it('lists every per-mutation code, and no other', () => {
    const rows = codeRows(section('### 14.2'));
    expect([...rows.keys()].sort()).toEqual(Object.keys(protocol.MUTATION_CODES).sort());
  });

  it('gives examples that validate against the schema they name', () => {
    const blocks = jsonBlocks().filter((b) => b.tag !== 'worked-example');
    expect(blocks.length).toBeGreaterThan(10);
    for (const b of blocks) {
      const schema = SCHEMAS[b.tag];
      if (!schema) throw new Error(`example tagged ${b.tag}: no schema of that name`);
      const r = schema.safeParse(b.json);
      expect(r.error?.issues ?? [], `${b.tag} ${JSON.stringify(b.json).slice(0, 80)}`).toEqual([]);
      if (b.tag === 'PushRequest') expect(protocol.parsePushRequest(b.json).ok).toBe(true);
      if (b.tag === 'CompactBootstrapLine') expect(protocol.parseBootstrapLine(b.json, { compactHlc: true })).not.toBeNull();
      if (b.tag === 'Mutation') expect(validateMutation(protocol.Mutation.parse(b.json))).toEqual({ ok: true });
    }
    for (const tag of ['PushRequest', 'PushResponse', 'PullResponse', 'BootstrapLine', 'ErrorBody', 'LoginResponse', 'RefreshResponse']) {
      expect(blocks.some((b) => b.tag === tag), tag).toBe(true);
    }
  });

  it('shows exactly the worked conflicts the merge tests execute', () => {
    const shown = jsonBlocks().filter((b) => b.tag === 'worked-example').map((b) => b.json);
    expect(shown).toEqual([...WORKED_EXAMPLES]);
  });

  it('describes every endpoint', () => {
    for (const e of Object.values(protocol.ENDPOINTS)) expect(doc).toContain(`\`${e.method} ${e.path}\``);
  });

  it('states the limits the code enforces', () => {
    expect(protocol.MAX_MUTATIONS_PER_PUSH).toBe(1000);
    expect(doc).toContain('| mutations per push | 1000 (`MAX_MUTATIONS_PER_PUSH`)');
    expect(doc).toContain(`2 MiB = ${protocol.MAX_PUSH_BYTES.toLocaleString('en')} bytes`);
    expect(doc).toContain(`default ${protocol.BOOTSTRAP_CHUNK_DEFAULT.toLocaleString('en')} (\`BOOTSTRAP_CHUNK_DEFAULT\`), at most ${protocol.BOOTSTRAP_CHUNK_MAX.toLocaleString('en')}`);
    expect(doc).toContain(`${protocol.BOOTSTRAP_BEHIND_ROWS.toLocaleString('en')} (\`BOOTSTRAP_BEHIND_ROWS\`)`);
    expect(doc).toContain(`default ${protocol.PULL_PAGE_DEFAULT.toLocaleString('en')} (\`PULL_PAGE_DEFAULT\`), at most ${protocol.PULL_PAGE_MAX.toLocaleString('en')}`);
  });
});

describe('docs/protocol-schemas.json', () => {
  it('is what scripts/gen-protocol-schemas.ts writes today', () => {
    const file = readFileSync(root('docs/protocol-schemas.json'), 'utf8');
    expect(file).toBe(JSON.stringify(buildProtocolJsonSchemas(), null, 2) + '\n');
  });

  it('has a schema for every body the doc names', () => {
    const bodies = Object.keys((buildProtocolJsonSchemas() as { bodies: Record<string, unknown> }).bodies);
    const named = [...section('## 3. Endpoints').matchAll(/\| `([A-Z][A-Za-z]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(10);
    for (const name of named) expect(bodies, String(name)).toContain(name);
  });
});

/** The endpoint table's response cell for `METHOD /path`: its status (200 unless noted) and body name. */
function documentedAnswer(method: string, path: string): { status: number; body: string | null } {
  const row = section('## 3. Endpoints')
    .split('\n')
    .find((l) => l.startsWith(`| \`${method} ${path}\` |`));
  if (row === undefined) throw new Error(`no row for ${method} ${path}`);
  const cell = row.split('|').map((c) => c.trim())[4] ?? '';
  const status = /^(\d{3})\b/.exec(cell)?.[1];
  const body = /`([A-Z][A-Za-z]+)`/.exec(cell)?.[1] ?? null;
  return { status: status === undefined ? 200 : Number(status), body };
}

/** The zod schema exported under a body name the document uses (shared/sync/protocol.ts, directory.ts, audit.ts). */
function schemaNamed(name: string): z.ZodMiniType {
  const s = ({ ...directory, ...auditWire, ...protocol } as unknown as Record<string, unknown>)[name];
  if (s === undefined || typeof (s as { safeParse?: unknown }).safeParse !== 'function') throw new Error(`no schema ${name} in protocol.ts, directory.ts or audit.ts`);
  return s as z.ZodMiniType;
}

describe('the server answers what docs/sync-protocol.md says', () => {
  let h: Harness;
  let base = '';
  let admin = '';
  let caregiver: { accessToken: string; refreshToken: string; deviceId: string; userId: string; key: TestDeviceKey };

  beforeAll(async () => {
    h = await startHarness({ kind: 'pglite', open: () => openMigratedPglite() } as never, { config: { rateLimit: { loginPerMinute: 1000, defaultPerMinute: 100_000 } }, communities: ['c-01'] });
    Object.defineProperty(h.clock, 'now', { get: () => Date.now(), configurable: true });
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    await h.makeUser('docadmin', 'admin');
    await h.makeUser('doccare', 'caregiver', ['c-01']);
    admin = (await h.login('docadmin')).accessToken;
    const s = await h.login('doccare');
    caregiver = { accessToken: s.accessToken, refreshToken: s.refreshToken, deviceId: s.deviceId, userId: s.user.id, key: s.key };
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await h.close();
  });

  async function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  async function expectDocumented(method: string, docPath: string, path: string, body?: unknown, token?: string): Promise<unknown> {
    const want = documentedAnswer(method, docPath);
    const got = await call(method, path, body, token);
    expect(got.status, `${method} ${docPath}: ${JSON.stringify(got.json).slice(0, 200)}`).toBe(want.status);
    if (want.body !== null) {
      const r = schemaNamed(want.body).safeParse(got.json);
      expect(r.error?.issues ?? [], `${method} ${docPath} answers ${want.body}`).toEqual([]);
    }
    return got.json;
  }

  it('answers each endpoint with the status and body its table row names', async () => {
    await expectDocumented('GET', '/health', '/health');
    await expectDocumented('POST', '/auth/login', '/auth/login', { username: 'doccare', password: DEFAULT_TEST_PASSWORD, deviceName: 'doc test' });
    await expectDocumented('GET', '/communities', '/communities', undefined, caregiver.accessToken);
    await expectDocumented('GET', '/directory', '/directory', undefined, caregiver.accessToken);
    await expectDocumented('POST', '/auth/recovery-key', '/auth/recovery-key', { deviceId: caregiver.deviceId }, caregiver.accessToken);
    const clientId = randomBytes(8).toString('hex');
    const hlc = createHlcClock(clientId, Date.now).tick();
    const push = { protocol: 1, schemaVersion: 1, clientId, mutations: [{ mid: 1, type: 'resident', id: randomUUID(), op: 'create', fields: residentData('c-01'), hlc, baseSeq: 0 }] };
    await expectDocumented('POST', '/sync/push', '/sync/push', push, caregiver.accessToken);
    await expectDocumented('GET', '/sync/pull', '/sync/pull?schemaVersion=1', undefined, caregiver.accessToken);
    await expectDocumented('GET', '/admin/users', '/admin/users', undefined, admin);
    const created = (await expectDocumented('POST', '/admin/users', '/admin/users', { username: 'docnew', password: 'a long passphrase', displayName: 'ใหม่', role: 'caregiver', communities: ['c-01'] }, admin)) as { user: { id: string } };
    await expectDocumented('PATCH', '/admin/users/:id', `/admin/users/${created.user.id}`, { displayName: 'ใหม่กว่า' }, admin);
    await expectDocumented('POST', '/admin/users/:id/password', `/admin/users/${created.user.id}/password`, { password: 'another long passphrase' }, admin);
    await expectDocumented('GET', '/admin/devices', '/admin/devices', undefined, admin);
    await expectDocumented('GET', '/admin/communities', '/admin/communities', undefined, admin);
    await expectDocumented('POST', '/admin/communities', '/admin/communities', { id: 'c-77', code: '77', nameTh: 'เจ็ดเจ็ด', nameEn: 'Seventy-seven' }, admin);
    const other = await h.login('doccare');
    await expectDocumented('POST', '/admin/devices/:id/revoke', `/admin/devices/${other.deviceId}/revoke`, { wipe: true }, admin);
    await expectDocumented('POST', '/audit/views', '/audit/views', { views: [{ id: randomUUID(), residentId: randomUUID(), page: 'profile', at: '2025-03-03T02:10:00.000Z' }] }, caregiver.accessToken);
    await expectDocumented('GET', '/admin/audit', '/admin/audit?action=record.&limit=5', undefined, admin);
    const csv = await fetch(`${base}/admin/audit/export?action=record.view`, { headers: { authorization: `Bearer ${admin}` } });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([documentedAnswer('GET', '/admin/audit/export').status, 'text/csv; charset=utf-8']);
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText.split('\r\n')[0]).toBe('\uFEFFid,at,client_at,user_id,device_id,action,record_type,record_id,outcome,request_id,detail');
    await expectDocumented('POST', '/auth/wiped', '/auth/wiped', { deviceId: other.deviceId, refreshToken: other.refreshToken });
    const refresh = await signedRefreshBody(caregiver.key, { ...caregiver, nowMs: Date.now(), origin: base });
    await expectDocumented('POST', '/auth/refresh', '/auth/refresh', refresh);
  }, 120_000);

  it('answers a push of another protocol as §13 says', async () => {
    const said = /another `protocol` is a body this server cannot read: (\d{3})\s+`([a-z_]+)`/.exec(section('## 13. Schema versions'));
    expect(said, '§13 states the answer to another protocol').not.toBeNull();
    const clientId = randomBytes(8).toString('hex');
    const hlc = createHlcClock(clientId, Date.now).tick();
    for (const version of [2, 0]) {
      const got = await call('POST', '/sync/push', { protocol: version, schemaVersion: 1, clientId, mutations: [{ mid: 1, type: 'resident', id: randomUUID(), op: 'create', fields: residentData('c-01'), hlc, baseSeq: 0 }] }, caregiver.accessToken);
      expect([got.status, (got.json as protocol.ErrorBody).error.code], `protocol ${version}`).toEqual([Number(said?.[1]), said?.[2]]);
    }
  });

  it('starts the event stream with the current head, as §7 says', async () => {
    expect(section('## 7. Change events')).toContain('The first event comes at once');
    const head = Number((await h.db.query<{ seq: number }>('SELECT seq FROM sync_counter WHERE id = 1')).rows[0]?.seq ?? -1);
    const ctrl = new AbortController();
    const res = await fetch(`${base}/sync/events`, { headers: { authorization: `Bearer ${caregiver.accessToken}`, accept: 'text/event-stream' }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    let text = '';
    while (reader && !text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    const data = /^event: changed\ndata: (.*)$/m.exec(text)?.[1];
    expect(protocol.SyncEvent.parse(JSON.parse(data ?? 'null'))).toEqual({ seq: head });
  });

  it('signs access tokens with exactly the claims §4 lists', async () => {
    const para = section('## 4. Authentication').split('**Access token.**')[1]?.split('Clients')[0] ?? '';
    const listed = [...para.matchAll(/`([a-z]+)(?::[^`]*)?`/g)].map((m) => m[1]).filter((c) => c !== 'expiresIn');
    const payload = JSON.parse(Buffer.from(caregiver.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual([...new Set(listed)].sort());
  });

  it('refuses an oversize sign-in or admin body as §2 says, without talking about mutations', async () => {
    const limits = section('## 2. Formats and limits');
    expect(limits).toContain(`| sign-in bodies (\`/auth/*\`) | ${AUTH_BODY_LIMIT / 1024} KiB | \`batch_too_large\` (413)`);
    expect(limits).toContain(`| admin bodies (\`/admin/*\`) | ${ADMIN_BODY_LIMIT / 1024} KiB | \`batch_too_large\` (413)`);
    const huge = JSON.stringify({ username: 'doccare', password: 'x'.repeat(20 * 1024 * 1024), deviceName: 'd' });
    for (const [path, token] of [['/auth/login', undefined], ['/admin/users', admin]] as const) {
      const got = await call('POST', path, huge, token);
      expect(got.status, path).toBe(413);
      const e = (got.json as protocol.ErrorBody).error;
      expect(e.code, path).toBe('batch_too_large');
      expect(e.message, path).not.toMatch(/mutation/);
    }
  }, 60_000);
});
