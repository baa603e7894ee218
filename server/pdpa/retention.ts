/**
 * The retention job (docs/security.md §6): residents archived longer than the retention setting are erased
 * as an approved request would erase them (purge.ts), recorded as source 'retention'. Archived = moved or
 * died (their status date), or deleted from the register (the tombstone's date). The clock is injected.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_RETENTION, isPastRetention, retentionRunSchema, retentionSettingSchema, type RetentionRun, type RetentionSetting } from '../../shared/pdpa/erasure';
import { todayBangkok } from '../../shared/dates/thaiDate';
import type { AppContext } from '../context';
import type { Db } from '../db/db';
import { readHead } from '../sync/pull';
import { purgeResident, residentHash } from './purge';

export const RETENTION_SETTING_KEY = 'pdpa_retention';
export const RETENTION_LAST_RUN_KEY = 'pdpa_retention_last_run';

export async function readRetention(db: Db): Promise<RetentionSetting> {
  const row = (await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [RETENTION_SETTING_KEY])).rows[0];
  if (!row) return DEFAULT_RETENTION;
  let value: unknown = null;
  try {
    value = JSON.parse(row.value);
  } catch {
    // an unreadable value is read as the default, like an invalid one
  }
  const parsed = retentionSettingSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_RETENTION;
}

export async function writeRetention(db: Db, setting: RetentionSetting): Promise<void> {
  await db.query(
    'INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
    [RETENTION_SETTING_KEY, JSON.stringify(setting)],
  );
}

/** The Bangkok date a resident row was archived on, or null while it is on the register. */
function archivedOn(r: { data: Record<string, unknown>; deleted_at: string | null }): string | null {
  if (r.deleted_at !== null) return todayBangkok(new Date(r.deleted_at.slice(0, 24)));
  const status = r.data.status;
  const date = r.data.statusDate;
  return (status === 'moved' || status === 'died') && typeof date === 'string' ? date : null;
}

/** Erases every resident past retention on the Bangkok date of `now`; returns their ids, sorted. */
export async function runRetention(db: Db, now: number): Promise<string[]> {
  const setting = await readRetention(db);
  const today = todayBangkok(new Date(now));
  const rows = (await db.query<{ id: string; data: Record<string, unknown>; deleted_at: string | null }>(
    `SELECT id, data, deleted_at FROM records WHERE type = 'resident'
       AND (deleted_at IS NOT NULL OR data ->> 'status' IN ('moved', 'died')) ORDER BY id`,
  )).rows;
  const expired = rows.filter((r) => {
    const on = archivedOn(r);
    return on !== null && isPastRetention(on, setting, today);
  });
  for (const r of expired) {
    await db.transaction(async (tx) => {
      const result = await purgeResident(tx, r.id, { userId: null, deviceId: null, requestId: null, action: 'pdpa.retention' }, now);
      if (result === null) return;
      await tx.query(
        `INSERT INTO erasure_requests (id, resident_id, resident_hash, requested_by, requested_on, reason, recorded_by, recorded_at, status, approved_by, approved_at, source)
         VALUES ($1, NULL, $2, 'retention', $3, $4, NULL, $5, 'erased', NULL, $5, 'retention')`,
        [randomUUID(), residentHash(r.id), today, `archived more than ${setting.archivedYears} years`, new Date(now)],
      );
    });
  }
  return expired.map((r) => r.id);
}

export async function readLastRetentionRun(db: Db): Promise<RetentionRun | null> {
  const row = (await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [RETENTION_LAST_RUN_KEY])).rows[0];
  if (!row) return null;
  try {
    const parsed = retentionRunSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // unreadable: as if it never ran, so the next check runs it
  }
}

/**
 * The retention job as the endpoint and the daily upkeep run it: erases (each erasure audited as
 * `pdpa.retention` by purge.ts), tells devices to pull, and records the run.
 */
export async function runRetentionNow(ctx: AppContext, by: RetentionRun['by']): Promise<RetentionRun> {
  const now = ctx.now();
  const erased = await runRetention(ctx.db, now);
  if (erased.length > 0) ctx.events.emit('changed', await readHead(ctx.db));
  const run: RetentionRun = { at: new Date(now).toISOString(), erased: erased.length, by };
  await ctx.db.query(
    'INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
    [RETENTION_LAST_RUN_KEY, JSON.stringify(run)],
  );
  return run;
}
