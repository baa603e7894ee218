/**
 * The admin screen's forms (add a user, change a user, reset a password) as zod schemas whose error messages
 * are codes (the renderer shows them as 'v.<code>' in the user's language), and whose output is the protocol's
 * request body. Pure TS, no DOM.
 *
 * Invariants:
 * - Every output parses with the matching protocol schema (AdminCreateUserRequest, AdminUpdateUserRequest,
 *   AdminResetPasswordRequest): the form never sends what the server's own validation would refuse for shape.
 * - Passwords count Unicode code points for the minimum (as the server's policy does) and UTF-16 units for
 *   the maximum (as the protocol's zod string does), so both sides agree on both limits. Passwords are never
 *   trimmed: a space is a character.
 * - Every field's problem is reported in one round: whole-form rules run even when a field failed (`when`).
 */
import * as z from 'zod/mini';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  Username,
  type AdminCreateUserRequest,
  type AdminResetPasswordRequest,
  type AdminUpdateUserRequest,
} from './sync/protocol';
import { isRole, ROLES, USER_STATUSES, type Role, type UserStatus } from './permissions';
import { COMMUNITY_ID_RE, scopedToCommunities } from './sync/scope';
import { cleanText } from './text/normalise';

export { PASSWORD_MAX, PASSWORD_MIN };
export const DISPLAY_NAME_MAX = 100;

/** Message codes of these schemas (the renderer's catalog has 'v.' + each). */
export const ADMIN_FORM_CODES = [
  'required',
  'tooLong',
  'invalidChoice',
  'admin.username.format',
  'admin.password.tooShort',
  'admin.password.tooLong',
  'admin.password.sameAsUsername',
  'admin.communities.required',
  'admin.communities.invalid',
] as const;
export type AdminFormCode = (typeof ADMIN_FORM_CODES)[number];

/** What the add-user form holds while typing. */
export interface CreateUserFormValues {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  communities: string[];
}

/** What the change-user form holds. */
export interface UpdateUserFormValues {
  displayName: string;
  role: Role;
  status: UserStatus;
  communities: string[];
}

export interface ResetPasswordFormValues {
  password: string;
}

/** Usernames are stored lower-case; the form accepts capitals and spaces around and cleans them. */
export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase();
}

export function codePointLength(s: string): number {
  return [...s].length;
}

const username = z.pipe(z.string(), z.transform(normaliseUsername)).check(z.superRefine((v, ctx) => {
  if (v === '') ctx.addIssue({ code: 'custom', message: 'required' satisfies AdminFormCode });
  else if (!Username.safeParse(v).success) ctx.addIssue({ code: 'custom', message: 'admin.username.format' satisfies AdminFormCode });
}));

const displayName = z.pipe(z.pipe(z.string(), z.transform(cleanText)), z.string().check(
  z.minLength(1, { message: 'required' satisfies AdminFormCode }),
  z.maxLength(DISPLAY_NAME_MAX, { message: 'tooLong' satisfies AdminFormCode }),
));

function passwordLengthOk(v: string): boolean {
  return codePointLength(v) >= PASSWORD_MIN && v.length <= PASSWORD_MAX;
}

const password = z.string().check(z.superRefine((v, ctx) => {
  if (codePointLength(v) < PASSWORD_MIN) ctx.addIssue({ code: 'custom', message: 'admin.password.tooShort' satisfies AdminFormCode });
  else if (v.length > PASSWORD_MAX) ctx.addIssue({ code: 'custom', message: 'admin.password.tooLong' satisfies AdminFormCode });
}));

/** Only a password of valid length is compared, so a field shows one problem at a time. */
function sameAsUsername(pw: unknown, user: unknown): boolean {
  return typeof pw === 'string' && typeof user === 'string' && passwordLengthOk(pw) && pw.toLowerCase() === normaliseUsername(user);
}

const role = z.enum(ROLES, { message: 'invalidChoice' satisfies AdminFormCode });
const status = z.enum(USER_STATUSES, { message: 'invalidChoice' satisfies AdminFormCode });
const communities = z.array(z.string().check(z.regex(COMMUNITY_ID_RE, { message: 'admin.communities.invalid' satisfies AdminFormCode })), { message: 'admin.communities.invalid' satisfies AdminFormCode }).check(z.maxLength(500, { message: 'admin.communities.invalid' satisfies AdminFormCode }));

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Caregivers see only their communities, so a caregiver without one would see nobody: refused. */
function requireCommunities(v: { role?: unknown; communities?: unknown }, ctx: z.core.$RefinementCtx): void {
  if (isRole(v.role) && scopedToCommunities(v.role) && (!Array.isArray(v.communities) || v.communities.length === 0)) {
    ctx.addIssue({ code: 'custom', message: 'admin.communities.required' satisfies AdminFormCode, path: ['communities'] });
  }
}

export function createUserFormSchema() {
  return z.pipe(z.object({ username, displayName, role, password, communities }).check(z.superRefine((v, ctx) => {
    requireCommunities(v, ctx);
    // The server refuses a password equal to the username (server/auth/passwords.ts); say so before sending.
    if (sameAsUsername(v.password, v.username)) {
      ctx.addIssue({ code: 'custom', message: 'admin.password.sameAsUsername' satisfies AdminFormCode, path: ['password'] });
    }
  }, { when: () => true })), z.transform((v): AdminCreateUserRequest => ({
    username: v.username,
    displayName: v.displayName,
    role: v.role,
    password: v.password,
    // Care managers and admins see every community; their list is kept empty rather than misleading.
    communities: scopedToCommunities(v.role) ? unique(v.communities) : [],
  })));
}

/**
 * The change-user form sends every field it shows. A non-caregiver's communities are not sent, so making a
 * caregiver a care manager and back keeps her assignments.
 */
export function updateUserFormSchema() {
  return z.pipe(z.object({ displayName, role, status, communities }).check(z.superRefine((v, ctx) => requireCommunities(v, ctx), { when: () => true })), z.transform((v): AdminUpdateUserRequest => {
    const out: AdminUpdateUserRequest = { displayName: v.displayName, role: v.role, status: v.status };
    if (scopedToCommunities(v.role)) out.communities = unique(v.communities);
    return out;
  }));
}

/** `username`: the account's, so a reset to the username itself is refused here as the server would. */
export function resetPasswordFormSchema(username?: string) {
  return z.pipe(z.object({ password }).check(z.superRefine((v, ctx) => {
    if (username !== undefined && sameAsUsername(v.password, username)) {
      ctx.addIssue({ code: 'custom', message: 'admin.password.sameAsUsername' satisfies AdminFormCode, path: ['password'] });
    }
  }, { when: () => true })), z.transform((v): AdminResetPasswordRequest => ({ password: v.password })));
}
