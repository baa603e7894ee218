/**
 * docs/sync-protocol.md is the contract a third-party client is written from, so it must not drift from the
 * code: its error tables match SYNC_ERROR_CODES / MUTATION_CODES, every JSON example validates against the
 * schema it names, the worked conflicts are exactly the ones merge.test.ts executes, every endpoint is
 * described, and docs/protocol-schemas.json is what the generator writes today.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildProtocolJsonSchemas } from '../../shared/sync/json-schemas';
import { WORKED_EXAMPLES } from '../../shared/sync/merge-examples';
import * as protocol from '../../shared/sync/protocol';
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

const SCHEMAS: Record<string, z.ZodType> = {
  Mutation: protocol.Mutation,
  PushRequest: protocol.PushRequest,
  PushResponse: protocol.PushResponse,
  PullResponse: protocol.PullResponse,
  BootstrapLine: protocol.BootstrapLine,
  SyncEvent: protocol.SyncEvent,
  ErrorBody: protocol.ErrorBody,
  LoginRequest: protocol.LoginRequest,
  LoginResponse: protocol.LoginResponse,
  RefreshRequest: protocol.RefreshRequest,
  RefreshResponse: protocol.RefreshResponse,
  AdminCreateUserRequest: protocol.AdminCreateUserRequest,
  AdminUser: protocol.AdminUser,
  HealthResponse: protocol.HealthResponse,
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
