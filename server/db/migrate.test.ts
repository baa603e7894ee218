import { describe, expect, it } from 'vitest';
import { describeBackends } from '../testing/backends';
import { checksum, loadMigrations, migrate, MigrationError } from './migrate';
import { Mutex } from './db';

describeBackends('migrations', (backend) => {
  it('apply once, then a second run is a no-op', async () => {
    const db = await backend.open({ migrate: false });
    const files = await loadMigrations();
    expect(files.map((f) => f.name)[0]).toBe('001_init.sql');
    expect(await migrate(db)).toEqual(files.map((f) => f.name));
    expect(await migrate(db)).toEqual([]);
    const rows = (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY name')).rows;
    expect(rows).toEqual(files.map((f) => ({ name: f.name, checksum: checksum(f.sql) })));
    expect((await db.query<{ seq: number }>('SELECT seq FROM sync_counter')).rows).toEqual([{ seq: 0 }]);
  });

  it('refuses to run when an applied migration was changed', async () => {
    const db = await backend.open({ migrate: false });
    const base = [{ name: '001_a.sql', sql: 'CREATE TABLE a (x int);' }];
    await migrate(db, base);
    await expect(migrate(db, [{ name: '001_a.sql', sql: 'CREATE TABLE a (x bigint);' }])).rejects.toThrow(MigrationError);
    await expect(migrate(db, [{ name: '001_a.sql', sql: 'CREATE TABLE a (x bigint);' }])).rejects.toThrow(/checksum/);
  });

  it('refuses to run when an applied migration disappeared', async () => {
    const db = await backend.open({ migrate: false });
    await migrate(db, [
      { name: '001_a.sql', sql: 'CREATE TABLE a (x int);' },
      { name: '002_b.sql', sql: 'CREATE TABLE b (x int);' },
    ]);
    await expect(migrate(db, [{ name: '001_a.sql', sql: 'CREATE TABLE a (x int);' }])).rejects.toThrow(/002_b.sql is missing/);
  });

  it('a failing migration leaves nothing behind and later ones unapplied', async () => {
    const db = await backend.open({ migrate: false });
    const list = [
      { name: '001_a.sql', sql: 'CREATE TABLE a (x int);' },
      { name: '002_b.sql', sql: 'CREATE TABLE b (x int); SELECT * FROM no_such_table;' },
      { name: '003_c.sql', sql: 'CREATE TABLE c (x int);' },
    ];
    await expect(migrate(db, list)).rejects.toThrow();
    const names = (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name);
    expect(names).toEqual(['001_a.sql']);
    const tables = (await db.query<{ t: string | null }>("SELECT to_regclass('b')::text AS t")).rows[0];
    expect(tables?.t).toBeNull();
  });

  it('applies new migrations added later, in name order', async () => {
    const db = await backend.open({ migrate: false });
    await migrate(db, [{ name: '001_a.sql', sql: 'CREATE TABLE a (x int);' }]);
    const applied = await migrate(db, [
      { name: '003_c.sql', sql: 'ALTER TABLE b ADD COLUMN y int;' },
      { name: '001_a.sql', sql: 'CREATE TABLE a (x int);' },
      { name: '002_b.sql', sql: 'CREATE TABLE b (x int);' },
    ]);
    expect(applied).toEqual(['002_b.sql', '003_c.sql']);
  });

  it('transactions roll back on error and commit on success', async () => {
    const db = await backend.open();
    await db.query("INSERT INTO server_settings (key, value) VALUES ('k1', 'v1')");
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO server_settings (key, value) VALUES ('k2', 'v2')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const keys = (await db.query<{ key: string }>("SELECT key FROM server_settings WHERE key LIKE 'k%' ORDER BY key")).rows.map((r) => r.key);
    expect(keys).toEqual(['k1']);
  });

  it('plain queries never run inside another caller’s open transaction', async () => {
    const db = await backend.open();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query("INSERT INTO server_settings (key, value) VALUES ('in_tx', '1')");
      await gate;
      throw new Error('rollback');
    });
    // Issued while the transaction is open; on PGlite it must wait, on PostgreSQL it runs on another connection.
    const outside = db.query("INSERT INTO server_settings (key, value) VALUES ('outside', '1')");
    release();
    await expect(tx).rejects.toThrow('rollback');
    await outside;
    const keys = (await db.query<{ key: string }>("SELECT key FROM server_settings WHERE key IN ('in_tx', 'outside') ORDER BY key")).rows.map((r) => r.key);
    expect(keys).toEqual(['outside']);
  });
});

describe('Mutex', () => {
  it('runs critical sections one at a time, in order, surviving failures', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const step = (name: string, fail = false) =>
      m.run(async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([step('a'), step('b', true), step('c')]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
