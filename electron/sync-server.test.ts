import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSyncServerStore } from './sync-server';

async function tempFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'cr-sync-server-')), 'nested', 'sync-server.json');
}

describe('sync server store', () => {
  it('uses the start-up default until a server is enrolled, then the enrolled one across restarts', async () => {
    const filePath = await tempFile();
    const store = createSyncServerStore({ filePath, defaultOrigin: 'http://127.0.0.1:8080' });
    await store.load();
    expect(store.current()).toBe('http://127.0.0.1:8080');
    await store.set('https://care.example.go.th');
    expect(store.current()).toBe('https://care.example.go.th');

    const restarted = createSyncServerStore({ filePath, defaultOrigin: 'http://127.0.0.1:8080' });
    await restarted.load();
    expect(restarted.current()).toBe('https://care.example.go.th');
  });

  it('remembers an explicit "no server" over the default', async () => {
    const filePath = await tempFile();
    const store = createSyncServerStore({ filePath, defaultOrigin: 'http://127.0.0.1:8080' });
    await store.load();
    await store.set(null);
    const restarted = createSyncServerStore({ filePath, defaultOrigin: 'http://127.0.0.1:8080' });
    await restarted.load();
    expect(restarted.current()).toBeNull();
  });

  it('refuses origins the CSP must not allow, and keeps the previous one', async () => {
    const store = createSyncServerStore({ filePath: await tempFile() });
    await store.load();
    await store.set('https://care.example.go.th');
    for (const bad of ['http://care.example.go.th', 'https://care.example.go.th/path', 'javascript:alert(1)', "https://a.th 'unsafe-inline'"]) {
      await expect(store.set(bad)).rejects.toThrow(/not an allowed server origin/);
    }
    expect(store.current()).toBe('https://care.example.go.th');
  });

  it('treats a hand-edited file with a plain-http remote origin as nothing enrolled', async () => {
    const filePath = await tempFile();
    const store = createSyncServerStore({ filePath });
    await store.load();
    await store.set('https://care.example.go.th');
    await writeFile(filePath, JSON.stringify({ origin: 'http://evil.example' }));
    const restarted = createSyncServerStore({ filePath });
    await restarted.load();
    expect(restarted.current()).toBeNull();
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({ origin: 'http://evil.example' });
  });

  it('ignores a default that is not an allowed origin', async () => {
    const store = createSyncServerStore({ filePath: await tempFile(), defaultOrigin: 'http://10.0.0.5:8080' });
    await store.load();
    expect(store.current()).toBeNull();
  });
});
