/**
 * Who may act on a person's PDPA rights (docs/domain.md §8): exports and erasure requests are for care
 * managers and administrators (who see every community); carrying out an erasure is for an administrator,
 * the municipal officer who approves it. Derived from the one authorisation function (permissions.ts).
 */
import { canAdmin, canSeeReports, type RoleHolder } from '../permissions';

/** Exports one person's data (JSON and the printable summary). */
export function canExportPersonalData(user: RoleHolder): boolean {
  return canSeeReports(user);
}

/** Records a person's erasure request. */
export function canRecordErasure(user: RoleHolder): boolean {
  return canSeeReports(user);
}

/** Approves an erasure request, which erases the person everywhere. */
export function canApproveErasure(user: RoleHolder): boolean {
  return canAdmin(user);
}
