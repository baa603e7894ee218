/**
 * Errors the local store throws for a caller to act on. `code` is stable (the UI translates it); `details`
 * carries what the message needs, e.g. the id of the resident that already has this national ID.
 */
import type { PatchCheck, PlanErrorCode } from '../../shared/carePlan';

export type StoreErrorCode =
  | 'record.notFound'
  | 'record.deleted'
  | 'record.immutable'
  | 'record.invalidField'
  | 'resident.duplicateId'
  | 'assessment.reasonRequired'
  | 'visit.reasonRequired'
  | PlanErrorCode
  | PatchCheckCode
  | 'db.upgradeFailed';

type PatchCheckCode = Extract<PatchCheck, { ok: false }>['code'];

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: StoreErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? code);
    this.name = 'StoreError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
