/**
 * The audit entry of one judged push mutation (docs/security.md §5): `record.write` with the record's type and
 * id, the op and mid, the outcome and a refusal's code; never the fields. Duplicates and withdrawals wrote
 * nothing and get none.
 */
import type { Mutation, MutationResult } from '../../shared/sync/protocol';
import type { AuditEntry } from '../audit';
import type { AuthContext } from '../auth/guard';

export function recordWriteEntry(auth: AuthContext, m: Mutation, result: MutationResult, requestId: string | null): AuditEntry | null {
  if (result.status === 'duplicate' || (result.status === 'rejected' && result.code === 'withdrawn')) return null;
  return {
    userId: auth.user.id,
    deviceId: auth.deviceId,
    action: 'record.write',
    recordType: m.type,
    recordId: m.id,
    outcome: result.status === 'rejected' ? 'failure' : 'success',
    requestId,
    detail: {
      op: m.op,
      mid: m.mid,
      ...(result.status === 'rejected' ? { code: result.code } : {}),
      ...('conflictIds' in result && result.conflictIds !== undefined ? { conflicts: result.conflictIds } : {}),
    },
  };
}
