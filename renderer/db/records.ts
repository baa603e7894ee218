/**
 * Local record shapes for issue 5 that are not plain shared types: the alert acknowledgement envelope and
 * the visit draft (a local-only row, never synced).
 */
import type { AlertAckData } from '../../shared/alerts';
import type { Envelope } from '../../shared/envelope';
import type { VisitFormValues } from '../../shared/visit';

export interface AlertAck extends Envelope, AlertAckData {}

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
