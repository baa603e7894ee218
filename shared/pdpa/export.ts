/**
 * One person's data as the server exports it (PDPA s.30–31, docs/domain.md §8): every synced record that
 * belongs to the resident, photos included, in a documented JSON shape the renderer parses before it shows
 * or prints it.
 */
import * as z from 'zod/mini';
import { Uuid } from '../sync/protocol';

export const SUBJECT_EXPORT_FORMAT = 'carerounds.subject-export';

export const exportedRecordSchema = z.object({
  type: z.string(),
  id: Uuid,
  deleted: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type ExportedRecord = z.infer<typeof exportedRecordSchema>;

export const exportedAttachmentSchema = z.object({
  sha256: z.string(),
  mimeType: z.string(),
  size: z.number(),
  createdAt: z.string(),
  base64: z.string(),
});

export const subjectExportSchema = z.object({
  format: z.literal(SUBJECT_EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  residentId: Uuid,
  /** The resident first, then the attached records by type and creation. */
  records: z.array(exportedRecordSchema),
  attachments: z.array(exportedAttachmentSchema),
});
export type SubjectExport = z.infer<typeof subjectExportSchema>;
