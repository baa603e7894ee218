/**
 * Every synced type of the shared registry (SYNC_TYPES) is wired into the device store: its table exists in
 * the current schema, it is found by bucket or through its resident by an index that exists, the repository
 * and the outbox name the same table, and the client maps that table back to the type.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_TYPE_NAMES, SYNC_TYPES, TABLE_OF_TYPE, TYPE_OF_TABLE, syncTypeOfTable } from '../../shared/sync/records';
import { openStore, type CareRoundsDb } from './db';
import { BUCKET_INDEXED, RESIDENT_INDEX, SYNCED_TABLE_NAMES } from './outbox';
import { tableOf } from './repository';
import { freshDbName } from './testing';

let db: CareRoundsDb;

beforeAll(async () => {
  const opened = await openStore(freshDbName('registry'));
  if (!opened.ok) throw new Error(opened.code);
  db = opened.db;
});

afterAll(() => db.close());

/** Index names of a table in the opened (current) schema, compound ones as `[a+b]`. */
function indexes(table: string): string[] {
  return db.table(table).schema.indexes.map((i) => i.name);
}

describe('the shared registry wires every synced type into the store', () => {
  it('lists each type once, and the store syncs exactly the registry tables', () => {
    expect(new Set(SYNC_TYPE_NAMES).size).toBe(SYNC_TYPE_NAMES.length);
    expect([...SYNCED_TABLE_NAMES].sort()).toEqual(SYNC_TYPE_NAMES.map((t) => SYNC_TYPES[t].table).sort());
  });

  for (const type of SYNC_TYPE_NAMES) {
    it(`${type}: table, index and outbox wiring`, () => {
      const def = SYNC_TYPES[type];
      expect(def.type).toBe(type);
      const table = def.table;
      // The table exists in the current schema and the repository writes to it.
      expect(db.tables.map((t) => t.name)).toContain(table);
      expect(tableOf(db, table).name).toBe(table);
      // Pull maps the type to the table, push maps the outbox entry's table back to the type.
      expect(TABLE_OF_TYPE[type]).toBe(table);
      expect(TYPE_OF_TABLE[table]).toBe(type);
      expect(syncTypeOfTable(table)).toBe(type);
      // Found for eviction and moves: through its resident, or by bucket.
      if (def.parentField === 'residentId') {
        const index = RESIDENT_INDEX[table];
        expect(index, `${table} needs a resident index`).toBeDefined();
        expect(indexes(table)).toContain(index);
        expect(index?.replace(/^\[/, '').startsWith('residentId')).toBe(true);
      } else {
        expect(RESIDENT_INDEX[table]).toBeUndefined();
        expect(BUCKET_INDEXED).toContain(table);
      }
      if (BUCKET_INDEXED.includes(table)) expect(indexes(table)).toContain('bucket');
    });
  }

  it('knows no table outside the registry', () => {
    expect(syncTypeOfTable('outbox')).toBeNull();
    expect(syncTypeOfTable('toString')).toBeNull();
  });
});
