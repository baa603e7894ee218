/**
 * Turns an admin API failure into what the form shows: the field it concerns (or none) and a message code
 * the catalog has as 'v.' + code, so the user reads it in her language with the field's label in front.
 *
 * The server names the field in its message (`body field <name>: <reason>`, server/validation.ts and
 * server/users.ts) and the reason in words or a policy code (too_short, too_common, ...); those are what is
 * matched here. Anything unrecognised still names the field, with a generic "the server refused this value".
 */
import { SyncFailure } from '../../sync/http';

export const ADMIN_FIELDS = ['username', 'displayName', 'role', 'status', 'password', 'communities'] as const;
export type AdminField = (typeof ADMIN_FIELDS)[number];

export const ADMIN_SERVER_CODES = [
  'admin.username.taken',
  'admin.username.format',
  'admin.password.tooShort',
  'admin.password.tooLong',
  'admin.password.tooCommon',
  'admin.password.sameAsUsername',
  'admin.communities.unknown',
  'admin.communities.invalid',
  'admin.lastAdmin',
  'admin.fieldInvalid',
  'admin.offline',
  'admin.signedOut',
  'admin.deviceRevoked',
  'admin.forbidden',
  'admin.notFound',
  'admin.rateLimited',
  'admin.exportLimited',
  'admin.server',
] as const;
export type AdminServerCode = (typeof ADMIN_SERVER_CODES)[number];

export interface AdminErrorView {
  /** The form field the problem is about; null = the whole request (shown above the form). */
  field: AdminField | null;
  code: AdminServerCode;
}

function isAdminField(s: string): s is AdminField {
  return (ADMIN_FIELDS as readonly string[]).includes(s);
}

function fieldProblem(field: AdminField, reason: string): AdminServerCode {
  const r = reason.toLowerCase();
  switch (field) {
    case 'username':
      return r.includes('taken') ? 'admin.username.taken' : 'admin.username.format';
    case 'password':
      if (r.includes('too_short') || r.includes('too small')) return 'admin.password.tooShort';
      if (r.includes('too_long') || r.includes('too big')) return 'admin.password.tooLong';
      if (r.includes('too_common')) return 'admin.password.tooCommon';
      if (r.includes('same_as_username')) return 'admin.password.sameAsUsername';
      return 'admin.fieldInvalid';
    case 'communities':
      return r.includes('unknown') ? 'admin.communities.unknown' : 'admin.communities.invalid';
    case 'role':
    case 'status':
      return r.includes('last active administrator') ? 'admin.lastAdmin' : 'admin.fieldInvalid';
    case 'displayName':
      return 'admin.fieldInvalid';
  }
}

export function describeAdminFailure(err: unknown): AdminErrorView {
  if (!(err instanceof SyncFailure)) return { field: null, code: 'admin.server' };
  switch (err.code) {
    case 'invalid_argument': {
      // `body field communities.2: ...` names an array item: the field is the list.
      const m = /^body field ([A-Za-z]+)(?:\.[^:]*)?: (.*)$/s.exec(err.message);
      const name = m?.[1];
      if (m && name !== undefined && isAdminField(name)) {
        const code = fieldProblem(name, m[2] ?? '');
        // The last-admin rule is about role and status together; the role field is where it is shown.
        return { field: code === 'admin.lastAdmin' ? 'role' : name, code };
      }
      return { field: null, code: 'admin.server' };
    }
    case 'network':
      return { field: null, code: 'admin.offline' };
    case 'signed_out':
    case 'invalid_credentials':
    case 'auth_expired':
      return { field: null, code: 'admin.signedOut' };
    case 'device_revoked':
      return { field: null, code: 'admin.deviceRevoked' };
    case 'forbidden':
    case 'scope_denied':
      return { field: null, code: 'admin.forbidden' };
    case 'not_found':
      return { field: null, code: 'admin.notFound' };
    case 'rate_limited':
      return { field: null, code: 'admin.rateLimited' };
    case 'export_limited':
      return { field: null, code: 'admin.exportLimited' };
    default:
      return { field: null, code: 'admin.server' };
  }
}

/** The username a "taken" message is about, for the message's {username}; '' when it cannot be read. */
export function takenUsername(err: unknown): string {
  if (!(err instanceof SyncFailure)) return '';
  return /^body field username: (\S+) is taken/.exec(err.message)?.[1] ?? '';
}
