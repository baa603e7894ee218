/**
 * Local record shapes that are not plain shared types: the alert acknowledgement envelope and
 * the visit draft (a local-only row, never synced).
 */
import type { AlertAckData } from '../../shared/alerts';
import type { ConsentData } from '../../shared/consent';
import type { Envelope } from '../../shared/envelope';
import type { VisitFormValues } from '../../shared/visitForm';

export interface AlertAck extends Envelope, AlertAckData {}

/** A PDPA consent as stored (shared/consent.ts). */
export interface ConsentRecord extends Envelope, ConsentData {}

export interface VisitDraft {
  /** `<residentId>|<userId>`: one draft per resident and caregiver. */
  key: string;
  residentId: string;
  userId: string;
  /** Everything typed so far, exactly as typed (strings), so nothing is lost even when invalid. */
  values: VisitFormValues;
  /** ISO instant of the first and the latest autosave. */
  startedAt: string;
  savedAt: string;
}

export function visitDraftKey(residentId: string, userId: string): string {
  return `${residentId}|${userId}`;
}

/** Photo bytes, named by their SHA-256 (lower-case hex). Local copy of an uploaded or downloaded blob. */
export interface AttachmentRow {
  sha256: string;
  residentId: string;
  mimeType: string;
  bytes: ArrayBuffer;
  storedAt: string;
}

/** A photo the server does not have yet. Removed once a PUT succeeded. */
export interface AttachmentUpload {
  sha256: string;
  residentId: string;
  mimeType: string;
  queuedAt: string;
}
