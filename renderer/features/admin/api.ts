/**
 * Typed calls to the server's admin API (/admin/*, docs/sync-protocol.md), made with the signed-in session's
 * access token through the same HttpClient the sync client uses (renderer/sync/http.ts): bearer token from
 * the TokenProvider (SyncAuth), one refresh and resend after 401 `auth_expired`, a timeout, failures as
 * SyncFailure with the protocol's stable code.
 *
 * Invariants:
 * - Every failure is a SyncFailure: 'network' when there was no answer (offline, timeout, cut connection),
 *   'signed_out' when no token can be had, else the server's ErrorBody code (or 'protocol' for garbage).
 * - Every answer is validated with the shared protocol schema before it is returned.
 * - Passwords travel only in request bodies and are never kept here or put in an error.
 */
import type * as z from 'zod/mini';
import {
  AdminDeviceAnswer,
  AdminDeviceList,
  AdminUserAnswer,
  AdminUserList,
  CommunityInfoList,
  ENDPOINTS,
  type AdminDevice,
  type AdminUser,
  type AdminCreateUserRequest,
  AdminResetPasswordAnswer,
  type AdminResetPasswordRequest,
  type AdminUpdateUserRequest,
  type CommunityInfo,
} from '../../../shared/sync/protocol';
import { AuditPage } from '../../../shared/sync/audit';
import { HttpClient, SyncFailure, type FetchLike, type TokenProvider } from '../../sync/http';

export type { AdminDevice, AdminUser, CommunityInfo };

export interface AdminApiOptions {
  baseUrl: string;
  tokens: TokenProvider;
  fetch?: FetchLike;
  timeoutMs?: number;
}


function withId(path: string, id: string): string {
  return path.replace(':id', encodeURIComponent(id));
}

export class AdminApi {
  private readonly http: HttpClient;

  constructor(o: AdminApiOptions) {
    this.http = new HttpClient({ baseUrl: o.baseUrl, tokens: o.tokens, timeoutMs: o.timeoutMs ?? 30_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
  }

  /** One bearer JSON request; null for an empty answer. */
  request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    return this.http.json(method, path, body);
  }

  async listUsers(): Promise<AdminUser[]> {
    return this.parse(AdminUserList, await this.request('GET', ENDPOINTS.adminListUsers.path), 'users').users;
  }

  async createUser(body: AdminCreateUserRequest): Promise<AdminUser> {
    return this.parse(AdminUserAnswer, await this.request('POST', ENDPOINTS.adminCreateUser.path, body), 'create user').user;
  }

  async updateUser(id: string, patch: AdminUpdateUserRequest): Promise<AdminUser> {
    return this.parse(AdminUserAnswer, await this.request('PATCH', withId(ENDPOINTS.adminUpdateUser.path, id), patch), 'update user').user;
  }

  /** Sets the password and ends the user's sessions; answers how many devices were signed out. */
  async resetPassword(id: string, body: AdminResetPasswordRequest): Promise<number> {
    return this.parse(AdminResetPasswordAnswer, await this.request('POST', withId(ENDPOINTS.adminResetPassword.path, id), body), 'reset password').endedSessions;
  }

  async listDevices(): Promise<AdminDevice[]> {
    return this.parse(AdminDeviceList, await this.request('GET', ENDPOINTS.adminListDevices.path), 'devices').devices;
  }

  /** `wipe`: also order the device's local data erased (docs/sync-protocol.md §4, "Wipe order"). */
  async revokeDevice(id: string, wipe = false): Promise<AdminDevice> {
    return this.parse(AdminDeviceAnswer, await this.request('POST', withId(ENDPOINTS.adminRevokeDevice.path, id), wipe ? { wipe: true } : {}), 'revoke').device;
  }

  async listCommunities(): Promise<CommunityInfo[]> {
    return this.parse(CommunityInfoList, await this.request('GET', ENDPOINTS.adminListCommunities.path), 'communities').communities;
  }

  /** One page of the audit log (GET /admin/audit), `query` already checked by auditFilterQuery. */
  async listAudit(query: Readonly<Record<string, string>>): Promise<AuditPage> {
    return this.parse(AuditPage, await this.request('GET', `${ENDPOINTS.adminAudit.path}?${new URLSearchParams(query).toString()}`), 'audit');
  }

  /** The filtered audit log as CSV bytes (GET /admin/audit/export); the server audits the export. */
  async exportAudit(query: Readonly<Record<string, string>>): Promise<Uint8Array<ArrayBuffer>> {
    const answer = await this.http.binary('GET', `${ENDPOINTS.adminAuditExport.path}?${new URLSearchParams(query).toString()}`);
    return new Uint8Array(answer.bytes);
  }

  private parse<S extends z.ZodMiniType>(schema: S, json: unknown, what: string): z.output<S> {
    const r = schema.safeParse(json);
    if (!r.success) throw new SyncFailure('protocol', `${what}: malformed answer`, 200);
    return r.data;
  }
}
