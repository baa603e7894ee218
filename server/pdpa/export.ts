/**
 * The complete export of one person's data (docs/security.md §6): read from the server, so it holds every
 * record whatever part of the register the requesting device syncs. Rows of the resident (records whose
 * resident is them, round visits naming them) and their photos; nothing of anybody else.
 */
import { SUBJECT_EXPORT_FORMAT, type SubjectExport } from '../../shared/pdpa/export';
import type { Db } from '../db/db';

interface Row {
  type: string;
  id: string;
  data: Record<string, unknown>;
  deleted_at: string | null;
  created_at: string;
  created_by: string;
}

/** The export, or null when the server holds no such resident. */
export async function exportResident(db: Db, residentId: string, now: number): Promise<SubjectExport | null> {
  const rows = (await db.query<Row>(
    `SELECT type, id, data, deleted_at, created_at, created_by FROM records WHERE resident_id = $1
     UNION ALL SELECT type, id, data, deleted_at, created_at, created_by FROM records
       WHERE type = 'round_visit' AND data ->> 'residentId' = $1 AND (resident_id IS NULL OR resident_id <> $1)
     ORDER BY type, created_at, id`,
    [residentId],
  )).rows;
  const self = rows.find((r) => r.type === 'resident' && r.id === residentId);
  if (!self) return null;
  const photos = (await db.query<{ sha256: string; mime_type: string; size: number; created_at: Date; bytes: Uint8Array }>(
    'SELECT sha256, mime_type, size, created_at, bytes FROM attachments WHERE resident_id = $1 ORDER BY created_at, sha256',
    [residentId],
  )).rows;
  const record = (r: Row) => ({ type: r.type, id: r.id, deleted: r.deleted_at !== null, createdAt: r.created_at, createdBy: r.created_by, data: r.data });
  return {
    format: SUBJECT_EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date(now).toISOString(),
    residentId,
    records: [record(self), ...rows.filter((r) => r !== self).map(record)],
    attachments: photos.map((p) => ({
      sha256: p.sha256,
      mimeType: p.mime_type,
      size: Number(p.size),
      createdAt: new Date(p.created_at).toISOString(),
      base64: Buffer.from(p.bytes).toString('base64'),
    })),
  };
}
