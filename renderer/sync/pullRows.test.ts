import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { formatHlc, parseHlc } from '../../shared/hlc';
import type { Change } from '../../shared/sync/protocol';
import { openStore, type CareRoundsDb } from '../db/db';
import { readDevice, readHlcState } from '../db/meta';
import { createRecord } from '../db/repository';
import { buildProfile, freshDbName } from '../db/testing';
import { receiveClock } from './pullRows';

const opened: CareRoundsDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<CareRoundsDb> {
  const result = await openStore(freshDbName('receive'));
  if (!result.ok) throw new Error(result.detail);
  opened.push(result.db);
  return result.db;
}

const NOW = Date.UTC(2025, 5, 1, 3, 0, 0);
const OTHER_NODE = '0123456789abcdef';
/** Only the stamps matter to the receive step. */
const pulled = (...stamps: string[]): Change[] => stamps.map((h, i) => ({ hlc: { firstName: h, [`f${i}`]: h } }) as unknown as Change);
const stamp = (millis: number, counter: number, node = OTHER_NODE): string => formatHlc({ millis, counter, node });
const resident = { ...buildProfile(), status: 'active' as const, statusDate: null, statusReason: '', latestAdl: null };

async function receive(db: CareRoundsDb, changes: Change[], now = NOW): Promise<void> {
  await db.transaction('rw', db.meta, () => receiveClock(db, changes, now));
}

/** The stamp of the next local change, written at `now`. */
async function nextLocalStamp(db: CareRoundsDb, now = NOW): Promise<string> {
  const r = await createRecord(db, 'residents', resident, { userId: 'u', now: () => now });
  return r.hlc.firstName ?? '';
}

describe('receiveClock', () => {
  it('moves the clock above the greatest pulled stamp, so the next local change is stamped after it', async () => {
    const db = await freshDb();
    const ahead = stamp(NOW + 60_000, 5); // another device's clock, a minute ahead
    await receive(db, pulled(stamp(NOW - 1000, 0), ahead, stamp(NOW + 30_000, 9)));
    const next = await nextLocalStamp(db);
    expect(next > ahead).toBe(true);
    expect(parseHlc(next)).toEqual({ millis: NOW + 60_000, counter: 7, node: (await readDevice(db))?.clientId });
  });

  it('keeps a clock that is already ahead strictly increasing (the shared receive step, not a copy of it)', async () => {
    const db = await freshDb();
    const first = await nextLocalStamp(db, NOW + 120_000);
    await receive(db, pulled(stamp(NOW, 3)));
    const after = await nextLocalStamp(db, NOW);
    expect(after > first).toBe(true);
    // receive issued a stamp of its own between the two local ones, as shared/hlc.ts receive() does
    expect(parseHlc(after)).toMatchObject({ millis: NOW + 120_000, counter: 2 });
  });

  it('skips a stamp too far ahead of the wall clock and malformed ones; the clock stays where it was', async () => {
    const db = await freshDb();
    await nextLocalStamp(db);
    const before = await readHlcState(db);
    await receive(db, pulled(stamp(NOW + 6 * 60_000, 0)));
    await receive(db, pulled('2025-02-30T00:00:00.000Z-0000-0123456789abcdef'));
    await receive(db, []);
    expect(await readHlcState(db)).toEqual(before);
  });

  it('works on a device that has not written anything yet', async () => {
    const db = await freshDb();
    expect(await readHlcState(db)).toBeUndefined();
    const remote = stamp(NOW - 5000, 4);
    await receive(db, pulled(remote));
    const next = await nextLocalStamp(db, NOW - 10_000); // even with a wall clock behind the pulled stamp
    expect(next > remote).toBe(true);
  });
});
